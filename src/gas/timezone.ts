/**
 * The spreadsheet's time zone at the edge. The project's rules and codec read a date cell as
 * Beijing time (a Date at midnight Asia/Shanghai, src/rules/dates.ts), and 初始化/检查表格 sets
 * the spreadsheet's zone to Asia/Shanghai. A spreadsheet created elsewhere (File → Settings →
 * time zone) holds and expects Dates at midnight in ITS zone: a typed 2026-03-01 in an
 * America/Los_Angeles spreadsheet is 2026-03-01T08:00Z, and a Date written at midnight Beijing
 * shows a day early there.
 *
 * So every Date crossing the edge keeps its wall-clock reading: read from the sheet, the Date
 * that shows 2026-03-01 00:00 in the sheet's zone becomes the Date that shows 2026-03-01 00:00
 * in Beijing; written to the sheet, the reverse. In an Asia/Shanghai spreadsheet both are the
 * identity (and cost nothing). Used by the workbook adapter (./sheets.ts) and the custom
 * functions (./main.ts).
 */
import { type Day, SHANGHAI_OFFSET_MS, dayFromYmd } from "../rules/dates";

export const PROJECT_TIME_ZONE = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The civil day of an instant in an IANA time zone, and that zone's offset at the instant. */
export function dayInTimeZone(instant: Date, timeZone: string): { day: Day; offsetMs: number } {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const y = get("year");
  const m = get("month");
  const d = get("day");
  const local = Date.UTC(y, m - 1, d, get("hour"), get("minute"), get("second"));
  const offsetMs = local - Math.floor(instant.getTime() / 1000) * 1000;
  return { day: dayFromYmd(y, m, d), offsetMs };
}

/** True when the zone keeps Beijing time (then nothing needs converting). */
export function isProjectZone(timeZone: string): boolean {
  return timeZone === PROJECT_TIME_ZONE || timeZone === "Asia/Chongqing" || timeZone === "PRC";
}

/** A Date read from a sheet in `timeZone` → the Date with the same wall clock in Beijing. */
export function fromSheetZone(value: Date, timeZone: string): Date {
  if (isProjectZone(timeZone) || Number.isNaN(value.getTime())) return value;
  const { offsetMs } = dayInTimeZone(value, timeZone);
  return new Date(value.getTime() + offsetMs - SHANGHAI_OFFSET_MS);
}

/** A Date in Beijing wall-clock terms → the Date with the same wall clock in `timeZone`. */
export function toSheetZone(value: Date, timeZone: string): Date {
  if (isProjectZone(timeZone) || Number.isNaN(value.getTime())) return value;
  const wall = value.getTime() + SHANGHAI_OFFSET_MS;
  // The zone's offset at the answer; one correction covers a daylight-saving change between.
  let guess = wall - dayInTimeZone(value, timeZone).offsetMs;
  guess = wall - dayInTimeZone(new Date(guess), timeZone).offsetMs;
  return new Date(guess);
}

/** Apply `convert` to every Date in a value or a 2-D range (other cells unchanged). */
export function mapDates<T>(value: T, convert: (d: Date) => Date): T {
  if (value instanceof Date) return convert(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapDates(v, convert)) as unknown as T;
  return value;
}

/**
 * 初始化/检查表格: put the spreadsheet in Beijing time. Sheets keeps each typed date's calendar
 * reading when the zone changes, so nothing typed moves. Returns the zone it had ("" when none
 * was set) when it changed it, null when it was Beijing time already; the dialog writes the
 * sentence (zoneText, ./dialog/client/setup.ts).
 */
export function ensureProjectZone(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): string | null {
  const zone = spreadsheet.getSpreadsheetTimeZone();
  if (zone === PROJECT_TIME_ZONE) return null;
  spreadsheet.setSpreadsheetTimeZone(PROJECT_TIME_ZONE);
  return zone;
}
