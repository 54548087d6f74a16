import { describe, it, expect } from "vitest";
import {
  PERSONAL_DAYS_LIMIT,
  leaveEntitlement,
  leaveTier,
  sickMonthsLimit,
} from "../../src/rules/leave";
import { InputError } from "../../src/rules/errors";

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

  it("is 0 only when school vacation is more than the entitlement", () => {
    expect(leaveEntitlement(3, { vacationDays: 5 })).toBe(5);
    expect(leaveEntitlement(3, { vacationDays: 6 })).toBe(0);
    expect(leaveEntitlement(15, { vacationDays: 10 })).toBe(10);
    expect(leaveEntitlement(15, { vacationDays: 10.5 })).toBe(0);
    expect(leaveEntitlement(25, { vacationDays: 15 })).toBe(15);
    expect(leaveEntitlement(25, { vacationDays: 40 })).toBe(0);
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
