import { describe, it, expect } from "vitest";
import {
  DEFAULT_PAY_DAYS,
  MONTHLY_PAY_DAYS,
  UNUSED_REASONS,
  dailyWageFen,
  leavePayDue,
  normalizeUnusedReason,
  unusedLeaveExtraFen,
  unusedLeavePayFen,
} from "../../src/rules/pay";
import { isoFromDay } from "../../src/rules/dates";
import { yuanToFen } from "../../src/rules/money";
import { InputError } from "../../src/rules/errors";

describe("dailyWageFen", () => {
  it("divides the annual income by 261 pay days, unrounded", () => {
    expect(DEFAULT_PAY_DAYS).toBe(261);
    expect(dailyWageFen(26_100_00)).toBe(10000);
    expect(dailyWageFen(30_000_00)).toBeCloseTo(11494.252873563218, 9);
    expect(dailyWageFen(0)).toBe(0);
    expect(dailyWageFen(25_000_00, 250)).toBe(10000);
  });

  it("divides a 合同制 monthly wage by 21.75 (企业办法第十一条)", () => {
    expect(MONTHLY_PAY_DAYS).toBe(21.75);
    expect(dailyWageFen(8700_00, MONTHLY_PAY_DAYS)).toBe(40000);
  });

  it("rejects a negative income and a pay-day count that is not a positive number", () => {
    expect(() => dailyWageFen(-1)).toThrow(InputError);
    expect(() => dailyWageFen(-1)).toThrow(/负数/);
    expect(() => dailyWageFen(100, 0)).toThrow(/日工资计薪天数/);
    expect(() => dailyWageFen(100, -261)).toThrow(InputError);
    expect(() => dailyWageFen(100, 367)).toThrow(InputError);
    expect(() => dailyWageFen(Number.NaN)).toThrow(InputError);
  });
});

describe("unusedLeavePayFen", () => {
  it("is the normal wage only (100 %) for 本人申请 (实施办法第九条(一))", () => {
    // the figure: UNUSED_LEAVE_PAY(383.14,5,"本人申请") = 1915.70
    expect(unusedLeavePayFen(38314, 5, "本人申请")).toBe(191570);
    expect(unusedLeavePayFen(38314, 5, "工作需要")).toBe(574710);
    expect(unusedLeavePayFen(38314, 5)).toBe(574710);
    expect(unusedLeavePayFen(10000, 5, "单位已安排", { personalDays: 6, entitlement: 5 })).toBe(
      50000,
    );
    expect(unusedLeavePayFen(10000, 5, "单位已安排", { personalDays: 4, entitlement: 5 })).toBe(
      150000,
    );
    expect(unusedLeavePayFen(10000, 5, "工作需要", { personalDays: 6, entitlement: 5 })).toBe(
      150000,
    );
  });

  it("pays 300 % of the daily wage per unused day, rounded once at the end", () => {
    expect(unusedLeavePayFen(10000, 5)).toBe(150000);
    // 30000 元 a year: 114.942528… 元 a day × 3 × 5 = 1724.1379… 元
    expect(unusedLeavePayFen(dailyWageFen(30_000_00), 5)).toBe(172414);
    // 88888 元 a year, 3 days: 340.567049… × 9 = 3065.1034… 元
    expect(unusedLeavePayFen(dailyWageFen(yuanToFen(88888)), 3)).toBe(306510);
    expect(unusedLeavePayFen(10000, 0)).toBe(0);
    expect(unusedLeavePayFen(10000, 15)).toBe(450000);
  });

  it("allows half days", () => {
    expect(unusedLeavePayFen(10000, 2.5)).toBe(75000);
    expect(unusedLeavePayFen(333.5, 0.5)).toBe(500); // 500.25 → 500
    expect(unusedLeavePayFen(1, 0.5)).toBe(2); // 1.5 → 2, half-up
  });

  it("rounds a half fen up despite float noise", () => {
    // 0.1 + 0.2 fen a day × 3 × 0.5 = 0.45 → 0; 1/6 × 3 × 1 = 0.5 → 1
    expect(unusedLeavePayFen(0.1 + 0.2, 0.5)).toBe(0);
    expect(unusedLeavePayFen(1 / 6, 1)).toBe(1);
  });

  it("rejects negative days, more than 15 days and other bad input", () => {
    expect(() => unusedLeavePayFen(10000, -1)).toThrow(InputError);
    expect(() => unusedLeavePayFen(10000, -1)).toThrow(/负数/);
    expect(() => unusedLeavePayFen(10000, 15.5)).toThrow(/15/);
    expect(() => unusedLeavePayFen(10000, 2.3)).toThrow(/半天/);
    expect(() => unusedLeavePayFen(-10000, 2)).toThrow(InputError);
    expect(() => unusedLeavePayFen(Number.NaN, 2)).toThrow(InputError);
  });
});

