import { describe, expect, it } from "vitest";
import {
  WorkCalendar,
  fewestRestDays,
  officialCalendar,
  officialEntries,
  partialUserYears,
  restDaysByYear,
} from "../../src/rules/calendar";
import { dayFromYmd } from "../../src/rules/dates";
import { InputError } from "../../src/rules/errors";

const d = dayFromYmd;

describe("WorkCalendar", () => {
  const cal = officialCalendar();

  it("counts the 2024 National Day week with its 调休 Sunday as 3 working days", () => {
    // 09-28 Sat off, 09-29 Sun worked (调休), 09-30 Mon, 10-01..07 off, 10-08 Tue.
    expect(cal.workdaysBetween(d(2024, 9, 28), d(2024, 10, 8))).toBe(3);
    expect(cal.isWorkday(d(2024, 9, 29))).toBe(true);
    expect(cal.isWorkday(d(2024, 10, 7))).toBe(false);
  });

  it("counts a plain week and a single day inclusively", () => {
    expect(cal.workdaysBetween(d(2025, 3, 3), d(2025, 3, 9))).toBe(5);
    expect(cal.workdaysBetween(d(2025, 3, 3), d(2025, 3, 3))).toBe(1);
    expect(cal.workdaysBetween(d(2025, 3, 8), d(2025, 3, 8))).toBe(0);
  });

  it("counts the 2026 Spring Festival with its make-up Saturdays", () => {
    // 2026-02-14 (Sat) and 02-28 (Sat) are 调休 working days; 02-15..02-23 off.
    expect(cal.workdaysBetween(d(2026, 2, 14), d(2026, 2, 28))).toBe(2 + 4);
  });

  it("counts 248 working days in 2025, as the State Council arrangement gives", () => {
    expect(cal.workdaysBetween(d(2025, 1, 1), d(2025, 12, 31))).toBe(248);
  });

  it("rejects an end before the start", () => {
    expect(() => cal.workdaysBetween(d(2025, 3, 9), d(2025, 3, 3))).toThrow(/早于开始日期/);
  });

  it("refuses a year it does not know, naming it, instead of guessing", () => {
    expect(() => cal.workdaysBetween(d(2026, 12, 28), d(2027, 1, 5))).toThrow(InputError);
    expect(() => cal.workdaysBetween(d(2026, 12, 28), d(2027, 1, 5))).toThrow(/2027年.*节假日/);
  });

  it("learns a year and overrides days from the user's 节假日 rows", () => {
    const user = WorkCalendar.withUserEntries([
      { day: d(2027, 1, 1), type: "休", name: "元旦" },
      { day: d(2025, 3, 3), type: "休", name: "县里停工" },
      { day: d(2025, 3, 8), type: "班", name: "调休上班" },
    ]);
    expect(user.workdaysBetween(d(2026, 12, 28), d(2027, 1, 5))).toBe(4 + 2);
    expect(user.workdaysBetween(d(2025, 3, 3), d(2025, 3, 9))).toBe(5);
  });
});

describe("corrections to the chinese-days data", () => {
  it("works Saturday 2005-12-31 (国办发明电〔2005〕35号: 元旦调休上班)", () => {
    const cal = officialCalendar();
    expect(cal.isWorkday(d(2005, 12, 31))).toBe(true);
    expect(cal.isWorkday(d(2005, 12, 25))).toBe(false); // an ordinary Sunday
    expect(cal.isWorkday(d(2006, 1, 2))).toBe(false); // 元旦 1月1日—3日放假
    // 12-26..30 (Mon–Fri) and Saturday 12-31 worked; 01-01..03 off; 01-04 (Wed) worked.
    expect(cal.workdaysBetween(d(2005, 12, 26), d(2006, 1, 4))).toBe(7);
    const entry = officialEntries().find((e) => e.day === d(2005, 12, 31));
    expect(entry).toEqual({ day: d(2005, 12, 31), type: "班", name: "元旦调休上班" });
  });
});

describe("a partly typed holiday year (节假日)", () => {
  it("measures a complete arrangement by the built-in data: at least 23 休 days a year since 2007", () => {
    const counts = restDaysByYear(officialEntries());
    const since2007 = [...counts].filter(([y]) => y >= 2007);
    expect(since2007.map(([y]) => y)).toEqual(Array.from({ length: 20 }, (_, i) => 2007 + i));
    expect(fewestRestDays()).toBe(23);
    expect(since2007.filter(([, n]) => n === 23).map(([y]) => y)).toEqual([2014]);
    expect(counts.get(2026)).toBe(33);
  });

  it("names a year the built-in data lacks with fewer 休 days than that, and its count", () => {
    const rest = (n: number, year = 2027) =>
      Array.from({ length: n }, (_, i) => ({
        day: d(year, 1, 1) + i,
        type: "休" as const,
        name: "x",
      }));
    expect(partialUserYears(rest(1))).toEqual([{ year: 2027, restDays: 1 }]);
    expect(partialUserYears(rest(22))).toEqual([{ year: 2027, restDays: 22 }]);
    expect(partialUserYears(rest(23))).toEqual([]);
    // 班 days do not count; a year with only 班 rows has 0.
    expect(partialUserYears([{ day: d(2028, 2, 5), type: "班", name: "春节调休上班" }])).toEqual([
      { year: 2028, restDays: 0 },
    ]);
    // Rows for a year the built-in data knows only add to it: never partial.
    expect(partialUserYears(rest(1, 2026))).toEqual([]);
    expect(partialUserYears([...rest(3, 2029), ...rest(1, 2027)])).toEqual([
      { year: 2027, restDays: 1 },
      { year: 2029, restDays: 3 },
    ]);
  });

  it("still counts the working days of such a year, as its rows say", () => {
    const cal = WorkCalendar.withUserEntries([{ day: d(2027, 1, 1), type: "休", name: "元旦" }]);
    // 2027: 261 weekdays, 元旦 (Friday) off: 260, not the ~249 a complete arrangement gives.
    expect(cal.workdaysBetween(d(2027, 1, 1), d(2027, 12, 31))).toBe(260);
  });
});
