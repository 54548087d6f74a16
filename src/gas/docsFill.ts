/**
 * Filling copies of a template Google Doc through the Docs API, pure: from a Doc's body as
 * documents.get returns it and, for each section still holding the template's placeholders,
 * the range of body children it occupies and its TemplateData (the same data docxtemplater
 * fills the .docx with), the requests of documents.batchUpdate that fill every section.
 *
 * - A table row holding {#名称} at the start of its first cell and {/名称} at the end of its
 *   last is a loop: for n records, n − 1 empty rows are inserted below it (insertTableRow),
 *   each inserted cell gets its record's text (insertText) in the style of the template cell's
 *   text (updateTextStyle), and the row's own cells are filled with the first record's
 *   values; no record: the row is deleted (deleteTableRow).
 * - Paragraphs {#名称} and {/名称} alone mark a section: false, everything from the first to
 *   the second is deleted; true, only the two marker paragraphs are (only the marker's text
 *   when a table follows it: the API refuses to delete the newline before a table).
 * - A value {名称} is replaced where it stands, by index, never by replaceAllText (which would
 *   hit every section of a combined Doc): the value is inserted after the `{`, so it takes the
 *   placeholder's own text style ("the text style for the inserted text will match the text
 *   immediately before the insertion index",
 *   https://developers.google.com/docs/api/reference/rest/v1/documents/request#inserttextrequest),
 *   then the rest of the placeholder and the `{` are deleted. A line break in a value ("\n",
 *   the title's break) becomes a vertical tab, which Docs shows as a line break inside the
 *   paragraph, as docxtemplater's `linebreaks` option does in the .docx.
 *
 * Index arithmetic: the requests of a batch apply in order, each to the result of the last
 * (https://developers.google.com/docs/api/how-tos/best-practices#edit_backwards_for_efficiency:
 * "order your requests in descending order of index"), so every edit is sorted from the end of
 * the document to its start. Splitting that list into consecutive batches changes nothing, so
 * a long list goes out in chunks of FILL_CHUNK requests.
 *
 * Body children and body.content: DocumentApp's body children map one to one onto the
 * structural elements of body.content other than section breaks (the content starts with a
 * section break DocumentApp does not show); see the fake (test/fakes/docsApi.ts).
 */
import { truthy, type TemplateData, type TemplateValue } from "../documents/template";

export interface DocsParagraphElement {
  startIndex?: number;
  endIndex?: number;
  textRun?: { content?: string; textStyle?: Record<string, unknown> };
}
export interface DocsParagraph {
  elements?: DocsParagraphElement[];
}
export interface DocsTableCell {
  startIndex?: number;
  endIndex?: number;
  content?: DocsElement[];
}
export interface DocsTableRow {
  startIndex?: number;
  endIndex?: number;
  tableCells?: DocsTableCell[];
}
export interface DocsElement {
  startIndex?: number;
  endIndex?: number;
  paragraph?: DocsParagraph;
  table?: { tableRows?: DocsTableRow[] };
  sectionBreak?: unknown;
}

export type DocsRequest = Record<string, unknown>;

/** A section to fill: body children [from, to) of the Doc (DocumentApp's child indexes). */
export interface FillSection {
  from: number;
  to: number;
  data: TemplateData;
  /** For error messages: the document type. */
  template: string;
}

/**
 * Requests per documents.batchUpdate. The Docs API's limits are per request, not per edit:
 * 60 write requests per minute per user per project, 300 reads
 * (https://developers.google.com/docs/api/limits), and no limit on the edits in one
 * batchUpdate is documented; 500 edits keep a request's JSON body near 60 KB and a combined
 * Doc of 50 units at a few calls.
 */
export const FILL_CHUNK = 500;

