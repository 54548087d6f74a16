/**
 * Paid annual leave entitlement (county document 魏字〔2021〕30号 §二.5, which applies
 * 《河北省职工带薪年休假实施细则》; 《职工带薪年休假条例》第三、四条).
 */
import { InputError } from "./errors";

export type LeaveTier = 0 | 5 | 10 | 15;

function requireNonNegative(value: number, what: string, expected: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(`${what}不是有效数字，应为${expected}`);
  }
  if (value < 0) throw new InputError(`${what}不能为负数（收到 ${value}），应为${expected}`);
}

/** 条例第三条: under 1 year 0 days; 1 ≤ y < 10 → 5; 10 ≤ y < 20 → 10; y ≥ 20 → 15. */
export function leaveTier(years: number): LeaveTier {
  requireNonNegative(years, "累计工作年限", "0 或正数（年）");
  if (years < 1) return 0;
  if (years < 10) return 5;
  if (years < 20) return 10;
  return 15;
}

export interface LeaveCircumstances {
  /** 病假, months accumulated in the year. */
  sickMonths?: number;
  /** 事假, days accumulated in the year (单位按照规定不扣工资). */
  personalDays?: number;
  /** 寒暑假, days the person is entitled to by law. */
  vacationDays?: number;
}

/** 条例第四条(三)(四)(五): sick leave, in months, from which no leave is due in the tier. */
export function sickMonthsLimit(tier: LeaveTier): number {
  if (tier === 5) return 2;
  if (tier === 10) return 3;
  if (tier === 15) return 4;
  return 0;
}

/** 条例第四条(二): 事假 of 20 days or more (以上 includes 20) means no leave that year. */
export const PERSONAL_DAYS_LIMIT = 20;

/**
 * 条例第三、四条: the year's entitlement: the tier, or 0 when 寒暑假 days are more than the tier
 * (equal is still entitled), 事假 ≥ 20 days, or 病假 ≥ 2 months (1–10 years), ≥ 3 (10–20), ≥ 4 (20+).
 */
export function leaveEntitlement(years: number, c: LeaveCircumstances = {}): number {
  const tier = leaveTier(years);
  const sick = c.sickMonths ?? 0;
  const personal = c.personalDays ?? 0;
  const vacation = c.vacationDays ?? 0;
  requireNonNegative(sick, "病假（月）", "0 或正数（月）");
  requireNonNegative(personal, "事假（天）", "0 或正数（天）");
  requireNonNegative(vacation, "寒暑假（天）", "0 或正数（天）");
  if (tier === 0) return 0;
  if (vacation > tier) return 0;
  if (personal >= PERSONAL_DAYS_LIMIT) return 0;
  if (sick >= sickMonthsLimit(tier)) return 0;
  return tier;
}
