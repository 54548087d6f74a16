/**
 * `import`: people from a county's own roster (花名册) into 人员. The roster's columns are matched
 * by the names rosters use (src/records/roster.ts); each row is read exactly as a 人员 row is
 * (month-precision 参加工作时间, 人员类别 aliases, the 身份证号 check digit), and then:
 * - a 人员编号 not in 人员 is a new person, appended;
 * - a known 人员编号 whose every value equals the workbook's is the same;
 * - a known one with a value that differs from what the workbook has is a conflict: listed, never
 *   written (a typed value is never overwritten); blank cells of the workbook are filled in;
 * - a row that cannot be read is rejected, with its source row and the reason.
 * Units the roster names that 单位 lacks are added to 单位 by name (性质 and 管理权限 left for
 * the user, which check then asks for). Importing the same roster twice changes nothing.
 * The CLI (`cadre-care import`) and the Sheets menu item 导入人员名单 share this use case.
 */
import { type Cell, type Grid, isBlank, normalizeText, readText } from "../records/cells";
import { decodeTable, encodeRow, headerColumns } from "../records/codec";
import { idNumberProblem } from "../records/idcard";
import { type PersonRecord, parsePeople, readColumnValue } from "../records/parse";
import { type RosterMapping, mapRoster } from "../records/roster";
import { columnSpec, sheetSpec } from "../records/schema";
import { type Day, dayFromInstant, instantFromDay, isoFromDay } from "../rules/dates";
import { InputError } from "../rules/errors";
import type { Workbook } from "./ports";

export interface RosterProblem {
  /** Row of the roster as its user sees it (1-based). */
  row: number;
  column: string;
  message: string;
}

export interface RosterConflict {
  row: number;
  personId: string;
  column: string;
  /** In the workbook (kept). */
  workbook: string;
  /** In the roster (not written). */
  roster: string;
}

export interface RosterImport {
  mapping: RosterMapping;
  /** Header text of each mapped roster column, by 人员 column. */
  headers: Map<string, string>;
  rows: number;
  added: PersonRecord[];
  same: number;
  different: number;
  /** Blank workbook cells filled from the roster. */
  filled: number;
  rejected: number;
  conflicts: RosterConflict[];
  problems: RosterProblem[];
  /** Units added to 单位 (by name only). */
  newUnits: string[];
}

const PEOPLE = "人员";
const REQUIRED = ["人员编号", "姓名", "单位", "人员类别", "参加工作时间"];
const key = (text: string) => normalizeText(text).replace(/\s/g, "");

/** The value a 人员 cell is compared and written by. */
function canonical(column: string, p: PersonRecord): Cell {
  switch (column) {
    case "人员编号":
      return p.id;
    case "姓名":
      return p.name;
    case "单位":
      return p.unit;
    case "人员类别":
      return p.category;
    case "参加工作时间":
      return instantFromDay(p.startDate);
    case "身份证号":
      return p.idNumber || null;
    case "上年度工资收入（元）":
      return p.lastYearIncome;
    case "重点岗位":
      return p.keyPost ? "是" : null;
    case "状态":
      return p.status;
    default:
      return null;
  }
}

/** How a canonical value reads in a message (a date as YYYY-MM-DD). */
function shown(value: Cell): string {
  if (value instanceof Date) return isoFromDay(dayFromInstant(value));
  return value === null || value === undefined ? "" : String(value);
}

function sameValue(a: Cell, b: Cell): boolean {
  if (a instanceof Date || b instanceof Date) return shown(a) === shown(b);
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return key(String(a ?? "")) === key(String(b ?? ""));
}

