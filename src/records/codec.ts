/**
 * The table codec: a sheet's grid (header row first) to rows read by header name, and back.
 * Columns are found by their header text (trimmed, NFKC, so 奖金（元） matches 奖金(元)), so
 * people may reorder columns or add their own. Nothing outside src/records knows a position.
 */
import { type Cell, type Grid, isBlank, normalizeText } from "./cells";
import type { SheetSpec } from "./spec";
import { InputError } from "../rules/errors";

/** One thing wrong in the workbook, where the user sees it. */
export interface Problem {
  sheet: string;
  /** Row as the user sees it (header = 1); 0 for the sheet as a whole. */
  row: number;
  /** Column header; "" for the sheet or row as a whole. */
  column: string;
  /** Chinese: what is wrong and what is expected. */
  message: string;
  /** The offending cell text, when there is one. */
  value?: string;
}

/** A header as compared: NFKC, no spaces at all. */
export function headerKey(text: Cell): string {
  if (isBlank(text)) return "";
  const raw = text instanceof Date ? text.toISOString() : String(text);
  return normalizeText(raw).replace(/\s/g, "");
}

/** Header positions (0-based) by the spec's column name; the first occurrence wins. */
export function headerColumns(spec: SheetSpec, header: readonly Cell[]): Map<string, number> {
  const byKey = new Map<string, number>();
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    if (key && !byKey.has(key)) byKey.set(key, index);
  });
  const columns = new Map<string, number>();
  for (const col of spec.columns) {
    const index = byKey.get(headerKey(col.name));
    if (index !== undefined) columns.set(col.name, index);
  }
  return columns;
}

/** One data row, read by column name. */
export interface TableRow {
  /** Row number as the user sees it (header = 1). */
  row: number;
  /** The cell under a column of the spec; undefined when the sheet lacks the column. */
  get(column: string): Cell;
  /** The raw cells of the row, in sheet order. */
  cells: readonly Cell[];
}

export interface DecodedTable {
  sheet: string;
  /** 0-based position of each spec column present in the header. */
  columns: Map<string, number>;
  /** Spec columns absent from the header. */
  missing: string[];
  /** Problems of the table as a whole: required columns missing. */
  problems: Problem[];
  /** Data rows that have something in an input column. */
  rows: TableRow[];
  /** Width of the header row. */
  width: number;
}

/** The problem text of a missing column (also used by the CLI and check). */
export function missingColumnMessage(sheet: string, column: string): string {
  return `工作表「${sheet}」缺少必需的列「${column}」`;
}

/**
 * Decode a sheet's grid (header row first). Rows whose input columns are all blank are
 * skipped; their row numbers stay those of the sheet.
 */
export function decodeTable(spec: SheetSpec, grid: Grid | null | undefined): DecodedTable {
  const header = grid && grid.length ? grid[0] : [];
  const columns = headerColumns(spec, header);
  const missing = spec.columns.filter((c) => !columns.has(c.name)).map((c) => c.name);
  const problems: Problem[] = spec.columns
    .filter((c) => c.required && !columns.has(c.name))
    .map((c) => ({
      sheet: spec.name,
      row: 1,
      column: c.name,
      message: `${missingColumnMessage(spec.name, c.name)}，请补上该列标题或运行 init 补全表头`,
    }));
  const inputPositions = spec.columns
    .filter((c) => !c.computed && columns.has(c.name))
    .map((c) => columns.get(c.name)!);
  const rows: TableRow[] = [];
  if (grid) {
    for (let i = 1; i < grid.length; i++) {
      const cells = grid[i] ?? [];
      if (inputPositions.every((p) => isBlank(cells[p]))) continue;
      rows.push({
        row: i + 1,
        cells,
        get: (column: string) => {
          const p = columns.get(column);
          return p === undefined ? undefined : cells[p];
        },
      });
    }
  }
  return { sheet: spec.name, columns, missing, problems, rows, width: header.length };
}

/** Decode and fail with an InputError naming the first missing required column. */
export function decodeTableStrict(spec: SheetSpec, grid: Grid | null | undefined): DecodedTable {
  if (!grid) throw new InputError(`缺少工作表「${spec.name}」，请运行 init 创建`);
  const table = decodeTable(spec, grid);
  const first = spec.columns.find((c) => c.required && !table.columns.has(c.name));
  if (first) throw new InputError(missingColumnMessage(spec.name, first.name));
  return table;
}

/** A block of adjacent columns to write in one call: 1-based first column and its values. */
export interface ColumnBlock {
  /** 1-based column, as Workbook.writeRange takes it. */
  column: number;
  /** Column names of the block, left to right. */
  names: string[];
  /** One row per data row, the block's cells left to right. */
  values: Grid;
}

/**
 * Lay out values of some columns for writing: `values[name][i]` is the cell for data row i.
 * Columns are placed where the header has them and grouped into blocks of adjacent columns, so
 * a writer makes one call per block. Columns the header lacks are skipped (ensureSheet adds them).
 */
export function encodeColumns(
  spec: SheetSpec,
  header: readonly Cell[],
  values: ReadonlyMap<string, readonly Cell[]> | Record<string, readonly Cell[]>,
): ColumnBlock[] {
  const columns = headerColumns(spec, header);
  const entries: [string, readonly Cell[]][] =
    values instanceof Map
      ? [...values.entries()]
      : Object.entries(values as Record<string, readonly Cell[]>);
  const placed = entries
    .filter(([name]) => columns.has(name))
    .map(([name, cells]) => ({ name, position: columns.get(name)!, cells }))
    .sort((a, b) => a.position - b.position);
  const groups: (typeof placed)[] = [];
  for (const item of placed) {
    const last = groups[groups.length - 1];
    if (last && item.position === last[last.length - 1].position + 1) last.push(item);
    else groups.push([item]);
  }
  return groups.map((items) => {
    const height = Math.max(0, ...items.map((it) => it.cells.length));
    const rows: Grid = [];
    for (let r = 0; r < height; r++) rows.push(items.map((it) => it.cells[r] ?? null));
    return { column: items[0].position + 1, names: items.map((it) => it.name), values: rows };
  });
}

/**
 * A full row for appending, laid out under the given header: cells by column name, blank
 * elsewhere (extra user columns stay blank).
 */
export function encodeRow(
  spec: SheetSpec,
  header: readonly Cell[],
  record: Record<string, Cell>,
): Cell[] {
  const columns = headerColumns(spec, header);
  const row: Cell[] = new Array<Cell>(Math.max(header.length, 1)).fill(null);
  for (const [name, value] of Object.entries(record)) {
    const p = columns.get(name);
    if (p !== undefined) row[p] = value ?? null;
  }
  return row;
}

/** The header row of a fresh sheet: the spec's column names in order. */
export function specHeader(spec: SheetSpec): string[] {
  return spec.columns.map((c) => c.name);
}

/** A spreadsheet column letter from a 1-based index (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let n = index;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
