/**
 * The document model the DocumentApp fake (./googleDocs.ts) and the Docs API fake share, and
 * the Docs API's view of it: a Google Doc's body as a list of paragraphs and tables, each
 * paragraph a list of text runs with their text style, so that a test sees DocumentApp's
 * appends and the Docs API's edits on one document.
 *
 * Indexes as the Docs API counts them
 * (https://developers.google.com/docs/api/concepts/structure: "the body's content begins with
 * a section break", start and end indexes in UTF-16 code units; a paragraph its text and its
 * newline; a table one index for itself, one per row and one per cell before the cell's
 * paragraphs): body.content[0] is a section break (0–1), then one structural element per
 * DocumentApp body child, in order. That one-to-one mapping of DocumentApp's body children
 * (Paragraph, ListItem, Table: https://developers.google.com/apps-script/reference/document/body
 * "A Body may contain ListItem, Paragraph, Table, and TableOfContents elements") onto the
 * structural elements of body.content other than section breaks is an assumption no Google
 * page states in so many words: a list item is a paragraph with a bullet in the Docs API, a
 * page break (DocumentApp's PageBreak inside its own paragraph) a pageBreak paragraph element of
 * one index. The deployment checklist (docs/) asks for it to be checked once on a real Doc.
 *
 * `apply()` runs a batchUpdate's requests in order, each on the result of the last
 * (https://developers.google.com/docs/api/reference/rest/v1/documents/batchUpdate), and
 * refuses what the API refuses for these kinds: an index outside any paragraph, a range across
 * paragraphs that is not whole top-level elements, deleting the newline before a table
 * ("You cannot delete the newline character before a Table", DeleteContentRangeRequest).
 * insertText: "the text style for the inserted text will match the text immediately before
 * the insertion index" (InsertTextRequest); at a paragraph's start, the text after it.
 */
import type { DocsElement, DocsRequest } from "../../src/gas/docsFill";

export type TextStyle = Record<string, unknown>;
export interface FakeRun {
  text: string;
  style: TextStyle;
}
export interface FakeParagraph {
  type: "paragraph";
  runs: FakeRun[];
  /** Paragraph attributes (DocumentApp setAttributes). */
  attributes: Record<string, unknown>;
  /** The paragraph holds a page break before its text (Body.appendPageBreak). */
  pageBreak?: boolean;
  /** A list item (Body.appendListItem). */
  listItem?: boolean;
}
export interface FakeCell {
  paragraphs: FakeParagraph[];
}
export interface FakeTable {
  type: "table";
  rows: FakeCell[][];
}
export type FakeElement = FakeParagraph | FakeTable;

/** What a .docx converted to a Google Doc holds (test/fakes/drive.ts `converted`). */
export type FakeBlock = { text: string } | { rows: string[][] };

export function paragraph(text: string, style: TextStyle = {}): FakeParagraph {
  return { type: "paragraph", runs: text ? [{ text, style }] : [], attributes: {} };
}

export function fromBlocks(blocks: readonly FakeBlock[]): FakeElement[] {
  return blocks.map((b) =>
    "text" in b
      ? paragraph(b.text)
      : { type: "table", rows: b.rows.map((r) => r.map((c) => ({ paragraphs: [paragraph(c)] }))) },
  );
}

export const textOf = (p: FakeParagraph): string => p.runs.map((r) => r.text).join("");

/** Blocks again: a paragraph's text, a table's cell texts (paragraphs joined by \n). */
export function toBlocks(elements: readonly FakeElement[]): FakeBlock[] {
  return elements.map((e) =>
    e.type === "paragraph"
      ? { text: textOf(e) }
      : { rows: e.rows.map((r) => r.map((c) => c.paragraphs.map(textOf).join("\n"))) },
  );
}

export function cloneElement<T extends FakeElement>(e: T): T {
  return structuredClone(e);
}

interface Located {
  p: FakeParagraph;
  start: number;
  end: number;
  /** The top-level element holding it. */
  top: number;
}

/** A run list as characters with styles, and back. */
function chars(p: FakeParagraph): { ch: string; style: TextStyle }[] {
  return p.runs.flatMap((r) => [...r.text].map((ch) => ({ ch, style: r.style })));
}
function setChars(p: FakeParagraph, cs: { ch: string; style: TextStyle }[]): void {
  const runs: FakeRun[] = [];
  for (const c of cs) {
    const last = runs[runs.length - 1];
    if (last && JSON.stringify(last.style) === JSON.stringify(c.style)) last.text += c.ch;
    else runs.push({ text: c.ch, style: c.style });
  }
  p.runs = runs;
}

/** The Docs API over a body (a FakeDoc's elements), for documents.get and batchUpdate. */
export class DocsView {
  constructor(private readonly body: () => FakeElement[]) {}

  /** documents.get(id).body.content */
  content(): DocsElement[] {
    const out: DocsElement[] = [{ endIndex: 1, sectionBreak: {} }];
    let at = 1;
    const para = (p: FakeParagraph): DocsElement => {
      const start = at;
      const elements: NonNullable<NonNullable<DocsElement["paragraph"]>["elements"]> = [];
      if (p.pageBreak) {
        elements.push({ startIndex: at, endIndex: at + 1 });
        at += 1;
      }
      const runs = p.runs.length ? p.runs : [{ text: "", style: {} }];
      runs.forEach((r, i) => {
        const content = i === runs.length - 1 ? `${r.text}\n` : r.text;
        elements.push({
          startIndex: at,
          endIndex: at + content.length,
          textRun: { content, textStyle: r.style },
        });
        at += content.length;
      });
      return { startIndex: start, endIndex: at, paragraph: { elements } };
    };
    for (const e of this.body()) {
      if (e.type === "paragraph") {
        out.push(para(e));
        continue;
      }
      const start = at++;
      const tableRows = e.rows.map((row) => {
        const rowStart = at++;
        const tableCells = row.map((cell) => {
          const cellStart = at++;
          const content = cell.paragraphs.map(para);
          return { startIndex: cellStart, endIndex: at, content };
        });
        return { startIndex: rowStart, endIndex: at, tableCells };
      });
      out.push({ startIndex: start, endIndex: at, table: { tableRows } });
    }
    return out;
  }

