/**
 * The deadline scan: from the record (grids of the sheets, each read once) and a day, every
 * deadline item with its state. Which years are scanned:
 * - leave-plan and health-plan/-report: every unit of 单位 (and every unit named in the sheet)
 *   × every year that has a row in 年休假计划 / 体检, plus the current year — a unit with no row
 *   for the current year has an open item.
 * - leave-pay: every 年休假 row whose 其中另行支付 is positive. The computed column is used when
 *   it holds a number (Sheets always, locally after `compute`); when it is blank or an error it is
 *   derived from the inputs through the very functions the formulas use.
 * - talk-followup: every 谈心谈话 row with a 跟进日期; done when 跟进完成日期 is filled.
 */
import {
  type Cell,
  type Grid,
  isBlank,
  readDate,
  readNumber,
  readText,
  readYear,
} from "../records/cells";
import { decodeTable, type TableRow } from "../records/codec";
import { SHEET } from "../records/schema";
import { parseParams } from "../records/parse";
import type { Workbook } from "./ports";
import { type Day, yearOf } from "../rules/dates";
import { ERROR_PREFIX, isErrorText, messageOf } from "../rules/errors";
import {
  type DeadlineKind,
  type DeadlineStatus,
  type DoneMark,
  type MonthDay,
  deadlineState,
  healthPlanDue,
  healthReportDue,
  leavePayDeadline,
  leavePlanDue,
  leavePlanState,
} from "../rules/deadlines";
import type { LeaveYearsMode } from "../rules/service";

/** The sheets the scan reads (each once). */
export const DEADLINE_SHEETS = [
  "参数",
  "单位",
  "人员",
  "年休假",
  "休假记录",
  "年休假计划",
  "体检",
  "谈心谈话",
  "节假日",
] as const;

export type DeadlineGrids = Partial<Record<string, Grid | null>>;

export type Authority = "组织部门" | "人社部门";

export interface UnitInfo {
  name: string;
  email: string;
  contact: string;
  /** 管理权限; null when blank or unknown (the summary then goes to 组织部门). */
  authority: Authority | null;
}

export interface DeadlineSettings {
  leadDays: number[];
  leavePlanDue: MonthDay;
  healthPlanDue: MonthDay;
  healthReportDue: MonthDay;
  orgEmail: string;
  hrEmail: string;
  payDays: number;
  leaveYearsMode: LeaveYearsMode;
  /** Raw 参数 values by key (SMTP settings and the like). */
  values: Map<string, string>;
}

export interface DeadlineItem {
  item: DeadlineKind;
  year: number;
  unit: string;
  personId: string | null;
  due: Day;
  status: DeadlineStatus;
  daysLeft: number;
  /** 姓名 of the person (leave-pay) or 对象 of the talk (talk-followup). */
  name: string;
  /** Where it comes from, as users see it: sheet and row; row 0 for an item without a row. */
  sheet: string;
  row: number;
  /** leave-plan: made but not filed yet (已制定未备案); done, reminded, never overdue. */
  unfiled?: boolean;
}

export interface DeadlineScan {
  today: Day;
  settings: DeadlineSettings;
  units: Map<string, UnitInfo>;
  items: DeadlineItem[];
  /** Rows the scan could not judge (Chinese), e.g. a 年休假 row whose pay cannot be derived. */
  warnings: string[];
}

/** Read the sheets the scan needs, one read each. */
export function readDeadlineGrids(
  workbook: Workbook,
  names: readonly string[] = DEADLINE_SHEETS,
): DeadlineGrids {
  const grids: DeadlineGrids = {};
  for (const name of names) grids[name] = workbook.readSheet(name);
  return grids;
}

function table(grids: DeadlineGrids, name: string): TableRow[] {
  return decodeTable(SHEET[name], grids[name] ?? null).rows;
}

function text(row: TableRow, column: string): string {
  return readText(row.get(column));
}

/** A filled cell: the date it holds, or `true` when it holds something else. */
function doneMark(value: Cell): DoneMark {
  if (isBlank(value)) return null;
  try {
    return readDate(value, "日期");
  } catch {
    return true;
  }
}

/** The earlier of two done marks; a date beats a non-date filling, anything beats blank. */
function earlierMark(a: DoneMark, b: DoneMark): DoneMark {
  if (a === null) return b;
  if (b === null) return a;
  if (a === true) return b;
  if (b === true) return a;
  return Math.min(a, b);
}

function parseAuthority(value: string): Authority | null {
  if (value.includes("人社")) return "人社部门";
  if (value.includes("组织")) return "组织部门";
  return null;
}

