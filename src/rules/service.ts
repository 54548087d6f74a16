/**
 * Cumulative service (累计工作年限) for annual leave: 《职工带薪年休假条例》第三条 counts
 * 累计工作 time; 《机关事业单位工作人员带薪年休假实施办法》(人事部令第9号) 第二条 measures it by
 * 工作年限 and lets a new tier (1, 10, 20 years) apply from the month after the anniversary.
 */
import { InputError } from "./errors";
import { type Day, dayFromYmd, isoFromDay, ymdFromDay } from "./dates";

function requireDay(d: Day, what: string): void {
  if (typeof d !== "number" || !Number.isInteger(d)) throw new InputError(`${what}不是有效日期`);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The anniversary of `start` in `year`; a 29 February start has its anniversary on 1 March in other years. */
function anniversary(startMonth: number, startDay: number, year: number): Day {
  if (startMonth === 2 && startDay === 29 && !isLeapYear(year)) return dayFromYmd(year, 3, 1);
  return dayFromYmd(year, startMonth, startDay);
}

/**
 * 条例第三条: whole years of service completed on `asOf` (started 2016-07-01 → 9 on 2026-06-30,
 * 10 on 2026-07-01). A 29 February start completes a year on 1 March in non-leap years.
 */
export function serviceYears(start: Day, asOf: Day): number {
  requireDay(start, "参加工作时间");
  requireDay(asOf, "计算日期");
  if (start > asOf) {
    throw new InputError(
      `参加工作时间（${isoFromDay(start)}）晚于计算日期（${isoFromDay(asOf)}），应早于或等于计算日期`,
    );
  }
  const s = ymdFromDay(start);
  const a = ymdFromDay(asOf);
  const years = a.year - s.year;
  return asOf < anniversary(s.month, s.day, a.year) ? years - 1 : years;
}

/**
 * How the service years for year Y's leave are measured (实施办法第二条: 满1/10/20年后从下月起):
 * "次月起" — on Y-11-30: an anniversary in January–November gives the new tier from a month
 * still in Y; one in December takes effect from January of Y+1. "年底" — on Y-12-31 (more generous).
 */
export type LeaveYearsMode = "次月起" | "年底";

export const LEAVE_YEARS_MODES = ["次月起", "年底"] as const satisfies readonly LeaveYearsMode[];

export const DEFAULT_LEAVE_YEARS_MODE: LeaveYearsMode = "次月起";

function requireYear(year: number): void {
  if (typeof year !== "number" || !Number.isInteger(year) || year < 1900 || year > 9998) {
    throw new InputError(`年度“${year}”无效，应为四位数年份（如 2026）`);
  }
}

/** 实施办法第二条: the day on which service years are measured for year `year`'s leave entitlement. */
export function leaveYearsAsOf(year: number, mode: LeaveYearsMode = DEFAULT_LEAVE_YEARS_MODE): Day {
  requireYear(year);
  if (mode === "次月起") return dayFromYmd(year, 11, 30);
  if (mode === "年底") return dayFromYmd(year, 12, 31);
  throw new InputError(
    `工作年限计算方式“${String(mode)}”无效，应为 ${LEAVE_YEARS_MODES.join(" 或 ")}`,
  );
}

/** The 参数 value for the leave-years mode; blank → 次月起. Spaces and full-width characters are tolerated. */
export function normalizeLeaveYearsMode(raw: string): LeaveYearsMode {
  const text = String(raw ?? "")
    .normalize("NFKC")
    .replace(/\s+/g, "");
  if (text === "") return DEFAULT_LEAVE_YEARS_MODE;
  const mode = LEAVE_YEARS_MODES.find((m) => m === text);
  if (!mode)
    throw new InputError(`工作年限计算方式“${raw}”无效，应为 ${LEAVE_YEARS_MODES.join(" 或 ")}`);
  return mode;
}

/**
 * 实施办法第二条: service years counted for year `year`'s leave, measured per `mode`. Service
 * that has not begun on the measuring day — a start later in the year, or after the year —
 * counts 0 years, so a 年休假 row of such a year shows 0 years and 0 days (条例第三条: leave
 * begins after 1 year). `serviceYears` itself still refuses a start after its day.
 */
export function leaveServiceYears(
  start: Day,
  year: number,
  mode: LeaveYearsMode = DEFAULT_LEAVE_YEARS_MODE,
): number {
  const asOf = leaveYearsAsOf(year, mode);
  requireDay(start, "参加工作时间");
  return start > asOf ? 0 : serviceYears(start, asOf);
}
