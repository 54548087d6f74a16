/**
 * `new-year`: start a year's record. For every 在职 person a 年休假 and a 考核 row of the year,
 * for every unit a 年休假计划, a 体检 and a 单位考核 row — each only where that (year, person) or
 * (year, unit) has no row yet. Nothing existing is touched; a second run creates nothing.
 * The same use case serves the CLI and the Sheets menu item 新建年度.
 */
import { type Cell, type Grid, normalizeText, readText, readYear } from "../records/cells";
import { type DecodedTable, decodeTable, encodeRow } from "../records/codec";
import { parsePeople } from "../records/parse";
import { sheetSpec } from "../records/schema";
import { type Day, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";
import { activeIn } from "./completeness";
import type { Workbook } from "./ports";

/** The sheets new-year fills, per person or per unit. */
export const PERSON_YEAR_SHEETS = ["年休假", "考核"] as const;
export const UNIT_YEAR_SHEETS = ["年休假计划", "体检", "单位考核"] as const;

export interface NewYearSheet {
  sheet: string;
  /** Rows created. */
  created: number;
  /** Rows of that year that were there already (kept as they are). */
  existing: number;
}

export interface NewYearResult {
  year: number;
  sheets: NewYearSheet[];
  /** 在职 people the year covers. */
  people: number;
  units: number;
  /** 人员 rows left out because they cannot be read (check lists why). */
  skippedPeople: number;
  /** 单位 rows left out because they have no 单位名称. */
  skippedUnits: number;
}

const key = (text: string) => normalizeText(text).replace(/\s/g, "");

/** The furthest year ahead new-year accepts: the next one. */
export function checkNewYear(year: number, today: Day): void {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) {
    throw new InputError(`年度应为四位年份，收到“${year}”`);
  }
  if (year > yearOf(today) + 1) {
    throw new InputError(
      `不能新建 ${year} 年度：最多只能提前一年，新建到 ${yearOf(today) + 1} 年度`,
    );
  }
}

/** "year|id" of the rows a sheet already has, read leniently (a row with other problems counts). */
function existingKeys(table: DecodedTable, column: "人员编号" | "单位"): Set<string> {
  const keys = new Set<string>();
  for (const r of table.rows) {
    let year: number;
    try {
      year = readYear(r.get("年度"), "年度");
    } catch {
      continue;
    }
    const id = readText(r.get(column));
    if (id) keys.add(`${year}|${column === "单位" ? key(id) : id}`);
  }
  return keys;
}

/** Create the missing rows of `year`, as of `today` (the guard); returns what was created. */
export function startNewYear(workbook: Workbook, year: number, today: Day): NewYearResult {
  checkNewYear(year, today);
  const read = (name: string): Grid => {
    const grid = workbook.readSheet(name);
    if (!grid || grid.length === 0) {
      throw new InputError(`缺少工作表「${name}」，请先运行 init 补全工作表和表头`);
    }
    return grid;
  };
  const peopleParsed = parsePeople(read("人员"));
  // A unit needs only its name here: one that import added by name, its 单位性质 and 管理权限
  // not filled in yet (check asks for them), still gets its plan, health-check and rating rows.
  const unitRows = decodeTable(sheetSpec("单位"), read("单位")).rows;
  const people = peopleParsed.items.filter((p) => activeIn(p, year));
  const units = [...new Set(unitRows.map((r) => readText(r.get("单位名称"))).filter(Boolean))];
  const badRows = (problems: readonly { row: number }[]) =>
    new Set(problems.filter((p) => p.row > 1).map((p) => p.row)).size;

  const sheets: NewYearSheet[] = [];
  const fill = (
    name: string,
    column: "人员编号" | "单位",
    records: { id: string; row: Record<string, Cell> }[],
  ) => {
    const grid = read(name);
    const spec = sheetSpec(name);
    const have = existingKeys(decodeTable(spec, grid), column);
    const seen = new Set<string>();
    const rows: Cell[][] = [];
    let existing = 0;
    for (const rec of records) {
      const k = `${year}|${column === "单位" ? key(rec.id) : rec.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      if (have.has(k)) existing++;
      else rows.push(encodeRow(spec, grid[0], { 年度: year, ...rec.row }));
    }
    if (rows.length) workbook.appendRows(name, rows);
    sheets.push({ sheet: name, created: rows.length, existing });
  };

  const personRows = people.map((p) => ({
    id: p.id,
    row: { 人员编号: p.id, 姓名: p.name, 单位: p.unit },
  }));
  for (const sheet of PERSON_YEAR_SHEETS) fill(sheet, "人员编号", personRows);
  const unitRecords = units.map((u) => ({ id: u, row: { 单位: u } }));
  for (const sheet of UNIT_YEAR_SHEETS) fill(sheet, "单位", unitRecords);

  return {
    year,
    sheets,
    people: people.length,
    units: units.length,
    skippedPeople: badRows(peopleParsed.problems),
    skippedUnits: unitRows.filter((r) => !readText(r.get("单位名称"))).length,
  };
}

/** The Chinese report of a run, for the CLI and the Sheets dialog. */
export function formatNewYear(result: NewYearResult): string[] {
  const lines = result.sheets.map(
    (s) =>
      `「${s.sheet}」新建 ${result.year} 年度 ${s.created} 行` +
      (s.existing ? `（已有 ${s.existing} 行，未改动）` : ""),
  );
  const created = result.sheets.reduce((n, s) => n + s.created, 0);
  lines.push(
    created
      ? `${result.year} 年度：在职 ${result.people} 人、${result.units} 个单位，共新建 ${created} 行`
      : `${result.year} 年度的行已齐全（在职 ${result.people} 人、${result.units} 个单位），未新建`,
  );
  if (result.skippedPeople || result.skippedUnits) {
    lines.push(
      `「人员」${result.skippedPeople} 行有误、「单位」${result.skippedUnits} 行没有单位名称，未新建，请用 check 查看`,
    );
  }
  return lines;
}
