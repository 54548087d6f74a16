/**
 * `check`: validate every row of every input sheet, then the links between sheets (ids,
 * names, units, overlapping leave). Problems come sorted by sheet order, row and column.
 */
import type { Grid } from "../records/cells";
import { normalizeText, readText } from "../records/cells";
import type { Problem } from "../records/codec";
import { idNumberProblem } from "../records/idcard";
import {
  parseAssessments,
  parseAwardStandards,
  parseAwards,
  parseHealth,
  parseHolidays,
  parseLeaveRecords,
  parseLeaveRows,
  parseParams,
  parsePeople,
  parsePlans,
  parseTalks,
  parseTraining,
  parseUnitScores,
  parseUnits,
} from "../records/parse";
import { INPUT_SHEETS, SHEETS } from "../records/schema";
import { type Day, isoFromDay, yearOf } from "../rules/dates";
import type { CompletenessInput } from "./completeness";
import { isContractStaff } from "../rules/leave";
import { fewestRestDays, partialUserYears } from "../rules/calendar";
import type { HolidayRecord, LeaveRow, PersonRecord } from "../records/parse";

export type { Problem } from "../records/codec";

/** Names and units compare after NFKC with all spaces removed. */
const unitKey = (name: string) => normalizeText(name).replace(/\s/g, "");
const same = (a: string, b: string) => unitKey(a) === unitKey(b);

export interface CheckOptions {
  /**
   * The day checked as: with it, `check` also reports 年休假 rows of years before the previous
   * one that still rely on 人员 上年度工资收入 for their daily wage (实施办法第八条), and what the
   * `completeness` and `computedErrors` parts given below find on that day.
   */
  today?: Day;
  /** The rows the year lacks (./completeness.ts; the CLI passes it). */
  completeness?: (input: CompletenessInput) => Problem[];
  /**
   * The cells `compute` would fill with 错误 (./computedErrors.ts, which the CLI passes; Sheets
   * shows those in red cells already and keeps the compute code out of its bundle).
   */
  computedErrors?: (
    read: (sheet: string) => Grid | null,
    today: Day,
    known: Problem[],
  ) => Problem[];
}

