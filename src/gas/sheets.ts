/**
 * The Workbook port over Google Sheets (SpreadsheetApp). Reads are one getDataRange().getValues()
 * per sheet; writes are one setValues per block, so the number of service calls does not grow
 * with the number of rows. `ensureSheet` applies a SheetSpec idempotently: headers, frozen row,
 * widths, number formats, dropdowns, warning-only protection of computed columns, the one
 * formula per computed column in row 2, conditional formatting and defaults.
 *
 * The pure helpers at the top (column letters, the overdue rule, header notes, text guarding)
 * are shared with the xlsx adapter so both workbooks look the same.
 */
import type { Cell, Grid } from "../records/cells";
import type { SheetSpec } from "../records/spec";
import type { Workbook } from "../workflows/ports";
import { ERROR_PREFIX } from "../rules/errors";
import { SHEET, headerFormula, headerOfFormula } from "../records/schema";
import { columnLetter } from "../records/codec";
import { fromSheetZone, isProjectZone, toSheetZone } from "./timezone";
import {
  COLORS,
  SYSTEM_MARK,
  completeHeaders,
  headerNote,
  isDeadlineColumn,
  overdueCondition,
  trimTrailingRows,
} from "../records/layout";

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

/** The part of SpreadsheetApp the adapter uses (injected so tests can pass the fake). */
export type SpreadsheetServices = Pick<
  GoogleAppsScript.Spreadsheet.SpreadsheetApp,
  "newDataValidation" | "newConditionalFormatRule" | "BooleanCriteria" | "ProtectionType"
>;

// ---------------------------------------------------------------------------------------------
// Sheets-only helpers (what both adapters share is in src/records/layout.ts)

/** Prefix of the description of every protection this system owns. */
export const PROTECTION_PREFIX = "cadre-care:";

/**
 * True when Sheets would not keep this string as typed text: formulas (= + - @), numbers,
 * dates, percentages, booleans, or a leading apostrophe (which Sheets would strip). Such strings
 * are written with a leading apostrophe so the cell holds exactly the text.
 */
