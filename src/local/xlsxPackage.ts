/**
 * The parts of an .xlsx package (Office Open XML, ECMA-376 part 1) that a save by patching
 * needs: which worksheet part holds which sheet, which cell styles show dates, and a worksheet
 * rewritten with new values in some cells and every other byte kept as it was.
 *
 * Every function here is pure (strings in, strings out). Each says no (returns null) to
 * anything outside the plain layout that Excel, WPS and exceljs write; the caller then saves
 * through the full exceljs model instead, so an unusual file is slower, never damaged.
 */
import type { Cell } from "../records/cells";
import { columnLetter } from "../records/codec";
import { SHANGHAI_OFFSET_MS } from "../rules/dates";

/** New values by sheet row, then by column (both 1-based, as users see them). */
export type CellPatch = Map<number, Map<number, Cell>>;

export interface SheetPart {
  name: string;
  /** Path of the worksheet part inside the zip, e.g. xl/worksheets/sheet1.xml. */
  path: string;
}

const XML_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Decode the five XML entities and numeric character references. */
export function decodeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return XML_ENTITIES[ref.toLowerCase()] ?? whole;
    const code =
      ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return String.fromCodePoint(code);
  });
}

/** Characters XML 1.0 cannot carry at all (control characters other than tab, LF and CR). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Text escaped for element content; null when it holds characters XML cannot carry. */
export function escapeXmlText(text: string): string | null {
  if (NOT_XML.test(text)) return null;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The attributes of a start tag's inside (`r="A1" s="3"`), names as written. */
export function parseAttributes(inside: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of inside.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(m[1], decodeXml(m[2] ?? m[3] ?? ""));
  }
  return attributes;
}

/** The part a relationship target points to, from the folder of the part that owns it. */
function resolveTarget(fromFolder: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : fromFolder + target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

/** Relationship targets by id, resolved against `fromFolder` ("xl/" for the workbook). */
export function relationshipTargets(relsXml: string, fromFolder: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const a = parseAttributes(m[1]);
    const id = a.get("Id");
    const target = a.get("Target");
    if (id && target && a.get("TargetMode") !== "External") {
      targets.set(id, resolveTarget(fromFolder, target));
    }
  }
  return targets;
}

/** The workbook's sheets in order with their parts; null when a sheet has no worksheet part. */
export function workbookSheets(workbookXml: string, relsXml: string): SheetPart[] | null {
  const targets = relationshipTargets(relsXml, "xl/");
  const sheets: SheetPart[] = [];
  for (const m of workbookXml.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
    const a = parseAttributes(m[1]);
    const name = a.get("name");
    const id = a.get("r:id");
    const path = id ? targets.get(id) : undefined;
    if (!name || !path || !/^xl\/worksheets\/sheet\d+\.xml$/.test(path)) return null;
    sheets.push({ name, path });
  }
  return sheets;
}

/** Whether the workbook counts dates from 1904 (old Mac Excel) instead of 1900. */
export function usesDate1904(workbookXml: string): boolean {
  const pr = /<workbookPr\b([^>]*?)\/?>/.exec(workbookXml);
  if (!pr) return false;
  const value = parseAttributes(pr[1]).get("date1904");
  return value === "1" || value === "true";
}

/**
 * Built-in number formats exceljs reads as dates (14–22, 45–47). The CJK date formats 27–36
 * and 50–58 depend on the locale and exceljs reads them as plain numbers; so does this.
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a number format code shows a date or time, by exceljs's rule (utils.isDateFmt). */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(bare);
}

/**
 * For each cell style (index into cellXfs), whether exceljs reads its numbers as dates.
 * Style 0 never does (exceljs ignores it), so a date is never written into it either.
 */
export function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<numFmt\b([^>]*?)\/?>/g)) {
    const a = parseAttributes(m[1]);
    custom.set(Number(a.get("numFmtId")), a.get("formatCode") ?? "");
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml);
  if (!cellXfs) return [];
  const styles: boolean[] = [];
  for (const m of cellXfs[1].matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(parseAttributes(m[1]).get("numFmtId") ?? 0);
    const code = custom.get(id);
    styles.push(
      styles.length > 0 &&
        (code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateFormatCode(code)),
    );
  }
  return styles;
}

/** Column number from the letters of a cell reference ("AB12" → 28); 0 when malformed. */
export function columnFromRef(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  if (i === 0 || i > 3 || i === ref.length) return 0;
  for (let j = i; j < ref.length; j++) {
    const code = ref.charCodeAt(j);
    if (code < 48 || code > 57) return 0;
  }
  return n;
}

