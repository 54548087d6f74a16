/**
 * Pay for annual leave not taken (county document 魏字〔2021〕30号 §二.5). 公务员, 参公管理 and
 * 事业单位 staff: 《机关事业单位工作人员带薪年休假实施办法》(人事部令第9号, "实施办法") 第七、八、
 * 九条; 合同制 staff: 《企业职工带薪年休假实施办法》(人社部令第1号, "企业办法") 第十、十一条,
 * which its 第十七条 extends to those with a labour contract with a 机关 or 事业单位.
 */
import { InputError } from "./errors";
import { type Day, dayFromYmd } from "./dates";
import { roundFen } from "./money";

/**
 * 实施办法第八条: "工作人员应休年休假当年日工资收入的计算办法是：本人全年工资收入除以全年计薪
 * 天数（261天）".
 */
export const DEFAULT_PAY_DAYS = 261;

/**
 * 企业办法第十一条: "计算未休年休假工资报酬的日工资收入按照职工本人的月工资除以月计薪天数
 * （21.75天）进行折算" — for 合同制 staff.
 */
export const MONTHLY_PAY_DAYS = 21.75;

/** 日工资依据: which income a 年休假 row's daily wage was computed from (代 = in place of the year's own). */
export const WAGE_BASES = {
  year: "当年全年工资收入",
  lastYear: "上年度工资收入（代）",
  monthly: "月平均工资",
  yearByMonths: "当年全年工资收入÷12",
  lastYearByMonths: "上年度工资收入÷12（代）",
} as const;

/** The most unused days a year can have: the top tier of 条例第三条. */
export const MAX_UNUSED_DAYS = 15;

function requireNonNegative(value: number, what: string, expected: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(`${what}不是有效数字，应为${expected}`);
  }
  if (value < 0) throw new InputError(`${what}不能为负数（收到 ${value}），应为${expected}`);
}

/**
 * 实施办法第八条 (income ÷ 261) or 企业办法第十一条 (monthly wage ÷ 21.75): the daily wage in
 * fen, unrounded. `payDays` is a positive number of at most 366 (21.75 is allowed).
 */
