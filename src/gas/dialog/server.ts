/**
 * The server side of the dialogs 导入放假通知, 导入人员名单, 新建年度 and 初始化/检查表格.
 *
 * Why the work is in the dialog: Apps Script loads the project's server code (.gs, here
 * dist/Code.js) for every execution, each custom-function call included, while an HTML file is
 * "HTML, CSS, and client-side JavaScript" that HtmlService serves to the user's browser (HTML
 * service guide, https://developers.google.com/apps-script/guides/html: "Within the HTML file,
 * you can write most standard HTML, CSS, and client-side JavaScript"; the dialog is shown by
 * "the showModalDialog() or showSidebar() methods of the Ui object"). So what runs only while an
 * administrator has one of these dialogs open — reading a pasted 放假通知, mapping and matching a
 * roster, planning a new year's rows, checking every row — is built into dist/*.html
 * (src/gas/dialog/client, the same use cases as the CLI) and costs the formulas nothing.
 *
 * The server keeps what needs the spreadsheet: `dialogRead` hands the dialog the sheets it asks
 * for, `dialogWrite` writes what the dialog's use case changed, `dialogSetup` sets the sheets up.
 * A browser is never trusted: the request is parsed with zod (./wire.ts), and each change is
 * checked against the sheet as it is now, the way a row typed by hand would be checked:
 * - only the input sheets a dialog writes, only their input columns (never a computed one);
 * - every value readable as its column says (dates, numbers, enums, text length);
 * - the record's key columns (src/records/keys.ts) filled, and no second row with the same key:
 *   a row the sheet has meanwhile is left out and reported, so a repeated import writes nothing;
 * - a 人员编号 or 单位 a row refers to must be in 人员 or 单位 (or added by the same write);
 * - a fill only writes a cell that is still blank: nothing typed is overwritten.
 * One appendRows (one setValues) per sheet, one write per filled cell, as the menu items did.
 */
import { type Cell, type Grid, isBlank, normalizeText, readText } from "../../records/cells";
import { decodeTable, encodeRow, headerColumns } from "../../records/codec";
import { RECORD_KEYS } from "../../records/keys";
import { readColumnValue } from "../../records/parse";
import { sheetSpec } from "../../records/schema";
import { InputError, isErrorText } from "../../rules/errors";
import { SUGGESTIONS, writeSuggestionRows } from "../../workflows/awards";
import { SheetsWorkbook } from "../sheets";
import { writeDashboard } from "../dashboard";
import { dayInTimeZone } from "../timezone";
import {
  type WireCell,
  type WireRead,
  type WireWritten,
  fromWire,
  gridToWire,
  readRequest,
  dashboardRequest,
  suggestionsRequest,
  writeRequest,
} from "./wire";

/** The input sheets a dialog may write (奖励: 接受奖励建议). */
const WRITABLE = [
  "人员",
  "单位",
  "节假日",
  "年休假",
  "考核",
  "年休假计划",
  "体检",
  "单位考核",
  "奖励",
];

/** The HTML files (dist/<name>.html) of the dialogs, by menu item. */
export const DIALOG_FILES = {
  holidays: "dialog-holidays",
  roster: "dialog-roster",
  newYear: "dialog-new-year",
  setup: "dialog-setup",
  recompute: "dialog-recompute",
  awards: "dialog-awards",
  unitsCreate: "dialog-units-create",
  unitsSync: "dialog-units-sync",
  remind: "dialog-remind",
  triggers: "dialog-triggers",
} as const;

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Show a dialog (an HTML file of the project) over the spreadsheet. */
export function showDialog(file: string, title: string, height = 560): void {
  const html = HtmlService.createHtmlOutputFromFile(file).setWidth(720).setHeight(height);
  SpreadsheetApp.getUi().showModalDialog(html, title);
}

/** google.script.run dialogRead(names): the sheet names, the active sheet, today, the sheets. */
export function dialogRead(ss: Spreadsheet, request: unknown): WireRead {
  const names = readRequest().parse(request);
  const book = new SheetsWorkbook(ss);
  const sheets: WireRead["sheets"] = {};
  for (const name of names) {
    const grid = book.readSheet(name);
    sheets[name] = grid ? gridToWire(grid) : null;
  }
  return {
    names: book.sheetNames(),
    active: ss.getActiveSheet()?.getName() ?? "",
    today: dayInTimeZone(new Date(), ss.getSpreadsheetTimeZone()).day,
    sheets,
  };
}

/** A cell as compared in a key: blank "", dates by day, text without spaces. */
function keyPart(sheet: string, column: string, value: Cell): string {
  if (isBlank(value)) return "";
  const col = sheetSpec(sheet).columns.find((c) => c.name === column);
  try {
    const v = col ? readColumnValue(col, value) : value;
    return typeof v === "string" ? normalizeText(v).replace(/\s/g, "") : String(v);
  } catch {
    return readText(value);
  }
}

const keyOf = (sheet: string, get: (c: string) => Cell): string =>
  (RECORD_KEYS[sheet] ?? []).map((c) => keyPart(sheet, c, get(c))).join("\u0001");

/**
 * A record a dialog sent, each value checked as a typed one would be: a column of `sheet` that
 * is not computed, the value readable as the column says (or, with `errorTexts`, the system's
 * own 错误： text, as 奖励建议 holds for a bonus that could not be computed).
 */
function checkedRecord(
  sheet: string,
  r: Record<string, WireCell>,
  errorTexts = false,
): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [column, wire] of Object.entries(r)) {
    const col = sheetSpec(sheet).columns.find((c) => c.name === column);
    if (!col || col.computed) throw new InputError(`「${sheet}」没有可填写的“${column}”列`);
    out[column] = fromWire(wire);
    if (!(errorTexts && isErrorText(out[column]))) readColumnValue(col, out[column]);
  }
  return out;
}

