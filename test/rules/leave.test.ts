import { describe, it, expect } from "vitest";
import {
  carriedLeaveProblem,
  PERSONAL_DAYS_LIMIT,
  isContractStaff,
  leaveEntitlement,
  losesNextYear,
  prorateNewHire,
  leaveTier,
  sickMonthsLimit,
} from "../../src/rules/leave";
import { InputError } from "../../src/rules/errors";
import { dayFromYmd } from "../../src/rules/dates";

describe("leaveTier", () => {
  it("gives 0, 5, 10 or 15 days at the boundaries", () => {
    expect(leaveTier(0)).toBe(0);
    expect(leaveTier(0.99)).toBe(0);
    expect(leaveTier(1)).toBe(5);
    expect(leaveTier(9.99)).toBe(5);
    expect(leaveTier(10)).toBe(10);
    expect(leaveTier(19.99)).toBe(10);
    expect(leaveTier(20)).toBe(15);
    expect(leaveTier(42)).toBe(15);
  });

  it("rejects negative or non-finite years", () => {
    expect(() => leaveTier(-1)).toThrow(InputError);
    expect(() => leaveTier(-1)).toThrow(/负数/);
    expect(() => leaveTier(Number.NaN)).toThrow(InputError);
    expect(() => leaveTier(Number.POSITIVE_INFINITY)).toThrow(InputError);
  });
});

describe("leaveEntitlement", () => {
  it("is the tier without circumstances", () => {
    expect(leaveEntitlement(0.99)).toBe(0);
    expect(leaveEntitlement(1)).toBe(5);
    expect(leaveEntitlement(9.99)).toBe(5);
    expect(leaveEntitlement(10)).toBe(10);
    expect(leaveEntitlement(19.99)).toBe(10);
    expect(leaveEntitlement(20)).toBe(15);
    expect(leaveEntitlement(20, {})).toBe(15);
  });

  it("is 0 from 2 months of sick leave with 1–10 years", () => {
    expect(leaveEntitlement(5, { sickMonths: 1.9 })).toBe(5);
    expect(leaveEntitlement(5, { sickMonths: 2 })).toBe(0);
    expect(leaveEntitlement(9.99, { sickMonths: 2 })).toBe(0);
  });

  it("is 0 from 3 months of sick leave with 10–20 years", () => {
    expect(leaveEntitlement(10, { sickMonths: 2 })).toBe(10);
    expect(leaveEntitlement(10, { sickMonths: 2.9 })).toBe(10);
    expect(leaveEntitlement(10, { sickMonths: 3 })).toBe(0);
    expect(leaveEntitlement(19.99, { sickMonths: 3 })).toBe(0);
  });

  it("is 0 from 4 months of sick leave with 20 years or more", () => {
    expect(leaveEntitlement(20, { sickMonths: 3 })).toBe(15);
    expect(leaveEntitlement(20, { sickMonths: 3.9 })).toBe(15);
    expect(leaveEntitlement(20, { sickMonths: 4 })).toBe(0);
  });

  it("is 0 from 20 days of personal leave", () => {
    expect(leaveEntitlement(12, { personalDays: 19 })).toBe(10);
    expect(leaveEntitlement(12, { personalDays: 19.5 })).toBe(10);
    expect(leaveEntitlement(12, { personalDays: 20 })).toBe(0);
    expect(leaveEntitlement(3, { personalDays: 25 })).toBe(0);
  });

  it("takes the school vacation had off the tier (实施办法第五条 补足), 0 when it is more (条例第四条(一))", () => {
    // the figures: LEAVE_DAYS(12,0,0,6) = 4, (12,0,0,10) = 0, (22,0,0,10) = 5
    expect(leaveEntitlement(12, { vacationDays: 6 })).toBe(4);
    expect(leaveEntitlement(12, { vacationDays: 10 })).toBe(0);
    expect(leaveEntitlement(22, { vacationDays: 10 })).toBe(5);
    expect(leaveEntitlement(12, { vacationDays: 10.5 })).toBe(0);
    expect(leaveEntitlement(12, { vacationDays: 9.5 })).toBe(0.5);
    expect(leaveEntitlement(3, { vacationDays: 0 })).toBe(5);
    expect(leaveEntitlement(3, { vacationDays: 1 })).toBe(4);
    expect(leaveEntitlement(3, { vacationDays: 5 })).toBe(0);
    expect(leaveEntitlement(3, { vacationDays: 6 })).toBe(0);
    expect(leaveEntitlement(25, { vacationDays: 15 })).toBe(0);
    expect(leaveEntitlement(25, { vacationDays: 14 })).toBe(1);
    expect(leaveEntitlement(25, { vacationDays: 40 })).toBe(0);
  });

  it("counts only the 事假 whose pay was not deducted toward the 20 days (条例第四条(二))", () => {
    expect(leaveEntitlement(12, { personalDays: 25, personalDaysDeducted: 5 })).toBe(0); // 20 left
    expect(leaveEntitlement(12, { personalDays: 25, personalDaysDeducted: 6 })).toBe(10); // 19
    expect(leaveEntitlement(12, { personalDays: 30, personalDaysDeducted: 30 })).toBe(10);
    expect(leaveEntitlement(12, { personalDays: 20, personalDaysDeducted: 0 })).toBe(0);
    expect(() => leaveEntitlement(12, { personalDays: 3, personalDaysDeducted: 4 })).toThrow(
      /其中扣工资事假（4 天）多于事假（3 天）/,
    );
    expect(() => leaveEntitlement(12, { personalDaysDeducted: -1 })).toThrow(/其中扣工资事假/);
  });

  it("is 0 the year after leave was taken and an exclusion followed (实施办法第四条)", () => {
    expect(leaveEntitlement(12, { lostByLastYear: true })).toBe(0);
    expect(leaveEntitlement(12, { lostByLastYear: false })).toBe(10);
  });

  it("gives 0 under one year whatever else", () => {
    expect(leaveEntitlement(0.5, { sickMonths: 0, personalDays: 0, vacationDays: 0 })).toBe(0);
  });

  it("rejects negative circumstances", () => {
    expect(() => leaveEntitlement(5, { sickMonths: -1 })).toThrow(/病假/);
    expect(() => leaveEntitlement(5, { personalDays: -2 })).toThrow(/事假/);
    expect(() => leaveEntitlement(5, { vacationDays: -3 })).toThrow(/寒暑假/);
    expect(() => leaveEntitlement(-5)).toThrow(InputError);
    expect(() => leaveEntitlement(5, { sickMonths: Number.NaN })).toThrow(InputError);
  });
});

