/**
 * 奖励建议: the awards that follow from the annual assessment (《公务员考核规定》第十九条), written
 * by compute and 重新计算 into the system sheet 奖励建议, and copied into 奖励 when accepted
 * (`cadre-care accept-awards`, menu 接受奖励建议) — appended, never over a typed row.
 */
import type { Cell, Grid } from "../records/cells";
import { readText } from "../records/cells";
import { decodeTable, encodeRow } from "../records/codec";
import { hasAllHeaders } from "../records/layout";
import { parseAssessments, parseAwards, parseParams, parsePeople } from "../records/parse";
import { sheetSpec } from "../records/schema";
import { assessmentAward, awardBonusFen, type AwardCategory } from "../rules/awards";
import { errorText } from "../rules/errors";
import { fenToYuan } from "../rules/money";
import { awardStandardsFromRows } from "../formulas/tables";
import type { Workbook } from "./ports";

export const SUGGESTIONS = "奖励建议";

/** The suggestions of a workbook, as 奖励建议 rows (column name → value), by year, unit, id. */
export function awardSuggestions(read: (sheet: string) => Grid | null): Record<string, Cell>[] {
  const params = parseParams(read("参数")).params;
  const people = new Map(parsePeople(read("人员")).items.map((p) => [p.id, p]));
  const assessments = parseAssessments(read("考核")).items;
  const given = new Set(
    parseAwards(read("奖励")).items.map((a) => `${a.personId}|${a.year}|${a.award}`),
  );
  let standards: ReturnType<typeof awardStandardsFromRows> | Error;
  try {
    standards = awardStandardsFromRows(read("奖励标准") ?? []);
  } catch (err) {
    standards = err as Error;
  }
  const excellent = new Set(
    assessments.filter((a) => a.finalGrade === "优秀").map((a) => `${a.personId}|${a.year}`),
  );
  const rows: Record<string, Cell>[] = [];
  for (const a of assessments) {
    if (a.finalGrade !== "优秀") continue;
    const p = people.get(a.personId);
    if (!p) continue;
    let category: AwardCategory;
    if (p.category === "公务员" || p.category === "参公管理") category = "公务员";
    else if (p.category === "事业单位" && params.institutionAssessmentAwards) category = "事业单位";
    else continue;
    let run = 1;
    while (run < 3 && excellent.has(`${a.personId}|${a.year - run}`)) run++;
    const { award, basis } = assessmentAward(category, run);
    if (given.has(`${a.personId}|${a.year}|${award}`)) continue;
    let bonus: Cell;
    try {
      if (standards instanceof Error) throw standards;
      bonus = fenToYuan(awardBonusFen(award, category, standards.length ? standards : undefined));
    } catch (err) {
      bonus = errorText(err);
    }
    rows.push({
      年度: a.year,
      人员编号: a.personId,
      姓名: p.name,
      单位: a.unit || p.unit,
      人员类别: p.category,
      建议奖励: award,
      依据: basis,
      "奖金（元）": bonus,
    });
  }
  const key = (r: Record<string, Cell>) => `${r.年度}|${r.单位}|${r.人员编号}`;
  return rows.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

/** Replace the rows of 奖励建议 with the current suggestions; returns how many there are. */
export function writeAwardSuggestions(workbook: Workbook): number {
  return writeSuggestionRows(
    workbook,
    awardSuggestions((sheet) => workbook.readSheet(sheet)),
  );
}

/**
 * Replace the rows of 奖励建议 with `rows` (awardSuggestions'); returns how many. The Sheets
 * menu 重新计算 computes the rows in its dialog and the server writes them with this.
 */
export function writeSuggestionRows(workbook: Workbook, rows: Record<string, Cell>[]): number {
  const spec = sheetSpec(SUGGESTIONS);
  const read = (sheet: string) => workbook.readSheet(sheet);
  let grid = read(SUGGESTIONS);
  if (!grid || !hasAllHeaders(grid[0] ?? [], spec)) {
    workbook.ensureSheet(spec);
    grid = read(SUGGESTIONS) ?? [[]];
  }
  const header = grid[0];
  const out = rows.map((r) => encodeRow(spec, header, r));
  // Rows left over from an earlier, longer list are blanked.
  for (let i = out.length; i < grid.length - 1; i++) out.push(header.map(() => null));
  if (out.length) workbook.writeRange(SUGGESTIONS, 2, 1, out);
  return rows.length;
}

export interface AcceptOptions {
  year?: number;
  /** 人员编号 to accept; all when absent. */
  ids?: readonly string[];
}

export interface AcceptResult {
  added: number;
  /** Suggestions 奖励 already holds (same person, year and award). */
  skipped: number;
}

/**
 * Copy the rows of 奖励建议 (of `year`, of `ids`) into 奖励 as new rows after the last one;
 * a suggestion 奖励 already holds is skipped, so running it twice adds nothing.
 */
export function acceptAwardSuggestions(workbook: Workbook, o: AcceptOptions = {}): AcceptResult {
  const read = (sheet: string) => workbook.readSheet(sheet);
  const suggested = decodeTable(sheetSpec(SUGGESTIONS), read(SUGGESTIONS)).rows;
  const given = new Set(
    parseAwards(read("奖励")).items.map((a) => `${a.personId}|${a.year}|${a.award}`),
  );
  const ids = o.ids ? new Set(o.ids) : null;
  const header = read("奖励")?.[0] ?? [];
  const rows: Cell[][] = [];
  let skipped = 0;
  for (const r of suggested) {
    const year = Number(r.get("年度"));
    const id = readText(r.get("人员编号"));
    const award = readText(r.get("建议奖励"));
    if (!id || !award || (o.year !== undefined && year !== o.year) || (ids && !ids.has(id)))
      continue;
    const k = `${id}|${year}|${award}`;
    if (given.has(k)) {
      skipped++;
      continue;
    }
    given.add(k);
    rows.push(
      encodeRow(sheetSpec("奖励"), header, {
        年度: year,
        人员编号: id,
        姓名: r.get("姓名"),
        单位: r.get("单位"),
        人员类别: r.get("人员类别"),
        奖励类型: award,
        备注: `奖励建议：${String(r.get("依据") ?? "")}`,
      }),
    );
  }
  workbook.appendRows("奖励", rows);
  return { added: rows.length, skipped };
}
