/**
 * The document model: plain data for one filing (备案表/审批表) or circulated notice
 * (通报表扬/通报批评), laid out by the renderers after GB/T 9704-2012 (党政机关公文格式).
 * Builders in src/documents produce it from the record; src/local/docx.ts and
 * src/gas/docs.ts render it. No I/O here.
 *
 * Every text is exactly what is printed: heading numbers ("一、", "（一）") are part of the
 * heading text (see `headingLabel` in ./numbering), so `documentText` sees what readers see.
 */
import { chineseDate, type Day } from "../rules/dates";
import type { TemplateFill } from "./template";

/** notice: circulated (通报表扬/通报批评); filing: a form sent to one office (备案表/审批表). */
export type DocumentKind = "notice" | "filing";

export type Alignment = "left" | "center" | "right" | "justify";

/** A body paragraph (3号仿宋, first line indented two characters unless `indent` is false). */
export interface ParagraphBlock {
  kind: "paragraph";
  /** A "\t" sets what follows flush right (填报单位……\t填报日期……). */
  text: string;
  /** Default "justify" (两端对齐). */
  align?: Alignment;
  /** First-line indent of two characters; default true. False for 顶格 lines such as 填报单位. */
  indent?: boolean;
}

/**
 * A structural heading: level 1 "一、" in 黑体, level 2 "（一）" in 楷体, levels 3 "1．" and
 * 4 "（1）" in 仿宋. The text includes its number.
 */
export interface HeadingBlock {
  kind: "heading";
  level: 1 | 2 | 3 | 4;
  text: string;
}

/** A table; the header row repeats on every page. All cells are text as printed. */
export interface TableBlock {
  kind: "table";
  header: string[];
  rows: string[][];
  /** Relative column widths (any positive numbers); equal widths when absent. */
  columnWidths?: number[];
  /** A last row (合计) printed in bold. */
  totalRow?: string[];
  /**
   * The whole table on one page (each row kept with the next), its header not repeated: the
   * approval rows of a 审批表, which a secretary never splits across a page break.
   */
  keepTogether?: boolean;
}

export type Block = ParagraphBlock | HeadingBlock | TableBlock;

export interface DocumentModel {
  kind: DocumentKind;
  /** 发文机关标志, printed in red at the top (e.g. 中共魏县县委组织部); null: no 版头 (forms). */
  issuer: string | null;
  /** 发文字号 such as 魏组〔2027〕3号, centred under the 发文机关标志; null for forms. */
  number: string | null;
  /** 标题, 2号小标宋, centred; "\n" breaks it where the meaning allows (梯形/菱形排列). */
  title: string;
  /** The year the document is about (年度), for the Drive folder; default the year of `date`. */
  year?: number;
  /** 主送机关, 顶格 with a closing full-width colon (e.g. 各乡镇党委，县直各单位：). */
  recipients?: string | null;
  blocks: Block[];
  /** 附件说明: attachment names, numbered 1．2． when there are several. */
  attachments: string[];
  /** 落款 (发文机关署名); empty string for none. */
  signature: string;
  /** 成文日期, printed 2027年3月31日. */
  date: Day;
  /** 抄送机关; empty for none. */
  copyTo: string[];
  /** 印发机关; null: no 版记 印发 line (forms). */
  printedBy: string | null;
  /** 印发日期; printed 2027年3月31日印发. */
  printedOn: Day | null;
  /**
   * The template this document was filled from and its data (see ./template): a renderer with
   * the .docx templates fills those; one that draws the model ignores it.
   */
  template?: TemplateFill;
}

/** The 附件说明 lines as printed: "附件：名称" or "附件：1．名称" and aligned followers. */
export function attachmentLines(attachments: string[]): string[] {
  if (attachments.length === 0) return [];
  if (attachments.length === 1) return [`附件：${attachments[0]}`];
  return attachments.map((name, i) => `${i === 0 ? "附件：" : "　　　"}${i + 1}．${name}`);
}

/** The 抄送 line of the 版记, or null when there is none. */
export function copyToLine(doc: DocumentModel): string | null {
  return doc.copyTo.length > 0 ? `抄送：${doc.copyTo.join("，")}。` : null;
}

/** The 印发 line parts (left: 印发机关, right: 印发日期), or null. */
export function printedLine(doc: DocumentModel): { by: string; on: string } | null {
  if (doc.printedBy === null || doc.printedOn === null) return null;
  return { by: doc.printedBy, on: `${chineseDate(doc.printedOn)}印发` };
}

/** Every text a reader of the rendered document sees, one piece per line. */
export function documentText(doc: DocumentModel): string {
  const lines: string[] = [];
  if (doc.issuer) lines.push(doc.issuer);
  if (doc.number) lines.push(doc.number);
  lines.push(...doc.title.split("\n"));
  if (doc.recipients) lines.push(doc.recipients);
  for (const block of doc.blocks) {
    if (block.kind === "table") {
      lines.push(block.header.join("\t"));
      for (const row of block.rows) lines.push(row.join("\t"));
      if (block.totalRow) lines.push(block.totalRow.join("\t"));
    } else {
      lines.push(block.text);
    }
  }
  lines.push(...attachmentLines(doc.attachments));
  if (doc.signature) lines.push(doc.signature);
  lines.push(chineseDate(doc.date));
  const copy = copyToLine(doc);
  if (copy) lines.push(copy);
  const printed = printedLine(doc);
  if (printed) lines.push(`${printed.by}\t${printed.on}`);
  return lines.join("\n");
}
