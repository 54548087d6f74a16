/**
 * One-off award bonuses (county document 魏字〔2021〕30号 §二.3): 公务员 嘉奖 1500, 记三等功 3000,
 * 记二等功 6000, 记一等功 12000, 授予国家荣誉称号 20000 元; 事业单位工作人员 嘉奖、记功、记大功
 * 参照公务员奖励标准. Staff managed under the civil-servant law (参公管理) count as 公务员.
 */
import { InputError, messageOf } from "./errors";
import { roundFen } from "./money";

export type AwardCategory = "公务员" | "事业单位";

export const AWARD_CATEGORIES: readonly AwardCategory[] = ["公务员", "事业单位"];

export interface AwardStandard {
  category: AwardCategory;
  award: string;
  /** Bonus in fen; NaN when the row gives no amount (then `reference` decides it). */
  bonusFen: number;
  /** The 公务员 award this one is modelled on (参照); "" if none. */
  reference: string;
}

/** County document §二.3: the bonus amounts; 事业单位 awards 参照 the 公务员 award in `reference`. */
export const DEFAULT_AWARD_STANDARDS: readonly AwardStandard[] = Object.freeze([
  { category: "公务员", award: "嘉奖", bonusFen: 150000, reference: "" },
  { category: "公务员", award: "记三等功", bonusFen: 300000, reference: "" },
  { category: "公务员", award: "记二等功", bonusFen: 600000, reference: "" },
  { category: "公务员", award: "记一等功", bonusFen: 1200000, reference: "" },
  { category: "公务员", award: "授予国家荣誉称号", bonusFen: 2000000, reference: "" },
  // 公务员法第五十三条 "奖励分为：嘉奖、记三等功、记二等功、记一等功、授予称号" — at the county
  // document's amount for 授予国家荣誉称号.
  { category: "公务员", award: "授予称号", bonusFen: 2000000, reference: "" },
  { category: "事业单位", award: "嘉奖", bonusFen: 150000, reference: "嘉奖" },
  { category: "事业单位", award: "记功", bonusFen: 300000, reference: "记三等功" },
  { category: "事业单位", award: "记大功", bonusFen: 600000, reference: "记二等功" },
] as const satisfies readonly AwardStandard[]);

/** Text as typed, made comparable: full-width to half-width (NFKC), every space removed. */
export function canonicalText(raw: string): string {
  return String(raw ?? "")
    .normalize("NFKC")
    .replace(/[\s\u200b\ufeff]+/g, "");
}

const CATEGORY_ALIASES: Readonly<Record<string, AwardCategory>> = {
  公务员: "公务员",
  参公管理: "公务员",
  参公: "公务员",
  参公人员: "公务员",
  参照公务员法管理: "公务员",
  参照公务员管理: "公务员",
  事业单位: "事业单位",
  事业单位工作人员: "事业单位",
  事业单位人员: "事业单位",
  事业人员: "事业单位",
  事业: "事业单位",
};

/** County document §二.3: 人员类别 — blank → 公务员; 参公管理 counts as 公务员. */
export function normalizeCategory(raw: string): AwardCategory {
  const text = canonicalText(raw);
  if (text === "") return "公务员";
  const category = CATEGORY_ALIASES[text];
  if (!category) {
    throw new InputError(
      `人员类别“${String(raw).trim()}”无法识别，应为 公务员、参公管理 或 事业单位`,
    );
  }
  return category;
}

/** Canonical award names of each category, in the order the county document lists them. */
export const AWARDS_BY_CATEGORY = {
  公务员: ["嘉奖", "记三等功", "记二等功", "记一等功", "授予称号", "授予国家荣誉称号"],
  // 事业单位工作人员奖励规定第六条 "对事业单位工作人员和集体可以嘉奖、记功、记大功、授予称号";
  // the county document gives 授予称号 no amount: it needs a 奖励标准 row.
  事业单位: ["嘉奖", "记功", "记大功", "授予称号"],
} as const satisfies Readonly<Record<AwardCategory, readonly [string, ...string[]]>>;