/** Every problem of a workbook; `read` returns a sheet's grid (header first) or null when absent. */
export function checkWorkbook(
  read: (sheet: string) => Grid | null,
  options: CheckOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const grids = new Map<string, Grid | null>();
  for (const spec of INPUT_SHEETS) {
    const grid = read(spec.name);
    grids.set(spec.name, grid);
    if (!grid || grid.length === 0) {
      problems.push({
        sheet: spec.name,
        row: 0,
        column: "",
        message: `缺少工作表「${spec.name}」，请运行 cadre-care init（表格中为菜单“初始化/检查表格”）补全工作表和表头`,
      });
    }
  }
  const g = (name: string): Grid | null => grids.get(name) ?? null;
  const present = (name: string) => (g(name)?.length ?? 0) > 0;
  const collect = <T>(name: string, parsed: { items: T[]; problems: Problem[] }): T[] => {
    if (present(name)) problems.push(...parsed.problems);
    return parsed.items;
  };

  if (present("参数")) problems.push(...parseParams(g("参数")).problems);
  collect("奖励标准", parseAwardStandards(g("奖励标准")));
  const unitsParsed = parseUnits(g("单位"));
  collect("单位", unitsParsed);
  const peopleParsed = parsePeople(g("人员"));
  const people = collect("人员", peopleParsed);
  const awards = collect("奖励", parseAwards(g("奖励")));
  const leaveRows = collect("年休假", parseLeaveRows(g("年休假")));
  const leaveRecords = collect("休假记录", parseLeaveRecords(g("休假记录")));
  const plans = collect("年休假计划", parsePlans(g("年休假计划")));
  const health = collect("体检", parseHealth(g("体检")));
  const training = collect("培训", parseTraining(g("培训")));
  const talks = collect("谈心谈话", parseTalks(g("谈心谈话")));
  const assessments = collect("考核", parseAssessments(g("考核")));
  const unitScores = collect("单位考核", parseUnitScores(g("单位考核")));
  const holidays = collect("节假日", parseHolidays(g("节假日")));

  const push = (sheet: string, row: number, column: string, message: string, value?: string) =>
    problems.push({ sheet, row, column, message, ...(value !== undefined ? { value } : {}) });

  // References are checked against every row as typed, also rows with problems of their own,
  // so one bad cell in 人员 or 单位 does not cascade into problems on other sheets.
  // 单位: names unique.
  const unitRow = new Map<string, number>();
  const canCheckUnits = present("单位") && unitsParsed.table.columns.has("单位名称");
  for (const r of unitsParsed.table.rows) {
    const name = readText(r.get("单位名称"));
    if (!name) continue;
    const first = unitRow.get(unitKey(name));
    if (first !== undefined)
      push("单位", r.row, "单位名称", `单位名称“${name}”与第 ${first} 行重复`, name);
    else unitRow.set(unitKey(name), r.row);
  }
  const checkUnit = (sheet: string, row: number, unit: string) => {
    if (unit && canCheckUnits && !unitRow.has(unitKey(unit))) {
      push(
        sheet,
        row,
        "单位",
        `单位“${unit}”不在「单位」工作表中，请先在「单位」登记或改为已登记的单位名称`,
        unit,
      );
    }
  };

  // 人员: ids unique, ID numbers valid, units known.
  const personById = new Map<string, { row: number; name: string }>();
  const canCheckPeople = present("人员") && peopleParsed.table.columns.has("人员编号");
  for (const r of peopleParsed.table.rows) {
    const id = readText(r.get("人员编号"));
    if (!id) continue;
    const first = personById.get(id);
    if (first)
      push(
        "人员",
        r.row,
        "人员编号",
        `人员编号“${id}”与第 ${first.row} 行重复，每人应有唯一编号`,
        id,
      );
    else personById.set(id, { row: r.row, name: readText(r.get("姓名")) });
  }
  for (const p of people) {
    if (p.idNumber) {
      const bad = idNumberProblem(p.idNumber);
      if (bad) push("人员", p.row, "身份证号", bad, p.idNumber);
    }
    checkUnit("人员", p.row, p.unit);
  }

  // Rows that name a person: the id must exist, the name must agree.
  const checkPerson = (sheet: string, row: number, personId: string, name: string) => {
    if (!canCheckPeople) return;
    const person = personById.get(personId);
    if (!person) {
      push(
        sheet,
        row,
        "人员编号",
        `人员编号“${personId}”不在「人员」工作表中，请核对编号或先在「人员」登记`,
        personId,
      );
      return;
    }
    if (name && person.name && !same(name, person.name)) {
      push(
        sheet,
        row,
        "姓名",
        `姓名“${name}”与人员编号 ${personId} 在「人员」中的姓名“${person.name}”不一致`,
        name,
      );
    }
  };

  for (const a of awards) {
    checkPerson("奖励", a.row, a.personId, a.name);
    if (a.unit) checkUnit("奖励", a.row, a.unit);
  }
  const leaveKey = new Map<string, number>();
  for (const l of leaveRows) {
    checkPerson("年休假", l.row, l.personId, l.name);
    if (l.unit) checkUnit("年休假", l.row, l.unit);
    const key = `${l.year}\u0000${l.personId}`;
    const first = leaveKey.get(key);
    if (first !== undefined) {
      push(
        "年休假",
        l.row,
        "人员编号",
        `${l.year}年度人员编号“${l.personId}”已在第 ${first} 行登记，每人每年一行`,
        l.personId,
      );
    } else leaveKey.set(key, l.row);
  }
  checkLeaveLaw(leaveRows, people, options, push);
  checkHolidayYears(holidays, push);
  for (const r of leaveRecords) checkPerson("休假记录", r.row, r.personId, r.name);
  for (const a of assessments) {
    checkPerson("考核", a.row, a.personId, a.name);
    if (a.unit) checkUnit("考核", a.row, a.unit);
  }

  // 休假记录: no two records of a person overlap.
  const byPerson = new Map<string, typeof leaveRecords>();
  for (const r of leaveRecords) {
    const list = byPerson.get(r.personId);
    if (list) list.push(r);
    else byPerson.set(r.personId, [r]);
  }
  for (const list of byPerson.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => a.start - b.start || a.row - b.row);
    let reach = sorted[0];
    for (let i = 1; i < sorted.length; i++) {
      const r = sorted[i];
      if (r.start <= reach.end) {
        const [later, earlier] = r.row > reach.row ? [r, reach] : [reach, r];
        push(
          "休假记录",
          later.row,
          "开始日期",
          `与第 ${earlier.row} 行（${isoFromDay(earlier.start)} 至 ${isoFromDay(earlier.end)}）的休假时间重叠，同一人的休假记录不能重叠`,
          isoFromDay(later.start),
        );
      }
      if (r.end > reach.end) reach = r;
    }
  }

  // Unit-year sheets: known units, one row per unit and year.
  const unitYear = (
    sheet: string,
    rows: readonly { row: number; year: number; unit: string }[],
  ) => {
    const seen = new Map<string, number>();
    for (const r of rows) {
      checkUnit(sheet, r.row, r.unit);
      const key = `${r.year}\u0000${r.unit}`;
      const first = seen.get(key);
      if (first !== undefined) {
        push(
          sheet,
          r.row,
          "单位",
          `${r.year}年度“${r.unit}”已在第 ${first} 行登记，每个单位每年一行`,
          r.unit,
        );
      } else seen.set(key, r.row);
    }
  };
  unitYear("年休假计划", plans);
  unitYear("体检", health);
  unitYear("单位考核", unitScores);
  for (const t of training) checkUnit("培训", t.row, t.unit);
  for (const t of talks) checkUnit("谈心谈话", t.row, t.unit);

  if (options.today !== undefined) {
    const today = options.today;
    if (
      options.completeness &&
      present("人员") &&
      present("年休假") &&
      present("年休假计划") &&
      present("体检")
    ) {
      problems.push(
        ...options.completeness({
          today,
          people,
          units: [...unitsParsed.items.map((u) => u.name)],
          leaveRows,
          plans,
          health,
        }),
      );
    }
    if (options.computedErrors) {
      const cached = (name: string) => (grids.has(name) ? g(name) : read(name));
      problems.push(...options.computedErrors(cached, today, problems));
    }
  }

  return sortProblems(problems);
}

