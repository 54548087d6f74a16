/**
 * 生成文档 in Google Sheets, the sink of #14 (src/gas/templateSink.ts): it fills copies of the template Google Docs made
 * from the real templates/*.docx (the fake Drive converts them as src/gas/templateDocs.ts has
 * them converted), with DocumentApp for the sections of a combined Doc and the Docs API for the
 * values, loops and sections (test/fakes/googleDocs.ts: both on one document model).
 */
import { describe, expect, it } from "vitest";
import { TemplateDocsSink } from "../../src/gas/templateSink";
import { FILL_CHUNK } from "../../src/gas/docsFill";
import { generateDocuments } from "../../src/gas/publish";
import type { DocumentModel } from "../../src/documents/model";
import type { TemplateData } from "../../src/documents/template";
import type { DocumentSink } from "../../src/workflows/ports";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { buildSample, generateCounty } from "../../src/sample/sample";
import { dayFromYmd } from "../../src/rules/dates";
import { memoryStore } from "../../src/local/commands/remind";
import type { Grid } from "../../src/records/cells";
import { FakeGoogle, elementText, type FakeDoc } from "../fakes/googleDocs";
import { paragraph, textOf, type FakeElement, type FakeParagraph } from "../fakes/docsApi";
import { FOLDER } from "../fakes/drive";

const TODAY = dayFromYmd(2026, 11, 26);

function sampleWorkbook(sample = buildSample()): XlsxWorkbook {
  const wb = XlsxWorkbook.create();
  loadRows(wb, sample);
  computeWorkbook(wb, TODAY);
  return wb;
}

