/**
 * One row of each formula: cells in, one cell out (or an InputError). The custom formulas map
 * these over ranges, and `compute` calls the very same functions for each row of a workbook.
 */
import {
  type Cell,
  isBlank,
  readDate,
  readStartDate,
  readNonNegative,
  readNumber,
  readOptionalNumber,
  readText,
  readYear,
} from "../records/cells";
import { type Day, instantFromDay, yearEnd, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";
import { type AwardStandard, awardBonusFen } from "../rules/awards";
import { serviceYears } from "../rules/service";
import { leaveEntitlement } from "../rules/leave";
import type { WorkCalendar } from "../rules/calendar";
import {
  DEFAULT_PAY_DAYS,
  dailyWageFen,
  leavePayDue,
  unusedLeaveExtraFen,
  unusedLeavePayFen,
} from "../rules/pay";
import { fenToYuan, roundFen, yuanToFen } from "../rules/money";
import { type QuotaParams, excellentQuota, greenChannel } from "../rules/assessment";

/** What the formulas may know besides their arguments: today's date, from the caller. */
export interface FormulaContext {
  today: Day;
}

/** 奖金（元） of one award. */
export function awardBonusCell(award: Cell, category: Cell, standards?: readonly AwardStandard[]) {
  if (isBlank(award)) throw new InputError("奖励类型为空，应填写如 嘉奖、记三等功");
  return fenToYuan(awardBonusFen(readText(award), readText(category), standards));
}

/** 累计工作年限 on `asOf` (default 31 December of the current year). */
export function workYearsCell(start: Cell, asOf: Cell, ctx: FormulaContext): number {
  const from = readStartDate(start, "参加工作时间");
  const on = isBlank(asOf) ? yearEnd(yearOf(ctx.today)) : readDate(asOf, "计算日期");
  return serviceYears(from, on);
}

/** 应休天数 from service years and the year's sick, personal and school-vacation leave. */
export function leaveDaysCell(years: Cell, sick: Cell, personal: Cell, vacation: Cell): number {
  return leaveEntitlement(readNonNegative(years, "累计工作年限"), {
    sickMonths: readOptionalNonNegative(sick, "病假（月）"),
    personalDays: readOptionalNonNegative(personal, "事假（天）"),
    vacationDays: readOptionalNonNegative(vacation, "寒暑假（天）"),
  });
}

function readOptionalNonNegative(value: Cell, what: string): number {
  return isBlank(value) ? 0 : readNonNegative(value, what);
}

/** Working days from start to end inclusive. */
export function workdaysCell(start: Cell, end: Cell, calendar: WorkCalendar): number {
  return calendar.workdaysBetween(readDate(start, "开始日期"), readDate(end, "结束日期"));
}

function readPayDays(payDays: Cell): number {
  return readOptionalNumber(payDays, "日工资计薪天数", DEFAULT_PAY_DAYS);
}

/** 日工资收入 in fen, unrounded: the input of the pay rules. */
export function dailyWageFenCell(annualIncome: Cell, payDays: Cell): number {
  return dailyWageFen(
    yuanToFen(readNonNegative(annualIncome, "上年度工资收入（元）")),
    readPayDays(payDays),
  );
}

/** 日工资收入 in 元, rounded half-up to 0.01 for display. */
export function dailyWageCell(annualIncome: Cell, payDays: Cell): number {
  return fenToYuan(roundFen(dailyWageFenCell(annualIncome, payDays)));
}

function readDailyWageFen(dailyWage: Cell): number {
  return yuanToFen(readNonNegative(dailyWage, "日工资收入（元）"));
}

/** 未休年休假报酬 in 元 (300 %, normal wage included). */
export function unusedLeavePayCell(dailyWage: Cell, unusedDays: Cell): number {
  return fenToYuan(
    unusedLeavePayFen(readDailyWageFen(dailyWage), readNumber(unusedDays, "未休天数")),
  );
}

/** 其中另行支付 in 元 (200 %, or 0). */
export function unusedLeaveExtraCell(
  dailyWage: Cell,
  unusedDays: Cell,
  reason: Cell,
  personalDays: Cell,
  entitlement: Cell,
): number {
  return fenToYuan(
    unusedLeaveExtraFen(
      readDailyWageFen(dailyWage),
      readNumber(unusedDays, "未休天数"),
      readText(reason),
      {
        personalDays: readOptionalNonNegative(personalDays, "事假（天）"),
        entitlement: isBlank(entitlement) ? undefined : readNonNegative(entitlement, "应休天数"),
      },
    ),
  );
}

/** 支付截止日期 of the extra part for a year, as a date cell. */
export function leavePayDueCell(year: Cell): Date {
  return instantFromDay(leavePayDue(readYear(year, "年度")));
}

/** 建议等次 from the green-channel conditions. */
export function greenChannelCell(conditions: Cell): string {
  return greenChannel(readText(conditions));
}

/** A unit's number of 优秀 places. */
export function excellentQuotaCell(
  headcount: Cell,
  rank: Cell,
  unitCount: Cell,
  params: QuotaParams,
): number {
  return excellentQuota(
    readNumber(headcount, "人数"),
    isBlank(rank) ? null : readNumber(rank, "排名"),
    readNumber(unitCount, "单位总数"),
    params,
  );
}