/** 参数 → the deadline settings; a bad value falls back to its default with a warning. */
export function readSettings(grids: DeadlineGrids, warnings: string[] = []): DeadlineSettings {
  const { params, problems, table: rows } = parseParams(grids["参数"] ?? null);
  for (const p of problems) warnings.push(`参数：${p.message}，已按默认值处理`);
  const values = new Map<string, string>();
  for (const row of rows.rows) {
    const key = text(row, "参数");
    if (key && !values.has(key)) values.set(key, text(row, "值"));
  }
  return {
    leadDays: params.leadDays,
    leavePlanDue: params.leavePlanDue,
    healthPlanDue: params.healthPlanDue,
    healthReportDue: params.healthReportDue,
    orgEmail: params.orgEmail,
    hrEmail: params.hrEmail,
    payDays: params.payDays,
    leaveYearsMode: params.leaveYearsMode,
    values,
  };
}

/** 单位 → units by name. */
export function readUnits(grids: DeadlineGrids): Map<string, UnitInfo> {
  const units = new Map<string, UnitInfo>();
  for (const row of table(grids, "单位")) {
    const name = text(row, "单位名称");
    if (!name || units.has(name)) continue;
    units.set(name, {
      name,
      email: text(row, "联系邮箱"),
      contact: text(row, "联系人"),
      authority: parseAuthority(text(row, "管理权限")),
    });
  }
  return units;
}

interface PersonInfo {
  name: string;
  unit: string;
  row: TableRow;
}

function safeYear(value: Cell): number | null {
  try {
    return readYear(value, "年度");
  } catch {
    return null;
  }
}

/**
 * Scan the record on `today`. `leavePay` derives 其中另行支付 where a 年休假 cell holds no number:
 * by default from the cell alone (Sheets computes the column by its formula); the Node side
 * passes computedLeavePay (./leavePay.ts), which runs compute for a workbook not computed yet.
 */
export function scanDeadlines(
  grids: DeadlineGrids,
  today: Day,
  leavePay: LeavePayDerivation = fromCells,
): DeadlineScan {
  const warnings: string[] = [];
  const settings = readSettings(grids, warnings);
  const units = readUnits(grids);
  const items: DeadlineItem[] = [];
  const lead = settings.leadDays;
  const currentYear = yearOf(today);
  const push = (
    base: Omit<DeadlineItem, "status" | "daysLeft">,
    done: DoneMark,
    filed?: DoneMark,
  ): void => {
    const state =
      filed === undefined
        ? deadlineState(base.due, done, today, lead)
        : leavePlanState(base.due, done, filed, today, lead);
    items.push({
      ...base,
      status: state.status,
      daysLeft: state.daysLeft,
      ...(state.unfiled ? { unfiled: true } : {}),
    });
  };
  const knownUnit = (name: string): void => {
    if (name && !units.has(name))
      units.set(name, { name, email: "", contact: "", authority: null });
  };

  // Unit filings: leave plan and the two health-check filings.
  const unitFilings = (
    sheet: string,
    filings: {
      kind: DeadlineKind;
      doneColumn: string;
      /** The filing of a thing done (leave-plan: 备案日期 of the plan made). */
      filedColumn?: string;
      due: (year: number) => Day;
    }[],
  ): void => {
    type Entry = { year: number; unit: string; row: number; done: DoneMark[]; filed: DoneMark[] };
    const byKey = new Map<string, Entry>();
    for (const row of table(grids, sheet)) {
      const year = safeYear(row.get("年度"));
      const unit = text(row, "单位");
      if (year === null || !unit) continue;
      knownUnit(unit);
      const key = `${year}\u0000${unit}`;
      const none = () => filings.map((): DoneMark => null);
      const entry = byKey.get(key) ?? { year, unit, row: row.row, done: none(), filed: none() };
      filings.forEach((f, i) => {
        // Several rows for one unit and year: the earliest filing counts.
        entry.done[i] = earlierMark(entry.done[i], doneMark(row.get(f.doneColumn)));
        if (f.filedColumn)
          entry.filed[i] = earlierMark(entry.filed[i], doneMark(row.get(f.filedColumn)));
      });
      byKey.set(key, entry);
    }
    const years = new Set<number>([currentYear]);
    for (const e of byKey.values()) years.add(e.year);
    for (const year of [...years].sort((a, b) => a - b)) {
      for (const unit of units.keys()) {
        const entry = byKey.get(`${year}\u0000${unit}`);
        filings.forEach((f, i) => {
          push(
            {
              item: f.kind,
              year,
              unit,
              personId: null,
              due: f.due(year),
              name: "",
              sheet,
              row: entry ? entry.row : 0,
            },
            entry ? entry.done[i] : null,
            f.filedColumn ? (entry ? entry.filed[i] : null) : undefined,
          );
        });
      }
    }
  };

  // Units named only in the filing sheets are known before the loops above run.
  for (const sheet of ["年休假计划", "体检"])
    for (const row of table(grids, sheet)) knownUnit(text(row, "单位"));

  unitFilings("年休假计划", [
    {
      // §二.5: due when the plan is made (计划提交日期); the filing (备案日期) has no date.
      kind: "leave-plan",
      doneColumn: "计划提交日期",
      filedColumn: "备案日期",
      due: (y) => leavePlanDue(y, settings.leavePlanDue),
    },
  ]);
  unitFilings("体检", [
    {
      kind: "health-plan",
      doneColumn: "方案备案日期",
      due: (y) => healthPlanDue(y, settings.healthPlanDue),
    },
    {
      kind: "health-report",
      doneColumn: "情况备案日期",
      due: (y) => healthReportDue(y, settings.healthReportDue),
    },
  ]);

  // Per-person extra unused-leave pay.
  const people = new Map<string, PersonInfo>();
  for (const row of table(grids, "人员")) {
    const id = text(row, "人员编号");
    if (id && !people.has(id))
      people.set(id, { name: text(row, "姓名"), unit: text(row, "单位"), row });
  }
  const derive = leavePay(grids, today);
  for (const row of table(grids, "年休假")) {
    const year = safeYear(row.get("年度"));
    const id = text(row, "人员编号");
    if (year === null || !id) continue;
    const person = people.get(id);
    const unit = text(row, "单位") || person?.unit || "";
    let extra: number;
    try {
      extra = leaveExtra(row, derive);
    } catch (err) {
      const paid = !isBlank(row.get("实际支付日期"));
      if (!paid) {
        warnings.push(
          `年休假第${row.row}行（人员编号 ${id}）：无法判断是否应另行支付未休年休假报酬（${messageOf(err)}）`,
        );
      }
      continue;
    }
    if (!(extra > 0)) continue;
    knownUnit(unit);
    push(
      {
        item: "leave-pay",
        year,
        unit,
        personId: id,
        due: leavePayDeadline(year),
        name: text(row, "姓名") || person?.name || "",
        sheet: "年休假",
        row: row.row,
      },
      doneMark(row.get("实际支付日期")),
    );
  }

  // Talk follow-ups.
  for (const row of table(grids, "谈心谈话")) {
    const follow = row.get("跟进日期");
    if (isBlank(follow)) continue;
    const unit = text(row, "单位");
    let due: Day;
    let year: number;
    try {
      due = readDate(follow, "跟进日期");
      year = isBlank(row.get("日期")) ? yearOf(due) : yearOf(readDate(row.get("日期"), "日期"));
    } catch (err) {
      warnings.push(`谈心谈话第${row.row}行：${messageOf(err)}`);
      continue;
    }
    knownUnit(unit);
    push(
      {
        item: "talk-followup",
        year,
        unit,
        personId: null,
        due,
        name: text(row, "对象"),
        sheet: "谈心谈话",
        row: row.row,
      },
      doneMark(row.get("跟进完成日期")),
    );
  }

  items.sort(compareItems);
  return { today, settings, units, items, warnings };
}

