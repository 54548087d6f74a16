import { describe, expect, it } from "vitest";
import { GoogleDocsSink, NOTO_FONTS } from "../../src/gas/docs";
import type { DocumentModel, TableBlock } from "../../src/documents/model";
import { FakeGoogle, type FakeParagraph, type FakeTable } from "../fakes/documentApp";
import { FOLDER } from "../fakes/drive";
import { sampleFiling, sampleNotice } from "./samples";

function withRows(doc: DocumentModel, rows: number): DocumentModel {
  return {
    ...doc,
    blocks: doc.blocks.map((b) =>
      b.kind === "table"
        ? ({
            ...b,
            rows: Array.from({ length: rows }, (_, i) => [
              String(i + 1),
              `干部${i + 1}`,
              "15",
              "9",
              "6",
              "412.64",
              "7427.52",
              "4951.68",
              "",
            ]),
          } satisfies TableBlock)
        : b,
    ),
  };
}

function callsFor(doc: DocumentModel, docsApi: boolean): Map<string, number> {
  const g = new FakeGoogle();
  const sink = new GoogleDocsSink({
    documentApp: g.documentApp,
    driveApi: g.driveApi,
    ...(docsApi ? { docsApi: g.docsApi } : {}),
    pdf: true,
  });
  sink.write(doc, "备案表", null);
  return g.calls;
}

