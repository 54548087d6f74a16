/**
 * The .docx templates: the committed files are what scripts/make-templates.ts makes from the
 * skeletons; the reused compiled template fills exactly as a fresh docxtemplater instance does;
 * a county's template that lacks or adds a placeholder is refused in Chinese, naming it; and a
 * sentence a county adds to its 通报批评 template appears in the documents.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import PizZip from "pizzip";
import Docxtemplater from "docxtemplater";
import docxtemplaterJoin from "docxtemplater/js/join-uncorrupt.js";
import fileTypeConfig from "docxtemplater/js/file-type-config.js";
import spacePreserve from "docxtemplater/js/modules/space-preserve.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOCUMENT_TYPES, SKELETONS } from "../../src/documents/builders";
import { renderDocx } from "../../src/local/docx";
import {
  DocxTemplate,
  TemplateError,
  joinUncorrupt,
  mergeRuns,
  templateFileName,
} from "../../src/local/docxTemplate";
import { docsCommand, templatesCommand } from "../../src/local/commands/docs";
import { memoryIO } from "../../src/local/io";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { publishDocuments } from "../../src/workflows/publish";
import type { DocumentSink } from "../../src/workflows/ports";
import type { DocumentModel } from "../../src/documents/model";
import { buildSample } from "../../src/sample/sample";
import { dayFromYmd } from "../../src/rules/dates";

const TEMPLATES = path.join(__dirname, "..", "..", "templates");

async function part(docx: Buffer | Uint8Array, name = "word/document.xml"): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  return (await zip.file(name)?.async("string")) ?? "";
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cadre-templates-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Documents built from the sample as of a day, every model kept. */
function sampleModels(): DocumentModel[] {
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  const date = dayFromYmd(2026, 12, 1);
  computeWorkbook(wb, date);
  const models: DocumentModel[] = [];
  const sink: DocumentSink = {
    write: (doc, fileName) => {
      models.push(doc);
      return fileName;
    },
  };
  publishDocuments(wb, sink, { date, now: new Date("2026-12-01T09:00:00+08:00") });
  return models;
}

describe("templates/", () => {
  it("holds one template per document type, as scripts/make-templates.ts makes them", async () => {
    expect((await readdir(TEMPLATES)).filter((f) => f.endsWith(".docx")).sort()).toEqual(
      DOCUMENT_TYPES.map(templateFileName).sort(),
    );
    for (const type of DOCUMENT_TYPES) {
      const committed = await readFile(path.join(TEMPLATES, templateFileName(type)));
      const made = await renderDocx(SKELETONS[type], { template: true, fixedDates: true });
      for (const name of ["word/document.xml", "word/styles.xml"]) {
        expect(await part(committed, name), `${type} ${name}: run npm run make-templates`).toBe(
          await part(made, name),
        );
      }
    }
  });
});

