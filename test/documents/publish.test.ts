/**
 * The publish workflow and its two front ends: the register (one row per type, year and unit,
 * 文号 kept), the `docs` command on a real .xlsx and real .docx files, and the 生成文档 core on
 * the fake DocumentApp (calls per document independent of the number of table rows).
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { publishDocuments, registerKey } from "../../src/workflows/publish";
import type { DocumentSink } from "../../src/workflows/ports";
import type { DocumentModel } from "../../src/documents/model";
import { buildSample } from "../../src/sample/sample";
import { dayFromInstant, dayFromYmd, instantFromDay, isoFromDay } from "../../src/rules/dates";
import type { Grid } from "../../src/records/cells";
import { docsCommand, type DocumentEntry } from "../../src/local/commands/docs";
import { memoryIO } from "../../src/local/io";
import { memoryStore } from "../../src/local/commands/remind";
import { TemplateDocsSink } from "../../src/gas/templateSink";
import {
  DOCS_BATCH_KEY,
  continueDocuments,
  generateDocuments,
  parseYearAnswer,
} from "../../src/gas/publish";
import { CONTINUE_DOCS_HANDLER, DocsContinuation } from "../../src/gas/triggers";
import { createFakeScriptApp } from "../fakes/scriptApp";
import { buildLeaveUseFiling, readDocumentRecord } from "../../src/documents/builders";
import { FakeGoogle } from "../fakes/googleDocs";

const TODAY = dayFromYmd(2026, 11, 26);

function sampleWorkbook(): XlsxWorkbook {
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  computeWorkbook(wb, TODAY);
  return wb;
}

class MemorySink implements DocumentSink {
  readonly written: { doc: DocumentModel; fileName: string; replaces: string | null }[] = [];
  write(doc: DocumentModel, fileName: string, replaces: string | null): string {
    this.written.push({ doc, fileName, replaces });
    return `mem/${fileName}`;
  }
}

/** Register rows as records by header. */
function register(wb: XlsxWorkbook): Record<string, unknown>[] {
  const grid = wb.readSheet("文档") as Grid;
  const header = grid[0].map(String);
  return grid.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe("publishDocuments and the 文档 register", () => {
  it("registers every document once and keeps 文号 and rows when run again", () => {
    const wb = sampleWorkbook();
    const sink = new MemorySink();
    // Calls to the register through the port (the adapter's append writes a range inside).
    const calls = { write: 0, append: 0 };
    let appending = false;
    const writeRange = wb.writeRange.bind(wb);
    const appendRows = wb.appendRows.bind(wb);
    wb.writeRange = (s, r, c, v) => {
      if (s === "文档" && !appending) calls.write++;
      writeRange(s, r, c, v);
    };
    wb.appendRows = (s, rows) => {
      if (s === "文档") calls.append++;
      appending = true;
      appendRows(s, rows);
      appending = false;
    };

    const first = publishDocuments(wb, sink, {
      date: TODAY,
      now: new Date("2026-11-26T09:00:00+08:00"),
    });
    expect(first.documents.length).toBeGreaterThan(40);
    expect(first.documents.every((d) => !d.replaced)).toBe(true);
    expect(calls).toEqual({ write: 0, append: 1 });
    const rows1 = register(wb);
    expect(rows1).toHaveLength(first.documents.length);
    const keys = new Set(
      rows1.map((r) =>
        registerKey(
          String(r.类型),
          Number(r.年度),
          r.单位 === "全县" ? null : String(r.单位),
          r.单位 === "全县" ? isoFromDay(dayFromInstant(r.成文日期 as Date)) : null,
        ),
      ),
    );
    expect(keys.size).toBe(rows1.length);

    // Notices are numbered in sequence within the year of the 成文日期; forms carry no number.
    const notices = first.documents.filter((d) => d.unit === null);
    expect(notices.map((d) => d.type)).toEqual(["通报表扬", "通报批评"]);
    expect(notices.map((d) => d.number)).toEqual(["魏组〔2026〕1号", "魏组〔2026〕2号"]);
    expect(first.documents.filter((d) => d.unit !== null).every((d) => d.number === null)).toBe(
      true,
    );

    const second = publishDocuments(wb, sink, {
      date: TODAY,
      now: new Date("2026-11-27T09:00:00+08:00"),
    });
    expect(second.documents).toHaveLength(first.documents.length);
    expect(second.documents.every((d) => d.replaced)).toBe(true);
    expect(second.documents.map((d) => d.number)).toEqual(first.documents.map((d) => d.number));
    expect(calls).toEqual({ write: 1, append: 1 });
    const rows2 = register(wb);
    expect(rows2).toHaveLength(rows1.length);
    expect(rows2.map((r) => r.文号)).toEqual(rows1.map((r) => r.文号));
    // The sink was told which earlier file each document replaces.
    const again = sink.written.slice(first.documents.length);
    expect(again.every((w) => w.replaces === `mem/${w.fileName}`)).toBe(true);
  });

  it("continues the numbering after 文号 already in the register and keeps a typed 文号", () => {
    const wb = sampleWorkbook();
    const issued = instantFromDay(TODAY);
    wb.appendRows("文档", [
      [new Date(), "通报批评", 2026, "全县", "旧通报", "魏组〔2026〕7号", "mem/old.docx", issued],
      [new Date(), "其他发文", 2026, "全县", "其他", "魏组〔2026〕9号", ""],
    ]);
    const sink = new MemorySink();
    const result = publishDocuments(wb, sink, { date: TODAY, now: new Date() });
    const byType = new Map(result.documents.filter((d) => d.unit === null).map((d) => [d.type, d]));
    // The 通报批评 of the same 成文日期 is the same issuance: replaced, its 文号 kept.
    expect(byType.get("通报批评")!.number).toBe("魏组〔2026〕7号");
    expect(byType.get("通报批评")!.replaced).toBe(true);
    expect(byType.get("通报表扬")!.number).toBe("魏组〔2026〕10号");
    expect(sink.written.find((w) => w.doc.title.includes("通报批评"))!.replaces).toBe(
      "mem/old.docx",
    );
    expect(register(wb).filter((r) => r.类型 === "通报批评")).toHaveLength(1);
  });

  it("issues a 通报批评 per 成文日期: a new date is a new document with the next 文号", () => {
    const wb = sampleWorkbook();
    const sink = new MemorySink();
    const types = ["通报批评"] as const;
    const first = publishDocuments(wb, sink, { date: TODAY, now: new Date(), types });
    const later = TODAY + 19;
    const second = publishDocuments(wb, sink, { date: later, now: new Date(), types });
    const again = publishDocuments(wb, sink, { date: later, now: new Date(), types });
    expect(first.documents.map((d) => d.number)).toEqual(["魏组〔2026〕1号"]);
    expect(second.documents.map((d) => [d.number, d.replaced])).toEqual([
      ["魏组〔2026〕2号", false],
    ]);
    expect(again.documents.map((d) => [d.number, d.replaced])).toEqual([["魏组〔2026〕2号", true]]);
    // Two issuances, two files, two register rows; the first one is still there.
    expect(first.documents[0].link).not.toBe(second.documents[0].link);
    expect(again.documents[0].link).toBe(second.documents[0].link);
    const rows = register(wb).filter((r) => r.类型 === "通报批评");
    expect(rows.map((r) => r.文号)).toEqual(["魏组〔2026〕1号", "魏组〔2026〕2号"]);
    expect(rows.map((r) => isoFromDay(dayFromInstant(r.成文日期 as Date)))).toEqual([
      isoFromDay(TODAY),
      isoFromDay(later),
    ]);
  });

  it("builds every document for one year when asked", () => {
    const wb = sampleWorkbook();
    const result = publishDocuments(wb, new MemorySink(), {
      date: TODAY,
      now: new Date(),
      year: 2025,
    });
    const years = new Set(result.documents.filter((d) => d.type !== "通报批评").map((d) => d.year));
    expect([...years]).toEqual([2025]);
  });
});

describe("cadre-care docs", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cadre-docs-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the .docx files, documents.json and the register, and replaces on a second run", async () => {
    const file = path.join(dir, "台账.xlsx");
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    await wb.save(file);
    const out = path.join(dir, "docs");
    const io = memoryIO(new Date("2027-04-15T10:00:00+08:00"));

    const code = await docsCommand(file, { out, date: "2027-04-15" }, io);
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    const entries = JSON.parse(
      await readFile(path.join(out, "documents.json"), "utf8"),
    ) as DocumentEntry[];
    expect(entries.length).toBeGreaterThan(30);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual([
        "date",
        "file",
        "number",
        "title",
        "type",
        "unit",
        "year",
      ]);
      expect(existsSync(path.join(out, e.file))).toBe(true);
    }
    const files = (await readdir(out)).filter((f) => f.endsWith(".docx"));
    expect(files).toHaveLength(entries.length);
    const criticism = entries.find((e) => e.type === "通报批评")!;
    expect(criticism).toMatchObject({ unit: null, year: 2027, number: "魏组〔2027〕1号" });
    // In the sample some 2026 extra leave pay was not paid by 31 March 2027: no unit is praised.
    expect(entries.some((e) => e.type === "通报表扬")).toBe(false);
    expect(io.lines).toContain("说明：2026年度没有按时完成全部事项的单位，未生成通报表扬");

    // One filing, unzipped: its people, totals and 大写-free table as the record has them.
    const leave = entries.find(
      (e) => e.type === "年休假执行及未休报酬情况备案表" && e.unit === "县财政局",
    )!;
    expect(leave.year).toBe(2026);
    const zip = await JSZip.loadAsync(await readFile(path.join(out, leave.file)));
    const xml = await zip.file("word/document.xml")!.async("string");
    const text = xml.replace(/<w:tab\/>/g, "\t").replace(/<[^>]+>/g, "");
    const saved = await XlsxWorkbook.open(file);
    const record = readDocumentRecord((n) => saved.readSheet(n));
    const model = buildLeaveUseFiling(record, {
      unit: "县财政局",
      year: 2026,
      date: dayFromYmd(2027, 4, 15),
    })!;
    const table = model.model.blocks.find((b) => b.kind === "table")!;
    if (table.kind !== "table") throw new Error("no table");
    expect(table.rows.length).toBeGreaterThan(5);
    for (const row of table.rows) {
      expect(text).toContain(row[1]);
      expect(text).toContain(row[6]);
    }
    expect(text).toContain(table.totalRow![6]);
    expect(text).toContain("县财政局2026年度年休假执行及未休报酬情况备案表");
    expect(text).toContain("2027年4月15日");
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');

    // The register in the saved workbook; a second run replaces, never duplicates.
    const rows1 = register(saved);
    expect(rows1).toHaveLength(entries.length);
    const io2 = memoryIO(new Date("2027-04-16T10:00:00+08:00"));
    expect(await docsCommand(file, { out, date: "2027-04-15" }, io2)).toBe(0);
    const rows2 = register(await XlsxWorkbook.open(file));
    expect(rows2).toHaveLength(rows1.length);
    expect(rows2.map((r) => r.文号)).toEqual(rows1.map((r) => r.文号));
    expect(io2.lines.join("\n")).toContain(`其中 ${entries.length} 份替换了之前生成的同一文档`);
    expect((await readdir(dir)).some((f) => f.includes(".bak-"))).toBe(true);
  });

  it("refuses a bad --year or --date with exit 2 material", async () => {
    const io = memoryIO();
    await expect(
      docsCommand(path.join(dir, "x.xlsx"), { out: dir, year: "26" }, io),
    ).rejects.toThrow(/四位年份/);
    await expect(
      docsCommand(path.join(dir, "x.xlsx"), { out: dir, date: "2027-02-30" }, io),
    ).rejects.toThrow(/YYYY-MM-DD/);
  });
});

