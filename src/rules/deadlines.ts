/**
 * Deadlines of the county document 魏字〔2021〕30号 and their state on a given day. Pure: the
 * caller passes the day; nothing here reads a clock or a sheet.
 *
 * - leave-plan: §二.5 "每年3月底前，制定出当年职工年休假计划…年休假计划和干部休假情况要按照干部管理
 *   权限，分别报组织人事部门备案" — a unit's plan for year Y is due when it is made, by Y-03-31;
 *   the filing has no date of its own (see leavePlanState).
 * - leave-pay: §二.5 "其余部分由所在单位在下一年3月底前一次性支付" — due Y+1-03-31.
 * - health-plan / health-report: §二.4 "各单位体检方案和体检情况要…报组织人事部门备案" — dates in 参数.
 * - talk-followup: §二.7 "做到心想到、话说到、力尽到、事办到" — the 跟进日期 a unit set itself.
 *
 * A deadline that falls on a weekend or a holiday stays on its date: the document says 月底前
 * (before the end of the month), not "the next working day".
 */
import { InputError } from "./errors";
import { type Day, dayFromYmd, daysInMonth } from "./dates";
import { leavePayDue } from "./pay";

export type DeadlineKind =
  "leave-plan" | "leave-pay" | "health-plan" | "health-report" | "talk-followup";

export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  "leave-plan",
  "leave-pay",
  "health-plan",
  "health-report",
  "talk-followup",
];

/** The Chinese name of each kind, as mails, tables and the 提醒 sheet's 事项 column show it. */
export const KIND_LABELS: Readonly<Record<DeadlineKind, string>> = {
  "leave-plan": "年休假计划备案",
  "leave-pay": "未休年休假报酬另行支付",
  "health-plan": "体检方案备案",
  "health-report": "体检情况备案",
  "talk-followup": "谈心谈话跟进",
};

/** One-line source of each deadline. */
export const KIND_SOURCES: Readonly<Record<DeadlineKind, string>> = {
  "leave-plan":
    "魏字〔2021〕30号 二.5：每年3月底前，制定出当年职工年休假计划；年休假计划按照干部管理权限报组织人事部门备案",
  "leave-pay":
    "魏字〔2021〕30号 二.5：未休年休假工资报酬除正常工资外的部分，在下一年3月底前一次性支付",
  "health-plan": "魏字〔2021〕30号 二.4：各单位体检方案按干部管理权限报组织人事部门备案",
  "health-report": "魏字〔2021〕30号 二.4：各单位体检情况按干部管理权限报组织人事部门备案",
  "talk-followup":
    "魏字〔2021〕30号 二.7：对干部面临的实际困难，做到心想到、话说到、力尽到、事办到",
};

/** Kind from its Chinese label (the 提醒 sheet stores labels); null when unknown. */
export function kindFromLabel(label: string): DeadlineKind | null {
  for (const kind of DEADLINE_KINDS) if (KIND_LABELS[kind] === label || kind === label) return kind;
  return null;
}

export type DeadlineStatus = "done" | "open" | "due-soon" | "overdue";

export const STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {
  done: "已完成",
  open: "未到期",
  "due-soon": "即将到期",
  overdue: "已逾期",
};

/** 参数 提醒提前天数 default. */
export const DEFAULT_LEAD_DAYS: readonly number[] = [30, 14, 7, 3, 1];

export interface MonthDay {
  month: number;
  day: number;
}

/** Default due dates within the year (参数 年休假计划截止, 体检方案备案截止, 体检情况备案截止). */
export const DEFAULT_LEAVE_PLAN_DUE: MonthDay = { month: 3, day: 31 };
export const DEFAULT_HEALTH_PLAN_DUE: MonthDay = { month: 5, day: 31 };
export const DEFAULT_HEALTH_REPORT_DUE: MonthDay = { month: 11, day: 30 };

/**
 * 提醒提前天数: "30,14,7,3,1" (also ，、; or spaces). Whole days 0–366, duplicates dropped,
 * largest first. Blank gives the default. 0 means "on the due day itself".
 */
export function parseLeadDays(text: string): number[] {
  const cleaned = String(text ?? "")
    .normalize("NFKC")
    .trim();
  if (cleaned === "") return [...DEFAULT_LEAD_DAYS];
  const parts = cleaned.split(/[,，、;；\s]+/).filter((p) => p !== "");
  const days = new Set<number>();
  for (const part of parts) {
    const n = Number(part.replace(/天$/, ""));
    if (!Number.isInteger(n) || n < 0 || n > 366) {
      throw new InputError(
        `参数“提醒提前天数”中的“${part}”无效，应为 0 到 366 的整数，用逗号分隔，如 30,14,7,3,1`,
      );
    }
    days.add(n);
  }
  return [...days].sort((a, b) => b - a);
}

