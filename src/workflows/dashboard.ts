/**
 * The dashboard's figures (issue 7 §2), pure: from the workbook's grids, the deadline items and
 * the list of generated documents to one DashboardData that the local HTML renderer
 * (src/local/dashboard.ts) draws. Everything is aggregated per unit: no 身份证号, no names, no
 * per-person wage or pay amounts ever enter DashboardData.
 *
 * Figures are the workbook's own: the computed columns as last written (`compute` locally,
 * the formulas in Sheets), summed. Money is summed in integer fen from the cells (each already
 * rounded to 0.01 元), so totals equal the workbook's exactly.
 */
import type { Grid } from "../records/cells";
import { parseAwards, parseLeaveRows, parseParams, parsePeople } from "../records/parse";
import { AWARD_TYPES } from "../records/schema";
import { type Day, chineseDate, isoFromDay, yearOf } from "../rules/dates";
import {
  DEADLINE_KINDS,
  type DeadlineKind,
  type DeadlineStatus,
  KIND_LABELS,
  STATUS_LABELS,
  leavePayDeadline,
} from "../rules/deadlines";
import { roundFen, yuanToFen } from "../rules/money";
import { NOTICE_KINDS, overdueEntries } from "../documents/builders";
import { DEADLINE_SHEETS, readUnits, scanDeadlines } from "./deadlines";
import { computedLeavePay } from "./leavePay";
import type { Workbook } from "./ports";
import type { DocumentEntry } from "./publish";

/** The sheets the dashboard reads (each once): the deadline scan's plus 奖励. */
export const DASHBOARD_SHEETS: readonly string[] = [...new Set([...DEADLINE_SHEETS, "奖励"])];

export type DashboardGrids = Partial<Record<string, Grid | null>>;

/** What the dashboard needs of a deadline item (DeadlineItem and the --json shape both fit). */
export interface DeadlineLike {
  item: DeadlineKind;
  year: number;
  unit: string;
  status: DeadlineStatus;
  daysLeft: number;
  /** The person of a per-person item (未休年休假报酬另行支付), when known. */
  personId?: string | null;
}

/**
 * The 已逾期 figure as the 通报批评 counts it: one item per (unit, item, year) of the notice's
 * kinds (as in “10个单位17项”), with the people behind the overdue leave-pay items apart.
 */
export interface OverdueSummary {
  /** Overdue (unit, item, year) entries: what the 通报批评 lists. */
  items: number;
  /** Units with at least one. */
  units: number;
  /** People whose 另行支付 is overdue (each counted once per year). */
  people: number;
  /** Overdue items the notice does not list (谈心谈话 follow-ups), counted per item. */
  other: number;
}

/** The overdue summary of deadline items (the same entries the 通报批评 lists). */
export function overdueSummary(items: readonly DeadlineLike[]): OverdueSummary {
  const entries = overdueEntries(
    items.map((i) => ({ ...i, personId: i.personId ?? null, due: 0 })),
  );
  return {
    items: entries.length,
    units: new Set(entries.map((e) => e.unit)).size,
    people: entries.reduce((n, e) => n + e.people, 0),
    other: items.filter((i) => i.status === "overdue" && !NOTICE_KINDS.includes(i.item)).length,
  };
}

export type { DocumentEntry };

export interface DashboardInput {
  grids: DashboardGrids;
  today: Day;
  /** The deadline items; by default the scan of `grids` on `today`. */
  deadlines?: readonly DeadlineLike[];
  documents?: readonly DocumentEntry[];
  /**
   * Prefix that turns a document's relative `file` into a link from the dashboard page:
   * "docs/" when index.html sits beside the docs folder (the default). Full links (https:) and
   * absolute paths are kept as they are.
   */
  docsBase?: string;
}

/** One cell of the deadline grid: the items of one kind and year for one unit. */
export interface DeadlineCell {
  /** The worst state among the items: overdue, then due-soon, then open; done when all are. */
  status: DeadlineStatus;
  total: number;
  done: number;
  open: number;
  dueSoon: number;
  overdue: number;
  /** The fewest days left among the items not done (negative when overdue); null when all done. */
  daysLeft: number | null;
}

export interface DeadlineColumn {
  kind: DeadlineKind;
  year: number;
  /** Chinese label, e.g. 年休假计划备案. */
  label: string;
}