describe("DocxTemplate", () => {
  it("fills every document type as a fresh docxtemplater instance does, template reused", async () => {
    const models = sampleModels();
    const types = new Set(models.map((m) => m.template?.template));
    expect([...types].sort()).toEqual([...DOCUMENT_TYPES].sort());
    const compiled = new Map<string, DocxTemplate>();
    for (const model of models) {
      const fill = model.template!;
      const type = fill.template as (typeof DOCUMENT_TYPES)[number];
      let t = compiled.get(type);
      if (!t) {
        t = DocxTemplate.load(type, path.join(TEMPLATES, templateFileName(type)));
        compiled.set(type, t);
      }
      const fast = t.fastParts;
      const ours = await part(t.fill(fill.data));
      expect(t.fastParts - fast, `${type}: filled without docxtemplater's render`).toBe(
        t.templatedParts,
      );
      const fresh = new Docxtemplater(
        new PizZip(await readFile(path.join(TEMPLATES, templateFileName(type)))),
        { paragraphLoop: true, linebreaks: true },
      );
      fresh.render(fill.data);
      expect(ours).toBe(fresh.getZip().file("word/document.xml")!.asText());
      expect(ours).not.toMatch(/\{[^{}<>]*\}/); // no placeholder left
      // Values with XML characters and line breaks, outside and inside the loops.
      const odd = (v: string): string => `${v}&<"'>\n第二行`;
      const marked = Object.fromEntries(
        Object.entries(fill.data).map(([k, v]) => [
          k,
          typeof v === "string"
            ? odd(v)
            : Array.isArray(v)
              ? v.map((r) => Object.fromEntries(Object.entries(r).map(([f, x]) => [f, odd(x)])))
              : v,
        ]),
      );
      const reference = new Docxtemplater(
        new PizZip(await readFile(path.join(TEMPLATES, templateFileName(type)))),
        { paragraphLoop: true, linebreaks: true },
      );
      reference.render(marked);
      expect(await part(t.fill(marked))).toBe(
        reference.getZip().file("word/document.xml")!.asText(),
      );
      // Every loop empty: the rows and tables docxtemplater's join step drops, the same way.
      const empty = Object.fromEntries(
        Object.entries(fill.data).map(([k, v]) => [k, Array.isArray(v) ? [] : v]),
      );
      if (Object.values(fill.data).some(Array.isArray)) {
        const none = new Docxtemplater(
          new PizZip(await readFile(path.join(TEMPLATES, templateFileName(type)))),
          { paragraphLoop: true, linebreaks: true },
        );
        none.render(empty);
        expect(await part(t.fill(empty))).toBe(none.getZip().file("word/document.xml")!.asText());
      }
    }
  });

  it("refuses a template with an unknown placeholder, or without one the data needs", async () => {
    const source = await readFile(path.join(TEMPLATES, "通报批评.docx"));
    const edit = async (from: string, to: string): Promise<string> => {
      const zip = await JSZip.loadAsync(source);
      const xml = await zip.file("word/document.xml")!.async("string");
      expect(xml).toContain(from);
      zip.file("word/document.xml", xml.replace(from, to));
      const file = path.join(dir, `${Math.random()}.docx`);
      await writeFile(file, await zip.generateAsync({ type: "nodebuffer" }));
      return file;
    };
    const unknown = await edit("{单位数}个单位", "{单位数}个单位（{联系人}）");
    expect(() => DocxTemplate.load("通报批评", unknown)).toThrow(TemplateError);
    expect(() => DocxTemplate.load("通报批评", unknown)).toThrow(/未知的占位符：\{联系人\}/);
    const missing = await edit("{整改期限}前", "月底前");
    expect(() => DocxTemplate.load("通报批评", missing)).toThrow(/缺少占位符：\{整改期限\}/);
  });

  it("fills crafted templates as docxtemplater does where the fast fill merges pieces", async () => {
    // What the join and space-preserve steps treat specially, around values and loops: a
    // table followed by white space or a bookmark's end, content controls (whose rule looks
    // for runs), a cell and a content control a loop can leave empty, and text elements kept
    // with xml:space="preserve" that a value leaves empty or ends with a line break.
    const type = "年休假计划备案表";
    const row = "<w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>{填表人}</w:t></w:r></w:p></w:tc></w:tr>";
    const para = (t: string): string =>
      `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
    const loopParas = (inner: string): string =>
      `${para("{#人员}")}${para(inner)}${para("{/人员}")}`;
    const crafted = [
      `<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:p><w:r><w:t>{署名}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
      `\n  <w:bookmarkStart w:id="90" w:name="a"/>${para("{标题}")}`,
      `<w:tbl><w:tblPr/><w:tblGrid/>${row}</w:tbl><w:bookmarkEnd w:id="90"/>`,
      `<w:bookmarkStart w:id="91" w:name="b"/><w:bookmarkEnd w:id="91"/>${para("{填表人}")}`,
      `<w:p><w:sdt><w:sdtPr/><w:sdtContent><w:bookmarkStart w:id="92" w:name="c"/>`,
      `<w:r><w:t xml:space="preserve">{署名}</w:t></w:r></w:sdtContent></w:sdt></w:p>`,
      `<w:sdt><w:sdtPr/><w:sdtContent>${loopParas("{姓名}")}</w:sdtContent></w:sdt>`,
      `<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:tcPr/>${loopParas("{序号}{姓名}")}</w:tc></w:tr></w:tbl>`,
      `<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:p><w:r><w:t>{#人员}{姓名}</w:t></w:r></w:p></w:tc>`,
      `<w:tc><w:p><w:r><w:t>{序号}{/人员}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
      `<w:p><w:r><w:t xml:space="preserve">{标题}</w:t><w:t xml:space="preserve">{署名}{填表人}</w:t></w:r></w:p>`,
    ].join("");
    const zip = await JSZip.loadAsync(await readFile(path.join(TEMPLATES, templateFileName(type))));
    const xml = await zip.file("word/document.xml")!.async("string");
    const at = xml.lastIndexOf("<w:sectPr");
    zip.file("word/document.xml", xml.slice(0, at) + crafted + xml.slice(at));
    const bytes = await zip.generateAsync({ type: "nodebuffer" });
    const file = path.join(dir, "crafted.docx");
    await writeFile(file, bytes);
    const t = DocxTemplate.load(type, file);
    const base = sampleModels().find((m) => m.template?.template === type)!.template!.data;
    const people = base.人员 as Record<string, string>[];
    const variants: (typeof base)[] = [
      base,
      { ...base, 人员: [] },
      { ...base, 署名: "", 标题: " ", 填表人: "甲\n" },
      { ...base, 署名: "\n", 标题: "乙\n\n丙", 填表人: "" },
      {
        ...base,
        人员: people.slice(0, 3).map((r, i) => ({ ...r, 姓名: ["", " ", "丁\n"][i], 序号: "" })),
      },
    ];
    for (const data of variants) {
      const fast = t.fastParts;
      const ours = await part(t.fill(data));
      expect(t.fastParts - fast, "filled without docxtemplater's render").toBe(t.templatedParts);
      const reference = new Docxtemplater(new PizZip(bytes), {
        paragraphLoop: true,
        linebreaks: true,
      });
      reference.render(data);
      expect(ours).toBe(reference.getZip().file("word/document.xml")!.asText());
    }
  });
});

describe("cadre-care templates and docs --templates", () => {
  it("a sentence added to the county's 通报批评 template is in the 通报批评 it generates", async () => {
    const io = memoryIO(new Date("2026-12-01T10:00:00+08:00"));
    const mine = path.join(dir, "模板");
    expect(await templatesCommand({ out: mine }, io)).toBe(0);
    expect((await readdir(mine)).sort()).toEqual(DOCUMENT_TYPES.map(templateFileName).sort());

    // The county's edit, as Word would save it: a sentence after the opening paragraph.
    const sentence = "请各单位对照检查，举一反三，切实抓好整改落实。";
    const file = path.join(mine, "通报批评.docx");
    const zip = await JSZip.loadAsync(await readFile(file));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("现予以通报批评。");
    zip.file("word/document.xml", xml.replace("现予以通报批评。", `现予以通报批评。${sentence}`));
    await writeFile(file, await zip.generateAsync({ type: "nodebuffer" }));

    const book = path.join(dir, "台账.xlsx");
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    await wb.save(book);
    const out = path.join(dir, "docs");
    const run = memoryIO(new Date("2026-12-01T10:00:00+08:00"));
    await docsCommand(book, { out, date: "2026-12-01", templates: mine }, run);
    expect(run.errors).toEqual([]);
    const list = JSON.parse(await readFile(path.join(out, "documents.json"), "utf8")) as {
      type: string;
      file: string;
    }[];
    const notice = list.find((e) => e.type === "通报批评")!;
    const text = (await part(await readFile(path.join(out, notice.file)))).replace(/<[^>]+>/g, "");
    expect(text).toContain(`现予以通报批评。${sentence}`);
    // The other documents come from the same folder, unchanged.
    const filing = list.find((e) => e.type === "奖金发放审批表")!;
    expect(
      (await part(await readFile(path.join(out, filing.file)))).replace(/<[^>]+>/g, ""),
    ).not.toContain(sentence);

    // A broken template is one Chinese error naming the placeholder, before any document.
    const broken = await JSZip.loadAsync(await readFile(file));
    const bx = await broken.file("word/document.xml")!.async("string");
    broken.file("word/document.xml", bx.replace("{整改期限}", "{整改日期}"));
    await writeFile(file, await broken.generateAsync({ type: "nodebuffer" }));
    const bad = memoryIO(new Date("2026-12-01T10:00:00+08:00"));
    await expect(
      docsCommand(book, { out, date: "2026-12-01", templates: mine }, bad),
    ).rejects.toThrow(/通报批评\.docx.*未知的占位符：\{整改日期\}/);
  });
});

/** What docxtemplater's join step is given for a document body. */
const config = {
  fileTypeConfig: fileTypeConfig.docx(),
  contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
};

describe("mergeRuns", () => {
  it("merges only pieces whose runs docxtemplater's join and space-preserve steps mend alike", () => {
    const pre = '<w:t xml:space="preserve">';
    const br = `</w:t></w:r><w:r><w:br/></w:r><w:r>${pre}`;
    const cell = ["<w:tc>", "<w:tcPr/>", "<w:p>", "<w:r>", pre, "值", "</w:t>", "</w:r>", "</w:p>"];
    const table = ["<w:tbl>", "<w:tr>", ...cell, "</w:tc>", "</w:tr>", "</w:tbl>"];
    const cases: string[][] = [
      // A value left empty, or ending with a line break, between text tags kept with spaces.
      ["<w:p>", "<w:r>", pre, "", "</w:t>", "</w:r>", "</w:p>"],
      ["<w:p>", "<w:r>", pre, "甲", br, "", "</w:t>", "</w:r>", "</w:p>"],
      // What follows a table: white space, a bookmark's end, an empty piece, plain text.
      [...table, "\n  ", '<w:bookmarkStart w:id="1"/>', "乙", "<w:p>"],
      [...table, '<w:bookmarkEnd w:id="1"/>', '<w:bookmarkStart w:id="2"/>', "丙"],
      [...table, "", "丁", "</w:body>"],
      [...table, "", "<w:p>", "己", "</w:p>"],
      // A piece that ends a table without being its end tag, the table rule not in play.
      ["<w:p>", "a", "b</w:tbl>", "c", "<w:bookmarkStart/>"],
      // A content control whose run comes after a bookmark; one a loop left empty.
      [
        "<w:sdtContent>",
        '<w:bookmarkStart w:id="3"/>',
        "<w:r>",
        pre,
        "戊",
        "</w:t>",
        "</w:r>",
        "</w:sdtContent>",
      ],
      [
        "<w:sdtContent>",
        '<w:bookmarkStart w:id="4"/>',
        '<w:bookmarkEnd w:id="4"/>',
        "</w:sdtContent>",
      ],
      // A cell whose paragraph comes after its properties; one without a paragraph.
      [
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        "<w:tcPr/>",
        "<w:tcW/>",
        "<w:p>",
        "</w:p>",
        "</w:tc>",
        "<w:tc>",
        "<w:tcPr/>",
        "<w:tcW/>",
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
      ],
    ];
    const steps = spacePreserve();
    const finish = (pieces: string[]): string[] => [
      (docxtemplaterJoin(steps.postrender([...pieces]), config) as string[]).join(""),
      (steps.postrender(docxtemplaterJoin([...pieces], config)) as string[]).join(""),
    ];
    let merged = 0;
    for (const pieces of cases) {
      const runs = mergeRuns(pieces, config);
      expect(runs.join("")).toBe(pieces.join(""));
      expect(finish(runs), JSON.stringify(pieces)).toEqual(finish(pieces));
      merged += pieces.length - runs.length;
    }
    expect(merged).toBeGreaterThan(20);
  });
});

describe("joinUncorrupt", () => {
  it("mends rendered pieces as docxtemplater's own join step does", () => {
    const p = ["<w:p>", "<w:r>", "<w:t>", "文字", "</w:t>", "</w:r>", "</w:p>"];
    const cases: string[][] = [
      // A cell a loop left without its paragraph; one that kept it.
      [
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        "<w:tcPr>",
        "</w:tcPr>",
        "</w:tc>",
        "<w:tc>",
        ...p,
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
        ...p,
      ],
      // A row without cells, a table without rows, then text right after a table.
      [
        "<w:tbl>",
        "<w:tr>",
        "<w:trPr/>",
        "</w:tr>",
        "</w:tbl>",
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        ...p,
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
        '<w:bookmarkEnd w:id="0"/>',
        "  ",
        "<w:r>",
      ],
      // A self-closing cell, an empty content control, a table that ends the body.
      [
        "<w:tbl>",
        "<w:tr>",
        "<w:tc/>",
        "<w:tc>",
        ...p,
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
        "<w:sdt>",
        "<w:sdtContent>",
        "</w:sdtContent>",
        "</w:sdt>",
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
        "<w:sectPr>",
      ],
      // Long pieces: a whole rendered row as one string beside the tags.
      [
        "<w:tbl>",
        `<w:tr><w:tc>${"<w:p><w:r><w:t>行</w:t></w:r></w:p>".repeat(200)}</w:tc></w:tr>`,
        "<w:tr>",
        "<w:tc>",
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
        "尾",
      ],
    ];
    for (const pieces of cases) {
      expect(joinUncorrupt([...pieces], config)).toEqual(docxtemplaterJoin([...pieces], config));
    }
    // A piece kept as bytes is passed through.
    const bytes = new Uint8Array([60, 119]);
    for (const pieces of [
      ["<w:tbl>", bytes, "</w:tbl>"],
      [
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        "<w:tcPr>",
        bytes,
        "</w:tcPr>",
        "</w:tc>",
        "</w:tr>",
        "</w:tbl>",
      ],
    ]) {
      expect(joinUncorrupt([...pieces], config)).toEqual(docxtemplaterJoin([...pieces], config));
    }
  });
});
