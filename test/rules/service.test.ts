import { describe, it, expect } from "vitest";
import {
  DEFAULT_LEAVE_YEARS_MODE,
  LEAVE_YEARS_MODES,
  leaveServiceYears,
  leaveYearsAsOf,
  normalizeLeaveYearsMode,
  serviceYears,
} from "../../src/rules/service";
import { dayFromYmd, isoFromDay } from "../../src/rules/dates";
import { InputError } from "../../src/rules/errors";

const d = dayFromYmd;

describe("serviceYears", () => {
  it("counts whole years completed on the day", () => {
    expect(serviceYears(d(2016, 7, 1), d(2026, 6, 30))).toBe(9);
    expect(serviceYears(d(2016, 7, 1), d(2026, 7, 1))).toBe(10);
    expect(serviceYears(d(2016, 7, 1), d(2016, 7, 1))).toBe(0);
    expect(serviceYears(d(2016, 7, 1), d(2017, 6, 30))).toBe(0);
    expect(serviceYears(d(2016, 7, 1), d(2017, 7, 1))).toBe(1);
    expect(serviceYears(d(1990, 12, 31), d(2026, 12, 31))).toBe(36);
    expect(serviceYears(d(1991, 1, 1), d(2026, 12, 31))).toBe(35);
  });

  it("completes a 29 February start on 1 March in non-leap years", () => {
    expect(serviceYears(d(2016, 2, 29), d(2017, 2, 28))).toBe(0);
    expect(serviceYears(d(2016, 2, 29), d(2017, 3, 1))).toBe(1);
    expect(serviceYears(d(2016, 2, 29), d(2020, 2, 28))).toBe(3);
    expect(serviceYears(d(2016, 2, 29), d(2020, 2, 29))).toBe(4);
  });

  it("rejects a start after the day it is measured on", () => {
    expect(() => serviceYears(d(2027, 1, 1), d(2026, 12, 31))).toThrow(InputError);
    expect(() => serviceYears(d(2027, 1, 1), d(2026, 12, 31))).toThrow(/晚于计算日期/);
    expect(() => serviceYears(Number.NaN, d(2026, 12, 31))).toThrow(InputError);
  });
});

describe("leaveYearsAsOf", () => {
  it("defaults to 次月起: measured on 30 November", () => {
    expect(DEFAULT_LEAVE_YEARS_MODE).toBe("次月起");
    expect(LEAVE_YEARS_MODES).toEqual(["次月起", "年底"]);
    expect(isoFromDay(leaveYearsAsOf(2026, "次月起"))).toBe("2026-11-30");
    expect(isoFromDay(leaveYearsAsOf(2026))).toBe("2026-11-30");
    expect(isoFromDay(leaveYearsAsOf(2026, "年底"))).toBe("2026-12-31");
  });

  it("gives the new tier in the year of a January–November anniversary, not a December one", () => {
    // tenth anniversary on 30 November 2026: tier 10 from December 2026
    expect(serviceYears(d(2016, 11, 30), leaveYearsAsOf(2026))).toBe(10);
    // tenth anniversary on 1 December 2026: tier 10 from January 2027
    expect(serviceYears(d(2016, 12, 1), leaveYearsAsOf(2026))).toBe(9);
    expect(serviceYears(d(2016, 12, 1), leaveYearsAsOf(2027))).toBe(10);
    expect(serviceYears(d(2016, 12, 1), leaveYearsAsOf(2026, "年底"))).toBe(10);
  });

  it("rejects a year that is not a four-digit integer", () => {
    expect(() => leaveYearsAsOf(26)).toThrow(InputError);
    expect(() => leaveYearsAsOf(2026.5)).toThrow(InputError);
  });
});

describe("normalizeLeaveYearsMode", () => {
  it("reads the 参数 value, blank as 次月起", () => {
    expect(normalizeLeaveYearsMode("")).toBe("次月起");
    expect(normalizeLeaveYearsMode(" 年底 ")).toBe("年底");
    expect(normalizeLeaveYearsMode("次月起")).toBe("次月起");
    expect(() => normalizeLeaveYearsMode("年初")).toThrow(/次月起 或 年底/);
  });
});

describe("leaveServiceYears", () => {
  it("measures service for a year's leave per the mode", () => {
    expect(leaveServiceYears(d(2016, 11, 30), 2026)).toBe(10);
    expect(leaveServiceYears(d(2016, 12, 1), 2026)).toBe(9);
    expect(leaveServiceYears(d(2016, 12, 1), 2026, "年底")).toBe(10);
    // started in the year, after the measuring day: no full year yet
    expect(leaveServiceYears(d(2026, 12, 15), 2026)).toBe(0);
  });

  it("counts 0 years for a year that ends before the service began", () => {
    expect(leaveServiceYears(d(2027, 1, 2), 2026)).toBe(0);
    expect(leaveServiceYears(d(2027, 1, 1), 2026, "年底")).toBe(0);
    expect(leaveServiceYears(d(2026, 12, 31), 2026, "年底")).toBe(0);
    // serviceYears itself still refuses a start after its day
    expect(() => serviceYears(d(2027, 1, 2), d(2026, 12, 31))).toThrow(InputError);
  });
});
