/**
 * Paid annual leave entitlement (county document 魏字〔2021〕30号 §二.5, which applies
 * 《河北省职工带薪年休假实施细则》). The national texts: 《职工带薪年休假条例》(国务院令第514号,
 * "条例"), 《机关事业单位工作人员带薪年休假实施办法》(人事部令第9号, "实施办法") for 公务员,
 * 参公管理 and 事业单位 staff, and 《企业职工带薪年休假实施办法》(人社部令第1号, "企业办法"),
 * which its 第十七条 extends to 合同制 staff of 机关、事业单位 ("机关、事业单位、社会团体和与其
 * 建立劳动关系的职工，依照本办法执行").
 */
import { InputError } from "./errors";
import { type Day, yearEnd, yearOf } from "./dates";

export type LeaveTier = 0 | 5 | 10 | 15;

function requireNonNegative(value: number, what: string, expected: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(`${what}不是有效数字，应为${expected}`);
  }
  if (value < 0) throw new InputError(`${what}不能为负数（收到 ${value}），应为${expected}`);
}

/**
 * 条例第三条: "职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；
 * 已满20年的，年休假15天" — under 1 year 0 days.
 */
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
  /** 事假, days accumulated in the year, deducted or not. */
  personalDays?: number;
  /** Of personalDays, the days whose pay the unit deducted (其中扣工资事假). */
  personalDaysDeducted?: number;
  /** 寒暑假, the school-vacation days the person actually had in the year. */
  vacationDays?: number;
  /**
   * 实施办法第四条 (企业办法第八条): the person took annual leave last year and then, in that
   * year, reached an exclusion of 条例第四条(二)–(五); no leave is due this year.
   */
  lostByLastYear?: boolean;
}

/**
 * 条例第四条(三)(四)(五): "累计工作满1年不满10年的职工，请病假累计2个月以上的" (2), "满10年不满
 * 20年…3个月以上" (3), "满20年以上…4个月以上" (4): sick months from which no leave is due.
 */
export function sickMonthsLimit(tier: LeaveTier): number {
  if (tier === 5) return 2;
  if (tier === 10) return 3;
  if (tier === 15) return 4;
  return 0;
}

/**
 * 条例第四条(二): "职工请事假累计20天以上且单位按照规定不扣工资的" — 20 days or more (以上
 * includes 20) of 事假 whose pay was not deducted.
 */
export const PERSONAL_DAYS_LIMIT = 20;

interface Checked {
  tier: LeaveTier;
  sick: number;
  personal: number;
  deducted: number;
  vacation: number;
}

function check(years: number, c: LeaveCircumstances): Checked {
  const tier = leaveTier(years);
  const sick = c.sickMonths ?? 0;
  const personal = c.personalDays ?? 0;
  const deducted = c.personalDaysDeducted ?? 0;
  const vacation = c.vacationDays ?? 0;
  requireNonNegative(sick, "病假（月）", "0 或正数（月）");
  requireNonNegative(personal, "事假（天）", "0 或正数（天）");
  requireNonNegative(deducted, "其中扣工资事假（天）", "0 或正数（天）");
  requireNonNegative(vacation, "寒暑假（天）", "0 或正数（天）");
  if (deducted > personal) {
    throw new InputError(
      `其中扣工资事假（${deducted} 天）多于事假（${personal} 天），应不超过事假天数`,
    );
  }
  return { tier, sick, personal, deducted, vacation };
}

/** 条例第四条(二)–(五): the year's 事假 (not deducted) or 病假 reach an exclusion. */
function excludedByLeave(k: Checked): boolean {
  if (k.personal - k.deducted >= PERSONAL_DAYS_LIMIT) return true;
  return k.tier > 0 && k.sick >= sickMonthsLimit(k.tier);
}