describe("exclusion limits", () => {
  it("names the sick-leave limit of each tier and the personal-leave limit", () => {
    expect(sickMonthsLimit(5)).toBe(2);
    expect(sickMonthsLimit(10)).toBe(3);
    expect(sickMonthsLimit(15)).toBe(4);
    expect(PERSONAL_DAYS_LIMIT).toBe(20);
  });
});

describe("losesNextYear (实施办法第四条, 企业办法第八条)", () => {
  it("is true only when leave was taken and 第四条(二)–(五) was reached in the same year", () => {
    expect(losesNextYear(12, 3, { personalDays: 20 })).toBe(true);
    expect(losesNextYear(12, 0, { personalDays: 20 })).toBe(false); // no leave taken
    expect(losesNextYear(12, 3, { personalDays: 19 })).toBe(false);
    expect(losesNextYear(12, 3, { personalDays: 25, personalDaysDeducted: 6 })).toBe(false);
    expect(losesNextYear(12, 3, { sickMonths: 3 })).toBe(true); // 10–20 years: 3 months
    expect(losesNextYear(12, 3, { sickMonths: 2.9 })).toBe(false);
    expect(losesNextYear(5, 0.5, { sickMonths: 2 })).toBe(true);
    expect(losesNextYear(25, 1, { sickMonths: 3.9 })).toBe(false);
    expect(losesNextYear(25, 1, { sickMonths: 4 })).toBe(true);
    // 寒暑假 (第四条(一)) is not one of (二)–(五)
    expect(losesNextYear(12, 3, { vacationDays: 30 })).toBe(false);
  });
});

describe("prorateNewHire (企业办法第五条)", () => {
  const d = dayFromYmd;
  it("prorates by the remaining calendar days ÷ 365 and drops fractions of a day", () => {
    expect(prorateNewHire(5, d(2026, 1, 1), 2026)).toBe(5); // 365/365
    expect(prorateNewHire(5, d(2026, 7, 1), 2026)).toBe(2); // 184/365 × 5 = 2.52
    expect(prorateNewHire(10, d(2026, 7, 1), 2026)).toBe(5); // 5.04
    expect(prorateNewHire(10, d(2026, 7, 3), 2026)).toBe(4); // 182/365 × 10 = 4.99
    expect(prorateNewHire(15, d(2026, 12, 31), 2026)).toBe(0); // 1/365 × 15
    expect(prorateNewHire(15, d(2026, 12, 7), 2026)).toBe(1); // 25/365 × 15 = 1.03
    expect(prorateNewHire(15, d(2024, 1, 1), 2024)).toBe(15); // 366 days: never more
  });

  it("leaves other years alone and gives 0 before the person joined", () => {
    expect(prorateNewHire(10, d(2025, 7, 1), 2026)).toBe(10);
    expect(prorateNewHire(10, d(2027, 1, 1), 2026)).toBe(0);
  });

  it("knows the 合同制 category and its spellings", () => {
    expect(isContractStaff("合同制")).toBe(true);
    expect(isContractStaff(" 合同工 ")).toBe(true);
    expect(isContractStaff("事业单位")).toBe(false);
    expect(isContractStaff("")).toBe(false);
  });
});

describe("leave carried into the next year (条例第五条: 可以跨1个年度安排; 实施办法第六条)", () => {
  it("lets the leave of year Y start from Y-01-01 to (Y+1)-12-31, not a day outside", () => {
    const day = dayFromYmd;
    expect(carriedLeaveProblem(2025, day(2024, 12, 31))).toBe("early");
    expect(carriedLeaveProblem(2025, day(2025, 1, 1))).toBeNull();
    expect(carriedLeaveProblem(2025, day(2026, 1, 6))).toBeNull();
    expect(carriedLeaveProblem(2025, day(2026, 12, 31))).toBeNull();
    expect(carriedLeaveProblem(2025, day(2027, 1, 1))).toBe("late");
  });
});