export interface DeadlineGridData {
  columns: DeadlineColumn[];
  rows: { unit: string; cells: (DeadlineCell | null)[] }[];
  /** Item counts by state over the whole grid. */
  totals: Record<DeadlineStatus, number>;
}

/** Leave and unused-leave pay of one unit (or of the county, in `totals`) for one year. */
export interface LeaveFigures {
  /** 年休假 rows counted. */
  people: number;
  entitledDays: number;
  usedDays: number;
  unusedDays: number;
  /** 未休年休假报酬, fen. */
  unusedPayFen: number;
  /** 其中另行支付, fen. */
  extraFen: number;
  /** 其中另行支付 of rows with 实际支付日期 filled, fen. */
  extraPaidFen: number;
  /** 其中另行支付 of rows without 实际支付日期 (owed), fen. */
  extraOwedFen: number;
  /** People with a positive 其中另行支付 paid / still owed. */
  paidPeople: number;
  owedPeople: number;
  /** Rows whose computed cells are blank or an error (not in the sums). */
  incompleteRows: number;
}

export interface LeaveYear {
  year: number;
  rows: ({ unit: string } & LeaveFigures)[];
  totals: LeaveFigures;
}

export interface AwardTypeFigures {
  type: string;
  count: number;
  bonusFen: number;
}

export interface AwardYear {
  year: number;
  types: AwardTypeFigures[];
  totalCount: number;
  totalBonusFen: number;
  /** Awards whose 奖金（元） is blank or an error (counted, not in the bonus sum). */
  unpriced: number;
}

export interface DashboardDocument {
  type: string;
  year: number | null;
  unit: string | null;
  title: string;
  number: string | null;
  href: string;
}

export interface DashboardData {
  /** 参数 县名 (blank when not set). */
  county: string;
  /** The day the figures are as of: 2026-11-26 and 2026年11月26日. */
  asOf: string;
  asOfText: string;
  units: string[];
  deadlines: DeadlineGridData;
  /** Years present in 年休假,奖励 or the deadline items, ascending. */
  years: number[];
  /** The year shown first: the latest year up to today's that has data. */
  defaultYear: number;
  leave: LeaveYear[];
  awards: AwardYear[];
  /** 其中另行支付 still owed over all years, fen, and the people it is owed to. */
  owedAllYearsFen: number;
  owedAllYearsPeople: number;
  /** The part of it past its due day (31 March of the next year) on the as-of day. */
  owedOverdueFen: number;
  owedOverduePeople: number;
  /** 已逾期, counted as the 通报批评 counts it. */
  overdue: OverdueSummary;
  documents: DashboardDocument[];
  /** Chinese notes on what was left out (incomplete rows, unknown units). */
  warnings: string[];
}

export { STATUS_COLORS } from "../records/layout";

/** Read the sheets the dashboard needs, one read each. */
export function readDashboardGrids(workbook: Workbook): DashboardGrids {
  const grids: DashboardGrids = {};
  for (const name of DASHBOARD_SHEETS) grids[name] = workbook.readSheet(name);
  return grids;
}

/** A yuan cell value (already rounded to 0.01 元) as integer fen. */
export function cellFen(yuan: number): number {
  return roundFen(yuanToFen(yuan));
}

const STATUS_RANK: Record<DeadlineStatus, number> = {
  overdue: 3,
  "due-soon": 2,
  open: 1,
  done: 0,
};

function emptyFigures(): LeaveFigures {
  return {
    people: 0,
    entitledDays: 0,
    usedDays: 0,
    unusedDays: 0,
    unusedPayFen: 0,
    extraFen: 0,
    extraPaidFen: 0,
    extraOwedFen: 0,
    paidPeople: 0,
    owedPeople: 0,
    incompleteRows: 0,
  };
}

function addFigures(into: LeaveFigures, from: LeaveFigures): void {
  for (const key of Object.keys(into) as (keyof LeaveFigures)[]) into[key] += from[key];
}

