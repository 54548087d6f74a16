/**
 * Working days per the State Council's yearly holiday arrangement (国务院办公厅关于部分节假日
 * 安排的通知): weekends and statutory holidays are off, 调休 make-up days are worked.
 * Built on the official data shipped by `chinese-days` (kept as compact text in ./officialDays,
 * decoded on first use), plus a user calendar (the 节假日 sheet) that adds or overrides days.
 * A year neither source knows is an error, never a guess.
 */
import { OFFICIAL_DAYS } from "./officialDays";
import { InputError } from "./errors";
import { type Day, dayFromYmd, isoFromDay, weekday, yearOf } from "./dates";

export type DayType = "休" | "班";

export interface CalendarEntry {
  day: Day;
  type: DayType;
  name: string;
}

/**
 * The official days, one entry a day, from ./officialDays: a legend of names by letter, then a
 * line per year of runs such as `0215~23休B` (B = 春节; the end is DD, or MMDD, and an MMDD
 * before the start is in the next year).
 * 班 days are named “<holiday>调休上班”.
 */
export function officialEntries(): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  const [legend, ...years] = OFFICIAL_DAYS.trim().split("\n");
  const names = new Map(legend.split(" ").map((w) => [w[0], w.slice(1)]));
  for (const line of years) {
    const [yearText, ...runs] = line.split(" ");
    const year = Number(yearText);
    for (const run of runs) {
      const m = /^(\d\d)(\d\d)(?:~(\d\d)?(\d\d))?(休|班)([A-Z])$/.exec(run);
      if (!m) throw new Error(`officialDays: bad run ${run}`);
      const [, mm, dd, endMm, endDd, type, letter] = m;
      const name = names.get(letter) ?? "";
      const first = dayFromYmd(year, Number(mm), Number(dd));
      const toMonth = endMm ?? mm;
      let last = endDd ? dayFromYmd(year, Number(toMonth), Number(endDd)) : first;
      if (last < first) last = dayFromYmd(year + 1, Number(toMonth), Number(endDd));
      for (let day = first; day <= last; day++) {
        entries.push({
          day,
          type: type as DayType,
          name: type === "班" ? `${name}调休上班` : name,
        });
      }
    }
  }
  // A correction to chinese-days, which lacks this 调休 day: 国办发明电〔2005〕35号 (国务院办公厅
  // 关于2006年部分节假日安排的通知, 2005年12月16日) "元旦：1月1日—3日放假，共3天…12月31日（星期六）
  // 上班". Kept here, not in ./officialDays, so that regenerating that file keeps it.
  entries.push({ day: dayFromYmd(2005, 12, 31), type: "班", name: "元旦调休上班" });
  return entries;
}

/** 休 days per year of a list of calendar entries. */
export function restDaysByYear(entries: readonly CalendarEntry[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of entries)
    if (e.type === "休") counts.set(yearOf(e.day), (counts.get(yearOf(e.day)) ?? 0) + 1);
  return counts;
}

/** The first year of the built-in data whose arrangement the yardstick below measures. */
export const COMPLETE_FROM_YEAR = 2007;

let fewestCache: number | null = null;

/**
 * The fewest 休 days a complete yearly arrangement has: the least count of any year of the
 * built-in data from 2007 on (23, in 2014; most years have 24–33). A year of the user's 节假日
 * rows with fewer is missing holidays, since one row makes WORKDAYS_CN treat its whole year as
 * known and every day not typed as an ordinary day.
 */
export function fewestRestDays(): number {
  if (fewestCache === null) {
    const counts = [...restDaysByYear(officialEntries())].filter(
      ([year]) => year >= COMPLETE_FROM_YEAR,
    );
    fewestCache = Math.min(...counts.map(([, n]) => n));
  }
  return fewestCache;
}

/**
 * Years the user's rows alone define (the built-in data does not know them) that hold fewer 休
 * days than `fewestRestDays()`: each with its count. WORKDAYS_CN still computes over them.
 */
export function partialUserYears(
  user: readonly CalendarEntry[],
): { year: number; restDays: number }[] {
  const known = officialCalendar().knownYears;
  const counts = restDaysByYear(user);
  const least = fewestRestDays();
  const years = [...new Set(user.map((e) => yearOf(e.day)))].filter((y) => !known.has(y));
  return years
    .sort((a, b) => a - b)
    .map((year) => ({ year, restDays: counts.get(year) ?? 0 }))
    .filter((y) => y.restDays < least);
}

/**
 * A calendar over the known years, with prefix sums of working days, so that counting the
 * working days of any span costs two array reads whatever its length.
 */
export class WorkCalendar {
  private readonly firstDay: Day;
  private readonly prefix: Int32Array;
  private readonly overrides = new Map<Day, CalendarEntry>();
  readonly knownYears: ReadonlySet<number>;

  constructor(entries: readonly CalendarEntry[]) {
    const years = new Set<number>();
    for (const e of entries) {
      years.add(yearOf(e.day));
      this.overrides.set(e.day, e); // later entries (the user's) override earlier (official)
    }
    this.knownYears = years;
    const sorted = [...years].sort((a, b) => a - b);
    const first = sorted.length ? sorted[0] : 2000;
    const last = sorted.length ? sorted[sorted.length - 1] : 2000;
    this.firstDay = dayFromYmd(first, 1, 1);
    const length = dayFromYmd(last, 12, 31) - this.firstDay + 1;
    this.prefix = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      this.prefix[i + 1] = this.prefix[i] + (this.isWorkday(this.firstDay + i) ? 1 : 0);
    }
  }

  /** The official calendar with the user's rows on top (they add or override days). */
  static withUserEntries(user: readonly CalendarEntry[]): WorkCalendar {
    if (user.length === 0) return officialCalendar();
    return new WorkCalendar([...officialEntries(), ...user]);
  }

  /** A working day: a 班 day, or a weekday that is not a 休 day. */
  isWorkday(day: Day): boolean {
    const entry = this.overrides.get(day);
    if (entry) return entry.type === "班";
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  }

  /** Fails with a Chinese message naming the first year from `startYear` to `endYear` nobody knows. */
  assertKnown(startYear: number, endYear: number): void {
    for (let y = startYear; y <= endYear; y++) {
      if (!this.knownYears.has(y)) {
        throw new InputError(
          `${y}年的节假日安排未知，请在「节假日」工作表中填写${y}年的放假和调休上班日期（日期、类型 休/班、名称）`,
        );
      }
    }
  }

  /** Working days from start to end inclusive (国务院节假日安排; 调休上班日计入). */
  workdaysBetween(start: Day, end: Day): number {
    if (end < start) {
      throw new InputError(
        `结束日期 ${isoFromDay(end)} 早于开始日期 ${isoFromDay(start)}，结束日期应不早于开始日期`,
      );
    }
    this.assertKnown(yearOf(start), yearOf(end));
    return this.prefix[end - this.firstDay + 1] - this.prefix[start - this.firstDay];
  }
}

let officialCache: WorkCalendar | null = null;

/** The calendar of the official data alone, built once. */
export function officialCalendar(): WorkCalendar {
  if (!officialCache) officialCache = new WorkCalendar(officialEntries());
  return officialCache;
}
