/**
 * Fill every computed column of a workbook with values, row by row, with the same per-row
 * functions as the custom formulas (src/formulas/functions.ts). Reads each sheet once, writes
 * each block of adjacent computed columns once, and never writes an input column. A row that
 * cannot be computed gets the `错误：…` text in the cells that depend on the bad input; its
 * other computed cells and all other rows still compute.
 */
import {
  type Cell,
  type Grid,
  isBlank,
  readDate,
  readNumber,
  readStartDate,
  readText,
  readYear,
  quote,
} from "../records/cells";
import { type DecodedTable, type TableRow, decodeTable, encodeColumns } from "../records/codec";
import { type MonthDay, type Params, parseParams, quotaParams } from "../records/parse";
import { OWN_YEAR_MESSAGE, sheetSpec } from "../records/schema";
import {
  awardBonusCell,
  dailyWageCell,
  dailyWageFenCell,
  excellentQuotaCell,
  greenChannelCell,
  leaveDaysCell,
  leavePayDueCell,
  losesNextYearCell,
  type WageBasis,
  wageBasisCell,
  unusedLeaveExtraCell,
  unusedLeavePayCell,
  workdaysCell,
} from "../formulas/functions";
import { awardStandardsFromRows, calendarFromRows } from "../formulas/tables";
import { type Day, dayFromYmd, instantFromDay, yearEnd, yearOf } from "../rules/dates";
import { ERROR_PREFIX, InputError, errorText, isErrorText } from "../rules/errors";
import { PLAN_UNFILED } from "../rules/deadlines";
import { leaveServiceYears, serviceYears } from "../rules/service";
import { excellentPercent, rankByScore } from "../rules/assessment";
import type { AwardStandard } from "../rules/awards";
import { CONTRACT_CATEGORY, isContractStaff } from "../rules/leave";
import type { WorkCalendar } from "../rules/calendar";
import type { Workbook } from "./ports";
import { writeAwardSuggestions } from "./awards";

export interface SheetResult {
  sheet: string;
  rows: number;
  /** Computed cells that now hold an error text. */
  errors: number;
}

export interface ComputeResult {
  sheets: SheetResult[];
  errors: number;
}

/** What the per-sheet computations share, each read or parsed once. */
interface Context {
  today: Day;
  params: Params;
  standards: () => readonly AwardStandard[] | undefined;
  calendar: () => WorkCalendar;
  people: Map<string, TableRow>;
  /** Per "人员编号|年度": the sum of 休假天数, or the error text of a bad record. */
  usedDays: Map<string, number | string>;
  /** Per "单位|年度": how many rows 考核 has. */
  assessed: Map<string, number>;
}

/** A computed row: column name → value (or error text). */
type RowValues = Record<string, Cell>;
type Computer = (table: DecodedTable, ctx: Context) => Map<number, RowValues>;

/** An earlier computed cell used as an input: its error passes through unchanged. */
class Upstream extends InputError {}
function need(value: Cell): Cell {
  if (isErrorText(value)) throw new Upstream((value as string).slice(ERROR_PREFIX.length));
  return value;
}

/** The value of `fn`, or the error text of whatever went wrong. */
function attempt(fn: () => Cell): Cell {
  try {
    return fn();
  } catch (err) {
    return errorText(err);
  }
}

/** The value of `fn`, or blank when anything goes wrong. */
function quiet(fn: () => Cell): Cell {
  const value = attempt(fn);
  return isErrorText(value) ? "" : value;
}

function perRow(fn: (r: TableRow, ctx: Context) => RowValues): Computer {
  return (table, ctx) => new Map(table.rows.map((r) => [r.row, fn(r, ctx)]));
}

function dueDate(year: Cell, due: MonthDay): Cell {
  const y = readYear(year, "年度");
  return instantFromDay(dayFromYmd(y, due.month, due.day));
}

function filled(value: Cell): boolean {
  return !isBlank(value);
}

/** A deadline is missed when today is after it (the deadline day itself is still on time). */
function missed(due: Cell, today: Day): boolean {
  return due instanceof Date && readDate(due, "截止日期") < today;
}

/** The daily wage basis of a 年休假 row and its person. */
function wageBasis(r: TableRow, person: TableRow, contract: boolean, payDays: number): WageBasis {
  return wageBasisCell(
    r.get("全年工资收入（元）"),
    person.get("上年度工资收入（元）"),
    r.get("月平均工资（元）"),
    contract,
    payDays,
  );
}

/** What a 年休假 row needs before the person's other years are known. */
interface LeaveBasics {
  id: string;
  person: () => TableRow;
  contract: boolean;
  year: Cell;
  years: Cell;
  used: Cell;
  /** 是 / "" (实施办法第四条), or an error text. */
  losesNextYear: Cell;
}