/** A dialog's changes, checked and written (see the module comment). */
export function dialogWrite(ss: Spreadsheet, request: unknown): WireWritten {
  const { ops } = writeRequest().parse(request);
  const book = new SheetsWorkbook(ss);
  const grids = new Map<string, Grid>();
  const gridOf = (sheet: string): Grid => {
    if (!WRITABLE.includes(sheet)) throw new InputError(`对话框不能写入「${sheet}」`);
    let grid = grids.get(sheet);
    if (!grid) {
      grid = book.readSheet(sheet) ?? [];
      if (!grid.length) throw new InputError(`缺少工作表「${sheet}」，请先运行“初始化/检查表格”`);
      grids.set(sheet, grid);
    }
    return grid;
  };
  const keys = new Map<string, Set<string>>();
  const known = (sheet: string): Set<string> => {
    let set = keys.get(sheet);
    if (!set) {
      set = new Set(
        decodeTable(sheetSpec(sheet), gridOf(sheet)).rows.map((r) => keyOf(sheet, r.get)),
      );
      keys.set(sheet, set);
    }
    return set;
  };
  // Every value is checked before anything is written: a write is all or nothing.
  const checked = ops.map((op) => {
    gridOf(op.sheet);
    const cells = (r: Record<string, WireCell>) => checkedRecord(op.sheet, r);
    if (op.op === "fill") {
      return { ...op, match: cells(op.match), value: cells({ [op.column]: op.value })[op.column] };
    }
    const records = op.records.map(cells);
    for (const r of records)
      for (const c of RECORD_KEYS[op.sheet] ?? [])
        if (isBlank(r[c])) throw new InputError(`「${op.sheet}」新增的行缺少“${c}”`);
    return { ...op, records };
  });

  const written: WireWritten = { appended: {}, filled: 0, skipped: [] };
  const rows = new Map<string, Cell[][]>();
  const refs: [target: string, value: Cell][] = [];
  for (const op of checked) {
    if (op.op !== "append") continue;
    const grid = gridOf(op.sheet);
    for (const r of op.records) {
      const key = keyOf(op.sheet, (c) => r[c] ?? null);
      if (known(op.sheet).has(key)) {
        written.skipped.push(`「${op.sheet}」已有 ${key.replace(/\u0001/g, " ")} 的行，未重复写入`);
        continue;
      }
      known(op.sheet).add(key);
      const list = rows.get(op.sheet) ?? [];
      rows.set(op.sheet, list);
      list.push(encodeRow(sheetSpec(op.sheet), grid[0], r));
      // A key naming a person or a unit refers to 人员 or 单位.
      for (const c of RECORD_KEYS[op.sheet] ?? []) {
        if (c === "人员编号" && op.sheet !== "人员") refs.push(["人员", r[c]]);
        if (c === "单位") refs.push(["单位", r[c]]);
      }
    }
  }
  for (const [target, value] of refs) {
    if (!known(target).has(keyPart(target, RECORD_KEYS[target][0], value)))
      throw new InputError(`新增的行引用的“${readText(value)}”不在「${target}」中`);
  }
  for (const [sheet, list] of rows) {
    book.appendRows(sheet, list);
    written.appended[sheet] = list.length;
  }
  // Fills find their row by its key: each sheet indexed once, key → data row (the first).
  const rowOf = new Map<string, Map<string, number>>();
  for (const op of checked) {
    if (op.op !== "fill") continue;
    const grid = gridOf(op.sheet);
    const columns = headerColumns(sheetSpec(op.sheet), grid[0]);
    let index = rowOf.get(op.sheet);
    if (!index) {
      index = new Map();
      const at = (RECORD_KEYS[op.sheet] ?? []).map((c) => [c, columns.get(c)] as const);
      for (let i = grid.length - 1; i > 0; i--) {
        const row = grid[i];
        index.set(
          at.map(([c, p]) => (p === undefined ? "" : keyPart(op.sheet, c, row[p]))).join("\u0001"),
          i,
        );
      }
      rowOf.set(op.sheet, index);
    }
    const match = keyOf(op.sheet, (c) => op.match[c] ?? null);
    const row = index.get(match);
    const at = columns.get(op.column);
    if (at === undefined || row === undefined || !isBlank(grid[row][at])) {
      written.skipped.push(
        `「${op.sheet}」${match.replace(/\u0001/g, " ")} 的“${op.column}”已有值或行已不在，未写入`,
      );
      continue;
    }
    book.writeRange(op.sheet, row + 1, at + 1, [[op.value]]);
    grid[row][at] = op.value;
    written.filled++;
  }
  return written;
}

/**
 * dialogSuggestions (重新计算): the 奖励建议 rows its dialog computed (awardSuggestions, as
 * `cadre-care compute` does) replace the rows of that system sheet. No other sheet is written;
 * each value must be readable as its column says, or be the system's own 错误： text (a bonus
 * that could not be computed), as awardSuggestions writes it.
 */
export function dialogSuggestions(ss: Spreadsheet, request: unknown): number {
  const { rows } = suggestionsRequest().parse(request);
  const records = rows.map((r) => checkedRecord(SUGGESTIONS, r, true));
  return writeSuggestionRows(new SheetsWorkbook(ss), records);
}

/**
 * dialogDashboard (初始化/检查表格): the 仪表盘 cells its page computed (dashboardGrid) are
 * written into that system sheet with its formats and charts (writeDashboard checks the shape).
 * Its cells are formulas and labels, what an editor could type into the sheet; no other sheet
 * is written.
 */
export function dialogDashboard(ss: Spreadsheet, request: unknown): null {
  writeDashboard(ss, dashboardRequest().parse(request).grid);
  return null;
}