/** The fakes' Apps Script services for a sink. */
function sinkServices(g: FakeGoogle) {
  return { documentApp: g.documentApp, driveApi: g.driveApi, docsApi: g.docsApi };
}

describe("生成文档 on Google Docs (fakes)", () => {
  it("uses the same service calls for a document of 5 rows and of 25 rows", () => {
    const wb = sampleWorkbook();
    const record = readDocumentRecord((n) => wb.readSheet(n));
    const g = new FakeGoogle();
    const sink = new TemplateDocsSink({ ...sinkServices(g), templates: g.templates() });
    // The year's Drive folder and the template Doc are made by the first document only.
    sink.write(
      buildLeaveUseFiling(record, { unit: "县档案馆", year: 2026, date: TODAY })!.model,
      "x.docx",
      null,
    );
    sink.endRun(false);
    const sizes: number[] = [];
    const calls: number[] = [];
    const batches: number[] = [];
    for (const unit of ["县档案馆", "县第一中学"]) {
      const doc = buildLeaveUseFiling(record, { unit, year: 2026, date: TODAY })!;
      const table = doc.model.blocks.find((b) => b.kind === "table");
      sizes.push(table && table.kind === "table" ? table.rows.length : 0);
      g.log.reset();
      sink.write(doc.model, `${unit}.docx`, null);
      // The Docs API fill (one documents.get, one batchUpdate) is sent at the end of the run.
      sink.endRun(false);
      batches.push(g.log.calls.get("Docs.Documents.batchUpdate") ?? 0);
      calls.push(g.log.total() - batches[batches.length - 1]);
    }
    expect(sizes[1]).toBeGreaterThan(sizes[0] * 2);
    // DocumentApp and Drive: the same calls (the template's body copied, not drawn row by row);
    // 34 such calls; the fill is sent 500 edits per batchUpdate (docsFill's chunk).
    expect(calls).toEqual([34, 34]);
    expect(batches).toEqual([1, 2]);
  });

  it("generates, registers links and reuses the same Docs on the second run", () => {
    const wb = sampleWorkbook();
    const g = new FakeGoogle();
    const sink = new TemplateDocsSink({ ...sinkServices(g), templates: g.templates() });
    const lock = {
      taken: 0,
      released: 0,
      tryLock: () => (lock.taken++, true),
      release: () => void lock.released++,
    };
    const services = {
      workbook: wb,
      sink,
      clock: { now: () => new Date("2026-11-26T09:00:00+08:00") },
      lock,
      today: TODAY,
    };
    const message = generateDocuments(services, 2026);
    expect(message).toMatch(/^已生成 \d+ 份文档/);
    expect(lock).toMatchObject({ taken: 1, released: 1 });
    const rows = register(wb);
    expect(
      rows.every((r) => String(r.链接).startsWith("https://docs.google.com/document/d/")),
    ).toBe(true);
    expect(rows.every((r) => r.年度 === 2026)).toBe(true);
    // One copy per document, and one template Doc per document type.
    const created = g.documentsCreated;
    expect(created).toBe(rows.length + new Set(rows.map((r) => r.类型)).size);

    const again = generateDocuments(services, 2026);
    expect(again).toContain(`其中 ${rows.length} 份替换了之前生成的同一文档`);
    expect(g.documentsCreated).toBe(created);
    expect(g.calls.get("DocumentApp.openByUrl")).toBe(rows.length);
    expect(register(wb).map((r) => r.链接)).toEqual(rows.map((r) => r.链接));
  });

  it("splits a county's documents over runs inside the 6-minute limit; the continuation trigger finishes the batch", () => {
    const wb = sampleWorkbook();
    // One 2026 award whose bonus cannot be read: its approval form warns, naming the person.
    const awards = wb.readSheet("奖励") as Grid;
    const bonusCol = awards[0].indexOf("奖金（元）");
    const awardRow = awards.findIndex((r, i) => i > 0 && r[0] === 2026);
    const awardee = String(awards[awardRow][awards[0].indexOf("姓名")]);
    wb.writeRange("奖励", awardRow + 1, bonusCol + 1, [["待定"]]);
    const g = new FakeGoogle();
    const docs = new TemplateDocsSink({ ...sinkServices(g), templates: g.templates() });
    // Every Google Doc takes 40 s of run time: about 7 fit in a run's 4.5-minute budget.
    let time = new Date("2026-11-26T09:00:00.250+08:00").getTime();
    const sink: DocumentSink = {
      write: (doc, name, replaces) => {
        time += 40_000;
        return docs.write(doc, name, replaces);
      },
    };
    const store = memoryStore();
    const scripts = createFakeScriptApp();
    const services = {
      workbook: wb,
      sink,
      clock: { now: () => new Date(time) },
      today: TODAY,
      store,
      continuation: new DocsContinuation(scripts.ScriptApp),
    };

    const first = generateDocuments(services, 2026);
    const firstCount = register(wb).length;
    expect(first).toContain(`已生成 ${firstCount} 份文档`);
    expect(first).toMatch(/还有 \d+ 份：Apps Script 每次最多运行 6 分钟/);
    expect(firstCount).toBe(7);
    expect(JSON.parse(store.get(DOCS_BATCH_KEY) ?? "")).toEqual({
      date: TODAY,
      now: "2026-11-26T01:00:00.000Z",
      year: 2026,
    });
    expect(scripts.triggers).toMatchObject([{ handler: CONTINUE_DOCS_HANDLER, afterMs: 60_000 }]);

    const messages: string[] = [];
    let runs = 1;
    while (store.get(DOCS_BATCH_KEY) !== null && runs < 50) {
      const message = continueDocuments(services);
      runs++;
      expect(message).toMatch(/^继续生成了 \d+ 份文档/);
      messages.push(message);
      // One pending continuation at most, none once the batch is done.
      expect(scripts.triggers.length).toBe(store.get(DOCS_BATCH_KEY) !== null ? 1 : 0);
    }
    const rows = register(wb);
    const keys = rows.map((r) => `${r.类型}|${r.年度}|${r.单位}`);
    expect(new Set(keys).size).toBe(rows.length);
    expect(runs).toBe(Math.ceil(rows.length / 7));
    // One copy per document, and one template Doc per document type.
    expect(g.documentsCreated).toBe(rows.length + new Set(rows.map((r) => r.类型)).size);
    expect(
      rows.every((r) => (r.生成时间 as Date).getTime() === Date.parse("2026-11-26T01:00:00Z")),
    ).toBe(true);
    const numbers = rows.map((r) => r.文号).filter((n) => n);
    expect(new Set(numbers).size).toBe(numbers.length);
    // The continuations' summaries go to the Apps Script log: counts, never a person.
    expect(messages.filter((m) => m.includes("有 1 处数据需要核实"))).toHaveLength(1);
    for (const m of messages) {
      expect(m).not.toContain(awardee);
      expect(m).not.toMatch(/WX\d{5}/);
    }
    // The same documents as one uninterrupted run.
    const once = sampleWorkbook();
    generateDocuments(
      { ...services, workbook: once, sink: new MemorySink(), store: null, continuation: null },
      2026,
    );
    expect(
      register(once)
        .map((r) => `${r.类型}|${r.年度}|${r.单位}|${r.文号}`)
        .sort(),
    ).toEqual(rows.map((r) => `${r.类型}|${r.年度}|${r.单位}|${r.文号}`).sort());

    // A continuation with nothing to do clears a stray trigger.
    new DocsContinuation(scripts.ScriptApp).schedule();
    expect(continueDocuments(services)).toBe("没有待继续生成的文档。");
    expect(scripts.triggers).toEqual([]);
  });

  it("puts a continuation off when another operation holds the lock", () => {
    const store = memoryStore();
    store.set(
      DOCS_BATCH_KEY,
      JSON.stringify({ date: TODAY, now: "2026-11-26T01:00:00.000Z", year: 2026 }),
    );
    const scripts = createFakeScriptApp();
    const sink = new MemorySink();
    const message = continueDocuments({
      workbook: sampleWorkbook(),
      sink,
      clock: { now: () => new Date() },
      lock: { tryLock: () => false, release: () => {} },
      store,
      continuation: new DocsContinuation(scripts.ScriptApp),
    });
    expect(message).toContain("稍后继续生成");
    expect(sink.written).toEqual([]);
    expect(store.get(DOCS_BATCH_KEY)).not.toBeNull();
    expect(scripts.triggers).toMatchObject([{ handler: CONTINUE_DOCS_HANDLER }]);
  });

  it("reads the year typed in the prompt", () => {
    expect(parseYearAnswer(" 2026 ")).toBe(2026);
    expect(parseYearAnswer("２０２６年")).toBe(2026);
    expect(parseYearAnswer("")).toBeNull();
    expect(() => parseYearAnswer("26")).toThrow(/四位年份/);
  });
});
