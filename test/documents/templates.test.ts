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
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOCUMENT_TYPES, SKELETONS } from "../../src/documents/builders";
import { renderDocx } from "../../src/local/docx";
import {
  DocxTemplate,
  TemplateError,
  joinUncorrupt,
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
      expect(t.fastParts, `${type}: filled without docxtemplater's render`).toBeGreaterThan(fast);
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

describe("joinUncorrupt", () => {
  it("mends rendered pieces as docxtemplater's own join step does", () => {
    const config = {
      fileTypeConfig: fileTypeConfig.docx(),
      contentType:
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    };
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