/** The default style of each column from `<cols>` (columns people never formatted are absent). */
function columnStyles(sheetXml: string): Map<number, string> {
  const styles = new Map<number, string>();
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(sheetXml);
  if (!cols) return styles;
  for (const m of cols[1].matchAll(/<col\b([^>]*?)\/?>/g)) {
    const a = parseAttributes(m[1]);
    const style = a.get("style");
    const min = Number(a.get("min"));
    const max = Math.min(Number(a.get("max")), min + 16_384);
    if (!style || !(min >= 1)) continue;
    for (let c = min; c <= max; c++) styles.set(c, style);
  }
  return styles;
}

/** What reading and patching cells need from the workbook: which styles are dates, and how dates count. */
export interface StyleContext {
  /** From `dateStyles`: which cell styles show a date. */
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** Excel's serial day number of a Date at midnight Asia/Shanghai (1900 or 1904 system). */
export function serialFromDate(value: Date, date1904: boolean): number {
  return (value.getTime() + SHANGHAI_OFFSET_MS) / 86_400_000 + 25_569 - (date1904 ? 1_462 : 0);
}

/** One cell's XML, or "" for an empty cell without style; null when it cannot be written. */
function cellXml(
  ref: string,
  style: string | undefined,
  value: Cell,
  ctx: StyleContext,
): string | null {
  const s = style === undefined ? "" : ` s="${style}"`;
  if (value === null || value === undefined || value === "") return s ? `<c r="${ref}"${s}/>` : "";
  if (typeof value === "number") {
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : null;
  }
  if (typeof value === "boolean") return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) {
    // A date keeps the cell's date format; a cell without one needs a new style: full save.
    if (Number.isNaN(value.getTime()) || style === undefined || !ctx.dateStyles[Number(style)])
      return null;
    return `<c r="${ref}"${s}><v>${serialFromDate(value, ctx.date1904)}</v></c>`;
  }
  const text = escapeXmlText(String(value));
  if (text === null) return null;
  // Inline text, never a formula: "=HYPERLINK(…)" stays the characters people see.
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
}

/** XML this scanner does not take (character data sections, comments); such parts fall back. */
const UNSUPPORTED_XML = /<!\[CDATA\[|<!--/;

const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

/** One attribute of a start tag's inside, decoded; undefined when absent. */
function attribute(inside: string, name: string): string | undefined {
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const m = pattern.exec(inside);
  return m ? decodeXml(m[1] ?? m[2] ?? "") : undefined;
}

/**
 * The text of a string item (`<si>` or `<is>`) as exceljs reads it: its `<t>` or its rich-text
 * runs joined, phonetic guides left out, and Excel's _xHHHH_ escapes decoded.
 */
function itemText(inner: string): string {
  let text = "";
  const visible = inner.includes("<rPh") ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : inner;
  for (const t of visible.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) {
    text += decodeXml(t[1] ?? "").replace(/_x([0-9A-F]{4})_/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  }
  return text;
}

/** The shared string table; null when the part uses XML this scanner does not take. */
export function readSharedStrings(xml: string): string[] | null {
  if (UNSUPPORTED_XML.test(xml)) return null;
  const strings: string[] = [];
  for (const m of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
    strings.push(itemText(m[1] ?? ""));
  }
  return strings;
}

/** The value exceljs would give a `<c>` element (before `fromExcel`); null for an unusable one. */
function cellValue(
  inside: string,
  inner: string,
  strings: readonly string[],
  ctx: StyleContext,
): ExcelValue | undefined {
  const type = attribute(inside, "t") ?? "n";
  const v = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(inner)?.[1];
  const style = Number(attribute(inside, "s") ?? 0);
  const asNumber = (text: string): ExcelValue => {
    const n = parseFloat(text);
    return ctx.dateStyles[style] ? dateFromSerial(n, ctx.date1904) : n;
  };
  if (/<f\b/.test(inner)) {
    // A formula: its cached result, as exceljs reads it.
    if (v === undefined) return null;
    if (type === "str") return decodeXml(v);
    if (type === "b") return parseInt(v, 10) !== 0;
    if (type === "e") return null;
    return asNumber(v);
  }
  switch (type) {
    case "s": {
      if (v === undefined) return null;
      const text = strings[parseInt(v, 10)];
      return text === undefined ? undefined : text;
    }
    case "inlineStr": {
      const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
      return is ? itemText(is[1]) : null;
    }
    case "str":
      return v === undefined ? null : decodeXml(v);
    case "b":
      return v === undefined ? null : parseInt(v, 10) !== 0;
    case "e":
      return null;
    case "n":
      return v === undefined ? null : asNumber(v);
    default:
      return undefined; // ISO dates (t="d") and the like: leave them to exceljs
  }
}

/** What exceljs hands for a cell value, in the forms this reader produces. */
type ExcelValue = number | string | boolean | Date | null;

/** exceljs's excelToDate: the serial as a wall-clock instant taken as UTC. */
function dateFromSerial(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1_462 : 0)) * 86_400_000));
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/y;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/y;
const SPACE = /\s*/y;

