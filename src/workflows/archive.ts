/**
 * Yearly archiving. A county's record grows by about two million cells a year (README 规模),
 * and one Google spreadsheet holds ten million: so the live record keeps the current and the
 * previous year, and the rows of earlier years move to an archive copy of the workbook.
 *
 * A sheet with a `yearColumn` (奖励, 年休假, 休假记录, 考核, 提醒, 日志 …) is split by the year
 * of each row. Reference sheets (参数, 奖励标准, 单位, 人员, 节假日) stay whole in both
 * copies, so an archive can still be computed, checked and printed on its own. A row whose year
 * cannot be read stays in the live record, where `check` points at it: nothing is dropped. Years
 * with deadline items still open are not archived at all (`openItemsBefore`).
 */
import { type Cell, type Grid, isBlank, readDate, readYear } from "../records/cells";
import { headerColumns } from "../records/codec";
import { SHEETS } from "../records/schema";
import type { SheetSpec } from "../records/spec";
import { type Day, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";
import type { Workbook } from "./ports";
import { type DeadlineItem, readDeadlineGrids, scanDeadlines } from "./deadlines";
import { computedLeavePay } from "./leavePay";
import { KIND_LABELS } from "../rules/deadlines";

export interface ArchiveSplit {
  sheet: string;
  /** Data rows of years before the cut, in their order. */
  older: Grid;
  /** The other data rows, in their order: later years and rows whose year cannot be read. */
  newer: Grid;
  /** How many of `newer` have no readable year. */
  unreadable: number;
  /** Data rows the sheet had (empty rows inside included), to clear below the kept ones. */
  rows: number;
  /** Columns of the sheet (its header's width). */
  width: number;
  /** Years found among `older`, ascending. */
  years: number[];
}

/**
 * The earliest year the live record must keep on `today`: the previous one, whose unused-leave
 * pay is due by 31 March and whose units are praised or criticised this year.
 */
export function earliestLiveYear(today: Day): number {
  return yearOf(today) - 1;
}

/** `before` checked against `today`: archiving may not take the current or previous year. */
export function checkArchiveYear(before: number, today: Day): void {
  const latest = earliestLiveYear(today);
  if (!Number.isInteger(before) || before < 1900) {
    throw new InputError(`归档年份应为四位年份，如 ${latest}，收到“${before}”`);
  }
  if (before > latest) {
    throw new InputError(
      `最多只能归档 ${latest - 1} 年及以前的记录：${latest} 年度的未休年休假报酬另行支付部分到 ${latest + 1} 年 3 月 31 日才到期，` +
        `当年和上一年度的记录必须留在当前台账`,
    );
  }
}

/**
 * Deadline items of the years to archive that are not done on `today` (unpaid leave pay, a
 * filing not made, a follow-up pending): archiving their rows would hide them from reminders
 * and notices, so the caller refuses until they are done.
 */
export function openItemsBefore(workbook: Workbook, before: number, today: Day): DeadlineItem[] {
  return scanDeadlines(readDeadlineGrids(workbook), today, computedLeavePay).items.filter(
    (i) => i.year < before && i.status !== "done",
  );
}

/** "未休年休假报酬另行支付 10 项、年休假计划备案 2 项" (no names: counts by kind). */
export function describeItems(items: readonly DeadlineItem[]): string {
  const counts = new Map<string, number>();
  for (const i of items)
    counts.set(KIND_LABELS[i.item], (counts.get(KIND_LABELS[i.item]) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${label} ${n} 项`).join("、");
}

/** The year a row belongs to, by its sheet's year column; null when it cannot be read. */
function rowYear(spec: SheetSpec, value: Cell): number | null {
  const column = spec.columns.find((c) => c.name === spec.yearColumn);
  try {
    return column?.kind === "year"
      ? readYear(value, column.name)
      : yearOf(readDate(value, spec.yearColumn ?? ""));
  } catch (err) {
    if (err instanceof InputError) return null;
    throw err;
  }
}

/** Every year-bound sheet split at `before`; sheets without data rows are left out. */
export function splitByYear(workbook: Workbook, before: number): ArchiveSplit[] {
  const splits: ArchiveSplit[] = [];
  for (const spec of SHEETS) {
    if (!spec.yearColumn) continue;
    const grid = workbook.readSheet(spec.name);
    if (!grid || grid.length < 2) continue;
    const at = headerColumns(spec, grid[0]).get(spec.yearColumn);
    if (at === undefined) continue;
    const split: ArchiveSplit = {
      sheet: spec.name,
      older: [],
      newer: [],
      unreadable: 0,
      rows: grid.length - 1,
      width: grid[0].length,
      years: [],
    };
    const years = new Set<number>();
    for (const row of grid.slice(1)) {
      if (row.every(isBlank)) continue;
      const year = rowYear(spec, row[at]);
      if (year !== null && year < before) {
        split.older.push(row);
        years.add(year);
      } else {
        split.newer.push(row);
        if (year === null) split.unreadable++;
      }
    }
    split.years = [...years].sort((a, b) => a - b);
    splits.push(split);
  }
  return splits;
}

/**
 * Make `rows` the sheet's data rows, in order, and clear the rows below them, in one write.
 * In .xlsx every column is a value, so computed ones move with their rows.
 */
export function replaceDataRows(workbook: Workbook, split: ArchiveSplit, rows: Grid): void {
  const block: Grid = [];
  for (let r = 0; r < Math.max(split.rows, rows.length); r++) {
    const source = rows[r] ?? [];
    const line: Cell[] = [];
    for (let c = 0; c < split.width; c++) line.push(source[c] ?? null);
    block.push(line);
  }
  workbook.writeRange(split.sheet, 2, 1, block);
}

/** Sheets whose data rows differ from `expected` (by sheet name), after a save and reopen. */
export function differingSheets(workbook: Workbook, expected: ReadonlyMap<string, Grid>): string[] {
  const differing: string[] = [];
  for (const [sheet, rows] of expected) {
    const data = (workbook.readSheet(sheet) ?? []).slice(1).filter((r) => !r.every(isBlank));
    const same =
      data.length === rows.length &&
      data.every((row, i) => {
        const want = rows[i];
        const width = Math.max(row.length, want.length);
        for (let j = 0; j < width; j++) {
          if (!sameCell(row[j] ?? null, want[j] ?? null)) return false;
        }
        return true;
      });
    if (!same) differing.push(sheet);
  }
  return differing;
}

function sameCell(a: Cell, b: Cell): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (isBlank(a) && isBlank(b)) return true;
  return a === b;
}