/**
 * 条例第三、四条, 实施办法第四、五条: the year's entitlement in days.
 * - 0 under 1 year (条例第三条), and 0 when 实施办法第四条 takes this year's leave away
 *   (`lostByLastYear`).
 * - 条例第四条(一) "职工依法享受寒暑假，其休假天数多于年休假天数的" → 0; otherwise
 *   实施办法第五条 "因工作需要休寒暑假天数少于年休假天数的，所在单位应当安排补足其年休假天数"
 *   (企业办法第七条 likewise): the tier less the 寒暑假 days had (12 years, 6 days → 4).
 * - 条例第四条(二): 事假 less its deducted days ≥ 20 → 0.
 * - 条例第四条(三)–(五): 病假 ≥ 2 months (1–10 years), ≥ 3 (10–20), ≥ 4 (20+) → 0.
 */
export function leaveEntitlement(years: number, c: LeaveCircumstances = {}): number {
  const k = check(years, c);
  if (k.tier === 0) return 0;
  if (c.lostByLastYear) return 0;
  if (k.vacation > k.tier) return 0;
  if (excludedByLeave(k)) return 0;
  return k.tier - k.vacation;
}

/**
 * 实施办法第四条: "工作人员已享受当年的年休假，年内又出现《条例》第四条第(二)、(三)、(四)、(五)
 * 项规定的情形之一的，不享受下一年的年休假" (企业办法第八条 the same): true when leave was taken
 * in the year (`usedDays` > 0) and the year's 事假 or 病假 reach an exclusion of 第四条(二)–(五).
 * The record holds yearly totals, not the order of events: any leave taken in the year counts.
 */
export function losesNextYear(years: number, usedDays: number, c: LeaveCircumstances): boolean {
  requireNonNegative(usedDays, "已休天数", "0 或正数（天）");
  const k = check(years, c);
  return usedDays > 0 && excludedByLeave(k);
}

/**
 * 企业办法第五条 (合同制 staff, 企业办法第十七条): "职工新进用人单位且符合本办法第三条规定的，当年度
 * 年休假天数，按照在本单位剩余日历天数折算确定，折算后不足1整天的部分不享受年休假。…（当年度在本
 * 单位剩余日历天数÷365天）×职工本人全年应当享受的年休假天数". `joined` is the day the person
 * entered the unit; remaining days count from it to 31 December inclusive. A join in another year
 * leaves `days` as they are; a join after the year gives 0.
 */
export function prorateNewHire(days: number, joined: Day, year: number): number {
  requireNonNegative(days, "应休天数", "0 或正数（天）");
  if (typeof joined !== "number" || !Number.isInteger(joined)) {
    throw new InputError("入本单位时间不是有效日期");
  }
  const joinYear = yearOf(joined);
  if (joinYear < year) return days;
  if (joinYear > year) return 0;
  const remaining = yearEnd(year) - joined + 1;
  // 366 remaining days in a leap year would give a little over the full year: never more.
  return Math.min(days, Math.floor((remaining * days) / 365 + 1e-9));
}

/** 人员类别 of staff with a labour contract (企业办法第十七条), and the spellings people type. */
export const CONTRACT_CATEGORY = "合同制";
const CONTRACT_ALIASES = new Set(["合同制", "合同工", "劳动合同制", "合同制人员", "编外合同制"]);

/** True for a 人员类别 of 合同制 staff, to whom 企业办法 applies instead of 实施办法. */
export function isContractStaff(category: string | null | undefined): boolean {
  const text = String(category ?? "")
    .normalize("NFKC")
    .replace(/\s+/g, "");
  return CONTRACT_ALIASES.has(text);
}

/**
 * 条例第五条 "年休假在1个年度内可以集中安排，也可以分段安排，一般不跨年度安排。单位因生产、工作
 * 特点确有必要跨年度安排职工年休假的，可以跨1个年度安排" (实施办法第六条 for 机关、事业单位): leave
 * of 所属年度 `ownYear` starts in that year or, carried, in the next one. "early": a start before
 * its year; "late": after 12-31 of the next year; null: allowed.
 */
export function carriedLeaveProblem(ownYear: number, start: Day): "early" | "late" | null {
  const year = yearOf(start);
  return year < ownYear ? "early" : year > ownYear + 1 ? "late" : null;
}