export function dailyWageFen(incomeFen: number, payDays: number = DEFAULT_PAY_DAYS): number {
  requireNonNegative(incomeFen, "工资收入", "0 或正数金额（元）");
  if (typeof payDays !== "number" || !Number.isFinite(payDays) || payDays <= 0 || payDays > 366) {
    throw new InputError(
      `日工资计薪天数“${payDays}”无效，应为正数（默认 ${DEFAULT_PAY_DAYS}，合同制 ${MONTHLY_PAY_DAYS}）`,
    );
  }
  return incomeFen / payDays;
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

/**
 * 未休原因 of a 年休假 row:
 * - 工作需要: the unit did not arrange the leave (实施办法第七条 "因工作需要不安排工作人员休年休假").
 * - 本人申请: the unit arranged it and the person chose not to take it (实施办法第九条(一)
 *   "因个人原因不休年休假的"; 企业办法第十条第二款 "职工因本人原因且书面提出不休年休假的").
 * - 单位已安排: the unit arranged it and the person did not take it for another reason; 第九条(二)
 *   decides by the 事假.
 */
export type UnusedReason = "工作需要" | "本人申请" | "单位已安排";

export const UNUSED_REASONS = [
  "工作需要",
  "本人申请",
  "单位已安排",
] as const satisfies readonly UnusedReason[];

const REASON_ALIASES: Record<string, UnusedReason> = {
  工作需要: "工作需要",
  因工作需要: "工作需要",
  单位工作需要: "工作需要",
  工作原因: "工作需要",
  本人申请: "本人申请",
  个人申请: "本人申请",
  本人原因: "本人申请",
  个人原因: "本人申请",
  单位已安排: "单位已安排",
  已安排未休: "单位已安排",
  单位已安排未休: "单位已安排",
};

/** 实施办法第七、九条: 未休原因; blank → 工作需要. */
export function normalizeUnusedReason(raw: string | undefined | null): UnusedReason {
  const text = String(raw ?? "")
    .normalize("NFKC")
    .replace(/\s+/g, "");
  if (text === "") return "工作需要";
  const reason = REASON_ALIASES[text];
  if (!reason)
    throw new InputError(`未休原因“${raw}”无法识别，应为 ${UNUSED_REASONS.join("、")} 之一`);
  return reason;
}

/** What decides whether 第九条(二) applies: the year's 事假 and the entitlement. */
export interface PayCircumstances {
  /** 事假 of the year, in days; left out for 合同制 staff (企业办法 has no 第九条(二)). */
  personalDays?: number;
  /** 应休天数 of the year. */
  entitlement?: number;
}

/**
 * 实施办法第九条: "机关、事业单位已安排年休假，工作人员未休且有下列情形之一的，只享受正常工作期间
 * 的工资收入：(一)因个人原因不休年休假的；(二)请事假累计已超过本人应休年休假天数，但不足20天的".
 * Only where the unit arranged the leave: 本人申请 is (一); 单位已安排 is (二) when the 事假 exceed
 * the entitlement and stay under 20 days. 工作需要 (not arranged) never.
 */
export function normalWageOnly(reason: string | undefined, c: PayCircumstances = {}): boolean {
  const why = normalizeUnusedReason(reason);
  if (c.personalDays !== undefined)
    requireNonNegative(c.personalDays, "事假（天）", "0 或正数（天）");
  if (c.entitlement !== undefined) requireNonNegative(c.entitlement, "应休天数", "0 或正数（天）");
  if (why === "本人申请") return true;
  if (why === "工作需要") return false;
  return (
    c.personalDays !== undefined &&
    c.entitlement !== undefined &&
    c.personalDays > c.entitlement &&
    c.personalDays < 20
  );
}

/**
 * 实施办法第七条 "每应休未休1天，按照本人应休年休假当年日工资收入的300%支付，其中包含工作人员
 * 正常工作期间的工资收入" (企业办法第十条第一款 the same): 300 % × daily wage × unused days,
 * rounded half-up; 100 % (the normal wage only) where 第九条 applies (`normalWageOnly`).
 */
export function unusedLeavePayFen(
  dailyWageFen: number,
  unusedDays: number,
  reason?: string,
  c: PayCircumstances = {},
): number {
  const percent = normalWageOnly(reason, c) ? 100 : 300;
  return roundFen(percentOf(dailyWageFen, unusedDays, percent));
}

/**
 * §二.5 "其余部分由所在单位在下一年3月底前一次性支付": the part beyond normal wage = 200 % × daily
 * wage × unused days, rounded half-up; 0 where 实施办法第九条 applies (`normalWageOnly`).
 * Blank reason = 工作需要.
 */
export function unusedLeaveExtraFen(
  dailyWageFen: number,
  unusedDays: number,
  reason?: string,
  c: PayCircumstances = {},
): number {
  const extra = percentOf(dailyWageFen, unusedDays, 200);
  return normalWageOnly(reason, c) ? 0 : roundFen(extra);
}

function requireYear(year: number): void {
  if (typeof year !== "number" || !Number.isInteger(year) || year < 1900 || year > 9998) {
    throw new InputError(`年度“${year}”无效，应为四位数年份（如 2026）`);
  }
}

/**
 * The day by which the extra part for `year` is paid. County document §二.5: "在下一年3月底前
 * 一次性支付" → 31 March of year + 1. For 合同制 staff (`contract`), 企业办法第十条: "应当在本年度
 * 内对职工应休未休年休假天数…支付" → 31 December of the year itself.
 */
export function leavePayDue(year: number, contract = false): Day {
  requireYear(year);
  return contract ? dayFromYmd(year, 12, 31) : dayFromYmd(year + 1, 3, 31);
}