function leaveBasics(r: TableRow, ctx: Context): LeaveBasics {
  const id = readText(r.get("人员编号"));
  const person = () => {
    const p = ctx.people.get(id);
    if (!p) throw new InputError(`人员编号“${id}”在「人员」工作表中不存在，请先在「人员」中登记`);
    return p;
  };
  const contract = (() => {
    try {
      return isContractStaff(readText(person().get("人员类别")));
    } catch {
      return false;
    }
  })();
  const year = attempt(() => readYear(r.get("年度"), "年度"));
  // 条例第三条; a year that ends before the person started counts 0 years (and so 0 days).
  const years = attempt(() =>
    leaveServiceYears(
      readStartDate(person().get("参加工作时间"), "「人员」参加工作时间"),
      need(year) as number,
      ctx.params.leaveYearsMode,
    ),
  );
  const used = attempt(() => need(ctx.usedDays.get(`${id}|${need(year)}`) ?? 0));
  // As the sheet's IFERROR: a row that cannot be computed shows its error in 应休天数, not here.
  const losesNextYear = quiet(() =>
    losesNextYearCell(
      need(years),
      need(used),
      r.get("病假（月）"),
      r.get("事假（天）"),
      r.get("其中扣工资事假（天）"),
    ),
  );
  return { id, person, contract, year, years, used, losesNextYear };
}

function leaveRow(
  r: TableRow,
  ctx: Context,
  b: LeaveBasics,
  lost: ReadonlyMap<string, Cell>,
): RowValues {
  const { person, contract, year, years, used } = b;
  const entitlement = attempt(() => {
    const before = lost.get(`${b.id}|${(need(year) as number) - 1}`) ?? "";
    return leaveDaysCell(
      need(years),
      r.get("病假（月）"),
      r.get("事假（天）"),
      r.get("寒暑假（天）"),
      r.get("其中扣工资事假（天）"),
      // An error in last year's row does not block this year: that row shows its own error.
      isErrorText(before) ? "" : before,
      contract ? person().get("入本单位时间") : null,
      need(year),
    );
  });
  const unused = attempt(() => Math.max(0, (need(entitlement) as number) - (need(used) as number)));
  const wage = () => wageBasis(r, person(), contract, ctx.params.payDays);
  // The pay uses the unrounded daily wage: money is rounded once, at the end.
  const dailyExact = () => {
    const w = wage();
    return dailyWageFenCell(w.income, w.payDays) / 100;
  };
  // 实施办法第九条(二) has no counterpart in 企业办法: 合同制 rows pass no 事假.
  const personal = contract ? null : r.get("事假（天）");
  return {
    累计工作年限: years,
    应休天数: entitlement,
    已休天数: used,
    未休天数: unused,
    日工资依据: attempt(() => wage().basis),
    日工资收入: attempt(() => dailyWageCell(wage().income, wage().payDays)),
    未休年休假报酬: attempt(() =>
      unusedLeavePayCell(
        dailyExact(),
        need(unused),
        r.get("未休原因"),
        personal,
        need(entitlement),
      ),
    ),
    其中另行支付: attempt(() =>
      unusedLeaveExtraCell(
        dailyExact(),
        need(unused),
        r.get("未休原因"),
        personal,
        need(entitlement),
      ),
    ),
    支付截止日期: attempt(() => leavePayDueCell(need(year), contract ? CONTRACT_CATEGORY : null)),
    次年不享受: b.losesNextYear,
  };
}