const STATUS_ORDER: Record<DeadlineStatus, number> = {
  overdue: 0,
  "due-soon": 1,
  open: 2,
  done: 3,
};
const KIND_ORDER: Record<DeadlineKind, number> = {
  "leave-plan": 0,
  "leave-pay": 1,
  "health-plan": 2,
  "health-report": 3,
  "talk-followup": 4,
};

/** Overdue first, then by due day, kind, unit, person. */
export function compareItems(a: DeadlineItem, b: DeadlineItem): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    a.due - b.due ||
    KIND_ORDER[a.item] - KIND_ORDER[b.item] ||
    (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) ||
    (a.personId ?? "").localeCompare(b.personId ?? "") ||
    a.row - b.row
  );
}

/** 其中另行支付 of a 年休假 row whose cell holds no number; throws the reason it cannot. */
export type Deriver = (row: TableRow) => number;
/** How a scan derives 其中另行支付 (see scanDeadlines). */
export type LeavePayDerivation = (grids: DeadlineGrids, today: Day) => Deriver;

/** 其中另行支付 of a 年休假 row: the computed cell when it holds a number, else derived. */
function leaveExtra(row: TableRow, derive: Deriver): number {
  const cell = row.get("其中另行支付");
  if (typeof cell === "number" && Number.isFinite(cell)) return cell;
  if (typeof cell === "string" && !isBlank(cell) && !isErrorText(cell))
    return readNumber(cell, "其中另行支付");
  return derive(row);
}

/**
 * The cell alone, as Sheets holds it: the formula's 错误 text (the very text compute gives, see
 * test/formulas) is the reason; a blank cell was not computed. Keeps the compute code out of
 * the Apps Script bundle.
 */
export const fromCells: LeavePayDerivation = () => (row) => {
  const cell = row.get("其中另行支付");
  throw new Error(isBlank(cell) ? "未能计算" : String(cell).replace(ERROR_PREFIX, ""));
};

/** The --json shape: exactly item, year, unit, personId, due, status, daysLeft. */
export interface DeadlineJson {
  item: DeadlineKind;
  year: number;
  unit: string;
  personId: string | null;
  due: string;
  status: DeadlineStatus;
  daysLeft: number;
}
