/**
 * Annual assessment (county document 魏字〔2021〕30号 §二.3): the "green channel" that rates a
 * person 优秀 directly, and a larger 优秀 quota for units ranked high in 目标责任考核.
 */
import { InputError } from "./errors";

/** §二.3: the four green-channel conditions, as the 考核 sheet's dropdown values. */
export const GREEN_CHANNEL_CONDITIONS = [
  "省市考核排位前三名",
  "零信访无事故",
  "突出贡献",
  "国家级荣誉",
] as const;

export type GreenChannelCondition = (typeof GREEN_CHANNEL_CONDITIONS)[number];

/** Separators between several conditions in one cell (after NFKC: ，→ , and ；→ ;). */
const SEPARATORS = /[、,;/\s]+/;
/** Quotation marks people put around 零 (“零”信访). */
const QUOTES = /["'“”‘’「」『』]/g;

/**
 * §二.3: the conditions named in a 绿色通道条件 cell, joined by 、，,；; / or spaces; full-width
 * characters tolerated; duplicates dropped. Unknown text is an error listing the accepted values.
 */
export function parseGreenChannelConditions(text: string): GreenChannelCondition[] {
  const parts = String(text ?? "")
    .normalize("NFKC")
    .replace(QUOTES, "")
    .split(SEPARATORS)
    .filter((p) => p !== "");
  const found: GreenChannelCondition[] = [];
  for (const part of parts) {
    const condition = GREEN_CHANNEL_CONDITIONS.find((c) => c === part);
    if (!condition) {
      throw new InputError(
        `绿色通道条件“${part}”无法识别，应为以下一项或多项（用“、”分隔）：${GREEN_CHANNEL_CONDITIONS.join("、")}`,
      );
    }
    if (!found.includes(condition)) found.push(condition);
  }
  return found;
}

/** 处分或诫勉 of the assessment year, as the 考核 sheet's dropdown offers them. */
export const SANCTIONS = ["警告", "记过", "记大过", "降级", "撤职", "诫勉"] as const;
export type Sanction = (typeof SANCTIONS)[number];

function readSanction(raw: string): Sanction | null {
  const text = String(raw ?? "")
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/处分$/, "");
  if (text === "") return null;
  const found = SANCTIONS.find((s) => s === text);
  if (!found) throw new InputError(`处分或诫勉“${raw}”无法识别，应为 ${SANCTIONS.join("、")} 之一`);
  return found;
}

/**
 * The 建议等次 of a 考核 row. What the law rules out comes first and no green-channel condition
 * overrides it (《公务员考核规定》):
 * - 第二十九条(二) "受记过处分的当年，受记大过、降级、撤职处分的当年及第二年，参加年度考核，只写
 *   评语，不确定等次" → 不确定等次（受…处分）;
 * - 第二十五条 "新录用的公务员在试用期内参加年度考核，只写评语，不确定等次" → 不确定等次（试用期）;
 * - 第二十九条(一) "受警告处分的当年，参加年度考核，不得确定为优秀等次", and 诫勉 likewise →
 *   不得确定为优秀（…）;
 * - otherwise §二.3: 优秀 when any green-channel condition holds, else blank.
 */
export function greenChannel(text: string, sanction = "", probation = false): string {
  const conditions = parseGreenChannelConditions(text);
  const s = readSanction(sanction);
  if (s && s !== "警告" && s !== "诫勉") return `不确定等次（受${s}处分）`;
  if (probation) return "不确定等次（试用期）";
  if (s) return `不得确定为优秀（${s === "诫勉" ? "诫勉" : "受警告处分"}）`;
  return conditions.length > 0 ? "优秀" : "";
}

export type QuotaRounding = "floor" | "round" | "ceil";

export const QUOTA_ROUNDINGS: readonly QuotaRounding[] = ["floor", "round", "ceil"];

export interface QuotaParams {
  /** 优秀 ratio of an ordinary unit, in percent. */
  basePercent: number;
  /** 优秀 ratio of a unit ranked in the top share, in percent. */
  topPercent: number;
  /** The share of units, by 目标责任考核 rank, that counts as top, in percent. */
  topSharePercent: number;
  rounding: QuotaRounding;
}

