/**
 * How the system marks the sheets it sets up, the same in Sheets and in .xlsx: header notes and
 * colours, header completion, and the conditional-format rule for overdue deadlines. Pure;
 * both workbook adapters (src/gas/sheets.ts, src/local/xlsx.ts) apply it.
 */
import { type Cell, type Grid, isBlank } from "./cells";
import { columnLetter } from "./codec";
import type { ColumnSpec, SheetSpec } from "./spec";
import type { DeadlineStatus } from "../rules/deadlines";

/** Header note added to every computed column (xlsx has no protection, so this is the mark). */
export const COMPUTED_NOTE = "系统计算，请勿手工填写";
/** Every formula rule this system owns contains this no-op term, so re-runs can find them. */
export const SYSTEM_MARK = 'N("cadre-care")=0';

export const COLORS = {
  inputHeader: "#efefef",
  computedHeader: "#cfe2f3",
  errorFill: "#f4cccc",
  errorFont: "#cc0000",
  overdueFill: "#fce5cd",
  overdueFont: "#b45f06",
} as const;

/** Colours of the deadline states (cell background, text), shared by the HTML and the Sheets dashboards. */
export const STATUS_COLORS: Readonly<Record<DeadlineStatus, { fill: string; text: string }>> = {
  done: { fill: "#ceead6", text: "#0d652d" },
  open: { fill: "#e8f0fe", text: "#174ea6" },
  "due-soon": { fill: "#feefc3", text: "#8a4b00" },
  overdue: { fill: "#fad2cf", text: "#a50e0e" },
};

/** Columns whose filled value means the row's deadline is met (blank = still open). */
const DONE_WHEN_FILLED = ["实际支付日期", "备案日期", "情况备案日期"];

/** A deadline column: 截止日期, 支付截止日期, … (shown orange once overdue and still open). */
export function isDeadlineColumn(name: string): boolean {
  return name.endsWith("截止日期");
}

/**
 * The condition (without "=") under which the deadline in column `dateColumn` (1-based) of the
 * given header row is overdue, written for row 2 with relative rows so it applies down the
 * column. Valid in both Sheets and Excel. A row is done when 实际支付日期/备案日期/情况备案日期
 * is filled, when 其中另行支付 is zero, or when its 状态 contains 已 (已备案, 已支付, 已完成).
 */
export function overdueCondition(headers: readonly string[], dateColumn: number): string {
  const cell = (column: number): string => `$${columnLetter(column)}2`;
  const parts = [SYSTEM_MARK, `ISNUMBER(${cell(dateColumn)})`, `${cell(dateColumn)}<TODAY()`];
  headers.forEach((header, i) => {
    const c = i + 1;
    if (DONE_WHEN_FILLED.includes(header)) parts.push(`${cell(c)}=""`);
    else if (header === "其中另行支付") parts.push(`N(${cell(c)})>0`);
    else if (header === "状态") parts.push(`ISERROR(SEARCH("已",${cell(c)}))`);
  });
  return `AND(${parts.join(",")})`;
}

/** The note shown on a column's header cell. */
export function headerNote(column: ColumnSpec): string {
  if (!column.computed) return column.note ?? "";
  if (!column.note) return COMPUTED_NOTE;
  return column.note.includes(COMPUTED_NOTE) ? column.note : `${column.note}\n${COMPUTED_NOTE}`;
}

/** Whether a header row (row 1 as read) already has every column of the spec. */
export function hasAllHeaders(header: readonly Cell[], spec: SheetSpec): boolean {
  const names = header.map((h) => (h === null || h === undefined ? "" : String(h)));
  return completeHeaders(names, spec).added.length === 0;
}

/**
 * Header completion: existing headers stay where people put them; spec columns that are
 * missing are appended at the right. Returns the full header row and each spec column's
 * 1-based position.
 */
export function completeHeaders(
  existing: readonly string[],
  spec: SheetSpec,
): { headers: string[]; added: string[]; positions: Map<string, number> } {
  const headers = existing.map((h) => h.trim());
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  const added: string[] = [];
  const positions = new Map<string, number>();
  for (const column of spec.columns) {
    let index = headers.indexOf(column.name);
    if (index < 0) {
      headers.push(column.name);
      added.push(column.name);
      index = headers.length - 1;
    }
    positions.set(column.name, index + 1);
  }
  return { headers, added, positions };
}

/**
 * A rectangular grid from sparse rows (index 0 = sheet row 1; missing rows and cells are
 * blank): as wide as the rightmost value, trailing blank rows dropped. What `readSheet` returns.
 */
export function denseGrid(rows: readonly (readonly Cell[] | undefined)[]): Grid {
  let width = 0;
  for (const row of rows) {
    if (!row) continue;
    for (let c = row.length - 1; c >= width; c--) {
      if (row[c] !== null && row[c] !== undefined) {
        width = c + 1;
        break;
      }
    }
  }
  const grid: Grid = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const source = rows[i];
    const line: Cell[] = new Array(width);
    for (let j = 0; j < width; j++) line[j] = source ? (source[j] ?? null) : null;
    grid[i] = line;
  }
  return trimTrailingRows(grid);
}

/** Drop trailing rows whose cells are all blank. */
export function trimTrailingRows(grid: Grid): Grid {
  let end = grid.length;
  while (end > 0 && grid[end - 1].every(isBlank)) end--;
  return end === grid.length ? grid : grid.slice(0, end);
}
