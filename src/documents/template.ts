/**
 * Document templates, pure: each document type's layout is a DocumentModel whose texts carry
 * placeholders ({标题}, {单位数}, loops {#逾期事项}…{/逾期事项} over table rows, sections
 * {#有绿色通道}…{/有绿色通道} over whole paragraphs and tables). The .docx templates in
 * templates/ are rendered from these skeletons once (scripts/make-templates.ts) and filled by
 * docxtemplater (src/local/docxTemplate.ts); `fillModel` fills the same skeleton into a plain
 * DocumentModel for the renderers that draw a model (Google Docs), so both say the same words.
 *
 * Placeholder syntax is docxtemplater's: {名称} a value, {#名称}…{/名称} a loop (a list of
 * records) or a section (true/false), inside a loop the record's fields and then the outer ones.
 */
import type { Day } from "../rules/dates";
import type { Block, DocumentModel, TableBlock } from "./model";

export type TemplateRecord = Record<string, string>;
export type TemplateValue = string | boolean | TemplateRecord[];
export type TemplateData = Record<string, TemplateValue>;

/** What a filled document carries for a template engine: the template's type and the data. */
export interface TemplateFill {
  template: string;
  data: TemplateData;
}

/** Placeholders every template may use for the closing (filled by the renderers' conventions). */
export const CLOSING_FIELDS = {
  signature: "署名",
  signaturePad: "署名前空",
  date: "成文日期",
  datePad: "日期前空",
  printedOn: "印发日期",
} as const;

