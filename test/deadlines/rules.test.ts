import { describe, expect, it } from "vitest";
import {
  deadlineState,
  dueInYear,
  healthPlanDue,
  healthReportDue,
  leavePayDeadline,
  leavePlanDue,
  leavePlanState,
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

describe("the leave plan: due when made, not when filed (魏字〔2021〕30号 二.5)", () => {
  const due = d(2027, 3, 31);
  const state = (made: number | null, filed: number | null, today: number) =>
    leavePlanState(due, made, filed, today, LEAD);

  it("is done when 计划提交日期 is on or before 3-31, even unfiled (已制定未备案)", () => {
    expect(state(d(2027, 3, 31), null, d(2027, 4, 1))).toEqual({
      status: "done",
      daysLeft: -1,
      unfiled: true,
    });
    expect(state(d(2027, 3, 20), d(2027, 3, 25), d(2027, 4, 1))).toEqual({
      status: "done",
      daysLeft: -1,
    });
    // A filing alone says the plan was made by then (workbooks that typed only 备案日期).
    expect(state(null, d(2027, 3, 25), d(2027, 4, 1))).toEqual({ status: "done", daysLeft: -1 });
    // Filed on a later day: unfiled until then.
    expect(state(d(2027, 3, 20), d(2027, 4, 10), d(2027, 4, 1)).unfiled).toBe(true);
  });

  it("is overdue from 4-1 while no plan is made, and open or due-soon before", () => {
    expect(state(null, null, d(2027, 4, 1))).toEqual({ status: "overdue", daysLeft: -1 });
    expect(state(null, null, d(2027, 3, 31))).toEqual({ status: "due-soon", daysLeft: 0 });
    // Made on 4-10 (late): overdue until then, done from that day.
    expect(state(d(2027, 4, 10), null, d(2027, 4, 9)).status).toBe("overdue");
    expect(state(d(2027, 4, 10), null, d(2027, 4, 10)).status).toBe("done");
    // A 计划提交日期 after today is not made yet.
    expect(state(d(2027, 3, 30), null, d(2027, 3, 29)).status).toBe("due-soon");
  });

  it("reminds a plan made but not filed on the lead days and weekly after 3-31", () => {
    const reminded = (today: number) => remindsToday(state(d(2027, 2, 1), null, today), LEAD);
    expect(reminded(d(2027, 3, 1))).toBe(true); // 30 days before
    expect(reminded(d(2027, 3, 2))).toBe(false);
    expect(reminded(d(2027, 3, 30))).toBe(true); // 1 day before
    expect(reminded(d(2027, 4, 1))).toBe(false); // not daily, as an overdue item is
    expect(reminded(d(2027, 4, 7))).toBe(true); // a week after
    expect(reminded(d(2027, 4, 14))).toBe(true);
    expect(reminded(d(2027, 4, 15))).toBe(false);
    // Filed: no reminder at all.
    expect(remindsToday(state(d(2027, 2, 1), d(2027, 3, 1), d(2027, 3, 1)), LEAD)).toBe(false);
  });
});
