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
import { isContractStaff, leaveEntitlement, losesNextYear, prorateNewHire } from "../rules/leave";
import type { WorkCalendar } from "../rules/calendar";
import {
  type PayCircumstances,
  DEFAULT_PAY_DAYS,
  MONTHLY_PAY_DAYS,
  WAGE_BASES,
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

/**
 * 应休天数 from service years and the year's sick, personal (and of them deducted) and
 * school-vacation leave; `lostByLastYear` (是) when 实施办法第四条 takes the year's leave away;
 * `joined` and `year` prorate a 合同制 new hire's first year (企业办法第五条).
 */
export function leaveDaysCell(
  years: Cell,
  sick: Cell,
  personal: Cell,
  vacation: Cell,
  personalDeducted: Cell = null,
  lostByLastYear: Cell = null,
  joined: Cell = null,
  year: Cell = null,
): number {
  const days = leaveEntitlement(readNonNegative(years, "累计工作年限"), {
    sickMonths: readOptionalNonNegative(sick, "病假（月）"),
    personalDays: readOptionalNonNegative(personal, "事假（天）"),
    vacationDays: readOptionalNonNegative(vacation, "寒暑假（天）"),
    personalDaysDeducted: readOptionalNonNegative(personalDeducted, "其中扣工资事假（天）"),
    lostByLastYear: readYes(lostByLastYear, "上年度已休后又请假"),
  });
  if (isBlank(joined)) return days;
  if (isBlank(year)) throw new InputError("折算入本单位当年天数还需年度");
  return prorateNewHire(days, readDate(joined, "入本单位时间"), readYear(year, "年度"));
}

/** 是/否 (or TRUE/FALSE, 1/0); blank is 否. */
export function readYes(value: Cell, what: string): boolean {
  if (isBlank(value)) return false;
  if (typeof value === "boolean") return value;
  if (value === 1) return true;
  if (value === 0) return false;
  const text = readText(value);
  if (text === "是") return true;
  if (text === "否") return false;
  throw new InputError(`${what}应为 是 或 否，收到“${text}”`);
}

function readOptionalNonNegative(value: Cell, what: string): number {
  return isBlank(value) ? 0 : readNonNegative(value, what);
}

/** 次年不享受 (实施办法第四条): 是 when leave was taken and 第四条(二)–(五) reached; else "". */
export function losesNextYearCell(
  years: Cell,
  usedDays: Cell,
  sick: Cell,
  personal: Cell,
  personalDeducted: Cell,
): string {
  const lost = losesNextYear(
    readNonNegative(years, "累计工作年限"),
    isBlank(usedDays) ? 0 : readNonNegative(usedDays, "已休天数"),
    {
      sickMonths: readOptionalNonNegative(sick, "病假（月）"),
      personalDays: readOptionalNonNegative(personal, "事假（天）"),
      personalDaysDeducted: readOptionalNonNegative(personalDeducted, "其中扣工资事假（天）"),
    },
  );
  return lost ? "是" : "";
}

/** The income a row's daily wage is computed from, its divisor, and what it was (日工资依据). */
export { WAGE_BASES };

export interface WageBasis {
  /** 元. */
  income: Cell;
  payDays: number;
  basis: string;
}

/**
 * 实施办法第八条 "应休年休假当年日工资收入…本人全年工资收入除以全年计薪天数（261天）": the
 * row's 全年工资收入（元）, or — blank — the person's 上年度工资收入（元） in its place (代).
 * 合同制 (企业办法第十一条): 月平均工资 ÷ 21.75; without it the yearly income ÷ 12 ÷ 21.75,
 * which is the yearly income ÷ 261.
 */
export function wageBasisCell(
  yearIncome: Cell,
  lastYearIncome: Cell,
  monthly: Cell,
  contract: boolean,
  payDays: number,
): WageBasis {
  if (contract && !isBlank(monthly))
    return { income: monthly, payDays: MONTHLY_PAY_DAYS, basis: WAGE_BASES.monthly };
  const byMonths = MONTHLY_PAY_DAYS * 12;
  if (!isBlank(yearIncome)) {
    return contract
      ? { income: yearIncome, payDays: byMonths, basis: WAGE_BASES.yearByMonths }
      : { income: yearIncome, payDays, basis: WAGE_BASES.year };
  }
  if (!isBlank(lastYearIncome)) {
    return contract
      ? { income: lastYearIncome, payDays: byMonths, basis: WAGE_BASES.lastYearByMonths }
      : { income: lastYearIncome, payDays, basis: WAGE_BASES.lastYear };
  }
  throw new InputError(
    contract ? "缺少工资收入，应填写月平均工资（元）" : "缺少工资收入，应填写全年工资收入（元）",
  );
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
    yuanToFen(readNonNegative(annualIncome, "工资收入（元）")),
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

function payCircumstances(personalDays: Cell, entitlement: Cell): PayCircumstances {
  return {
    ...(isBlank(personalDays) ? {} : { personalDays: readNonNegative(personalDays, "事假（天）") }),
    ...(isBlank(entitlement) ? {} : { entitlement: readNonNegative(entitlement, "应休天数") }),
  };
}

/** 未休年休假报酬 in 元: 300 %, normal wage included; 100 % where 实施办法第九条 applies. */
export function unusedLeavePayCell(
  dailyWage: Cell,
  unusedDays: Cell,
  reason: Cell = null,
  personalDays: Cell = null,
  entitlement: Cell = null,
): number {
  return fenToYuan(
    unusedLeavePayFen(
      readDailyWageFen(dailyWage),
      readNumber(unusedDays, "未休天数"),
      readText(reason),
      payCircumstances(personalDays, entitlement),
    ),
  );
}

/** 其中另行支付 in 元 (200 %, or 0 where 实施办法第九条 applies). */
export function unusedLeaveExtraCell(
  dailyWage: Cell,
  unusedDays: Cell,
  reason: Cell = null,
  personalDays: Cell = null,
  entitlement: Cell = null,
): number {
  return fenToYuan(
    unusedLeaveExtraFen(
      readDailyWageFen(dailyWage),
      readNumber(unusedDays, "未休天数"),
      readText(reason),
      payCircumstances(personalDays, entitlement),
    ),
  );
}

/** 支付截止日期 of the extra part for a year, as a date cell; 合同制 staff: 31 December. */
export function leavePayDueCell(year: Cell, category: Cell = null): Date {
  return instantFromDay(leavePayDue(readYear(year, "年度"), isContractStaff(readText(category))));
}

/** 建议等次 from the green-channel conditions, the year's 处分或诫勉 and 试用期. */
export function greenChannelCell(conditions: Cell, sanction: Cell = null, probation: Cell = null) {
  return greenChannel(readText(conditions), readText(sanction), readYes(probation, "试用期"));
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