describe("GoogleDocsSink", () => {
  it("makes the same service calls for 10 and for 1,000 table rows", () => {
    for (const docsApi of [false, true]) {
      const small = callsFor(withRows(sampleFiling(), 10), docsApi);
      const large = callsFor(withRows(sampleFiling(), 1000), docsApi);
      expect(large).toEqual(small);
      expect(small.get("Body.appendTable")).toBe(1);
      const total = [...small.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeLessThan(100);
    }
  });

  it("files the document in 干部关怀激励文档/YEAR, laid out on A4 with the GB/T 9704 margins", () => {
    const g = new FakeGoogle();
    const sink = new GoogleDocsSink({ documentApp: g.documentApp, driveApi: g.driveApi });
    const url = sink.write({ ...sampleNotice(), year: 2026 }, "通报批评.docx", null);
    const [doc] = [...g.docs.values()];
    expect(url).toBe(doc.url);
    expect(doc.name).toBe("通报批评");
    expect(doc.saved).toBe(true);
    expect(g.folderOf(doc.id)).toBe("干部关怀激励文档/2026");
    expect(
      Object.fromEntries(Object.entries(doc.page).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    ).toEqual({
      PageWidth: 595.28,
      PageHeight: 841.89,
      MarginTop: 104.88,
      MarginBottom: 99.21,
      MarginLeft: 79.37,
      MarginRight: 73.7,
    });

    const paragraphs = doc.elements.filter((e): e is FakeParagraph => e.type === "paragraph");
    // The empty paragraph of the new document is gone; the issuer comes first, in red.
    expect(doc.elements[0]).toMatchObject({
      type: "paragraph",
      text: "中共魏县县委组织部",
      attributes: {
        FONT_FAMILY: "方正小标宋简体",
        FONT_SIZE: 42,
        FOREGROUND_COLOR: "#FF0000",
        HORIZONTAL_ALIGNMENT: "CENTER",
      },
    });
    expect(doc.elements[1]).toMatchObject({
      text: "魏组〔2027〕3号",
      attributes: { FONT_SIZE: 16, HORIZONTAL_ALIGNMENT: "CENTER" },
    });
    expect(doc.elements[2]).toEqual({ type: "rule" });
    expect(doc.elements[3]).toMatchObject({
      text: "关于对干部关怀激励措施落实不到位",
      attributes: { FONT_SIZE: 22, SPACING_BEFORE: 56 },
    });
    expect(doc.elements[4]).toMatchObject({
      text: "单位的通报批评",
      attributes: { SPACING_AFTER: 28 },
    });
    const body = paragraphs.find((p) => p.text.startsWith("为贯彻落实"))!;
    expect(body.attributes).toMatchObject({
      FONT_FAMILY: "仿宋_GB2312",
      FONT_SIZE: 16,
      LINE_SPACING: 1.46,
      INDENT_FIRST_LINE: 32,
      INDENT_START: 0,
      HORIZONTAL_ALIGNMENT: "JUSTIFY",
    });
    expect(paragraphs.find((p) => p.text === "一、逾期未完成事项")!.attributes.FONT_FAMILY).toBe(
      "黑体",
    );
    expect(paragraphs.find((p) => p.text === "（一）限期整改。")!.attributes.FONT_FAMILY).toBe(
      "楷体_GB2312",
    );
    expect(
      paragraphs.find((p) => p.text === "　　　2．整改情况报告模板")!.attributes,
    ).toMatchObject({ INDENT_START: 104, INDENT_FIRST_LINE: 32 });
    expect(
      paragraphs.find((p) => p.text === "中共魏县县委组织部" && p !== doc.elements[0])!.attributes,
    ).toMatchObject({ HORIZONTAL_ALIGNMENT: "RIGHT", INDENT_END: 32 });
    expect(paragraphs.find((p) => p.text === "2027年4月15日")!.attributes).toMatchObject({
      HORIZONTAL_ALIGNMENT: "RIGHT",
      INDENT_END: 40,
    });
    const printed = paragraphs.find((p) => p.text.endsWith("2027年4月15日印发"))!;
    expect(printed.text).toBe(`中共魏县县委组织部办公室${"　".repeat(9)}2027年4月15日印发`);
    expect(printed.attributes.FONT_SIZE).toBe(14);
    // 版记 between rules.
    const last = doc.elements.slice(-5).map((e) => (e.type === "paragraph" ? e.text : e.type));
    expect(last).toEqual([
      "rule",
      "抄送：县委办公室，县人力资源和社会保障局。",
      "rule",
      printed.text,
      "rule",
    ]);

    const table = doc.elements.find((e): e is FakeTable => e.type === "table")!;
    expect(table.cells).toHaveLength(4);
    expect(table.cells[3]).toEqual([
      "3",
      "魏县棘针寨镇人民政府",
      "2026年度干部健康体检情况备案",
      "2027年2月28日",
      "46",
    ]);
    expect(table.borderWidth).toBe(0.5);
    expect(table.textAttributes).toEqual({ FONT_FAMILY: "仿宋_GB2312", FONT_SIZE: 12 });
    expect(table.rowAttributes.get(0)).toEqual({ FONT_FAMILY: "黑体", BOLD: false });
    expect(
      [...table.headerCellAttributes.values()].every((a) => a.HORIZONTAL_ALIGNMENT === "CENTER"),
    ).toBe(true);
    const widths = [...table.columnWidths.values()];
    expect(widths).toHaveLength(5);
    expect(Math.abs(widths.reduce((a, b) => a + b, 0) - 442.2)).toBeLessThan(0.1);
  });

  it("rewrites the earlier document in place, and writes a new one when it is gone", () => {
    const g = new FakeGoogle();
    const sink = new GoogleDocsSink({
      documentApp: g.documentApp,
      driveApi: g.driveApi,
      pdf: true,
    });
    const first = sink.write(sampleFiling(), "备案表", null);
    const second = sink.write(sampleFiling(), "备案表", first);
    expect(second).toBe(first);
    expect(g.docs.size).toBe(1);
    expect(g.calls.get("Body.clear")).toBe(1);
    expect(g.documentsCreated).toBe(1);
    // One folder pair for both writes, one live PDF, made from the saved document.
    expect(g.drive.live(FOLDER).map((f) => g.drive.path(f.id))).toEqual([
      "干部关怀激励文档",
      "干部关怀激励文档/2028",
    ]);
    const pdfs = [...g.drive.files.values()].filter((f) => f.mimeType === "application/pdf");
    expect(pdfs.map((f) => [g.drive.path(f.id), f.trashed, f.content])).toEqual([
      ["干部关怀激励文档/2028/备案表.pdf", true, "备案表.pdf (application/pdf)"],
      ["干部关怀激励文档/2028/备案表.pdf", false, "备案表.pdf (application/pdf)"],
    ]);
    const [doc] = [...g.docs.values()];
    expect(doc.elements.filter((e) => e.type === "table")).toHaveLength(1);

    g.file(doc.id).trashed = true;
    const third = sink.write(sampleFiling(), "备案表", first);
    expect(third).not.toBe(first);
    expect(g.documentsCreated).toBe(2);
  });

  it("finds the folders a previous run created instead of adding more", () => {
    const g = new FakeGoogle();
    new GoogleDocsSink({ documentApp: g.documentApp, driveApi: g.driveApi }).write(
      sampleFiling(),
      "a",
      null,
    );
    new GoogleDocsSink({ documentApp: g.documentApp, driveApi: g.driveApi }).write(
      sampleFiling(),
      "b",
      null,
    );
    expect(g.drive.live(FOLDER)).toHaveLength(2);
    // Two folder creations (root and year) for two documents.
    expect(g.calls.get("Drive.Files.create")).toBe(4);
  });

  it("needs only drive.file: folders a person made by hand are invisible, so it makes its own", () => {
    const g = new FakeGoogle();
    // Someone made a folder of that name in My Drive: under drive.file the script cannot see it.
    const theirs = g.drive.addUserFile("干部关怀激励文档", FOLDER);
    const sink = new GoogleDocsSink({ documentApp: g.documentApp, driveApi: g.driveApi });
    sink.write({ ...sampleNotice(), year: 2026 }, "通报", null);
    const [doc] = [...g.docs.values()];
    expect(g.file(doc.id).parents).not.toContain(theirs.id);
    expect(g.folderOf(doc.id)).toBe("干部关怀激励文档/2026");
    // And the script never reaches a file it did not create.
    expect(() => g.driveApi.Files.get(theirs.id)).toThrow(
      `API call to drive.files.get failed with error: File not found: ${theirs.id}.`,
    );
  });

  it("stops with Google's error when the day's document quota is used up, creating nothing", () => {
    const g = new FakeGoogle({ documentsLeft: 1 });
    const sink = new GoogleDocsSink({ documentApp: g.documentApp, driveApi: g.driveApi });
    sink.write(sampleFiling(), "a", null);
    expect(() => sink.write(sampleFiling(), "b", null)).toThrow(
      "Service invoked too many times for one day: docs create.",
    );
    expect(g.documentsCreated).toBe(1);
  });

  it("pins each table's header row through the Docs API and can use the Docs font menu", () => {
    const g = new FakeGoogle();
    const sink = new GoogleDocsSink({
      documentApp: g.documentApp,
      driveApi: g.driveApi,
      docsApi: g.docsApi,
      fonts: NOTO_FONTS,
    });
    sink.write(sampleNotice(), "通报", null);
    expect(g.pinned).toHaveLength(1);
    expect(g.pinned[0].requests).toHaveLength(1);
    expect(g.pinned[0].requests[0]).toMatchObject({
      pinTableHeaderRows: { pinnedHeaderRowsCount: 1 },
    });
    const [doc] = [...g.docs.values()];
    expect((doc.elements[0] as FakeParagraph).attributes.FONT_FAMILY).toBe("Noto Serif SC");
  });

  it("uses the Apps Script globals when no service is passed", () => {
    const g = new FakeGoogle();
    const scope = globalThis as Record<string, unknown>;
    scope.DocumentApp = g.documentApp;
    scope.Drive = g.driveApi;
    try {
      new GoogleDocsSink().write(sampleFiling(), "备案表", null);
      expect(g.docs.size).toBe(1);
    } finally {
      delete scope.DocumentApp;
      delete scope.Drive;
    }
    expect(() => new GoogleDocsSink().write(sampleFiling(), "x", null)).toThrow(
      "Apps Script service Drive is not available",
    );
  });
});
