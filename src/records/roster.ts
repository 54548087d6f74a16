/**
 * The column names Chinese rosters (花名册, 干部名册 from Excel or WPS) use for what the 人员 sheet
 * holds, and the matching of a roster's header row to them: case, full/half width and spaces
 * are ignored, so 身份证号码, 身份证 号码 and ＩＤ all read the same. A column that matches no
 * alias is reported, never silently dropped.
 */
import { type Cell, normalizeText } from "./cells";

/** 人员 column → the names rosters give it (the column's own name first). */
export const ROSTER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  人员编号: [
    "人员编号",
    "工号",
    "编号",
    "职工编号",
    "员工编号",
    "人员代码",
    "个人编号",
    "干部编号",
  ],
  姓名: ["姓名", "职工姓名", "干部姓名", "人员姓名", "名字"],
  单位: ["单位", "部门", "工作单位", "所在单位", "单位名称", "所在部门", "现工作单位"],
  人员类别: ["人员类别", "身份", "编制性质", "人员身份", "编制类型", "人员性质", "编制类别"],
  参加工作时间: ["参加工作时间", "参加工作日期", "工作时间", "参加工作年月", "参加工作"],
  身份证号: ["身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码"],
  "上年度工资收入（元）": [
    "上年度工资收入（元）",
    "上年度工资收入",
    "上年工资收入",
    "上年度工资",
    "年工资收入",
    "年工资收入（元）",
    "工资收入",
    "工资收入（元）",
    "年收入",
    "年收入（元）",
    "工资总额",
    "工资总额（元）",
    "上年度工资总额",
  ],
  重点岗位: ["重点岗位", "是否重点岗位"],
  状态: ["状态", "在职状态", "人员状态", "在岗状态"],
};

/** A header as compared: NFKC (full width → half), no spaces, lower case. */
export function rosterKey(text: Cell): string {
  if (text === null || text === undefined) return "";
  return normalizeText(String(text)).replace(/\s/g, "").toLowerCase();
}

/** Alias key → 人员 column, built on first use (Apps Script loads the bundle for every formula). */
let targetByKey: ReadonlyMap<string, string> | null = null;

/** The 人员 column a roster header names, or null. */
export function rosterTarget(header: Cell): string | null {
  targetByKey ??= new Map(
    Object.entries(ROSTER_ALIASES).flatMap(([target, names]) =>
      names.map((n) => [rosterKey(n), target] as const),
    ),
  );
  return targetByKey.get(rosterKey(header)) ?? null;
}

export interface RosterMapping {
  /** 0-based row of the header in the roster grid (a title row may come first). */
  headerRow: number;
  /** Roster column (0-based) → 人员 column. */
  columns: Map<number, string>;
  /** Headers that match no 人员 column, or a column already matched: shown, not imported. */
  unmatched: { column: number; header: string; why: string }[];
}

/**
 * Find the header row among the first rows (a roster often has a title row and a blank row
 * above it) — the first with 姓名 and at least one more known column — and map its columns.
 * null when no such row exists.
 */
export function mapRoster(grid: readonly (readonly Cell[])[]): RosterMapping | null {
  for (let r = 0; r < Math.min(grid.length, 10); r++) {
    const row = grid[r] ?? [];
    const targets = row.map(rosterTarget);
    if (!targets.includes("姓名") || targets.filter(Boolean).length < 2) continue;
    const columns = new Map<number, string>();
    const unmatched: RosterMapping["unmatched"] = [];
    const taken = new Map<string, string>();
    row.forEach((cell, c) => {
      const header = normalizeText(String(cell ?? ""));
      if (!header) return;
      const target = targets[c];
      if (!target) unmatched.push({ column: c, header, why: "没有对应的「人员」列" });
      else if (taken.has(target))
        unmatched.push({
          column: c,
          header,
          why: `与「${taken.get(target)}」都对应「${target}」，只用前者`,
        });
      else {
        taken.set(target, header);
        columns.set(c, target);
      }
    });
    return { headerRow: r, columns, unmatched };
  }
  return null;
}