/** Match `pattern` (sticky) at `at`, or null. */
function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** Skip white space from `at`. */
function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/** Where the rows are: the `<sheetData>` start tag and the span between it and its end tag. */
interface SheetData {
  /** Index of `<sheetData`. */
  tag: number;
  /** Index just after the start tag. */
  start: number;
  /** Index of `</sheetData>` (= start for `<sheetData/>`). */
  end: number;
  selfClosing: boolean;
}

function sheetData(xml: string): SheetData | null {
  const open = /<sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) return null;
  const start = open.index + open[0].length;
  const selfClosing = open[1] === "/";
  const end = selfClosing ? start : xml.indexOf("</sheetData>", start);
  if (end < 0 || UNSUPPORTED_XML.test(xml.slice(start, end))) return null;
  return { tag: open.index, start, end, selfClosing };
}

/**
 * Visit every `<row>` of the sheet data in order (number, start-tag attributes, content, and
 * the whole element). A row without `r` follows the previous one. False when something other
 * than rows in ascending order is there, or when `visit` returns false.
 */
function eachRow(
  xml: string,
  data: SheetData,
  visit: (row: number, attributes: string, content: string, whole: string) => boolean,
): boolean {
  let at = data.start;
  let previous = 0;
  while (true) {
    at = skipSpace(xml, at);
    if (at >= data.end) return true;
    const m = matchAt(ROW, xml, at);
    if (!m || ROW.lastIndex > data.end) return false;
    at = ROW.lastIndex;
    const r = attribute(m[1], "r");
    const row = r === undefined ? previous + 1 : Number(r);
    if (!Number.isInteger(row) || row <= previous) return false;
    previous = row;
    if (!visit(row, m[1], m[2] ?? "", m[0])) return false;
  }
}

/**
 * Visit every `<c>` of a row's content in order (column, start-tag attributes, inner XML, the
 * whole element). False when the row holds anything else (extLst) or columns out of order, or
 * when `visit` returns false.
 */
function eachCell(
  content: string,
  visit: (col: number, attributes: string, inner: string, whole: string) => boolean,
): boolean {
  let at = skipSpace(content, 0);
  let previous = 0;
  while (at < content.length) {
    const m = matchAt(CELL, content, at);
    if (!m) return false;
    at = skipSpace(content, CELL.lastIndex);
    const ref = attribute(m[1], "r");
    const col = ref === undefined ? previous + 1 : columnFromRef(ref);
    if (col <= previous) return false;
    previous = col;
    if (!visit(col, m[1], m[2] ?? "", m[0])) return false;
  }
  return true;
}

/**
 * Every row of a worksheet (index 0 = sheet row 1), each cell as `toCell` turns the value
 * exceljs would read; null when the sheet holds anything this scanner does not take (the
 * caller then reads the file with exceljs itself).
 */
export function readWorksheet<C>(
  xml: string,
  strings: readonly string[],
  ctx: StyleContext,
  toCell: (value: ExcelValue) => C | null,
): (C | null)[][] | null {
  const data = sheetData(xml);
  if (!data) return null;
  const rows: (C | null)[][] = [];
  const complete = eachRow(xml, data, (row, _attributes, content) => {
    const line: (C | null)[] = [];
    rows[row - 1] = line;
    return eachCell(content, (col, attributes, inner) => {
      const value = cellValue(attributes, inner, strings, ctx);
      if (value === undefined) return false;
      const cell = value === null ? null : toCell(value);
      if (cell !== null) line[col - 1] = cell;
      return true;
    });
  });
  return complete ? rows : null;
}