const TAG = /\{([#/^]?)([^{}]+)\}/g;

interface Edit {
  /** Where it applies; edits are sent from the highest index down. */
  at: number;
  requests: DocsRequest[];
}

type Scope = (name: string) => TemplateValue | undefined;

interface Text {
  text: string;
  /** The document index of each character of `text`. */
  index: number[];
  /** The text style of each character. */
  style: Record<string, unknown>[];
}

/** A paragraph's text less its final newline, with each character's index and style. */
function textOf(p: DocsParagraph): Text {
  const out: Text = { text: "", index: [], style: [] };
  for (const e of p.elements!) {
    const content = e.textRun?.content;
    if (content === undefined) continue;
    for (let i = 0; i < content.length; i++) {
      out.text += content[i];
      out.index.push(e.startIndex! + i);
      out.style.push(e.textRun?.textStyle ?? {});
    }
  }
  if (out.text.endsWith("\n")) {
    out.text = out.text.slice(0, -1);
    out.index.pop();
    out.style.pop();
  }
  return out;
}

/** A placeholder's value, or the error naming it. */
function valueOf(scope: Scope, raw: string, where: string): string {
  const v = scope(raw.trim());
  if (typeof v !== "string") throw new Error(`${where}：缺少占位符{${raw.trim()}}的数据`);
  return v;
}

const range = (startIndex: number, endIndex: number): DocsRequest => ({
  deleteContentRange: { range: { startIndex, endIndex } },
});

const lineBreaks = (value: string): string => value.replace(/\r?\n/g, "\u000b");

/** The edits that fill the placeholders of `t` (markers {#x} {/x} deleted), last first. */
function valueEdits(t: Text, scope: Scope, where: string, edits: Edit[]): void {
  for (const m of [...t.text.matchAll(TAG)].reverse()) {
    const at = t.index[m.index!];
    const length = m[0].length;
    // A loop's markers go (the template check refuses them anywhere else).
    if (m[1]) {
      edits.push({ at, requests: [range(at, at + length)] });
      continue;
    }
    const text = lineBreaks(valueOf(scope, m[2], where));
    edits.push({
      at,
      requests: text
        ? [
            { insertText: { location: { index: at + 1 }, text } },
            range(at + 1 + text.length, at + text.length + length),
            range(at, at + 1),
          ]
        : [range(at, at + length)],
    });
  }
}

/** A cell's paragraphs as one text (the loop rule looks at a cell's whole text). */
function cellTexts(cell: DocsTableCell): Text[] {
  return cell.content!.filter((e) => e.paragraph).map((e) => textOf(e.paragraph!));
}

const LOOP_START = /^\{#([^{}]+)\}/;
const LOOP_END = /\{\/([^{}]+)\}$/;

function tableEdits(table: DocsElement, scope: Scope, where: string, edits: Edit[]): void {
  const rows = table.table!.tableRows!;
  rows.forEach((row, rowIndex) => {
    const cells = row.tableCells!.map(cellTexts);
    const first = cells[0]?.map((t) => t.text).join("\n") ?? "";
    const last = cells[cells.length - 1]?.map((t) => t.text).join("\n") ?? "";
    const start = LOOP_START.exec(first.trim());
    const end = LOOP_END.exec(last.trim());
    if (!start || !end || start[1].trim() !== end[1].trim()) {
      for (const cell of cells) for (const t of cell) valueEdits(t, scope, where, edits);
      return;
    }
    const name = start[1].trim();
    const list = scope(name);
    if (!Array.isArray(list)) throw new Error(`${where}：缺少表格循环{#${name}}的数据`);
    const location = {
      tableCellLocation: {
        tableStartLocation: { index: table.startIndex! },
        rowIndex,
        columnIndex: 0,
      },
    };
    const at = row.startIndex!;
    if (list.length === 0) {
      edits.push({ at, requests: [{ deleteTableRow: location }] });
      return;
    }
    const scopeOf =
      (i: number): Scope =>
      (n) =>
        n in list[i] ? list[i][n] : scope(n);
    const requests: DocsRequest[] = [];
    for (let i = 1; i < list.length; i++) {
      requests.push({ insertTableRow: { ...location, insertBelow: true } });
    }
    // An inserted row is empty: one index for the row, then for each cell one for the cell and
    // one for its empty paragraph's newline.
    const width = 1 + 2 * cells.length;
    const rowEnd = row.endIndex!;
    for (let i = list.length - 1; i >= 1; i--) {
      const rowStart = rowEnd + (i - 1) * width;
      for (let c = cells.length - 1; c >= 0; c--) {
        const source = cells[c].map((t) => t.text).join("\n");
        const text = lineBreaks(
          source.replace(TAG, (_, kind: string, raw: string) =>
            kind ? "" : valueOf(scopeOf(i), raw, where),
          ),
        );
        if (!text) continue;
        const index = rowStart + 2 + 2 * c;
        // The style of the template cell's first placeholder (else of its first character).
        const tag = source.search(TAG);
        const flat = cells[c].flatMap((t) => t.style);
        const textStyle = flat[Math.max(0, tag)] || {};
        requests.push({ insertText: { location: { index }, text } });
        requests.push({
          updateTextStyle: {
            range: { startIndex: index, endIndex: index + text.length },
            textStyle,
            fields: "*",
          },
        });
      }
    }
    const own: Edit[] = [];
    for (const cell of cells) for (const t of cell) valueEdits(t, scopeOf(0), where, own);
    own.sort((a, b) => b.at - a.at);
    edits.push({ at, requests: [...requests, ...own.flatMap((e) => e.requests)] });
  });
}

/** The edits that fill one section (its structural elements, in order). */
function sectionEdits(elements: DocsElement[], data: TemplateData, where: string): Edit[] {
  const edits: Edit[] = [];
  const scope: Scope = (n) => data[n];
  const open: { name: string; index: number }[] = [];
  elements.forEach((element, i) => {
    if (element.table) {
      tableEdits(element, scope, where, edits);
      return;
    }
    if (!element.paragraph) return;
    const t = textOf(element.paragraph);
    const marker = /^\{([#/])([^{}]+)\}$/.exec(t.text.trim());
    if (!marker) {
      valueEdits(t, scope, where, edits);
      return;
    }
    const name = marker[2].trim();
    if (marker[1] === "#") {
      open.push({ name, index: i });
      return;
    }
    // Pairs the template check has seen; a stray {/x} stays as it is.
    const start = open.pop();
    if (!start) return;
    const from = elements[start.index].startIndex!;
    const beforeTable = (k: number) => elements[k + 1]?.table !== undefined;
    const end = (k: number) => elements[k].endIndex! - (beforeTable(k) ? 1 : 0);
    if (truthy(data[name])) {
      edits.push({ at: element.startIndex!, requests: [range(element.startIndex!, end(i))] });
      edits.push({ at: from, requests: [range(from, end(start.index))] });
    } else {
      // Edits inside the section go with it.
      const to = end(i);
      for (let k = edits.length - 1; k >= 0; k--) {
        if (edits[k].at >= from && edits[k].at < to) edits.splice(k, 1);
      }
      edits.push({ at: from, requests: [range(from, to)] });
    }
  });
  return edits;
}

/**
 * The requests that fill `sections` of a Doc whose body.content is `content`, from the end of
 * the document to its start.
 */
export function fillRequests(content: DocsElement[], sections: FillSection[]): DocsRequest[] {
  const children = content.filter((e) => e.sectionBreak === undefined);
  const edits: Edit[] = [];
  for (const s of sections) {
    edits.push(...sectionEdits(children.slice(s.from, s.to), s.data, `文档模板“${s.template}”`));
  }
  edits.sort((a, b) => b.at - a.at);
  return edits.flatMap((e) => e.requests);
}

/** `requests` in consecutive batches of at most `size`. */
export function chunks<T>(requests: T[], size = FILL_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < requests.length; i += size) out.push(requests.slice(i, i + size));
  return out;
}