  /** Every paragraph with its index range (the newline included). */
  private paragraphs(): Located[] {
    const out: Located[] = [];
    let at = 1;
    const length = (p: FakeParagraph) => (p.pageBreak ? 1 : 0) + textOf(p).length + 1;
    this.body().forEach((e, top) => {
      if (e.type === "paragraph") {
        out.push({ p: e, start: at, end: at + length(e), top });
        at += length(e);
        return;
      }
      at++;
      for (const row of e.rows) {
        at++;
        for (const cell of row) {
          at++;
          for (const p of cell.paragraphs) {
            out.push({ p, start: at, end: at + length(p), top });
            at += length(p);
          }
        }
      }
    });
    return out;
  }

  /** Top-level elements with their index ranges. */
  private tops(): { start: number; end: number }[] {
    return this.content()
      .slice(1)
      .map((e) => ({ start: e.startIndex!, end: e.endIndex! }));
  }

  apply(requests: DocsRequest[]): void {
    for (const r of requests) this.one(r);
  }

  private textOffset(l: Located, index: number): number {
    return index - l.start - (l.p.pageBreak ? 1 : 0);
  }

  private one(r: DocsRequest): void {
    const [kind, body] = Object.entries(r)[0] as [string, Record<string, any>];
    if (kind === "insertText") {
      const index: number = body.location.index;
      const text: string = body.text;
      if (text.includes("\n"))
        throw new Error("fake Docs: insertText of a newline (a new paragraph)");
      const l = this.paragraphs().find((x) => x.start <= index && index < x.end);
      if (!l) throw new Error(`insertText: index ${index} is not inside a paragraph`);
      const off = this.textOffset(l, index);
      if (off < 0) throw new Error(`insertText: index ${index} is the page break`);
      const cs = chars(l.p);
      const style = (cs[off - 1] ?? cs[off])?.style ?? {};
      cs.splice(off, 0, ...[...text].map((ch) => ({ ch, style })));
      setChars(l.p, cs);
      return;
    }
    if (kind === "deleteContentRange") {
      const { startIndex, endIndex } = body.range as { startIndex: number; endIndex: number };
      if (!(endIndex > startIndex)) throw new Error(`deleteContentRange: empty range`);
      const within = this.paragraphs().find((x) => x.start <= startIndex && endIndex <= x.end - 1);
      if (within) {
        const off = this.textOffset(within, startIndex);
        if (off < 0) throw new Error("deleteContentRange: the page break");
        const cs = chars(within.p);
        cs.splice(off, endIndex - startIndex);
        setChars(within.p, cs);
        return;
      }
      const tops = this.tops();
      const first = tops.findIndex((e) => e.start === startIndex);
      const last = tops.findIndex((e) => e.end === endIndex);
      if (first < 0 || last < first) {
        throw new Error(`deleteContentRange ${startIndex}–${endIndex}: not whole elements`);
      }
      const elements = this.body();
      if (elements[last + 1]?.type === "table" && elements[last].type === "paragraph") {
        throw new Error("deleteContentRange: the newline before a table");
      }
      if (last === elements.length - 1) {
        throw new Error("deleteContentRange: the last newline of the body");
      }
      elements.splice(first, last - first + 1);
      return;
    }
    if (kind === "insertTableRow" || kind === "deleteTableRow") {
      const loc = body.tableCellLocation;
      const tops = this.tops();
      const i = tops.findIndex((e) => e.start === loc.tableStartLocation.index);
      const table = this.body()[i];
      if (i < 0 || table.type !== "table") throw new Error(`${kind}: no table at that index`);
      const row: number = loc.rowIndex;
      if (row >= table.rows.length) throw new Error(`${kind}: no row ${row}`);
      if (kind === "deleteTableRow") table.rows.splice(row, 1);
      else {
        // A new row of empty cells, each with one empty paragraph.
        const empty = table.rows[row].map(() => ({
          paragraphs: [{ type: "paragraph" as const, runs: [], attributes: {} }],
        }));
        table.rows.splice(body.insertBelow ? row + 1 : row, 0, empty);
      }
      return;
    }
    if (kind === "updateTextStyle") {
      const { startIndex, endIndex } = body.range as { startIndex: number; endIndex: number };
      const l = this.paragraphs().find((x) => x.start <= startIndex && endIndex <= x.end - 1);
      if (!l) throw new Error(`updateTextStyle ${startIndex}–${endIndex}: not in one paragraph`);
      if (body.fields !== "*") throw new Error("fake Docs: updateTextStyle fields other than *");
      const off = this.textOffset(l, startIndex);
      const cs = chars(l.p);
      for (let k = off; k < off + endIndex - startIndex; k++)
        cs[k] = { ...cs[k], style: body.textStyle };
      setChars(l.p, cs);
      return;
    }
    throw new Error(`fake Docs: unsupported request ${kind}`);
  }
}
