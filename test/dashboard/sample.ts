/** The embedded sample, computed as of its own day, with its document list (shared by the dashboard tests). */
import { buildSample, SAMPLE_TODAY } from "../../src/sample/sample";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { documentEntries, publishDocuments } from "../../src/workflows/publish";
import type { DocumentEntry } from "../../src/workflows/dashboard";
import type { DocumentSink } from "../../src/workflows/ports";
import { type Day, dayFromYmd, instantFromDay } from "../../src/rules/dates";
import type { Grid } from "../../src/records/cells";

export interface SampleFixture {
  workbook: XlsxWorkbook;
  today: Day;
  documents: DocumentEntry[];
  grid(sheet: string): Grid;
}

let cached: SampleFixture | null = null;

export function sampleFixture(): SampleFixture {
  if (cached) return cached;
  const [y, m, d] = SAMPLE_TODAY.split("-").map(Number);
  const today = dayFromYmd(y, m, d);
  const workbook = XlsxWorkbook.create();
  loadRows(workbook, buildSample());
  computeWorkbook(workbook, today);
  const sink: DocumentSink = { write: (_doc, fileName) => fileName };
  const published = publishDocuments(workbook, sink, { date: today, now: instantFromDay(today) });
  const documents = documentEntries(published);
  cached = {
    workbook,
    today,
    documents,
    grid: (sheet) => workbook.readSheet(sheet) ?? [],
  };
  return cached;
}