const COMPUTERS: Record<string, Computer> = {
  人员: perRow((r, ctx) => ({
    累计工作年限: attempt(() =>
      serviceYears(
        readStartDate(r.get("参加工作时间"), "参加工作时间"),
        yearEnd(yearOf(ctx.today)),
      ),
    ),
  })),

  奖励: perRow((r, ctx) => ({
    "奖金（元）": attempt(() => {
      const category = isBlank(r.get("人员类别"))
        ? ctx.people.get(readText(r.get("人员编号")))?.get("人员类别")
        : r.get("人员类别");
      return awardBonusCell(r.get("奖励类型"), category ?? null, ctx.standards());
    }),
  })),

  休假记录: perRow((r, ctx) => ({
    休假天数: attempt(() => workdaysCell(r.get("开始日期"), r.get("结束日期"), ctx.calendar())),
    // 条例第五条 "可以跨1个年度安排", 实施办法第六条: a record counts toward its 所属年度
    // (blank: its start's year); whether it starts too late for that year is `check`'s.
    年度: attempt(() => {
      const start = yearOf(readDate(r.get("开始日期"), "开始日期"));
      const own = r.get("所属年度");
      if (isBlank(own)) return start;
      try {
        return readYear(own, "所属年度");
      } catch {
        throw new InputError(`${OWN_YEAR_MESSAGE}，收到${quote(own)}`);
      }
    }),
  })),

  年休假: (table, ctx) => {
    // Two passes: a row's 应休天数 depends on the person's row of the year before
    // (实施办法第四条), whose 次年不享受 is computed in the first pass.
    const first = new Map(table.rows.map((r) => [r.row, leaveBasics(r, ctx)]));
    const lost = new Map<string, Cell>();
    for (const r of table.rows) {
      const b = first.get(r.row)!;
      if (typeof b.year === "number") lost.set(`${b.id}|${b.year}`, b.losesNextYear);
    }
    return new Map(
      table.rows.map((r) => {
        const b = first.get(r.row)!;
        return [r.row, leaveRow(r, ctx, b, lost)];
      }),
    );
  },

  年休假计划: perRow((r, ctx) => {
    const due = attempt(() => dueDate(r.get("年度"), ctx.params.leavePlanDue));
    return {
      截止日期: due,
      状态: attempt(() => {
        // 魏字〔2021〕30号 二.5 "每年3月底前，制定出…年休假计划": due when made; the
        // filing (报组织人事部门备案) has no date of its own.
        if (filled(r.get("备案日期"))) return "已备案";
        if (filled(r.get("计划提交日期"))) return PLAN_UNFILED;
        return missed(need(due), ctx.today) ? "逾期未制定" : "未制定";
      }),
    };
  }),

  体检: perRow((r, ctx) => {
    const planDue = attempt(() => dueDate(r.get("年度"), ctx.params.healthPlanDue));
    const reportDue = attempt(() => dueDate(r.get("年度"), ctx.params.healthReportDue));
    return {
      方案截止日期: planDue,
      情况截止日期: reportDue,
      状态: attempt(() => {
        if (!filled(r.get("方案备案日期")))
          return missed(need(planDue), ctx.today) ? "方案逾期未备案" : "未备案";
        if (filled(r.get("情况备案日期"))) return "已全部备案";
        return missed(need(reportDue), ctx.today) ? "情况逾期未备案" : "方案已备案";
      }),
    };
  }),

  考核: perRow((r) => ({
    建议等次: attempt(() =>
      greenChannelCell(r.get("绿色通道条件"), r.get("处分或诫勉"), r.get("试用期")),
    ),
  })),

  单位考核: (table, ctx) => {
    const quota = quotaParams(ctx.params);
    // Rank within each year by score, highest first; ties share a rank.
    const byYear = new Map<string, { row: number; score: number | null }[]>();
    const scoreOf = new Map<number, Cell>();
    for (const r of table.rows) {
      const score = attempt(() =>
        isBlank(r.get("目标责任考核得分"))
          ? null
          : readNumber(r.get("目标责任考核得分"), "目标责任考核得分"),
      );
      scoreOf.set(r.row, score);
      const key = readText(r.get("年度"));
      const list = byYear.get(key) ?? [];
      list.push({ row: r.row, score: typeof score === "number" ? score : null });
      byYear.set(key, list);
    }
    const rankOf = new Map<number, number | null>();
    const countOf = new Map<number, number>();
    for (const list of byYear.values()) {
      const ranks = rankByScore(list.map((x) => x.score));
      const count = list.filter((x) => x.score !== null).length;
      list.forEach((x, i) => {
        rankOf.set(x.row, ranks[i]);
        countOf.set(x.row, count);
      });
    }
    return new Map(
      table.rows.map((r) => {
        const score = scoreOf.get(r.row) ?? null;
        const rank = attempt(() => (need(score), rankOf.get(r.row) ?? null));
        const count = countOf.get(r.row) ?? 0;
        const headcount =
          ctx.assessed.get(`${readText(r.get("单位"))}|${readText(r.get("年度"))}`) ?? 0;
        return [
          r.row,
          {
            排名: rank,
            优秀比例: attempt(
              () =>
                excellentPercent((need(rank) as number | null) ?? null, Math.max(count, 1), quota) /
                100,
            ),
            考核人数: headcount,
            优秀名额: attempt(() =>
              excellentQuotaCell(headcount, need(rank), Math.max(count, 1), quota),
            ),
          },
        ];
      }),
    );
  },
};

