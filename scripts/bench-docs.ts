/**
 * Documents for a county of 300 units and 20,000 staff: build, number and register every
 * filing and notice (publishDocuments), then render every .docx (DocxSink.flush) into a
 * temporary folder. Prints time and peak memory (process RSS, sampled every 50 ms and at each
 * phase). Target: under 30 s and under 1 GB.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { BenchRow } from "./bench";
import { generateCounty } from "../src/sample/sample";
import { DocxSink } from "../src/local/docx";
import { SheetsWorkbook } from "../src/gas/sheets";
import {
  createFakeSpreadsheet,
  createFakeSpreadsheetApp,
  asSpreadsheet,
  asSpreadsheetApp,
} from "../test/fakes/spreadsheetApp";
import { sampleAsGrids } from "../src/sample/sample";
import { computeWorkbook } from "../src/workflows/compute";
import { publishDocuments } from "../src/workflows/publish";
import { dayFromYmd } from "../src/rules/dates";

const UNITS = 300;
const STAFF = 20_000;
const MB = 1024 * 1024;

export async function docsBench(): Promise<BenchRow[]> {
  let peak = process.memoryUsage().rss;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 50);
  const dir = await mkdtemp(path.join(tmpdir(), "cadre-bench-docs-"));
  try {
    // The record as the spreadsheet holds it (the Workbook port over in-memory sheets), so the
    // figures are the documents' own; reading and writing .xlsx is measured by the compute case.
    const ss = createFakeSpreadsheet();
    for (const [name, grid] of sampleAsGrids(
      generateCounty({ units: UNITS, staff: STAFF, leaveRecords: 30_000, seed: 7 }),
    )) {
      ss.addSheetWithRows(name, grid);
    }
    const workbook = new SheetsWorkbook(
      asSpreadsheet(ss),
      asSpreadsheetApp(createFakeSpreadsheetApp(ss)),
    );
    const date = dayFromYmd(2026, 11, 26);
    computeWorkbook(workbook, date);
    sample();

    const t0 = performance.now();
    const sink = new DocxSink(dir);
    const result = publishDocuments(workbook, sink, { date, now: new Date() });
    const built = performance.now() - t0;
    sample();
    const t1 = performance.now();
    await sink.flush();
    const rendered = performance.now() - t1;
    sample();
    const total = built + rendered;
    const peakMb = peak / MB;
    const n = result.documents.length;
    const verdict = total < 30_000 && peakMb < 1024 ? "within target" : "OVER TARGET";
    return [
      {
        name: "docs: build + number + register",
        rows: n,
        ms: built,
        note: `${UNITS} units, ${STAFF.toLocaleString("en")} staff`,
      },
      { name: "docs: render .docx (DocxSink.flush)", rows: n, ms: rendered },
      {
        name: "docs: all documents",
        rows: n,
        ms: total,
        peakMb,
        note: `peak RSS; target < 30 s and < 1 GB: ${verdict}`,
      },
    ];
  } finally {
    clearInterval(timer);
    await rm(dir, { recursive: true, force: true });
  }
}
