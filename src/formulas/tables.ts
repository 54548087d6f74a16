/**
 * Table arguments of the formulas: a range of 奖励标准, 节假日 or 参数 rows, with or without
 * the sheet's header row, columns in the sheet's order. They are read by the same typed
 * parsers as the sheets themselves (src/records/parse.ts); the first problem is the error.
 */
import { type Grid } from "../records/cells";
import { headerKey, specHeader, type Problem } from "../records/codec";
import { parseAwardStandards, parseHolidays, parseParams, quotaParams } from "../records/parse";
import { sheetSpec } from "../records/schema";
import { InputError } from "../rules/errors";
import type { AwardStandard } from "../rules/awards";
import { type CalendarEntry, WorkCalendar, officialCalendar } from "../rules/calendar";
import { yuanToFen } from "../rules/money";
import type { QuotaParams } from "../rules/assessment";

/** The range as a sheet grid: its own header row, or the sheet's header put on top. */
function asSheet(rows: Grid, sheet: string): { grid: Grid; offset: number } {
  const header = specHeader(sheetSpec(sheet));
  if (rows.length > 0 && headerKey(rows[0][0]) === headerKey(header[0]))
    return { grid: rows, offset: 0 };
  return { grid: [header, ...rows], offset: 1 };
}

/** Fail with the first problem, named by its row within the range. */
function throwFirst(problems: readonly Problem[], sheet: string, offset: number): void {
  const p = problems[0];
  if (!p) return;
  throw new InputError(`${sheet}第${p.row - offset}行：${p.message}`);
}

/** 奖励标准 rows (人员类别, 奖励类型, 奖金（元）, 参照). A blank 奖金 with a 参照 takes that award's amount. */
export function awardStandardsFromRows(rows: Grid): AwardStandard[] {
  const { grid, offset } = asSheet(rows, "奖励标准");
  const parsed = parseAwardStandards(grid);
  throwFirst(parsed.problems, "奖励标准", offset);
  return parsed.items.map((s) => ({
    category: s.category,
    award: s.award,
    bonusFen: s.bonus === undefined || s.bonus === null ? Number.NaN : yuanToFen(s.bonus),
    reference: s.reference,
  }));
}

/** 节假日 rows (日期, 类型 休/班, 名称). */
export function calendarEntriesFromRows(rows: Grid): CalendarEntry[] {
  const { grid, offset } = asSheet(rows, "节假日");
  const parsed = parseHolidays(grid);
  throwFirst(parsed.problems, "节假日", offset);
  return parsed.items.map(({ day, type, name }) => ({ day, type, name: name ?? "" }));
}

/** The official calendar with a 节假日 range on top. */
export function calendarFromRows(rows: Grid): WorkCalendar {
  const entries = calendarEntriesFromRows(rows);
  return entries.length ? WorkCalendar.withUserEntries(entries) : officialCalendar();
}

/** 参数 rows (参数, 值, 说明) → the 优秀名额 parameters; keys not given keep their defaults. */
export function quotaParamsFromRows(rows: Grid): QuotaParams {
  const { grid, offset } = asSheet(rows, "参数");
  const parsed = parseParams(grid);
  throwFirst(parsed.problems, "参数", offset);
  return quotaParams(parsed.params);
}
