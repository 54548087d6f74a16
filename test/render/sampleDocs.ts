/**
 * Every document the sample workbook gives (src/sample) on a date, filled from the built-in
 * .docx templates (or a county's copies) and written into a folder: what the rendering test
 * and scripts/measure-docs.ts render with LibreOffice.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { publishDocuments } from "../../src/workflows/publish";
import type { DocumentSink } from "../../src/workflows/ports";
import type { DocumentModel } from "../../src/documents/model";
import { buildSample } from "../../src/sample/sample";
import { type Day, dayFromYmd } from "../../src/rules/dates";
import { TemplateSet } from "../../src/local/docxTemplate";
import type { DocumentType } from "../../src/documents/builders";

export interface SampleDocument {
  type: DocumentType;
  model: DocumentModel;
  file: string;
}

export const SAMPLE_DOCS_DATE: Day = dayFromYmd(2026, 12, 1);

/** The sample's documents as .docx files in `dir` (`perType`: at most this many of a type). */
export function writeSampleDocuments(
  dir: string,
  options: { perType?: number; templatesDir?: string; date?: Day } = {},
): SampleDocument[] {
  const date = options.date ?? SAMPLE_DOCS_DATE;
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  computeWorkbook(wb, date);
  const docs: { type: DocumentType; model: DocumentModel; name: string }[] = [];
  const count = new Map<string, number>();
  const sink: DocumentSink = {
    write: (doc, fileName) => {
      const type = doc.template!.template as DocumentType;
      const n = count.get(type) ?? 0;
      if (n < (options.perType ?? Infinity)) {
        count.set(type, n + 1);
        docs.push({ type, model: doc, name: `${type}-${n + 1}` });
      }
      return fileName;
    },
  };
  publishDocuments(wb, sink, { date, now: new Date("2026-12-01T09:00:00+08:00") });
  const set = options.templatesDir ? new TemplateSet(options.templatesDir) : new TemplateSet();
  return docs.map(({ type, model, name }) => {
    const file = path.join(dir, `${name}.docx`);
    writeFileSync(file, set.get(type).fill(model.template!.data));
    return { type, model, file };
  });
}

/** A notice of 40 paragraphs of 90 characters: full pages of body text, drawn by renderDocx. */
export function longNotice(): DocumentModel {
  const sentence = "各单位要严格落实干部带薪年休假制度，统筹安排工作，确保干部应休尽休。";
  return {
    kind: "notice",
    issuer: "中共魏县县委组织部",
    number: "魏组〔2026〕9号",
    title: "关于落实干部带薪年休假制度的通知",
    recipients: "各乡镇党委，县直各单位：",
    blocks: Array.from({ length: 40 }, (_, i) => ({
      kind: "paragraph" as const,
      text: `${sentence}${sentence}第${i + 1}条${sentence}`,
    })),
    attachments: [],
    signature: "中共魏县县委组织部",
    date: dayFromYmd(2026, 12, 1),
    copyTo: ["县纪委监委"],
    printedBy: "中共魏县县委组织部办公室",
    printedOn: dayFromYmd(2026, 12, 1),
  };
}