function register(wb: XlsxWorkbook): Record<string, unknown>[] {
  const grid = wb.readSheet("文档") as Grid;
  const header = grid[0].map(String);
  return grid.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Every text of a Doc: its paragraphs and its cells, one a line. */
const docText = (doc: FakeDoc): string => doc.elements.map(elementText).join("\n");

const tables = (doc: FakeDoc) =>
  doc.elements.filter((e): e is Extract<FakeElement, { type: "table" }> => e.type === "table");

interface Setup {
  g: FakeGoogle;
  sink: TemplateDocsSink;
  written: { model: DocumentModel; link: string }[];
  capture: DocumentSink & { startBatch(id: string): void; endRun(done: boolean): void };
}

function setup(
  options: { combine?: boolean; pdf?: boolean; edit?: (type: string, doc: FakeDoc) => void } = {},
): Setup {
  const g = new FakeGoogle();
  const sink = new TemplateDocsSink({
    templates: g.templates(options.edit),
    documentApp: g.documentApp,
    driveApi: g.driveApi,
    docsApi: g.docsApi,
    ...(options.pdf ? { pdf: true } : {}),
    ...(options.combine === false ? {} : { combine: { store: memoryStore() } }),
  });
  const written: Setup["written"] = [];
  const capture = {
    write: (model: DocumentModel, name: string, replaces: string | null) => {
      const link = sink.write(model, name, replaces);
      written.push({ model, link });
      return link;
    },
    startBatch: (id: string) => sink.startBatch(id),
    endRun: (done: boolean) => sink.endRun(done),
  };
  return { g, sink, written, capture };
}

function run(s: Setup, wb = sampleWorkbook(), now = "2026-11-26T09:00:00+08:00"): string {
  return generateDocuments(
    {
      workbook: wb,
      sink: s.capture,
      clock: { now: () => new Date(now) },
      today: TODAY,
    },
    2026,
  );
}

/** A model as the sink gets it, with its template data changed. */
function withData(model: DocumentModel, change: TemplateData): DocumentModel {
  return {
    ...model,
    template: { ...model.template!, data: { ...model.template!.data, ...change } },
  };
}

describe("TemplateDocsSink fills the template Google Docs", () => {
  it("fills every document type of the sample: each section's own texts, no placeholder left", () => {
    const s = setup();
    const message = run(s);
    expect(message).toMatch(/^已生成 \d+ 份文档/);
    const types = new Set(s.written.map((w) => w.model.template!.template));
    expect(types.size).toBeGreaterThanOrEqual(6);
    for (const doc of s.g.docs.values()) {
      if (s.g.folderOf(doc.id) !== "干部关怀激励文档/2026") continue;
      expect(docText(doc), doc.name).not.toMatch(/[{}]/);
    }
    for (const { model, link } of s.written) {
      const doc = s.g.byUrl(link);
      const text = docText(doc);
      const data = model.template!.data;
      // The title with its break as a line break inside the paragraph.
      expect(text, model.title).toContain(
        String(data.标题 ?? model.title).replace(/\n/g, "\u000b"),
      );
      if (typeof data.填报单位 === "string")
        expect(text).toContain(`填报单位（盖章）：${data.填报单位}`);
      expect(text).toContain(String(data.成文日期));
      if (typeof data.发文字号 === "string" && data.发文字号) expect(text).toContain(data.发文字号);
    }
    // A combined Doc: one section per unit, each after a page break, in the template's order.
    const links = new Map<string, number>();
    for (const w of s.written) links.set(w.link, (links.get(w.link) ?? 0) + 1);
    const [link, count] = [...links].sort((a, b) => b[1] - a[1])[0];
    expect(count).toBeGreaterThan(1);
    const doc = s.g.byUrl(link);
    const breaks = doc.elements.filter((e) => e.type === "paragraph" && e.pageBreak);
    expect(breaks).toHaveLength(count - 1);
    const units = s.written
      .filter((w) => w.link === link)
      .map((w) => String(w.model.template!.data.填报单位));
    const order = units.map((u) => docText(doc).indexOf(`填报单位（盖章）：${u}`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it("makes one documents.get per Doc and run, and ⌈edits / chunk⌉ batchUpdates", () => {
    const s = setup();
    run(s);
    const gets = new Map<string, number>();
    for (const b of s.g.batches) gets.set(b.documentId, (gets.get(b.documentId) ?? 0) + b.requests);
    const docs = new Set(s.written.map((w) => s.g.byUrl(w.link).id));
    expect(s.g.calls.get("Docs.Documents.get")).toBe(docs.size);
    let expected = 0;
    for (const id of docs) expected += Math.ceil((gets.get(id) ?? 0) / FILL_CHUNK);
    expect(s.g.calls.get("Docs.Documents.batchUpdate")).toBe(expected);
    // The largest combined Doc needs more than one batch: the chunks are consecutive.
    expect(Math.max(...gets.values())).toBeGreaterThan(FILL_CHUNK);
    // Each template Doc was read once in the run.
    const templates = new Set(s.written.map((w) => w.model.template!.template)).size;
    expect(s.g.calls.get("DocumentApp.openById")).toBeLessThanOrEqual(templates + docs.size);
  });

  it("fills loops of 0, 1 and many rows and shows a section only when its data says so", () => {
    const s = setup({ combine: false });
    run(s);
    const notice = s.written.find((w) => w.model.template!.template === "通报批评")!.model;
    const list = notice.template!.data.逾期清单 as Record<string, string>[];
    expect(list.length).toBeGreaterThan(1);
    for (const rows of [[], list.slice(0, 1), list]) {
      const link = s.sink.write(
        withData(notice, { 逾期清单: rows }),
        `通报批评-${rows.length}`,
        null,
      );
      const table = tables(s.g.byUrl(link))[0];
      expect(table.rows).toHaveLength(1 + rows.length);
      rows.forEach((r, i) =>
        expect(table.rows[i + 1].map((c) => c.paragraphs.map(textOf).join(""))).toEqual([
          r.序号,
          r.单位,
          r.逾期事项,
          r.截止日期,
          r.逾期天数,
        ]),
      );
    }
    const excellent = s.written.find(
      (w) => w.model.template!.template === "年度考核优秀等次名单",
    )!.model;
    const green = [{ 序号: "1", 姓名: "张三", 绿色通道条件: "获得国家级荣誉", 依据: "第五条" }];
    const shown = s.g.byUrl(
      s.sink.write(withData(excellent, { 有绿色通道: true, 绿色通道: green }), "a", null),
    );
    expect(docText(shown)).toContain("符合“绿色通道”条件人员：");
    expect(tables(shown)).toHaveLength(2);
    expect(docText(shown)).toContain("获得国家级荣誉");
    const hidden = s.g.byUrl(
      s.sink.write(withData(excellent, { 有绿色通道: false, 绿色通道: [] }), "b", null),
    );
    expect(docText(hidden)).not.toContain("绿色通道”条件人员");
    expect(tables(hidden)).toHaveLength(1);
    expect(docText(hidden)).not.toMatch(/[{}]/);
  });

  it("keeps a placeholder's text style in the filled value, and a sentence the county added", () => {
    const sentence = "各单位要于每月5日前报送整改进展。";
    const bold = { bold: true, foregroundColor: "#C00000" };
    const s = setup({
      combine: false,
      edit: (type, doc) => {
        if (type !== "通报批评") return;
        const i = doc.elements.findIndex(
          (e) => e.type === "paragraph" && textOf(e).includes("{整改期限}"),
        );
        const p = doc.elements[i] as FakeParagraph;
        const [before, after] = textOf(p).split("{整改期限}");
        p.runs = [
          { text: before, style: {} },
          { text: "{整改期限}", style: bold },
          { text: after, style: {} },
        ];
        doc.elements.splice(i + 1, 0, paragraph(sentence));
      },
    });
    run(s);
    const { model, link } = s.written.find((w) => w.model.template!.template === "通报批评")!;
    const doc = s.g.byUrl(link);
    expect(docText(doc)).toContain(sentence);
    const p = doc.elements.find(
      (e): e is FakeParagraph => e.type === "paragraph" && textOf(e).startsWith("被通报单位"),
    )!;
    expect(p.runs).toEqual([
      { text: "被通报单位要认真查找原因，于", style: {} },
      { text: String(model.template!.data.整改期限), style: bold },
      { text: "前完成整改，并将整改情况书面报县委组织部。", style: {} },
    ]);
  });

  it("refuses a template Doc with an unknown or a missing placeholder, naming it; other types still generate", () => {
    for (const [change, words] of [
      [(t: string) => `${t}{不存在}`, "中有未知的占位符：{不存在}"],
      [
        (t: string) => t.replace("{整改期限}", "月底"),
        "缺少占位符：{整改期限}（通报批评的数据需要它们）",
      ],
    ] as const) {
      const s = setup({
        edit: (type, doc) => {
          if (type !== "通报批评") return;
          const p = doc.elements.find(
            (e): e is FakeParagraph => e.type === "paragraph" && textOf(e).includes("{整改期限}"),
          )!;
          p.runs = [{ text: change(textOf(p)), style: {} }];
        },
      });
      const wb = sampleWorkbook();
      const message = run(s, wb);
      expect(message).toContain(`说明：文档模板“干部关怀激励文档/模板/通报批评”${words}`);
      expect(message).toContain("通报批评未生成");
      const rows = register(wb);
      expect(rows.some((r) => r.类型 === "通报批评")).toBe(false);
      expect(new Set(rows.map((r) => r.类型)).size).toBeGreaterThanOrEqual(5);
    }
  });

  it("refills a regenerated Doc in place (same link), and makes a new copy when it is gone", () => {
    const s = setup({ combine: false, pdf: true });
    run(s);
    const { model, link } = s.written.find((w) => w.model.template!.template === "通报批评")!;
    const created = s.g.documentsCreated;
    const again = s.sink.write(model, "通报批评", link);
    expect(again).toBe(link);
    expect(s.sink.write(model, "通报批评", link)).toBe(link);
    expect(s.g.documentsCreated).toBe(created);
    const doc = s.g.byUrl(link);
    // The template's body once: its 抄送 line once.
    expect(docText(doc).split("抄送：")).toHaveLength(2);
    expect(docText(doc)).not.toMatch(/[{}]/);
    expect((doc.elements[0] as FakeParagraph).runs.length).toBeGreaterThan(0);
    // A PDF beside it, the earlier one of the same name in the trash.
    const pdfs = [...s.g.drive.files.values()].filter(
      (f) => f.mimeType === "application/pdf" && f.name === "通报批评.pdf",
    );
    expect(pdfs.map((f) => f.trashed)).toEqual([true, false]);
    s.g.file(doc.id).trashed = true;
    const third = s.sink.write(model, "通报批评", link);
    expect(third).not.toBe(link);
    expect(s.g.documentsCreated).toBe(created + 1);
    expect(s.g.calls.get("Drive.Files.copy")).toBeGreaterThan(0);
  });

  it("refills the combined Docs of a second batch in place, one section per unit", () => {
    const s = setup();
    const wb = sampleWorkbook();
    run(s, wb);
    const created = s.g.documentsCreated;
    const first = s.written.map((w) => w.link);
    s.written.length = 0;
    run(s, wb, "2026-11-27T09:00:00+08:00");
    expect(s.g.documentsCreated).toBe(created);
    expect(s.written.map((w) => w.link)).toEqual(first);
    for (const link of new Set(first)) {
      const doc = s.g.byUrl(link);
      const sections = s.written.filter((w) => w.link === link).length;
      expect(doc.elements.filter((e) => e.type === "paragraph" && e.pageBreak)).toHaveLength(
        sections - 1,
      );
      expect(docText(doc)).not.toMatch(/[{}]/);
    }
  });

  it("files the copies in 干部关怀激励文档/YEAR under drive.file, beside folders a person made", () => {
    const s = setup({ combine: false });
    const theirs = s.g.drive.addUserFile("干部关怀激励文档", FOLDER);
    run(s);
    const doc = s.g.byUrl(s.written[0].link);
    expect(s.g.folderOf(doc.id)).toBe("干部关怀激励文档/2026");
    expect(s.g.file(doc.id).parents).not.toContain(theirs.id);
    expect(s.g.drive.live(FOLDER).filter((f) => f.byApp)).toHaveLength(2);
  });

  it("stops with Google's error when the day's document quota is used up", () => {
    const s = setup({ combine: false });
    run(s);
    const model = s.written[0].model;
    s.g.drive.documentsLeft = 0;
    expect(() => s.sink.write(model, "又一份", null)).toThrow(
      "Service invoked too many times for one day: docs create.",
    );
  });

  it("uses the Apps Script globals when no service is passed", () => {
    const g = new FakeGoogle();
    const templates = g.templates();
    const scope = globalThis as Record<string, unknown>;
    const s = setup({ combine: false });
    run(s);
    const model = s.written.find((w) => w.model.kind === "notice")!.model;
    scope.DocumentApp = g.documentApp;
    scope.Drive = g.driveApi;
    scope.Docs = g.docsApi;
    try {
      new TemplateDocsSink({ templates }).write(model, "通报", null);
      expect(g.calls.get("Docs.Documents.get")).toBe(1);
    } finally {
      delete scope.DocumentApp;
      delete scope.Drive;
      delete scope.Docs;
    }
    expect(() => new TemplateDocsSink({ templates }).write(model, "x", null)).toThrow(
      "Apps Script service DocumentApp is not available",
    );
  });

  it("fits a county of 120 units into 5 × 3 + 2 copies and the template Docs, one documents.get per Doc", () => {
    const s = setup();
    const wb = sampleWorkbook(generateCounty({ units: 120, staff: 720, leaveRecords: 0, seed: 7 }));
    run(s, wb);
    const units = register(wb).filter((r) => r.单位 !== "全县");
    expect(units.length).toBeGreaterThan(400);
    const docs = new Set(s.written.map((w) => w.link));
    // 5 forms × ⌈120 / 50⌉ + the notices, each a copy of its type's template Doc (300 units: 32,
    // as test/gas/quotas.test.ts counts for the drawing sink; 120 keep this test near 30 s).
    expect(docs.size).toBeLessThanOrEqual(17);
    expect(s.g.documentsCreated).toBe(
      docs.size + new Set(s.written.map((w) => w.model.template!.template)).size,
    );
    expect(s.g.calls.get("Docs.Documents.get")).toBe(docs.size);
    for (const link of docs) expect(docText(s.g.byUrl(link))).not.toMatch(/[{}]/);
  }, 240_000);
});
