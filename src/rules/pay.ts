/**
 * Pay for annual leave not taken (county document 魏字〔2021〕30号 §二.5; 《机关事业单位工作人员
 * 带薪年休假实施办法》(人事部令第9号) 第七、八、九条): 300 % of the daily wage per unused day,
 * normal wage included; the part beyond normal wage is paid in one sum before the end of March
 * of the next year.
 */
import { InputError } from "./errors";
import { type Day, dayFromYmd } from "./dates";
import { roundFen } from "./money";

/** 实施办法第八条: 全年计薪天数 261 (365 − 104 rest days). */
export const DEFAULT_PAY_DAYS = 261;

/** The most unused days a year can have: the top tier of 条例第三条. */
export const MAX_UNUSED_DAYS = 15;

function requireNonNegative(value: number, what: string, expected: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(`${what}不是有效数字，应为${expected}`);
  }
  if (value < 0) throw new InputError(`${what}不能为负数（收到 ${value}），应为${expected}`);
}

/** 实施办法第八条: daily wage = annual wage income ÷ 261 pay days, in fen, unrounded. */
export function dailyWageFen(annualIncomeFen: number, payDays: number = DEFAULT_PAY_DAYS): number {
  requireNonNegative(annualIncomeFen, "上年度工资收入", "0 或正数金额（元）");
  if (typeof payDays !== "number" || !Number.isInteger(payDays) || payDays <= 0) {
    throw new InputError(`日工资计薪天数“${payDays}”无效，应为正整数（默认 ${DEFAULT_PAY_DAYS}）`);
  }
  return annualIncomeFen / payDays;
}

function requireUnusedDays(unusedDays: number): void {
  requireNonNegative(unusedDays, "未休天数", `0 到 ${MAX_UNUSED_DAYS} 之间的天数`);
  if (unusedDays > MAX_UNUSED_DAYS) {
    throw new InputError(
      `未休天数 ${unusedDays} 超过年休假最多天数，应为 0 到 ${MAX_UNUSED_DAYS} 之间`,
    );
  }
  if (!Number.isInteger(unusedDays * 2)) {
    throw new InputError(`未休天数 ${unusedDays} 无效，应为整天或半天（0.5 的倍数）`);
  }
}

/** Unrounded fen of `percent` % × daily wage × days, computed so that exact inputs stay exact. */
function percentOf(dailyWageFen: number, unusedDays: number, percent: number): number {
  requireNonNegative(dailyWageFen, "日工资收入", "0 或正数金额（元）");
  requireUnusedDays(unusedDays);
  return (dailyWageFen * unusedDays * percent) / 100;
}

/** §二.5, 实施办法第七条: unused-leave pay = 300 % × daily wage × unused days (normal wage included), rounded half-up. */
export function unusedLeavePayFen(dailyWageFen: number, unusedDays: number): number {
  return roundFen(percentOf(dailyWageFen, unusedDays, 300));
}

export type UnusedReason = "工作需要" | "本人申请";

export const UNUSED_REASONS = ["工作需要", "本人申请"] as const satisfies readonly UnusedReason[];

const REASON_ALIASES: Record<string, UnusedReason> = {
  工作需要: "工作需要",
  因工作需要: "工作需要",
  单位工作需要: "工作需要",
  工作原因: "工作需要",
  本人申请: "本人申请",
  个人申请: "本人申请",
  本人原因: "本人申请",
  个人原因: "本人申请",
};

/** 实施办法第七、九条: 未休原因; blank → 工作需要. */
export function normalizeUnusedReason(raw: string | undefined | null): UnusedReason {
  const text = String(raw ?? "")
    .normalize("NFKC")
    .replace(/\s+/g, "");
  if (text === "") return "工作需要";
  const reason = REASON_ALIASES[text];
  if (!reason)
    throw new InputError(`未休原因“${raw}”无法识别，应为 ${UNUSED_REASONS.join(" 或 ")}`);
  return reason;
}

/**
 * §二.5, 实施办法第七、九条: the part beyond normal wage = 200 % × daily wage × unused days,
 * rounded half-up; 0 when the person chose not to take the leave (本人申请, 第九条(一)) or when
 * 事假 exceeded the entitlement but stayed under 20 days (第九条(二)). Blank reason = 工作需要.
 */
export function unusedLeaveExtraFen(
  dailyWageFen: number,
  unusedDays: number,
  reason?: string,
  c: { personalDays?: number; entitlement?: number } = {},
): number {
  const extra = percentOf(dailyWageFen, unusedDays, 200);
  const why = normalizeUnusedReason(reason);
  if (c.personalDays !== undefined)
    requireNonNegative(c.personalDays, "事假（天）", "0 或正数（天）");
  if (c.entitlement !== undefined) requireNonNegative(c.entitlement, "应休天数", "0 或正数（天）");
  if (why === "本人申请") return 0;
  if (
    c.personalDays !== undefined &&
    c.entitlement !== undefined &&
    c.personalDays > c.entitlement &&
    c.personalDays < 20
  ) {
    return 0;
  }
  return roundFen(extra);
}

/** §二.5: the extra part for year `year` is paid in one sum by 31 March of year + 1. */
export function leavePayDue(year: number): Day {
  if (typeof year !== "number" || !Number.isInteger(year) || year < 1900 || year > 9998) {
    throw new InputError(`年度“${year}”无效，应为四位数年份（如 2026）`);
  }
  return dayFromYmd(year + 1, 3, 31);
}
