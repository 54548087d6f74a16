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
import { TemplateSet, textOf } from "../src/local/docxTemplate";
import type { DocumentType } from "../src/documents/builders";
import type { DocumentModel } from "../src/documents/model";
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

/**
 * Filling the templates for every document, in memory in this thread (each template compiled
 * once), against a floor: the same document.xml texts joined from pre-split strings and
 * zipped the same way (node:zlib at ZIP_LEVEL, the untemplated parts compressed once).
 * Target: ≤ 3 × the floor.
 */
function templateFloorRows(models: DocumentModel[]): BenchRow[] {
  const set = new TemplateSet();
  const jobs = models
    .filter((m) => m.template)
    .map((m) => ({ t: set.get(m.template!.template as DocumentType), data: m.template!.data }));
  // The floor's input, prepared outside its timer: each document's text cut at every run.
  const split = jobs.map((j) =>
    textOf(j.t.renderParts(j.data).get("word/document.xml")!).split("</w:t>"),
  );
  // Interleaved, document by document, so that both see the same load on a shared machine
  // (run one after the other, a change of load between them moved the ratio by ±1).
  let bytes = 0;
  let floorBytes = 0;
  let filled = 0;
  let floor = 0;
  jobs.forEach((j, i) => {
    const t0 = performance.now();
    bytes += j.t.fill(j.data).length;
    const t1 = performance.now();
    const xml = new Map([["word/document.xml", split[i].join("</w:t>")]]);
    floorBytes += j.t.zipWith(xml).length;
    const t2 = performance.now();
    filled += t1 - t0;
    floor += t2 - t1;
  });
  const ratio = filled / floor;
  return [
    {
      name: "docs: fill .docx templates (in memory)",
      rows: jobs.length,
      ms: filled,
      note: `${(bytes / 1024 / 1024).toFixed(1)} MB; ${ratio.toFixed(1)} × the floor (target ≤ 3 ×): ${ratio <= 3 ? "within target" : "OVER TARGET"}`,
      readme: {
        item: "填写 .docx 模板 / 下限（同样的 document.xml 文本代入预先切分的字符串，node:zlib 同级压缩）",
        scale: `300 个单位，${jobs.length.toLocaleString("en")} 份`,
        ratio,
        targetRatio: 3,
      },
    },
    {
      name: "docs: floor (pre-split strings + node:zlib)",
      rows: jobs.length,
      ms: floor,
      note: `${(floorBytes / 1024 / 1024).toFixed(1)} MB, same texts and level`,
    },
  ];
}

/** The record of a county of UNITS units as the spreadsheet holds it, computed. */
function countyWorkbook(): { workbook: SheetsWorkbook; date: ReturnType<typeof dayFromYmd> } {
  // The Workbook port over in-memory sheets, so the figures are the documents' own; reading
  // and writing .xlsx is measured by the compute case.
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
  return { workbook, date };
}

/**
 * `npm run bench -- --only docs`: filling the templates for the county's documents against
 * the floor (templateFloorRows), the models built first and outside the timers.
 */
export function templateFloorBench(): BenchRow[] {
  const { workbook, date } = countyWorkbook();
  const models: DocumentModel[] = [];
  publishDocuments(
    workbook,
    {
      write: (doc, fileName) => {
        models.push(doc);
        return fileName;
      },
    },
    { date, now: new Date() },
  );
  return templateFloorRows(models);
}

export async function docsBench(): Promise<BenchRow[]> {
  let peak = process.memoryUsage().rss;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 50);
  const dir = await mkdtemp(path.join(tmpdir(), "cadre-bench-docs-"));
  try {
    const { workbook, date } = countyWorkbook();
    sample();

    const cpu0 = process.cpuUsage();
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
    const cpu = process.cpuUsage(cpu0);
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
        cpuMs: (cpu.user + cpu.system) / 1000,
        note: `peak RSS; target < 30 s and < 1 GB: ${verdict}`,
        readme: {
          item: "全部公文（记录在内存中，不含 .xlsx 读写）",
          scale: `${UNITS} 个单位，${n.toLocaleString("en")} 份`,
          targetMs: 30_000,
          targetMb: 1024,
        },
      },
    ];
  } finally {
    clearInterval(timer);
    await rm(dir, { recursive: true, force: true });
  }
}