/** Every accepted spelling (after canonicalText) of each category's awards → canonical name. */
const AWARD_ALIASES: Readonly<Record<AwardCategory, Readonly<Record<string, string>>>> = {
  公务员: {
    嘉奖: "嘉奖",
    三等功: "记三等功",
    记三等功: "记三等功",
    二等功: "记二等功",
    记二等功: "记二等功",
    一等功: "记一等功",
    记一等功: "记一等功",
    国家荣誉称号: "授予国家荣誉称号",
    授予国家荣誉称号: "授予国家荣誉称号",
    授予称号: "授予称号",
    称号: "授予称号",
  },
  事业单位: {
    嘉奖: "嘉奖",
    记功: "记功",
    记大功: "记大功",
    大功: "记大功",
    授予称号: "授予称号",
    称号: "授予称号",
  },
};

function otherCategory(category: AwardCategory): AwardCategory {
  return category === "公务员" ? "事业单位" : "公务员";
}

/**
 * County document §二.3: the canonical award name for a category (嘉奖, 记三等功, …, 授予国家荣誉称号
 * for 公务员; 嘉奖, 记功, 记大功 for 事业单位). 记/授予 may be left out, spaces and full-width
 * characters are ignored. An award that the category does not have is an error.
 */
export function normalizeAward(raw: string, category: AwardCategory): string {
  const text = canonicalText(raw);
  const valid = AWARDS_BY_CATEGORY[category].join("、");
  if (text === "") throw new InputError(`奖励类型为空，${category}应填写 ${valid} 之一`);
  const award = AWARD_ALIASES[category][text];
  if (award) return award;
  const other = otherCategory(category);
  const elsewhere = AWARD_ALIASES[other][text];
  if (elsewhere) {
    throw new InputError(
      `${category}没有“${elsewhere}”这一奖励（它属于${other}），${category}的奖励类型应为 ${valid} 之一`,
    );
  }
  throw new InputError(
    `奖励类型“${String(raw).trim()}”无法识别，${category}的奖励类型应为 ${valid} 之一`,
  );
}

/** An award of the category, or — for a 奖励标准 row, which may add any pair — of the other. */
function anyAward(raw: string, category: AwardCategory): string {
  try {
    return normalizeAward(raw, category);
  } catch (err) {
    const other = AWARD_ALIASES[otherCategory(category)][canonicalText(raw)];
    if (other) return other;
    throw err;
  }
}

function key(category: AwardCategory, award: string): string {
  return `${category}|${award}`;
}

interface Entry {
  /** Explicit amount in fen, or NaN when the amount follows `reference`. */
  fen: number;
  /** Canonical 公务员 award name that a missing amount follows; "" if none. */
  reference: string;
  /** Where the entry came from, for error messages. */
  origin: string;
}

function normalizeReference(raw: string, origin: string): string {
  if (canonicalText(raw) === "") return "";
  try {
    return normalizeAward(raw, "公务员");
  } catch (err) {
    const detail = messageOf(err);
    throw new InputError(`${origin}的参照应为公务员的奖励类型：${detail}`);
  }
}

/**
 * The effective table: the defaults, with 事业单位 defaults following their 参照 公务员 award (so a
 * standards row that changes 公务员 嘉奖 changes 事业单位 嘉奖 too, unless that row is also
 * given), then every standards row replacing the entry for its (人员类别, 奖励类型).
 */
function effectiveTable(standards: readonly AwardStandard[]): Map<string, Entry> {
  const cached = tableCache.get(standards);
  if (cached) return cached;
  const table = buildTable(standards);
  tableCache.set(standards, table);
  return table;
}

/**
 * Tables already built, by standards array: a formula over 20,000 rows passes the same parsed
 * 奖励标准 array for every row, so the table is built once. Arrays are treated as unchanging.
 */
const tableCache = new WeakMap<readonly AwardStandard[], Map<string, Entry>>();

const NO_STANDARDS: readonly AwardStandard[] = Object.freeze([]);