export function needsTextGuard(text: string): boolean {
  return /^\s*[=+\-@'0-9０-９.$¥￥(（%]/.test(text) || /^\s*(true|false)\s*$/i.test(text);
}

/** A cell as setValues should receive it. */
export function toSheetValue(value: Cell): string | number | boolean | Date {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value !== "" && needsTextGuard(value) ? "'" + value : value;
  return value;
}

function fromSheetValue(value: unknown): Cell {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (value instanceof Date) return value;
  return String(value);
}

/** Sheet name quoted for an A1 reference: '人员'!A2:A. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Rough pixels for a width in characters. */
function widthInPixels(chars: number): number {
  return Math.max(40, Math.round(chars * 8 + 10));
}

// ---------------------------------------------------------------------------------------------

export class SheetsWorkbook implements Workbook {
  /**
   * `services` defaults to the SpreadsheetApp global; `specOf` gives the spec of another sheet
   * a formula refers to, so a reference to a sheet not yet set up points where its column will
   * be (default: the schema).
   */
  constructor(
    private readonly ss: Spreadsheet,
    private readonly services?: SpreadsheetServices,
    private readonly specOf: (name: string) => SheetSpec | undefined = (name) => SHEET[name],
  ) {}

  private zone: string | null = null;

  /** The spreadsheet's time zone, read once; Dates cross the edge in it (./timezone.ts). */
  private timeZone(): string {
    if (this.zone === null) this.zone = this.ss.getSpreadsheetTimeZone();
    return this.zone;
  }

  private app(): SpreadsheetServices {
    if (this.services) return this.services;
    if (typeof SpreadsheetApp === "undefined") throw new Error("SpreadsheetApp 不可用");
    return SpreadsheetApp;
  }

  private sheet(name: string): Sheet {
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) throw new Error(`工作表“${name}”不存在，请先运行“初始化/检查表格”`);
    return sheet;
  }

  sheetNames(): string[] {
    return this.ss.getSheets().map((s) => s.getName());
  }

  readSheet(name: string): Grid | null {
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) return null;
    const raw = sheet.getDataRange().getValues();
    const spec = this.specOf(name);
    const shown = new Set(raw[0]?.map((v) => String(v).trim()));
    // A computed column's header is its formula's first row: while Sheets is still computing
    // it (or the formula fails), the formula says the name. Read only when one is missing.
    if (raw.length > 0 && spec?.columns.some((c) => c.formula && !shown.has(c.name)))
      raw[0] = this.headerCells(sheet, raw[0]);
    const zone = this.timeZone();
    const shift = !isProjectZone(zone);
    const grid: Grid = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const line = raw[i];
      const row: Cell[] = new Array(line.length);
      for (let j = 0; j < line.length; j++) {
        const v = fromSheetValue(line[j]);
        row[j] = shift && v instanceof Date ? fromSheetZone(v, zone) : v;
      }
      grid[i] = row;
    }
    return trimTrailingRows(grid);
  }

  writeRange(sheetName: string, row: number, column: number, values: Grid): void {
    if (values.length === 0) return;
    const width = values.reduce((w, r) => Math.max(w, r.length), 0);
    if (width === 0) return;
    const sheet = this.sheet(sheetName);
    this.fit(sheet, row + values.length - 1, column + width - 1);
    const zone = this.timeZone();
    const shift = !isProjectZone(zone);
    const out = values.map((r) => {
      const line: (string | number | boolean | Date)[] = new Array(width);
      for (let j = 0; j < width; j++) {
        const v = toSheetValue(r[j]);
        line[j] = shift && v instanceof Date ? toSheetZone(v, zone) : v;
      }
      return line;
    });
    sheet.getRange(row, column, values.length, width).setValues(out);
  }

  appendRows(sheetName: string, rows: Grid): void {
    if (rows.length === 0) return;
    const sheet = this.sheet(sheetName);
    const last = sheet.getLastRow();
    this.writeRange(sheetName, last + 1, 1, rows);
  }

  /** Grow the sheet so that (rows, columns) lies inside it (Sheets rejects ranges outside). */
  private fit(sheet: Sheet, rows: number, columns: number): void {
    const maxRows = sheet.getMaxRows();
    if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
    const maxColumns = sheet.getMaxColumns();
    if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
  }

  private headerRow(sheet: Sheet): string[] {
    const lastColumn = sheet.getLastColumn();
    if (lastColumn === 0) return [];
    return this.headerCells(sheet, sheet.getRange(1, 1, 1, lastColumn).getValues()[0]).map((v) =>
      String(v ?? "").trim(),
    );
  }

  /**
   * Row 1 as read, with the header of each computed column taken from its anchored formula
   * (headerFormula): getValues gives the header text once Sheets has computed the formula, but
   * "Loading…" or an error while it computes, and the columns must still be found by name.
   */
  private headerCells<T>(sheet: Sheet, values: T[]): (T | string)[] {
    if (values.length === 0) return values;
    const formulas = sheet.getRange(1, 1, 1, values.length).getFormulas()[0];
    return values.map((v, i) => (formulas[i] ? (headerOfFormula(formulas[i]) ?? v) : v));
  }

  ensureSheet(spec: SheetSpec): void {
    const app = this.app();
    const sheet = this.ss.getSheetByName(spec.name) ?? this.ss.insertSheet(spec.name);

    // Headers: keep the ones present where they are, append the missing ones.
    const existing = this.headerRow(sheet);
    const { headers, added, positions } = completeHeaders(existing, spec);
    const firstNew = headers.length - added.length + 1;
    this.fit(sheet, 2, headers.length);
    if (added.length > 0) {
      sheet.getRange(1, firstNew, 1, added.length).setValues([added.map((h) => toSheetValue(h))]);
    }
    const width = headers.length;
    const maxRows = sheet.getMaxRows();
    const lastRow = sheet.getLastRow();
    const column = (name: string): number => positions.get(name) as number;
    const body = (c: number): Range => sheet.getRange(2, c, maxRows - 1, 1);

    // Header look: bold, grey for input columns and blue for computed ones, notes.
    const headerRange = sheet.getRange(1, 1, 1, width);
    headerRange.setFontWeight("bold");
    const backgrounds = headerRange.getBackgrounds()[0].slice();
    const notes = headerRange.getNotes()[0].slice();
    for (const col of spec.columns) {
      const i = column(col.name) - 1;
      backgrounds[i] = col.computed ? COLORS.computedHeader : COLORS.inputHeader;
      notes[i] = headerNote(col);
    }
    headerRange.setBackgrounds([backgrounds]);
    headerRange.setNotes([notes]);
    sheet.setFrozenRows(1);

    for (const col of spec.columns) {
      const c = column(col.name);
      sheet.setColumnWidth(c, widthInPixels(col.width));
      if (col.format) body(c).setNumberFormat(col.format);
      if (col.kind === "enum" && col.options && col.options.length > 0) {
        const rule = app
          .newDataValidation()
          .requireValueInList([...col.options], true)
          .setAllowInvalid(!!col.allowOther)
          .setHelpText(
            col.allowOther
              ? `可从列表选择，也可填写其他内容`
              : `请从列表中选择：${col.options.join("、")}`,
          )
          .build();
        body(c).setDataValidation(rule);
      }
    }

    this.protectComputed(sheet, spec, column, maxRows);
    this.formatConditionally(sheet, spec, headers, column, maxRows);
    this.placeFormulas(sheet, spec, headers, column, lastRow);

    // Defaults, only into a sheet without data rows.
    if (spec.defaults && spec.defaults.length > 0 && lastRow <= 1) {
      const rows = spec.defaults.map((d) => {
        const line: (string | number | boolean | Date)[] = new Array(width).fill("");
        spec.columns.forEach((col, i) => {
          if (i < d.length) line[column(col.name) - 1] = toSheetValue(d[i]);
        });
        return line;
      });
      this.fit(sheet, rows.length + 1, width);
      sheet.getRange(2, 1, rows.length, width).setValues(rows);
    }
  }

  /** One warning-only protection per computed column, found again by its description. */
  private protectComputed(
    sheet: Sheet,
    spec: SheetSpec,
    column: (name: string) => number,
    maxRows: number,
  ): void {
    const app = this.app();
    const prefix = `${PROTECTION_PREFIX}${spec.name}:`;
    const wanted = new Map<string, number>();
    for (const col of spec.columns)
      if (col.computed) wanted.set(prefix + col.name, column(col.name));
    const seen = new Set<string>();
    for (const protection of sheet.getProtections(app.ProtectionType.RANGE)) {
      const description = protection.getDescription();
      if (!description.startsWith(PROTECTION_PREFIX)) continue;
      const c = wanted.get(description);
      if (c === undefined || seen.has(description)) {
        if (description.startsWith(prefix)) protection.remove();
        continue;
      }
      seen.add(description);
      const range = protection.getRange();
      if (
        range.getColumn() !== c ||
        range.getNumColumns() !== 1 ||
        range.getRow() !== 1 ||
        range.getNumRows() !== maxRows
      ) {
        protection.setRange(sheet.getRange(1, c, maxRows, 1));
      }
      if (!protection.isWarningOnly()) protection.setWarningOnly(true);
    }
    for (const [description, c] of wanted) {
      if (seen.has(description)) continue;
      sheet.getRange(1, c, maxRows, 1).protect().setDescription(description).setWarningOnly(true);
    }
  }

  /** Replace this system's conditional format rules; users' own rules are kept. */
  private formatConditionally(
    sheet: Sheet,
    spec: SheetSpec,
    headers: string[],
    column: (name: string) => number,
    maxRows: number,
  ): void {
    const app = this.app();
    const startsWith = String(app.BooleanCriteria.TEXT_STARTS_WITH);
    const customFormula = String(app.BooleanCriteria.CUSTOM_FORMULA);
    const isOurs = (rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): boolean => {
      const condition = rule.getBooleanCondition();
      if (!condition) return false;
      const type = String(condition.getCriteriaType());
      const values = condition.getCriteriaValues();
      if (type === startsWith) return values[0] === ERROR_PREFIX;
      if (type === customFormula) return String(values[0]).includes(SYSTEM_MARK);
      return false;
    };
    const body = (c: number): Range => sheet.getRange(2, c, maxRows - 1, 1);
    const ours: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] = [];
    const computed = spec.columns.filter((c) => c.computed).map((c) => body(column(c.name)));
    if (computed.length > 0) {
      ours.push(
        app
          .newConditionalFormatRule()
          .whenTextStartsWith(ERROR_PREFIX)
          .setBackground(COLORS.errorFill)
          .setFontColor(COLORS.errorFont)
          .setRanges(computed)
          .build(),
      );
    }
    for (const col of spec.columns) {
      if (col.kind !== "date" || !isDeadlineColumn(col.name)) continue;
      const c = column(col.name);
      ours.push(
        app
          .newConditionalFormatRule()
          .whenFormulaSatisfied("=" + overdueCondition(headers, c))
          .setBackground(COLORS.overdueFill)
          .setFontColor(COLORS.overdueFont)
          .setRanges([body(c)])
          .build(),
      );
    }
    const existing = sheet.getConditionalFormatRules();
    const users = existing.filter((r) => !isOurs(r));
    if (ours.length === 0 && users.length === existing.length) return;
    sheet.setConditionalFormatRules(ours.concat(users));
  }

  /**
   * The header cell of each computed column with a formula gets that formula (headerFormula:
   * an array formula whose first row is the header text), so sorting, inserting rows and
   * deleting row 2 leave it in place. The rest of a computed column belongs to the system:
   * when the formula is (re)placed, rows below it are cleared so the array result can fill
   * them (a row-2 formula of an earlier version included). Input columns are never touched.
   */
  private placeFormulas(
    sheet: Sheet,
    spec: SheetSpec,
    headers: string[],
    column: (name: string) => number,
    lastRow: number,
  ): void {
    const withFormula = spec.columns.filter((c) => c.computed && c.formula);
    if (withFormula.length === 0) return;
    const otherHeaders = new Map<string, string[]>();
    const ref = (name: string, sheetName?: string): string => {
      if (sheetName === undefined || sheetName === spec.name) {
        const i = headers.indexOf(name);
        if (i < 0) throw new Error(`设置公式失败：工作表“${spec.name}”中没有列“${name}”`);
        const l = columnLetter(i + 1);
        return `${l}1:${l}`;
      }
      let other = otherHeaders.get(sheetName);
      if (!other) {
        const found = this.ss.getSheetByName(sheetName);
        const present = found ? this.headerRow(found) : [];
        const otherSpec = this.specOf(sheetName);
        other = otherSpec ? completeHeaders(present, otherSpec).headers : present;
        otherHeaders.set(sheetName, other);
      }
      const i = other.indexOf(name);
      if (i < 0) throw new Error(`设置公式失败：工作表“${sheetName}”中没有列“${name}”`);
      const l = columnLetter(i + 1);
      return `${quoteSheetName(sheetName)}!${l}1:${l}`;
    };
    for (const col of withFormula) {
      const c = column(col.name);
      const formula = headerFormula(spec, col, ref);
      const cell = sheet.getRange(1, c);
      if (cell.getFormula() === formula) continue;
      if (lastRow > 1) sheet.getRange(2, c, lastRow - 1, 1).clearContent();
      cell.setFormula(formula);
    }
  }
}