/** A month-day typed as 03-31, 3-31, 3/31, 3.31 or 3月31日. February 29 is allowed. */
export function parseMonthDay(text: string, what: string): MonthDay {
  const cleaned = String(text ?? "")
    .normalize("NFKC")
    .replace(/\s/g, "");
  const m = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(cleaned);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month))
      return { month, day };
  }
  throw new InputError(`${what}“${text}”无效，应为“月-日”，如 03-31`);
}

/** The due day of a month-day in a year; February 29 falls back to February 28 in common years. */
export function dueInYear(year: number, md: MonthDay): Day {
  return dayFromYmd(year, md.month, Math.min(md.day, daysInMonth(year, md.month)));
}

/** §二.5: year Y's leave plan, due Y-03-31 by default. */
export function leavePlanDue(year: number, md: MonthDay = DEFAULT_LEAVE_PLAN_DUE): Day {
  return dueInYear(year, md);
}

/** §二.5: the extra unused-leave pay of year Y, due (Y+1)-03-31 (the same rule as LEAVE_PAY_DUE). */
export function leavePayDeadline(year: number): Day {
  return leavePayDue(year);
}

/** §二.4: year Y's health-check plan filing. */
export function healthPlanDue(year: number, md: MonthDay = DEFAULT_HEALTH_PLAN_DUE): Day {
  return dueInYear(year, md);
}

/** §二.4: year Y's health-check results filing. */
export function healthReportDue(year: number, md: MonthDay = DEFAULT_HEALTH_REPORT_DUE): Day {
  return dueInYear(year, md);
}

/**
 * When an item was completed: a day (the filing or payment date typed), `true` for a cell filled
 * with something that is not a date (the issue: "done when the date is filled"), or null.
 */
export type DoneMark = Day | true | null;

/** Done on `today`: filled with a non-date, or with a date on or before today. */
export function isDoneOn(done: DoneMark, today: Day): boolean {
  if (done === null) return false;
  if (done === true) return true;
  return done <= today;
}

export interface DeadlineState {
  status: DeadlineStatus;
  /** due − today in days; negative once overdue. */
  daysLeft: number;
  /** leave-plan only: the plan is made (done) but not filed yet (已制定未备案). */
  unfiled?: boolean;
}

/** The state a leave plan made but not filed shows (年休假计划 状态, deadlines, reminders). */
export const PLAN_UNFILED = "已制定未备案";

/**
 * A leave plan (§二.5 "每年3月底前，制定出当年职工年休假计划"): due when it is made, not when it is
 * filed — the document sets no date for "报组织人事部门备案". Done once 计划提交日期 (or, when
 * only that is typed, 备案日期: a filed plan was made) is on or before `today`; a plan made but
 * not filed is done and `unfiled`: reminded (see remindsToday) but never overdue, so never in a
 * 通报批评 for lateness. A plan not made by the due day is overdue until it is made.
 */
export function leavePlanState(
  due: Day,
  made: DoneMark,
  filed: DoneMark,
  today: Day,
  leadDays: readonly number[],
): DeadlineState {
  const made_ = made === null || (made === true && filed !== null) ? filed : made;
  const state = deadlineState(due, made_, today, leadDays);
  if (state.status === "done" && !isDoneOn(filed, today)) state.unfiled = true;
  return state;
}

/**
 * The state of an item on `today`: done; overdue after the due day; due-soon from the largest
 * lead day up to and including the due day; open before that.
 */
export function deadlineState(
  due: Day,
  done: DoneMark,
  today: Day,
  leadDays: readonly number[],
): DeadlineState {
  const daysLeft = due - today;
  if (isDoneOn(done, today)) return { status: "done", daysLeft };
  if (daysLeft < 0) return { status: "overdue", daysLeft };
  const window = leadDays.length ? Math.max(...leadDays) : 0;
  return { status: daysLeft <= window ? "due-soon" : "open", daysLeft };
}

/**
 * A reminder goes out on each lead day before the due day and every day once overdue. A leave
 * plan made but not filed (`unfiled`) is reminded on the lead days and weekly after the due day.
 */
export function remindsToday(state: DeadlineState, leadDays: readonly number[]): boolean {
  if (state.status === "done" && state.unfiled)
    return leadDays.includes(state.daysLeft) || (state.daysLeft < 0 && state.daysLeft % 7 === 0);
  if (state.status === "done") return false;
  if (state.daysLeft < 0) return true;
  return leadDays.includes(state.daysLeft);
}
