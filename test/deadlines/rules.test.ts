import { describe, expect, it } from "vitest";
import {
  deadlineState,
  dueInYear,
  healthPlanDue,
  healthReportDue,
  leavePayDeadline,
  leavePlanDue,
  parseLeadDays,
  parseMonthDay,
  remindsToday,
} from "../../src/rules/deadlines";
import { dayFromYmd, isoFromDay } from "../../src/rules/dates";
import { InputError } from "../../src/rules/errors";

const d = dayFromYmd;
const LEAD = [30, 14, 7, 3, 1];

describe("due dates", () => {
  it("puts the leave plan on 31 March and the extra pay on 31 March of the next year", () => {
    expect(isoFromDay(leavePlanDue(2027))).toBe("2027-03-31");
    expect(isoFromDay(leavePayDeadline(2026))).toBe("2027-03-31");
    expect(isoFromDay(healthPlanDue(2027))).toBe("2027-05-31");
    expect(isoFromDay(healthReportDue(2027))).toBe("2027-11-30");
  });
  it("keeps a deadline on a weekend on its date (2029-03-31 is a Saturday)", () => {
    expect(isoFromDay(leavePlanDue(2029))).toBe("2029-03-31");
  });
  it("takes month-days from 参数 and falls back from 29 February in common years", () => {
    expect(parseMonthDay("03-31", "x")).toEqual({ month: 3, day: 31 });
    expect(parseMonthDay("５月３１日", "x")).toEqual({ month: 5, day: 31 });
    expect(parseMonthDay("2/29", "x")).toEqual({ month: 2, day: 29 });
    expect(isoFromDay(dueInYear(2027, { month: 2, day: 29 }))).toBe("2027-02-28");
    expect(isoFromDay(dueInYear(2028, { month: 2, day: 29 }))).toBe("2028-02-29");
    expect(() => parseMonthDay("04-31", "参数“年休假计划截止”")).toThrow(
      "参数“年休假计划截止”“04-31”无效，应为“月-日”，如 03-31",
    );
  });
});

describe("lead days", () => {
  it("reads 参数 提醒提前天数 in the forms people type", () => {
    expect(parseLeadDays("30,14,7,3,1")).toEqual([30, 14, 7, 3, 1]);
    expect(parseLeadDays("1、3，7 14;30;30")).toEqual([30, 14, 7, 3, 1]);
    expect(parseLeadDays("")).toEqual([30, 14, 7, 3, 1]);
    expect(parseLeadDays("0,5天")).toEqual([5, 0]);
    expect(() => parseLeadDays("30,两周")).toThrow(InputError);
  });
});

describe("state on a day", () => {
  const due = d(2027, 3, 31);
  it("is open before the largest lead day, due-soon within it, overdue after, done once filed", () => {
    expect(deadlineState(due, null, d(2027, 2, 28), LEAD)).toEqual({
      status: "open",
      daysLeft: 31,
    });
    expect(deadlineState(due, null, d(2027, 3, 1), LEAD)).toEqual({
      status: "due-soon",
      daysLeft: 30,
    });
    expect(deadlineState(due, null, due, LEAD)).toEqual({ status: "due-soon", daysLeft: 0 });
    expect(deadlineState(due, null, d(2027, 4, 1), LEAD)).toEqual({
      status: "overdue",
      daysLeft: -1,
    });
    expect(deadlineState(due, d(2027, 3, 20), d(2027, 4, 1), LEAD)).toEqual({
      status: "done",
      daysLeft: -1,
    });
    expect(deadlineState(due, true, d(2027, 3, 1), LEAD).status).toBe("done");
  });
  it("counts a filing date only from that date on", () => {
    expect(deadlineState(due, d(2027, 3, 20), d(2027, 3, 19), LEAD).status).toBe("due-soon");
    expect(deadlineState(due, d(2027, 3, 20), d(2027, 3, 20), LEAD).status).toBe("done");
  });
  it("reminds on each lead day and every day once overdue, never when done", () => {
    const days = [];
    for (let t = d(2027, 2, 1); t <= d(2027, 4, 3); t++) {
      if (remindsToday(deadlineState(due, null, t, LEAD), LEAD)) days.push(isoFromDay(t).slice(5));
    }
    expect(days).toEqual(["03-01", "03-17", "03-24", "03-28", "03-30", "04-01", "04-02", "04-03"]);
    expect(remindsToday(deadlineState(due, d(2027, 3, 1), d(2027, 4, 2), LEAD), LEAD)).toBe(false);
  });
});