/** §二.3 as the county applies it: 20 %, 25 % for the top 10 % of units, rounded down. */
export const DEFAULT_QUOTA_PARAMS: QuotaParams = Object.freeze({
  basePercent: 20,
  topPercent: 25,
  topSharePercent: 10,
  rounding: "floor",
});

function checkPercent(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new InputError(`${what}“${value}”无效，应为 0 到 100 之间的百分数`);
  }
}

function checkParams(p: QuotaParams): void {
  checkPercent(p.basePercent, "优秀比例");
  checkPercent(p.topPercent, "排名靠前单位的优秀比例");
  checkPercent(p.topSharePercent, "排名靠前单位所占比例");
  if (!QUOTA_ROUNDINGS.includes(p.rounding)) {
    throw new InputError(`取整方式“${String(p.rounding)}”无效，应为 ${QUOTA_ROUNDINGS.join("、")}`);
  }
}

/**
 * `count × percent / 100`, rounded, in exact integer arithmetic: the percent is scaled to an
 * integer (up to 6 decimals) so 29 % of 100 is 29, never 28.999….
 */
export function percentOfCount(count: number, percent: number, rounding: QuotaRounding): number {
  checkCount(count, "人数", 0);
  checkPercent(percent, "比例");
  let scale = 1;
  while (scale < 1e6 && Math.abs(percent * scale - Math.round(percent * scale)) > 1e-9 * scale)
    scale *= 10;
  const numerator = count * Math.round(percent * scale);
  const denominator = 100 * scale;
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  if (remainder === 0) return quotient;
  if (rounding === "floor") return quotient;
  if (rounding === "ceil") return quotient + 1;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

function checkCount(value: number, what: string, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new InputError(`${what}“${value}”无效，应为${min === 0 ? "0 或正整数" : "正整数"}`);
  }
}

function checkRank(rank: number, unitCount: number): void {
  checkCount(unitCount, "参加排名的单位数", 1);
  if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1 || rank > unitCount) {
    throw new InputError(`排名“${rank}”无效，应为 1 到 ${unitCount}（参加排名的单位数）之间的整数`);
  }
}

/** §二.3 (排序靠前的单位): rank ≤ ceil(unit count × top share). */
export function isTopRanked(
  rank: number,
  unitCount: number,
  p: QuotaParams = DEFAULT_QUOTA_PARAMS,
): boolean {
  checkParams(p);
  checkRank(rank, unitCount);
  return rank <= percentOfCount(unitCount, p.topSharePercent, "ceil");
}

/** §二.3: the unit's 优秀 ratio in percent; a unit without a rank gets the base ratio. */
export function excellentPercent(
  rank: number | null,
  unitCount: number,
  p: QuotaParams = DEFAULT_QUOTA_PARAMS,
): number {
  checkParams(p);
  if (rank === null) return p.basePercent;
  return isTopRanked(rank, unitCount, p) ? p.topPercent : p.basePercent;
}

/**
 * §二.3: a unit's number of 优秀 places = headcount × ratio, rounded per `p.rounding` (floor by
 * default). `unitCount` is only checked when a rank is given.
 */
export function excellentQuota(
  headcount: number,
  rank: number | null,
  unitCount: number,
  p: QuotaParams = DEFAULT_QUOTA_PARAMS,
): number {
  checkCount(headcount, "参加考核人数", 0);
  return percentOfCount(headcount, excellentPercent(rank, unitCount, p), p.rounding);
}

/**
 * §二.3 (年度目标责任考核综合得分排序): competition ranking, highest score first; equal scores
 * share a rank and the next rank is skipped (1, 2, 2, 4); a missing score stays unranked (null).
 */
export function rankByScore(scores: readonly (number | null)[]): (number | null)[] {
  const present: number[] = [];
  scores.forEach((s, i) => {
    if (s === null) return;
    if (typeof s !== "number" || !Number.isFinite(s)) {
      throw new InputError(`第 ${i + 1} 个得分“${s}”不是有效数字，应为数字`);
    }
    present.push(s);
  });
  const sorted = present.slice().sort((a, b) => b - a);
  const rankOf = new Map<number, number>();
  sorted.forEach((s, i) => {
    if (!rankOf.has(s)) rankOf.set(s, i + 1);
  });
  return scores.map((s) => (s === null ? null : (rankOf.get(s) ?? null)));
}
