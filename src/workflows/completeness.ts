/**
 * What a year's record must hold, and what `check` reports when it does not: every 在职 person
 * has a 年休假 row for the current and the previous year, every unit a 年休假计划 and a 体检 row
 * for the current year. A missing row is no error any formula can show — the person or unit just
 * drops out of leave pay, deadlines and notices — so `check` names each gap and points to
 * `new-year`, which creates exactly these rows (src/workflows/newYear.ts).
 */
import type { Problem } from "../records/codec";
import { normalizeText } from "../records/cells";
import type { PersonRecord } from "../records/parse";
import { type Day, dayFromYmd, yearEnd, yearOf } from "../rules/dates";

/** Names compare after NFKC with all spaces removed, as in `check`. */
const key = (text: string) => normalizeText(text).replace(/\s/g, "");

type Staff = Pick<PersonRecord, "status" | "startDate">;

/** A person new-year gives rows of `year` (年休假, 考核): 在职 and started by the year's end. */
export function activeIn(person: Staff, year: number): boolean {
  return person.status === "在职" && person.startDate <= yearEnd(year);
}

/**
 * A person whose 年休假 row of `year` check requires: 在职 and started before the year. Someone
 * who starts work during the year has less than a year of service all year, so no leave and no
 * pay that a missing row could lose.
 */
export function needsLeaveRow(person: Staff, year: number): boolean {
  return person.status === "在职" && person.startDate < dayFromYmd(year, 1, 1);
}

export interface CompletenessInput {
  today: Day;
  people: readonly PersonRecord[];
  /** The units of 单位, in sheet order. */
  units: readonly string[];
  leaveRows: readonly { year: number; personId: string }[];
  plans: readonly { year: number; unit: string }[];
  health: readonly { year: number; unit: string }[];
}

const NEW_YEAR_HINT = (year: number) =>
  `请运行 cadre-care new-year 台账.xlsx --year ${year}（表格中为菜单“新建年度”）补齐`;

/**
 * The gaps as problems of the sheet that lacks the row (row 0: the row does not exist). A year
 * with no row at all in a sheet is one problem for the sheet, not one per person.
 */
export function completenessProblems(input: CompletenessInput): Problem[] {
  const problems: Problem[] = [];
  const current = yearOf(input.today);
  // An archive copy (cadre-care archive) holds only years before the previous one: nothing of
  // the live years is expected there.
  const years = [...input.leaveRows, ...input.plans, ...input.health].map((r) => r.year);
  if (years.length && Math.max(...years) < current - 1) return problems;

  const leaveHas = new Set(input.leaveRows.map((r) => `${r.year}\u0000${r.personId}`));
  const leaveYears = new Set(input.leaveRows.map((r) => r.year));
  for (const year of [current - 1, current]) {
    const missing = input.people.filter(
      (p) => needsLeaveRow(p, year) && !leaveHas.has(`${year}\u0000${p.id}`),
    );
    if (missing.length === 0) continue;
    if (!leaveYears.has(year)) {
      problems.push({
        sheet: "年休假",
        row: 0,
        column: "",
        message: `没有 ${year} 年度的年休假行（在职 ${missing.length} 人都缺），${NEW_YEAR_HINT(year)}`,
      });
      continue;
    }
    for (const p of missing) {
      problems.push({
        sheet: "年休假",
        row: 0,
        column: "",
        message: `缺少 ${year} 年度 ${p.name}（人员编号 ${p.id}，${p.unit}）的年休假行，${NEW_YEAR_HINT(year)}`,
        value: p.id,
      });
    }
  }

  const unitSheet = (sheet: string, rows: readonly { year: number; unit: string }[]) => {
    const has = new Set(rows.filter((r) => r.year === current).map((r) => key(r.unit)));
    const missing = input.units.filter((u) => !has.has(key(u)));
    if (missing.length === 0) return;
    if (has.size === 0 && missing.length > 1) {
      problems.push({
        sheet,
        row: 0,
        column: "",
        message: `没有 ${current} 年度的${sheet}行（${missing.length} 个单位都缺），${NEW_YEAR_HINT(current)}`,
      });
      return;
    }
    for (const unit of missing) {
      problems.push({
        sheet,
        row: 0,
        column: "",
        message: `缺少 ${current} 年度“${unit}”的${sheet}行，${NEW_YEAR_HINT(current)}`,
        value: unit,
      });
    }
  };
  unitSheet("年休假计划", input.plans);
  unitSheet("体检", input.health);
  return problems;
}