/** A row's XML with its patched cells; null when it cannot be patched safely. */
function patchRow(
  rowNumber: number,
  rowAttributes: string,
  content: string,
  patch: Map<number, Cell>,
  colStyles: Map<number, string>,
  ctx: StyleContext,
): string | null {
  const rowStyle =
    attribute(rowAttributes, "customFormat") === "1" ? attribute(rowAttributes, "s") : undefined;
  const cells: { col: number; xml: string }[] = [];
  const seen = new Set<number>();
  const scanned = eachCell(content, (col, attributes, inner, whole) => {
    seen.add(col);
    if (!patch.has(col)) {
      cells.push({ col, xml: whole });
      return true;
    }
    // A cell that anchors a shared or array formula would take other cells' formulas with it.
    if (/<f\b[^>]*\bt\s*=\s*["'](shared|array)["'][^>]*\bref\s*=/.test(inner)) return false;
    const xml = cellXml(
      `${columnLetter(col)}${rowNumber}`,
      attribute(attributes, "s"),
      patch.get(col),
      ctx,
    );
    if (xml === null) return false;
    if (xml) cells.push({ col, xml });
    return true;
  });
  if (!scanned) return null;
  for (const [col, value] of patch) {
    if (seen.has(col)) continue;
    const xml = cellXml(
      `${columnLetter(col)}${rowNumber}`,
      rowStyle ?? colStyles.get(col),
      value,
      ctx,
    );
    if (xml === null) return null;
    if (xml) cells.push({ col, xml });
  }
  cells.sort((x, y) => x.col - y.col);
  // spans is only a hint for readers; it is dropped rather than kept wrong.
  const kept = rowAttributes
    .replace(/\s+r\s*=\s*("[^"]*"|'[^']*')/, "")
    .replace(/\s+spans\s*=\s*("[^"]*"|'[^']*')/, "");
  const body = cells.map((c) => c.xml).join("");
  return body ? `<row r="${rowNumber}"${kept}>${body}</row>` : `<row r="${rowNumber}"${kept}/>`;
}

/**
 * The worksheet XML with the patched cells rewritten and every other byte as it was; null
 * when the sheet holds anything this cannot rewrite safely (the caller then does a full save).
 * A patched cell keeps its style; a new cell takes its row's or column's style, as Excel would
 * show it. Strings are written as inline text, never as formulas.
 */
export function patchWorksheet(xml: string, patch: CellPatch, ctx: StyleContext): string | null {
  const data = sheetData(xml);
  if (!data) return null;
  const colStyles = columnStyles(xml);
  const pending = [...patch.keys()].sort((a, b) => a - b);
  let next = 0;
  const pieces: string[] = [];
  /** The new rows numbered below `limit`, in order. */
  const addNewRowsBefore = (limit: number): boolean => {
    while (next < pending.length && pending[next] < limit) {
      const r = pending[next++];
      const row = patchRow(r, "", "", patch.get(r) as Map<number, Cell>, colStyles, ctx);
      if (row === null) return false;
      if (row !== `<row r="${r}"/>`) pieces.push(row);
    }
    return true;
  };
  const complete = eachRow(xml, data, (row, attributes, content, whole) => {
    if (!addNewRowsBefore(row)) return false;
    const changes = patch.get(row);
    if (!changes) {
      pieces.push(whole);
      return true;
    }
    next++;
    const patched = patchRow(row, attributes, content, changes, colStyles, ctx);
    if (patched === null) return false;
    pieces.push(patched);
    return true;
  });
  if (!complete || !addNewRowsBefore(Number.POSITIVE_INFINITY)) return null;

  const head = data.selfClosing ? xml.slice(0, data.tag) + "<sheetData>" : xml.slice(0, data.start);
  const tail = data.selfClosing ? "</sheetData>" + xml.slice(data.start) : xml.slice(data.end);
  return widenDimension(head, patch) + pieces.join("") + tail;
}

/** The `<dimension ref>` in `head` grown to cover every non-empty patched cell. */
function widenDimension(head: string, patch: CellPatch): string {
  const m = /<dimension\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"[^>]*\/>/.exec(head);
  if (!m) return head;
  const [, c1, r1, c2 = c1, r2 = r1] = m;
  let lastCol = columnFromRef(`${c2}1`);
  let lastRow = Number(r2);
  for (const [r, cells] of patch) {
    for (const [c, v] of cells) {
      if (v === null || v === undefined || v === "") continue;
      if (r > lastRow) lastRow = r;
      if (c > lastCol) lastCol = c;
    }
  }
  const ref = `${c1}${r1}:${columnLetter(lastCol)}${lastRow}`;
  return head.slice(0, m.index) + `<dimension ref="${ref}"/>` + head.slice(m.index + m[0].length);
}

/** [Content_Types].xml and the workbook's relationships without the calculation chain. */
export function withoutCalcChain(
  contentTypes: string,
  workbookRels: string,
): { contentTypes: string; workbookRels: string } {
  return {
    contentTypes: contentTypes.replace(
      /<Override\b[^>]*PartName="\/xl\/calcChain\.xml"[^>]*\/>/,
      "",
    ),
    workbookRels: workbookRels.replace(
      /<Relationship\b[^>]*Target="[^"]*calcChain\.xml"[^>]*\/>/,
      "",
    ),
  };
}