/** Sum 休假天数 per person and year from already computed 休假记录 rows. */
function sumUsedDays(
  table: DecodedTable,
  computed: Map<number, RowValues>,
): Map<string, number | string> {
  const used = new Map<string, number | string>();
  for (const r of table.rows) {
    const { 休假天数: days, 年度: year } = computed.get(r.row) ?? {};
    if (typeof year !== "number") continue;
    const key = `${readText(r.get("人员编号"))}|${year}`;
    const sum = used.get(key) ?? 0;
    if (typeof sum === "string") continue;
    used.set(
      key,
      typeof days === "number"
        ? sum + days
        : `${ERROR_PREFIX}「休假记录」第${r.row}行有误，请先更正该行：${String(days).slice(ERROR_PREFIX.length)}`,
    );
  }
  return used;
}

function count(table: DecodedTable, key: (r: TableRow) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of table.rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

/** Order matters: 休假记录 before 年休假 (used days). */
export const COMPUTE_ORDER: readonly string[] = [
  "人员",
  "奖励",
  "休假记录",
  "年休假",
  "年休假计划",
  "体检",
  "考核",
  "单位考核",
];

/** The computed values of one sheet: per data row (as the user numbers it), column → value. */
export type ComputedSheet = ReadonlyMap<number, Readonly<Record<string, Cell>>>;

/**
 * Compute the computed columns of the given sheets (default: all, in COMPUTE_ORDER) from a
 * reader of sheet grids, without writing anything. Sheets a computation depends on (休假记录
 * for 年休假) are computed too. `onSheet` is called after each sheet.
 */
export function computeRows(
  read: (sheet: string) => Grid | null,
  today: Day,
  onSheet?: (sheet: string, decoded: DecodedTable, computed: ComputedSheet) => void,
): Map<string, ComputedSheet> {
  const tables = new Map<string, DecodedTable>();
  const table = (name: string): DecodedTable => {
    if (!tables.has(name)) tables.set(name, decodeTable(sheetSpec(name), read(name)));
    return tables.get(name)!;
  };
  const once = <T>(make: () => T): (() => T) => {
    let value: { v: T } | null = null;
    return () => (value ??= { v: make() }).v;
  };
  const ctx: Context = {
    today,
    params: parseParams(read("参数")).params,
    standards: once(() => {
      const rows = awardStandardsFromRows(read("奖励标准") ?? []);
      return rows.length ? rows : undefined;
    }),
    calendar: once(() => calendarFromRows(read("节假日") ?? [])),
    people: new Map(table("人员").rows.map((r) => [readText(r.get("人员编号")), r])),
    usedDays: new Map(),
    assessed: count(table("考核"), (r) => `${readText(r.get("单位"))}|${readText(r.get("年度"))}`),
  };
  const out = new Map<string, ComputedSheet>();
  for (const name of COMPUTE_ORDER) {
    const grid = read(name);
    if (!grid || grid.length === 0) continue;
    const decoded = table(name);
    const computed = COMPUTERS[name](decoded, ctx);
    if (name === "休假记录") ctx.usedDays = sumUsedDays(decoded, computed);
    out.set(name, computed);
    onSheet?.(name, decoded, computed);
  }
  return out;
}

/** Compute every computed column of the workbook as of `today` and write them. */
export function computeWorkbook(
  workbook: Workbook,
  today: Day,
  onSheet?: (sheet: string) => void,
): ComputeResult {
  const grids = new Map<string, Grid | null>();
  const read = (name: string): Grid | null => {
    if (!grids.has(name)) grids.set(name, workbook.readSheet(name));
    return grids.get(name) ?? null;
  };
  const results: SheetResult[] = [];
  computeRows(read, today, (name, decoded, computed) => {
    const grid = read(name)!;
    const spec = sheetSpec(name);
    const height = grid.length - 1;
    const values = new Map<string, Cell[]>();
    let errors = 0;
    for (const col of spec.columns.filter((c) => c.computed)) {
      const cells = new Array<Cell>(height).fill(null);
      for (const [row, rowValues] of computed) {
        const value = rowValues[col.name];
        if (value === undefined) continue;
        cells[row - 2] = value;
        if (isErrorText(value)) errors++;
      }
      values.set(col.name, cells);
    }
    if (height > 0) {
      for (const block of encodeColumns(spec, grid[0], values)) {
        workbook.writeRange(name, 2, block.column, block.values);
      }
    }
    results.push({ sheet: name, rows: decoded.rows.length, errors });
    onSheet?.(name);
  });
  // 奖励建议 (a system sheet) from the 考核 and 奖励 as they now stand.
  if (read("考核")) writeAwardSuggestions(workbook);
  return { sheets: results, errors: results.reduce((n, s) => n + s.errors, 0) };
}
