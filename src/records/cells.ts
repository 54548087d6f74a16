/**
 * Reading what people type into cells. Sheets hands custom functions and scripts numbers,
 * strings, booleans and Dates; exceljs hands the same. Every reader here accepts the forms a
 * county HR contact actually types and throws an InputError in Chinese for anything else.
 */
import { InputError } from "../rules/errors";
import {
  type Day,
  dayFromInstant,
  dayFromSerial,
  dayFromYmd,
  isValidYmd,
  ymdFromDay,
} from "../rules/dates";

export type Cell = string | number | boolean | Date | null | undefined;
export type Grid = Cell[][];

/** Full-width forms to ASCII (１２３ → 123, ＡＢ → AB, 全角空格 → space), trimmed. */
export function normalizeText(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** The text as it reads in an error message: quoted and cut to a readable length. */
export function quote(value: Cell): string {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return `“${text.length > 20 ? text.slice(0, 20) + "…" : text}”`;
}

/** Empty, or only spaces (including the full-width space). */
export function isBlank(value: Cell): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return normalizeText(value) === "";
  return false;
}

/** Text of a cell, normalized; "" for blank. */
export function readText(value: Cell): string {
  if (isBlank(value)) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return normalizeText(String(value));
}

/**
 * A number typed as a number or as text: 1500, "1,500", "１５００", "1500元", "1500.5 元".
 * `what` names the column or argument in Chinese for the error message.
 */
export function readNumber(value: Cell, what: string): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InputError(`${what}不是有效数字，应填写数字`);
    return value;
  }
  if (typeof value === "string") {
    const text = normalizeText(value)
      .replace(/[,，\s]/g, "")
      .replace(/(元|天|日|个月|月|年|人)$/, "");
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return Number(text);
  }
  if (isBlank(value)) throw new InputError(`${what}为空，应填写数字`);
  throw new InputError(`${what}应为数字，收到${quote(value)}`);
}

/** A number that may be left blank (then `fallback`). */
export function readOptionalNumber(value: Cell, what: string, fallback: number): number {
  return isBlank(value) ? fallback : readNumber(value, what);
}

/** A number that must not be negative. */
export function readNonNegative(value: Cell, what: string): number {
  const n = readNumber(value, what);
  if (n < 0) throw new InputError(`${what}不能为负数，收到 ${n}`);
  return n;
}

const DATE_PATTERNS: RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
];

/**
 * A calendar date: a Date cell (midnight Asia/Shanghai), a serial number, or text in the forms
 * 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日. Impossible dates (2026-02-30) are errors.
 */
export function readDate(value: Cell, what: string): Day {
  if (value instanceof Date) {
    const day = Number.isNaN(value.getTime()) ? NaN : dayFromInstant(value);
    // A number in a date-formatted cell arrives as a Date; -5 is 1899-12-25, not a real date.
    const { year } = Number.isNaN(day) ? { year: NaN } : ymdFromDay(day);
    if (!(year >= 1900 && year <= 9999)) {
      throw new InputError(`${what}不是有效日期，应为 1900 年至 9999 年间 YYYY-MM-DD 格式的日期`);
    }
    return day;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) {
      throw new InputError(`${what}不是有效日期，应为 YYYY-MM-DD 格式的日期`);
    }
    return dayFromSerial(value);
  }
  if (typeof value === "string") {
    const text = normalizeText(value)
      .replace(/\s/g, "")
      .replace(/T00:00:00(\.000)?Z?$/, "");
    for (const pattern of DATE_PATTERNS) {
      const m = pattern.exec(text);
      if (!m) continue;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!isValidYmd(y, mo, d)) {
        throw new InputError(
          `${what}${quote(value)}不是真实存在的日期，应为 YYYY-MM-DD 格式的有效日期`,
        );
      }
      return dayFromYmd(y, mo, d);
    }
  }
  if (isBlank(value)) throw new InputError(`${what}为空，应填写日期（YYYY-MM-DD）`);
  throw new InputError(`${what}应为日期（YYYY-MM-DD），收到${quote(value)}`);
}

/** A four-digit year typed as a number, as text, or as a date (its year). */
export function readYear(value: Cell, what: string): number {
  if (value instanceof Date) return new Date(dayFromInstant(value) * 86_400_000).getUTCFullYear();
  const n = readNumber(value, what);
  if (!Number.isInteger(n) || n < 1900 || n > 9999) {
    throw new InputError(`${what}应为四位年份（如 2026），收到${quote(value)}`);
  }
  return n;
}

/** Month-precision forms of cadre records: 2016.07, 2016.7, 2016-07, 2016/7, 2016年7月, 201607. */
const MONTH_PATTERNS: RegExp[] = [
  /^(\d{4})[.\-/](\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月?$/,
  /^(\d{4})(\d{2})$/,
];

function monthStart(year: number, month: number, value: Cell, what: string): Day {
  if (!isValidYmd(year, month, 1)) {
    throw new InputError(`${what}${quote(value)}不是真实存在的年月，月份应为 1 至 12`);
  }
  return dayFromYmd(year, month, 1);
}

/**
 * 参加工作时间, as 干部任免审批表 and 干部档案 write it: a day in any form `readDate` takes, or a
 * month (2016.07, 2016.7, 2016年7月, 201607), which is read as the 1st of that month — a
 * month-precision start counts whole months from the first day. Only this column reads months;
 * every other date column stays day-precision.
 *
 * A number cell: 201607 is a month; 2016.07 (Excel keeps "2016.07" typed in a General cell as
 * the number 2016.07) is July, 2016.11 November; 2016.1 is refused, since the number cannot say
 * whether 2016.1 or 2016.10 was typed.
 */
export function readStartDate(value: Cell, what: string): Day {
  if (typeof value === "number" && Number.isFinite(value)) {
    if (Number.isInteger(value) && value >= 190001 && value <= 999912) {
      return monthStart(Math.floor(value / 100), value % 100, value, what);
    }
    if (value >= 1900 && value < 10000) {
      const year = Math.floor(value);
      const hundredths = Math.round((value - year) * 100);
      if (hundredths === 0) {
        throw new InputError(`${what}${quote(value)}只有年份，应写到月，如 ${year}.07`);
      }
      if (hundredths === 10) {
        throw new InputError(
          `${what}${quote(value)}分不清是${year}年1月还是10月：请把单元格设为文本，填 ${year}.01 或 ${year}.10`,
        );
      }
      // .07 → 7, .11 → 11, .7 (stored as .70) → 7; anything else is no month.
      const month =
        hundredths <= 12 ? hundredths : hundredths % 10 === 0 ? hundredths / 10 : hundredths;
      return monthStart(year, month, value, what);
    }
  }
  if (typeof value === "string") {
    const text = normalizeText(value).replace(/\s/g, "");
    for (const pattern of MONTH_PATTERNS) {
      const m = pattern.exec(text);
      if (m) return monthStart(Number(m[1]), Number(m[2]), value, what);
    }
  }
  try {
    return readDate(value, what);
  } catch (err) {
    if (err instanceof InputError && err.message.startsWith(`${what}应为日期`)) {
      throw new InputError(
        `${what}应为日期（YYYY-MM-DD）或年月（如 2016.07、2016年7月），收到${quote(value)}`,
      );
    }
    throw err;
  }
}