/** Relative link from the dashboard page to a document; full links and absolute paths kept. */
export function documentHref(file: string, docsBase: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.startsWith("/")) return file;
  const base = docsBase && !docsBase.endsWith("/") ? docsBase + "/" : docsBase;
  return (
    base +
    file
      .replace(/\\/g, "/")
      .split("/")
      .map((part) => encodeURIComponent(part))
      .join("/")
  );
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The dashboard's figures as of `today`. */
export function buildDashboardData(input: DashboardInput): DashboardData {
  const { grids, today } = input;
  const warnings: string[] = [];
  const params = parseParams(grids["参数"] ?? null).params;

  // Units: 单位 order first, then any unit the other sheets name.
  const scan = input.deadlines ? null : scanDeadlines(grids, today, computedLeavePay);
  const items: readonly DeadlineLike[] = input.deadlines ?? scan?.items ?? [];
  const unitSet = new Set<string>(); // keeps the order names were first added in
  const addUnit = (name: string): void => {
    if (name) unitSet.add(name);
  };
  for (const name of (scan?.units ?? readUnits(grids)).keys()) addUnit(name);
  for (const item of items) addUnit(item.unit);
  const units = [...unitSet];

  // Leave and pay, per unit and year. A row without 单位 counts under its person's unit.
  const personUnit = new Map<string, string>();
  for (const p of parsePeople(grids["人员"] ?? null).items) personUnit.set(p.id, p.unit);
  const leaveByYear = new Map<number, Map<string, LeaveFigures>>();
  let owedAllYearsFen = 0;
  let owedAllYearsPeople = 0;
  let owedOverdueFen = 0;
  let owedOverduePeople = 0;
  for (const row of parseLeaveRows(grids["年休假"] ?? null).items) {
    const unit = row.unit || personUnit.get(row.personId) || "（未填单位）";
    addUnit(unit);
    const perUnit = leaveByYear.get(row.year) ?? new Map<string, LeaveFigures>();
    leaveByYear.set(row.year, perUnit);
    const f = perUnit.get(unit) ?? emptyFigures();
    perUnit.set(unit, f);
    f.people++;
    const complete =
      row.entitlement !== null &&
      row.usedDays !== null &&
      row.unusedDays !== null &&
      row.unusedPay !== null &&
      row.extraPay !== null;
    if (!complete) f.incompleteRows++;
    f.entitledDays += row.entitlement ?? 0;
    f.usedDays += row.usedDays ?? 0;
    f.unusedDays += row.unusedDays ?? 0;
    f.unusedPayFen += row.unusedPay === null ? 0 : cellFen(row.unusedPay);
    const extra = row.extraPay === null ? 0 : cellFen(row.extraPay);
    f.extraFen += extra;
    if (extra > 0) {
      if (row.paidDate !== null) {
        f.extraPaidFen += extra;
        f.paidPeople++;
      } else {
        f.extraOwedFen += extra;
        f.owedPeople++;
        owedAllYearsFen += extra;
        owedAllYearsPeople++;
        if (leavePayDeadline(row.year) < today) {
          owedOverdueFen += extra;
          owedOverduePeople++;
        }
      }
    }
  }

  // Awards by year and type.
  const awardsByYear = new Map<number, Map<string, AwardTypeFigures>>();
  const unpricedByYear = new Map<number, number>();
  for (const a of parseAwards(grids["奖励"] ?? null).items) {
    const perType = awardsByYear.get(a.year) ?? new Map<string, AwardTypeFigures>();
    awardsByYear.set(a.year, perType);
    const t = perType.get(a.award) ?? { type: a.award, count: 0, bonusFen: 0 };
    perType.set(a.award, t);
    t.count++;
    if (a.bonus === null) unpricedByYear.set(a.year, (unpricedByYear.get(a.year) ?? 0) + 1);
    else t.bonusFen += cellFen(a.bonus);
  }

  // Deadline grid: one column per (kind, year) present, years ascending, kinds in their order.
  const columnKeys = new Map<string, DeadlineColumn>();
  for (const item of items) {
    const key = `${item.year}|${item.item}`;
    if (!columnKeys.has(key)) {
      columnKeys.set(key, { kind: item.item, year: item.year, label: KIND_LABELS[item.item] });
    }
  }
  const columns = [...columnKeys.values()].sort(
    (a, b) => a.year - b.year || DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind),
  );
  const columnIndex = new Map(columns.map((c, i) => [`${c.year}|${c.kind}`, i]));
  const gridRows = units.map((unit) => ({
    unit,
    cells: columns.map((): DeadlineCell | null => null),
  }));
  const rowIndex = new Map(units.map((u, i) => [u, i]));
  const totals: Record<DeadlineStatus, number> = { done: 0, open: 0, "due-soon": 0, overdue: 0 };
  for (const item of items) {
    totals[item.status]++;
    const r = rowIndex.get(item.unit);
    const c = columnIndex.get(`${item.year}|${item.item}`);
    if (r === undefined || c === undefined) continue;
    const cell = (gridRows[r].cells[c] ??= {
      status: "done",
      total: 0,
      done: 0,
      open: 0,
      dueSoon: 0,
      overdue: 0,
      daysLeft: null,
    });
    cell.total++;
    if (item.status === "done") cell.done++;
    else {
      if (item.status === "open") cell.open++;
      else if (item.status === "due-soon") cell.dueSoon++;
      else cell.overdue++;
      cell.daysLeft =
        cell.daysLeft === null ? item.daysLeft : Math.min(cell.daysLeft, item.daysLeft);
    }
    if (STATUS_RANK[item.status] > STATUS_RANK[cell.status]) cell.status = item.status;
  }

  const years = [
    ...new Set<number>([
      ...leaveByYear.keys(),
      ...awardsByYear.keys(),
      ...columns.map((c) => c.year),
    ]),
  ].sort((a, b) => a - b);
  const currentYear = yearOf(today);
  const withData = years.filter(
    (y) => y <= currentYear && (leaveByYear.has(y) || awardsByYear.has(y)),
  );
  const defaultYear = withData.length ? withData[withData.length - 1] : currentYear;

  const leave: LeaveYear[] = [...leaveByYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const perUnit = leaveByYear.get(year)!;
      const rows = units
        .filter((u) => perUnit.has(u))
        .map((unit) => ({ unit, ...perUnit.get(unit)! }));
      const sum = emptyFigures();
      for (const r of rows) addFigures(sum, r);
      if (sum.incompleteRows) {
        warnings.push(
          `${year}年「年休假」有 ${sum.incompleteRows} 行计算列为空或有误，未计入天数和金额合计；请先运行计算或更正这些行`,
        );
      }
      return { year, rows, totals: sum };
    });

  const awardOrder = (t: string): number => {
    const i = (AWARD_TYPES as readonly string[]).indexOf(t);
    return i < 0 ? AWARD_TYPES.length : i;
  };
  const awards: AwardYear[] = [...awardsByYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const types = [...awardsByYear.get(year)!.values()].sort(
        (a, b) => awardOrder(a.type) - awardOrder(b.type) || byName(a.type, b.type),
      );
      const unpriced = unpricedByYear.get(year) ?? 0;
      if (unpriced) {
        warnings.push(`${year}年「奖励」有 ${unpriced} 项奖金为空或有误，未计入奖金合计`);
      }
      return {
        year,
        types,
        totalCount: types.reduce((n, t) => n + t.count, 0),
        totalBonusFen: types.reduce((n, t) => n + t.bonusFen, 0),
        unpriced,
      };
    });

  const docsBase = input.docsBase ?? "docs/";
  const documents: DashboardDocument[] = (input.documents ?? [])
    .map((d) => ({
      type: d.type,
      year: d.year,
      unit: d.unit,
      title: d.title,
      number: d.number,
      href: documentHref(d.file, docsBase),
    }))
    .sort((a, b) => {
      // County-wide notices first, then by type, year and the units' order in 单位.
      const unitRank = (u: string | null) => (u === null ? -1 : units.indexOf(u));
      return (
        Number(a.unit !== null) - Number(b.unit !== null) ||
        byName(a.type, b.type) ||
        (b.year ?? 0) - (a.year ?? 0) ||
        unitRank(a.unit) - unitRank(b.unit) ||
        byName(a.number ?? "", b.number ?? "")
      );
    });

  return {
    county: params.county,
    asOf: isoFromDay(today),
    asOfText: chineseDate(today),
    units,
    deadlines: { columns, rows: gridRows, totals },
    years,
    defaultYear,
    leave,
    awards,
    owedAllYearsFen,
    owedAllYearsPeople,
    owedOverdueFen,
    owedOverduePeople,
    overdue: overdueSummary(items),
    documents,
    warnings,
  };
}

/** Chinese label of a deadline state (re-exported for the renderers). */
export function statusLabel(status: DeadlineStatus): string {
  return STATUS_LABELS[status];
}