function buildTable(standards: readonly AwardStandard[]): Map<string, Entry> {
  const table = new Map<string, Entry>();
  for (const s of DEFAULT_AWARD_STANDARDS) {
    const follows = s.reference !== "";
    table.set(key(s.category, s.award), {
      fen: follows ? Number.NaN : s.bonusFen,
      reference: s.reference,
      origin: `默认标准（${s.category} ${s.award}）`,
    });
  }
  standards.forEach((s, i) => {
    const origin = `奖励标准第${i + 1}条（${s.category} ${s.award}）`;
    const category = normalizeCategory(s.category);
    const award = anyAward(s.award, category);
    const reference = normalizeReference(s.reference ?? "", origin);
    const given = typeof s.bonusFen === "number" && !Number.isNaN(s.bonusFen);
    if (given && (!Number.isFinite(s.bonusFen) || s.bonusFen < 0)) {
      throw new InputError(`${origin}的奖金应为不小于 0 的金额`);
    }
    if (!given && reference === "") {
      throw new InputError(`${origin}既没有填写奖金（元），也没有填写参照的公务员奖励类型`);
    }
    table.set(key(category, award), {
      fen: given ? roundFen(s.bonusFen) : Number.NaN,
      reference,
      origin,
    });
  });
  return table;
}

/** An entry's amount: its own, or (when blank) that of the 公务员 award it 参照, followed at most 8 deep. */
function resolveFen(table: Map<string, Entry>, start: string): number {
  let current = table.get(start);
  for (let depth = 0; current && depth < 8; depth++) {
    if (!Number.isNaN(current.fen)) return current.fen;
    const next = table.get(key("公务员", current.reference));
    if (!next) {
      throw new InputError(`${current.origin}参照的“${current.reference}”没有奖金标准`);
    }
    current = next;
  }
  throw new InputError(
    `奖励标准的参照关系循环（${start.replace("|", " ")}），请为其填写奖金（元）`,
  );
}

/**
 * County document §二.3: the bonus in fen for an award and 人员类别 (blank → 公务员). `standards`
 * (the 奖励标准 sheet) override the defaults row by row; a standards row without an amount
 * (bonusFen NaN) takes the amount of the 公务员 award named in its 参照, as the document's
 * "参照公务员奖励标准" says. A blank award is an error.
 */
export function awardBonusFen(
  award: string,
  category: string,
  standards: readonly AwardStandard[] = NO_STANDARDS,
): number {
  if (canonicalText(award) === "") throw new InputError("奖励类型为空，应填写如 嘉奖、记三等功");
  const cat = normalizeCategory(category);
  const table = effectiveTable(standards);
  // A pair only 奖励标准 adds (事业单位 记三等功) counts; otherwise the category's own names.
  const loose = anyAward(award, cat);
  const name = table.has(key(cat, loose)) ? loose : normalizeAward(award, cat);
  if (!table.has(key(cat, name))) {
    throw new InputError(`${cat}的“${name}”没有奖金标准，请在奖励标准中补充`);
  }
  return resolveFen(table, key(cat, name));
}

/**
 * Awards that follow from the annual assessment. 《公务员考核规定》第十九条: "(一)当年给予嘉奖…
 * (二)连续三年确定为优秀等次的，记三等功" — for 公务员 and 参公管理. 事业单位 (参数
 * “事业单位考核奖励” 是; the national 事业单位工作人员奖励规定 leaves it to the provinces): 嘉奖, and
 * 记功 for three years in a row. `run` is the number of consecutive 优秀 years ending with this one.
 */
export function assessmentAward(
  category: AwardCategory,
  run: number,
): {
  award: string;
  basis: string;
} {
  if (run >= 3) {
    return category === "公务员"
      ? {
          award: "记三等功",
          basis: "公务员考核规定第十九条(二)：连续三年确定为优秀等次的，记三等功",
        }
      : { award: "记功", basis: "连续三年考核优秀" };
  }
  return category === "公务员"
    ? { award: "嘉奖", basis: "公务员考核规定第十九条(一)：确定为优秀等次的，当年给予嘉奖" }
    : { award: "嘉奖", basis: "年度考核优秀" };
}
