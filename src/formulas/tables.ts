/**
 * Table arguments of the formulas: a range of 奖励标准, 节假日 or 参数 rows, with or without
 * their header row, columns in the order the sheet defines them.
 */
import {
  type Grid,
  isBlank,
  normalizeText,
  readDate,
  readNumber,
  readText,
} from "../records/cells";
import { InputError } from "../rules/errors";
import { type AwardStandard, normalizeAward, normalizeCategory } from "../rules/awards";
import { type CalendarEntry, WorkCalendar, officialCalendar } from "../rules/calendar";
import { yuanToFen } from "../rules/money";
import { DEFAULT_QUOTA_PARAMS, type QuotaParams } from "../rules/assessment";

/** Rows that are not blank, without a header row whose first cell is `firstHeader`. */
function dataRows(rows: Grid, firstHeader: string): { cells: Grid[number]; index: number }[] {
  const out: { cells: Grid[number]; index: number }[] = [];
  rows.forEach((cells, index) => {
    if (cells.every(isBlank)) return;
    if (index === 0 && readText(cells[0]) === firstHeader) return;
    out.push({ cells, index });
  });
  return out;
}

/** 奖励标准 rows (人员类别, 奖励类型, 奖金（元）, 参照). A blank 奖金 with a 参照 takes that award's amount. */
export function awardStandardsFromRows(rows: Grid): AwardStandard[] {
  const parsed = dataRows(rows, "人员类别").map(({ cells, index }) => {
    const where = `奖励标准第${index + 1}行`;
    try {
      const category = normalizeCategory(readText(cells[0]));
      return {
        category,
        award: normalizeAward(readText(cells[1]), category),
        bonusFen: isBlank(cells[2]) ? Number.NaN : yuanToFen(readNumber(cells[2], "奖金（元）")),
        reference: readText(cells[3]),
      };
    } catch (err) {
      throw new InputError(`${where}：${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return parsed;
}

const DAY_TYPES = new Set(["休", "班"]);

/** 节假日 rows (日期, 类型 休/班, 名称). */
export function calendarEntriesFromRows(rows: Grid): CalendarEntry[] {
  return dataRows(rows, "日期").map(({ cells, index }) => {
    const where = `节假日第${index + 1}行`;
    const type = readText(cells[1]);
    if (!DAY_TYPES.has(type)) {
      throw new InputError(`${where}：类型应为“休”或“班”，收到“${type}”`);
    }
    try {
      return {
        day: readDate(cells[0], "日期"),
        type: type as "休" | "班",
        name: readText(cells[2]),
      };
    } catch (err) {
      throw new InputError(`${where}：${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** The official calendar with a 节假日 range on top. */
export function calendarFromRows(rows: Grid): WorkCalendar {
  const entries = calendarEntriesFromRows(rows);
  return entries.length ? WorkCalendar.withUserEntries(entries) : officialCalendar();
}

/** A percentage typed as 20%, 20 or 0.2 → 20. */
export function readPercent(value: Grid[number][number], what: string): number {
  const text = typeof value === "string" ? normalizeText(value) : value;
  if (typeof text === "string" && text.endsWith("%")) return readNumber(text.slice(0, -1), what);
  const n = readNumber(text, what);
  return n > 0 && n <= 1 ? Math.round(n * 10_000) / 100 : n;
}

const ROUNDING: Record<string, QuotaParams["rounding"]> = {
  向下取整: "floor",
  四舍五入: "round",
  向上取整: "ceil",
};

/** 参数 rows (参数, 值, 说明) → the 优秀名额 parameters; keys not given keep their defaults. */
export function quotaParamsFromRows(rows: Grid): QuotaParams {
  const params: QuotaParams = { ...DEFAULT_QUOTA_PARAMS };
  for (const { cells } of dataRows(rows, "参数")) {
    const key = readText(cells[0]);
    const value = cells[1];
    if (isBlank(value)) continue;
    if (key === "优秀比例") params.basePercent = readPercent(value, key);
    else if (key === "排名靠前优秀比例") params.topPercent = readPercent(value, key);
    else if (key === "排名靠前单位比例") params.topSharePercent = readPercent(value, key);
    else if (key === "优秀名额取整") {
      const rounding = ROUNDING[readText(value)];
      if (!rounding) throw new InputError(`参数“优秀名额取整”应为 向下取整、四舍五入 或 向上取整`);
      params.rounding = rounding;
    }
  }
  return params;
}
