import { describe, expect, it } from "vitest";
import { WorkCalendar, officialCalendar } from "../../src/rules/calendar";
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