describe("unusedLeaveExtraFen", () => {
  it("pays 200 % when the unit could not arrange the leave", () => {
    expect(UNUSED_REASONS).toEqual(["工作需要", "本人申请", "单位已安排"]);
    expect(unusedLeaveExtraFen(10000, 5)).toBe(100000);
    expect(unusedLeaveExtraFen(10000, 5, "")).toBe(100000);
    expect(unusedLeaveExtraFen(10000, 5, "工作需要")).toBe(100000);
    expect(unusedLeaveExtraFen(10000, 5, " 工作需要 ")).toBe(100000);
    expect(unusedLeaveExtraFen(dailyWageFen(30_000_00), 5)).toBe(114943); // 1149.4252… 元
  });

  it("pays nothing extra when the person chose not to take the leave", () => {
    expect(unusedLeaveExtraFen(10000, 5, "本人申请")).toBe(0);
  });

  it("owes the 200 % for 工作需要 whatever the 事假: 第九条 needs the unit to have arranged the leave", () => {
    // the figure: UNUSED_LEAVE_EXTRA(383.14,5,"工作需要",8,5) = 3831.40
    expect(unusedLeaveExtraFen(38314, 5, "工作需要", { personalDays: 8, entitlement: 5 })).toBe(
      383140,
    );
    expect(unusedLeaveExtraFen(10000, 5, "", { personalDays: 19, entitlement: 10 })).toBe(100000);
  });

  it("pays nothing extra for 单位已安排 when 事假 exceeded the entitlement but stayed under 20 days (第九条(二))", () => {
    const arranged = (personalDays: number, entitlement: number) =>
      unusedLeaveExtraFen(10000, 5, "单位已安排", { personalDays, entitlement });
    expect(arranged(6, 5)).toBe(0);
    expect(arranged(19, 10)).toBe(0);
    expect(arranged(19.5, 10)).toBe(0);
    // equal to the entitlement is not "exceeded"; 20 days is not "不足20天"
    expect(arranged(5, 5)).toBe(100000);
    expect(arranged(4, 5)).toBe(100000);
    expect(arranged(20, 10)).toBe(100000);
    // no 事假 given (合同制: 企业办法 has no 第九条(二)): the unit pays
    expect(unusedLeaveExtraFen(10000, 5, "单位已安排")).toBe(100000);
  });

  it("reads common spellings of the reason", () => {
    expect(normalizeUnusedReason(undefined)).toBe("工作需要");
    expect(normalizeUnusedReason("因工作需要")).toBe("工作需要");
    expect(normalizeUnusedReason("个人原因")).toBe("本人申请");
    expect(normalizeUnusedReason("本人申请\u3000")).toBe("本人申请");
    expect(unusedLeaveExtraFen(10000, 5, "个人原因")).toBe(0);
  });

  it("rejects an unknown reason, listing the values", () => {
    expect(() => unusedLeaveExtraFen(10000, 5, "出差")).toThrow(InputError);
    expect(() => unusedLeaveExtraFen(10000, 5, "出差")).toThrow(/工作需要/);
    expect(() => unusedLeaveExtraFen(10000, 5, "出差")).toThrow(/本人申请/);
    expect(() => unusedLeaveExtraFen(10000, 5, "出差")).toThrow(/单位已安排/);
    expect(normalizeUnusedReason("已安排未休")).toBe("单位已安排");
  });

  it("rejects negative days and negative personal leave", () => {
    expect(() => unusedLeaveExtraFen(10000, -0.5)).toThrow(InputError);
    expect(() => unusedLeaveExtraFen(10000, 5, "", { personalDays: -1, entitlement: 5 })).toThrow(
      InputError,
    );
  });
});

describe("leavePayDue", () => {
  it("is 31 March of the next year", () => {
    expect(isoFromDay(leavePayDue(2026))).toBe("2027-03-31");
  });

  it("is 31 December of the year itself for 合同制 staff (企业办法第十条: 在本年度内)", () => {
    expect(isoFromDay(leavePayDue(2026, true))).toBe("2026-12-31");
    expect(isoFromDay(leavePayDue(2024, false))).toBe("2025-03-31");
    expect(isoFromDay(leavePayDue(2027))).toBe("2028-03-31");
  });

  it("rejects a year that is not a four-digit integer", () => {
    expect(() => leavePayDue(26)).toThrow(InputError);
    expect(() => leavePayDue(2026.5)).toThrow(InputError);
    expect(() => leavePayDue(Number.NaN)).toThrow(InputError);
  });
});