const TAG = /\{([#/^]?)([^{}]+)\}/g;

/** Every placeholder name a text uses (loop and section names included). */
export function tagsOf(text: string): string[] {
  return [...text.matchAll(TAG)].map((m) => m[2].trim());
}

function texts(block: Block): string[] {
  if (block.kind === "table") {
    return [...block.header, ...block.rows.flat(), ...(block.totalRow ?? [])];
  }
  return [block.text];
}

/** Every placeholder name of a skeleton, in order of first use. */
export function skeletonTags(skeleton: DocumentModel): string[] {
  const all: string[] = [];
  const add = (t: string | null | undefined) => {
    if (t) all.push(...tagsOf(t));
  };
  add(skeleton.issuer);
  add(skeleton.number);
  add(skeleton.title);
  add(skeleton.recipients);
  for (const b of skeleton.blocks) for (const t of texts(b)) add(t);
  skeleton.attachments.forEach(add);
  add(skeleton.signature);
  skeleton.copyTo.forEach(add);
  add(skeleton.printedBy);
  return [...new Set(all)];
}

/**
 * Every placeholder the .docx template of a skeleton holds: the skeleton's own and the closing
 * the renderer writes ({署名前空}{署名}, {日期前空}{成文日期}, {印发日期} under a 版记).
 */
export function templateTags(skeleton: DocumentModel): string[] {
  const f = CLOSING_FIELDS;
  const closing: string[] = [f.signaturePad, f.date, f.datePad];
  if (skeleton.printedBy !== null) closing.push(f.printedOn);
  return [...new Set([...skeletonTags(skeleton), f.signature, ...closing])];
}

/**
 * What is wrong with the placeholders a template uses (`used`) for its type, in Chinese, or
 * null: one it does not know, or one the data needs that it lacks. The same rule and wording
 * for the .docx templates and the template Google Docs; `restore` says how to get it back.
 */
export function placeholderProblem(
  type: string,
  name: string,
  used: Iterable<string>,
  skeleton: DocumentModel,
  restore: string,
): string | null {
  const known = templateTags(skeleton);
  const seen = new Set(used);
  const list = (tags: string[]) => tags.map((t) => `{${t}}`).join("、");
  const unknown = [...seen].filter((t) => !known.includes(t));
  if (unknown.length > 0) {
    return `文档模板“${name}”中有未知的占位符：${list(unknown)}。${type}可用的占位符：${list(known)}`;
  }
  const missing = known.filter((t) => !seen.has(t));
  if (missing.length > 0) {
    return `文档模板“${name}”缺少占位符：${list(missing)}（${type}的数据需要它们）。${restore}`;
  }
  return null;
}

type Scope = (name: string) => TemplateValue | undefined;

function substitute(text: string, scope: Scope, where: string): string {
  return text.replace(TAG, (_, kind: string, raw: string) => {
    const name = raw.trim();
    if (kind) throw new Error(`${where}：占位符{${kind}${name}}只能单独成段或位于表格行的首尾`);
    const value = scope(name);
    if (typeof value !== "string") throw new Error(`${where}：缺少占位符{${name}}的数据`);
    return value;
  });
}

const LOOP_START = /^\{#([^{}]+)\}/;
const LOOP_END = /\{\/([^{}]+)\}$/;

function fillRows(rows: string[][], scope: Scope, where: string): string[][] {
  const out: string[][] = [];
  for (const row of rows) {
    const start = row.length ? LOOP_START.exec(row[0]) : null;
    const end = row.length ? LOOP_END.exec(row[row.length - 1]) : null;
    if (start && end && start[1].trim() === end[1].trim()) {
      const name = start[1].trim();
      const list = scope(name);
      if (!Array.isArray(list)) throw new Error(`${where}：缺少表格循环{#${name}}的数据`);
      const cells = row.map((c, i) => {
        let t = c;
        if (i === 0) t = t.slice(start[0].length);
        if (i === row.length - 1) t = t.slice(0, t.length - end[0].length);
        return t;
      });
      for (const record of list) {
        const inner: Scope = (n) => (n in record ? record[n] : scope(n));
        out.push(cells.map((c) => substitute(c, inner, where)));
      }
    } else {
      out.push(row.map((c) => substitute(c, scope, where)));
    }
  }
  return out;
}

/** Whether a section {#名称}…{/名称} shows: true, a non-empty list or a non-empty text. */
export function truthy(value: TemplateValue | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value === true || (typeof value === "string" && value !== "");
}

function fillBlocks(blocks: Block[], scope: Scope, where: string): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const open = b.kind === "paragraph" ? /^\{#([^{}]+)\}$/.exec(b.text.trim()) : null;
    if (open) {
      const name = open[1].trim();
      const close = blocks.findIndex(
        (c, j) => j > i && c.kind === "paragraph" && c.text.trim() === `{/${name}}`,
      );
      if (close < 0) throw new Error(`${where}：段落{#${name}}没有对应的{/${name}}`);
      if (truthy(scope(name))) out.push(...fillBlocks(blocks.slice(i + 1, close), scope, where));
      i = close;
      continue;
    }
    if (b.kind === "table") {
      const t: TableBlock = {
        ...b,
        header: b.header.map((h) => substitute(h, scope, where)),
        rows: fillRows(b.rows, scope, where),
        ...(b.totalRow ? { totalRow: b.totalRow.map((c) => substitute(c, scope, where)) } : {}),
      };
      out.push(t);
    } else {
      out.push({ ...b, text: substitute(b.text, scope, where) });
    }
  }
  return out;
}

/**
 * The skeleton filled with `data`: a plain DocumentModel (no placeholder left) that carries
 * `template` so a template engine can fill the .docx template with the same data instead.
 * The closing (署名, 成文日期, 印发日期) comes from `closing`, not from padded data fields.
 */
export function fillModel(
  skeleton: DocumentModel,
  template: string,
  data: TemplateData,
  closing: { date: Day; printedOn: Day | null },
): DocumentModel {
  const where = `文档“${template}”`;
  const scope: Scope = (n) => data[n];
  const text = (t: string | null): string | null =>
    t === null ? null : substitute(t, scope, where);
  return {
    ...skeleton,
    issuer: text(skeleton.issuer),
    number: text(skeleton.number),
    title: substitute(skeleton.title, scope, where),
    recipients: skeleton.recipients === undefined ? undefined : text(skeleton.recipients),
    blocks: fillBlocks(skeleton.blocks, scope, where),
    attachments: skeleton.attachments.map((a) => substitute(a, scope, where)),
    signature: substitute(skeleton.signature, scope, where),
    copyTo: skeleton.copyTo.map((c) => substitute(c, scope, where)),
    printedBy: text(skeleton.printedBy),
    date: closing.date,
    printedOn: closing.printedOn,
    template: { template, data },
  };
}

/** A filled model with its 发文字号 set, in the model and in the template data alike. */
export function withNumber(model: DocumentModel, number: string | null): DocumentModel {
  const fill = model.template;
  return {
    ...model,
    number,
    ...(fill ? { template: { ...fill, data: { ...fill.data, 发文字号: number ?? "" } } } : {}),
  };
}