type Push = (sheet: string, row: number, column: string, message: string, value?: string) => void;

/**
 * One 节假日 row makes its whole year known to WORKDAYS_CN, so a year the built-in calendar does
 * not know and the sheet holds only in part (元旦 alone: 260 working days instead of about 249)
 * counts its other holidays as working days. Such a year has fewer 休 days than any complete
 * arrangement of the built-in data since 2007 (see fewestRestDays): reported on the year's first
 * row, with its count. The formulas still compute.
 */
function checkHolidayYears(rows: readonly HolidayRecord[], push: Push): void {
  const partial = partialUserYears(rows);
  if (partial.length === 0) return;
  const least = fewestRestDays();
  for (const { year, restDays } of partial) {
    const first = rows.find((r) => yearOf(r.day) === year)!;
    push(
      "节假日",
      first.row,
      "日期",
      `${year}年只填了 ${restDays} 个放假（休）日，完整的安排至少有 ${least} 个；未填的节假日按工作日计算，请补全${year}年的放假和调休上班日期`,
    );
  }
}

/**
 * 年休假 rows the law reads differently from what was typed:
 * - 实施办法第八条 "应休年休假当年日工资收入…本人全年工资收入除以全年计薪天数": a row of a year
 *   before the previous one whose 全年工资收入（元） is blank still takes 人员 上年度工资收入 — by
 *   now that year's own income is known and should be typed.
 * - 实施办法第九条(二) applies only where the unit arranged the leave: a row with 事假 above its
 *   应休天数 but under 20 days and 未休原因 工作需要 (or blank) is paid the extra 200 %; if the unit
 *   did arrange the leave, the reason should be 单位已安排.
 */
function checkLeaveLaw(
  rows: readonly LeaveRow[],
  people: readonly PersonRecord[],
  options: CheckOptions,
  push: Push,
): void {
  const category = new Map(people.map((p) => [p.id, p.category as string]));
  const before = options.today === undefined ? null : yearOf(options.today) - 1;
  for (const l of rows) {
    const contract = isContractStaff(category.get(l.personId));
    if (before !== null && l.year < before && l.yearIncome === null && l.monthlyWage === null) {
      push(
        "年休假",
        l.row,
        "全年工资收入（元）",
        `${l.year}年度的全年工资收入（元）未填写，暂按上年度工资收入计算；实施办法第八条按“应休年休假当年日工资收入”计算，请补填`,
      );
    }
    const reason = l.reason ?? "工作需要";
    if (
      !contract &&
      reason === "工作需要" &&
      l.entitlement !== null &&
      (l.unusedDays ?? 0) > 0 &&
      l.personalDays > l.entitlement &&
      l.personalDays < 20
    ) {
      push(
        "年休假",
        l.row,
        "未休原因",
        `事假 ${l.personalDays} 天超过应休天数 ${l.entitlement} 天但不足20天，按“工作需要”另行支付；如单位已安排，请改为“单位已安排”` +
          `（实施办法第九条(二)：已安排年休假，工作人员未休且请事假累计已超过本人应休年休假天数，但不足20天的，只享受正常工作期间的工资收入）`,
        reason,
      );
    }
  }
}

/** Sheet order of the schema, then row, then the column's position in the spec. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const sheetIndex = new Map(SHEETS.map((s, i) => [s.name, i]));
  const columnIndex = new Map<string, number>();
  for (const s of SHEETS)
    s.columns.forEach((c, i) => columnIndex.set(`${s.name}\u0000${c.name}`, i));
  const col = (p: Problem) =>
    p.column ? (columnIndex.get(`${p.sheet}\u0000${p.column}`) ?? 999) : -1;
  return [...problems].sort(
    (a, b) =>
      (sheetIndex.get(a.sheet) ?? 999) - (sheetIndex.get(b.sheet) ?? 999) ||
      a.row - b.row ||
      col(a) - col(b) ||
      a.message.localeCompare(b.message),
  );
}

/** One Chinese line per problem: 「奖励」第 5 行「批准日期」：… */
export function formatProblem(p: Problem): string {
  const where = `「${p.sheet}」${p.row > 0 ? `第 ${p.row} 行` : ""}${p.column ? `「${p.column}」` : ""}`;
  return `${where}：${p.message}`;
}

/** The report of `check`: one line per problem and a count, or a line saying all is well. */
export function formatProblems(problems: readonly Problem[]): string {
  if (problems.length === 0) return "检查完成，未发现问题。";
  return [...problems.map(formatProblem), `共发现 ${problems.length} 个问题。`].join("\n");
}
