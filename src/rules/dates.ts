/**
 * Calendar dates as whole day numbers (days since 1970-01-01 in the civil calendar). Policy
 * works with civil dates only: no clock, no time of day. The spreadsheet's time zone is
 * Asia/Shanghai (UTC+8, no daylight saving since 1991).
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
/** Offset of Asia/Shanghai from UTC in milliseconds. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Sheets and Excel serial day 0 is 1899-12-30; day 25569 is 1970-01-01. */
const SERIAL_EPOCH = 25_569;

export interface Ymd {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

/** Days in a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when year-month-day names a real calendar date. */
export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1900 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function dayFromYmd(year: number, month: number, day: number): Day {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function ymdFromDay(d: Day): Ymd {
  const t = new Date(d * MS_PER_DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const pad2 = (n: number): string => (n < 10 ? "0" + n : String(n));

/** 2027-03-31 */
export function isoFromDay(d: Day): string {
  const { year, month, day } = ymdFromDay(d);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** 2027年3月31日, as 成文日期 and Chinese text write it. */
export function chineseDate(d: Day): string {
  const { year, month, day } = ymdFromDay(d);
  return `${year}年${month}月${day}日`;
}

/** The civil day, in Asia/Shanghai, of an instant (a Sheets date cell is midnight there). */
export function dayFromInstant(date: Date, offsetMs: number = SHANGHAI_OFFSET_MS): Day {
  return Math.floor((date.getTime() + offsetMs) / MS_PER_DAY);
}

/** Midnight of a civil day in Asia/Shanghai, as the Date a spreadsheet cell holds. */
export function instantFromDay(d: Day, offsetMs: number = SHANGHAI_OFFSET_MS): Date {
  return new Date(d * MS_PER_DAY - offsetMs);
}

/** A spreadsheet serial number (1899-12-30 = 0) to a civil day; fractions (times) are dropped. */
export function dayFromSerial(serial: number): Day {
  return Math.floor(serial) - SERIAL_EPOCH;
}

export function serialFromDay(d: Day): number {
  return d + SERIAL_EPOCH;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: Day): number {
  return (((d + 4) % 7) + 7) % 7;
}

export function yearOf(d: Day): number {
  return ymdFromDay(d).year;
}

/** 31 December of a year. */
export function yearEnd(year: number): Day {
  return dayFromYmd(year, 12, 31);
}