/** Read the roster against the workbook; write unless `dryRun`. */
export function importRoster(
  workbook: Workbook,
  roster: Grid,
  options: { dryRun?: boolean } = {},
): RosterImport {
  const mapping = mapRoster(roster);
  if (!mapping) {
    throw new InputError(
      "花名册的前 10 行中没有找到表头（应有“姓名”列，以及“工号/人员编号”“单位/部门”“参加工作时间”等列）：请确认选的是花名册所在的工作表",
    );
  }
  const headerCells = roster[mapping.headerRow];
  const headers = new Map<string, string>();
  for (const [c, target] of mapping.columns)
    headers.set(target, normalizeText(String(headerCells[c])));
  const lacking = REQUIRED.filter((c) => !headers.has(c));
  if (lacking.length) {
    throw new InputError(
      `花名册缺少这些列：${lacking.join("、")}（可用的列名如：人员编号/工号/编号，单位/部门/工作单位，人员类别/身份/编制性质，参加工作时间/参加工作日期）；` +
        `已识别的列：${[...headers].map(([t, h]) => (t === h ? `「${h}」` : `「${h}」→「${t}」`)).join("、") || "无"}`,
    );
  }

  // The roster as a 人员 grid: the mapped columns under their 人员 names.
  const targets = [...mapping.columns.values()];
  const sourceRow = new Map<number, number>(); // grid row (1-based, header = 1) → roster row
  const asPeople: Grid = [targets];
  for (let r = mapping.headerRow + 1; r < roster.length; r++) {
    const line = roster[r] ?? [];
    const cells = [...mapping.columns.keys()].map((c) => line[c] ?? null);
    if (cells.every(isBlank)) continue;
    asPeople.push(cells);
    sourceRow.set(asPeople.length, r + 1);
  }
  const parsed = parsePeople(asPeople);
  const problems: RosterProblem[] = parsed.problems
    .filter((p) => p.row > 1)
    .map((p) => ({ row: sourceRow.get(p.row) ?? p.row, column: p.column, message: p.message }));
  const rejectedRows = new Set(problems.map((p) => p.row));

  const grid = workbook.readSheet(PEOPLE);
  if (!grid || grid.length === 0)
    throw new InputError(
      "缺少工作表「人员」：请先初始化台账（cadre-care init，表格中为菜单“初始化/检查表格”）",
    );
  const spec = sheetSpec(PEOPLE);
  const existing = new Map<string, { row: number; get(c: string): Cell }>();
  for (const r of decodeTable(spec, grid).rows) {
    const id = readText(r.get("人员编号"));
    if (id && !existing.has(id)) existing.set(id, r);
  }
  const position = headerColumns(spec, grid[0]);

  const added: PersonRecord[] = [];
  const conflicts: RosterConflict[] = [];
  const fills: { row: number; column: number; value: Cell }[] = [];
  let same = 0;
  let different = 0;
  const seen = new Map<string, number>();
  for (const p of parsed.items) {
    const row = sourceRow.get(p.row) ?? p.row;
    const reject = (column: string, message: string) => {
      problems.push({ row, column, message });
      rejectedRows.add(row);
    };
    const first = seen.get(p.id);
    if (first !== undefined) {
      reject("人员编号", `人员编号“${p.id}”与花名册第 ${first} 行重复`);
      continue;
    }
    seen.set(p.id, row);
    if (p.idNumber) {
      if (/^\d(\.\d+)?E\+?\d+$/i.test(p.idNumber)) {
        reject(
          "身份证号",
          `身份证号“${p.idNumber}”已被 Excel 变成科学计数法，末几位已丢失：请在花名册中把该列设为文本、重新录入后再导入`,
        );
        continue;
      }
      const bad = idNumberProblem(p.idNumber);
      if (bad) {
        reject("身份证号", bad);
        continue;
      }
    }
    const had = existing.get(p.id);
    if (!had) {
      added.push(p);
      continue;
    }
    let differs = false;
    for (const column of targets) {
      const incoming = canonical(column, p);
      if (incoming === null || (column === "状态" && !headers.has("状态"))) continue;
      const current = had.get(column);
      if (isBlank(current)) {
        const at = position.get(column);
        if (at !== undefined) fills.push({ row: had.row, column: at + 1, value: incoming });
        continue;
      }
      if (sameValue(canonicalOf(column, current), incoming)) continue;
      differs = true;
      conflicts.push({
        row,
        personId: p.id,
        column,
        workbook: shown(canonicalOf(column, current)),
        roster: shown(incoming),
      });
    }
    if (differs) different++;
    else same++;
  }

  // Units the roster names that 单位 lacks.
  const unitGrid = workbook.readSheet("单位");
  const knownUnits = new Set(
    decodeTable(sheetSpec("单位"), unitGrid)
      .rows.map((r) => key(readText(r.get("单位名称"))))
      .filter(Boolean),
  );
  const newUnits = [...new Set(added.map((p) => p.unit))].filter((u) => !knownUnits.has(key(u)));

  if (!options.dryRun) {
    if (added.length) {
      workbook.appendRows(
        PEOPLE,
        added.map((p) =>
          encodeRow(spec, grid[0], Object.fromEntries(targets.map((c) => [c, canonical(c, p)]))),
        ),
      );
    }
    for (const f of fills) workbook.writeRange(PEOPLE, f.row, f.column, [[f.value]]);
    if (newUnits.length && unitGrid && unitGrid.length) {
      workbook.appendRows(
        "单位",
        newUnits.map((u) => encodeRow(sheetSpec("单位"), unitGrid[0], { 单位名称: u })),
      );
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return {
    mapping,
    headers,
    rows: asPeople.length - 1,
    added,
    same,
    different,
    filled: fills.length,
    rejected: rejectedRows.size,
    conflicts,
    problems,
    newUnits,
  };
}

/** A workbook cell read as the roster's value is (dates as days, 人员类别 canonical). */
function canonicalOf(column: string, value: Cell): Cell {
  try {
    const v = readColumnValue(columnSpec(PEOPLE, column), value);
    if (column === "参加工作时间") return instantFromDay(v as Day);
    if (column === "身份证号") return String(v).toUpperCase();
    return (v ?? null) as Cell;
  } catch {
    return value;
  }
}

/** The Chinese report: the mapping, the counts, every problem and conflict with its source row. */
export function formatRosterImport(r: RosterImport, dryRun = false): string[] {
  const lines = [`表头在第 ${r.mapping.headerRow + 1} 行，列的对应：`];
  for (const [target, header] of r.headers) {
    lines.push(`  「${header}」${header === target ? "" : ` → 「${target}」`}`);
  }
  if (r.mapping.unmatched.length) {
    lines.push(
      `未导入的列：${r.mapping.unmatched.map((u) => `「${u.header}」（${u.why}）`).join("、")}`,
    );
  }
  lines.push(
    `共 ${r.rows} 行：新增 ${r.added.length} 人，与台账相同 ${r.same} 人，与台账不同 ${r.different} 人，有误未导入 ${r.rejected} 行` +
      (r.filled ? `；补全台账中空白的单元格 ${r.filled} 个` : ""),
  );
  for (const p of r.problems) lines.push(`  花名册第 ${p.row} 行「${p.column}」：${p.message}`);
  for (const c of r.conflicts) {
    lines.push(
      `  花名册第 ${c.row} 行（人员编号 ${c.personId}）「${c.column}」：台账为“${c.workbook}”，花名册为“${c.roster}”，保留台账的值`,
    );
  }
  if (r.newUnits.length) {
    lines.push(
      `${dryRun ? "将在" : "已在"}「单位」新增 ${r.newUnits.length} 个单位：${r.newUnits.join("、")}（请补填单位性质、管理权限和联系邮箱）`,
    );
  }
  lines.push(
    dryRun
      ? "这是试运行（--dry-run），台账未改动"
      : r.added.length || r.filled
        ? "已写入台账"
        : "台账没有需要改动的地方",
  );
  return lines;
}
