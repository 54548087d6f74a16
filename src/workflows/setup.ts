/**
 * Setup (menu 初始化/检查表格, `cadre-care init`): every sheet of the schema with its headers,
 * formats, dropdowns, protections and defaults. Idempotent: a second run changes nothing, and
 * values people typed are never touched (the adapters' ensureSheet guarantees both).
 */
import { type Cell, readText } from "../records/cells";
import { decodeTable, encodeRow } from "../records/codec";
import { hasAllHeaders } from "../records/layout";
import { CALCULATION_DATE_KEY, PARAM_DEFAULTS, SHEETS, sheetSpec } from "../records/schema";
import { type Day, isoFromDay } from "../rules/dates";
import type { Workbook } from "./ports";

export interface SetupResult {
  created: string[];
  completed: string[];
}

export function setupWorkbook(workbook: Workbook): SetupResult {
  const before = new Set(workbook.sheetNames());
  const result: SetupResult = { created: [], completed: [] };
  for (const spec of SHEETS) {
    workbook.ensureSheet(spec);
    (before.has(spec.name) ? result.completed : result.created).push(spec.name);
  }
  return result;
}

/** Input sheets the workbook lacks (system sheets are created on demand). */
export function missingSheets(workbook: Workbook): string[] {
  const present = new Set(workbook.sheetNames());
  return SHEETS.filter((s) => !s.system && !present.has(s.name)).map((s) => s.name);
}

/** Whether every sheet of the schema exists with all its headers (nothing for setup to add). */
export function layoutComplete(workbook: Workbook): boolean {
  return SHEETS.every((spec) => {
    const header = workbook.readSheet(spec.name)?.[0];
    return header !== undefined && hasAllHeaders(header, spec);
  });
}

/** Rows to load, per sheet: records by column name (as src/sample/sample.ts builds them). */
export type RowsBySheet = ReadonlyMap<string, readonly Readonly<Record<string, Cell>>[]>;

/**
 * Set up a new workbook and write the given rows from row 2 under each sheet's actual header
 * (one write per sheet); given rows replace a sheet's default rows (参数, 奖励标准). Used to
 * build the embedded sample and the benchmark workbooks.
 */
export function loadRows(workbook: Workbook, rows: RowsBySheet): void {
  setupWorkbook(workbook);
  for (const [name, records] of rows) {
    if (records.length === 0) continue;
    const header = workbook.readSheet(name)?.[0] ?? [];
    const grid = records.map((record) => encodeRow(sheetSpec(name), header, record));
    workbook.writeRange(name, 2, 1, grid);
  }
}

/**
 * Keep 参数 计算日期 at `today` (YYYY-MM-DD text): the Sheets formulas count to it, since a
 * custom function may not take TODAY() as an argument. Setup and the daily trigger call it;
 * a sheet's formulas then recompute only when the date changes. Adds the key's row when the
 * sheet lacks it. Returns whether a cell was written (nothing when it is already current).
 */
export function refreshCalculationDate(workbook: Workbook, today: Day): boolean {
  const spec = sheetSpec("参数");
  const grid = workbook.readSheet(spec.name);
  if (!grid || grid.length === 0) return false;
  const table = decodeTable(spec, grid);
  const keyColumn = table.columns.get("参数");
  const valueColumn = table.columns.get("值");
  if (keyColumn === undefined || valueColumn === undefined) return false;
  const iso = isoFromDay(today);
  const row = table.rows.find((r) => readText(r.get("参数")) === CALCULATION_DATE_KEY);
  if (row) {
    if (readText(row.get("值")) === iso) return false;
    workbook.writeRange(spec.name, row.row, valueColumn + 1, [[iso]]);
    return true;
  }
  const defaults = PARAM_DEFAULTS.find(([key]) => key === CALCULATION_DATE_KEY)!;
  workbook.appendRows(spec.name, [
    encodeRow(spec, grid[0], { 参数: CALCULATION_DATE_KEY, 值: iso, 说明: defaults[2] }),
  ]);
  return true;
}
