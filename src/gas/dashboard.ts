/**
 * The 仪表盘 sheet in Google Sheets (issue 7 §2): summary tables and native charts over the
 * same figures as the local out/index.html.
 *
 * Live by formulas: every figure is a COUNTIFS/SUMIFS over the record sheets (年休假计划, 体检,
 * 年休假, 谈心谈话, 奖励), referenced by column letter found from the header names when the
 * sheet is set up. Sheets keeps those references right when people later move or insert
 * columns, and the figures follow every edit without running anything. What is fixed at setup
 * (re-run 初始化/检查表格 to refresh): the list of units (from 单位), the due month-days and the
 * reminder window (from 参数). The year is the editable cell B2; a re-run keeps it.
 *
 * Idempotent: the sheet's content is rewritten in one setValues, conditional formats replaced,
 * and the system's charts (recognised by their titles) are updated in place — a chart a person
 * moved stays where it is — rather than added again; duplicates are removed; charts people
 * made themselves are left alone.
 */
import type { Cell, Grid } from "../records/cells";
import { headerColumns } from "../records/codec";
import { AWARD_TYPES, sheetSpec } from "../records/schema";
import { type Day, dayFromInstant, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";
import type { DeadlineStatus, MonthDay } from "../rules/deadlines";
import { STATUS_LABELS } from "../rules/deadlines";
import { readSettings, readUnits } from "../workflows/deadlines";
import { STATUS_COLORS } from "../records/layout";
import { quoteSheetName, toSheetValue } from "./sheets";
import { columnLetter } from "../records/codec";

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type EmbeddedChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;

export const DASHBOARD_SHEET = "仪表盘";

/** The services used besides the spreadsheet (injected so tests can pass the fakes). */
export interface DashboardServices {
  ChartType: Pick<typeof Charts.ChartType, "BAR" | "COLUMN" | "PIE">;
  newConditionalFormatRule(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder;
}

export interface DashboardOptions {
  /** The current instant (default: now); decides the default year. */
  now?: Date;
  services?: DashboardServices;
}

export interface DashboardSetupResult {
  created: boolean;
  year: number;
  units: number;
  chartsInserted: number;
  chartsUpdated: number;
  chartsRemoved: number;
}

/** Titles of the system's charts: how a re-run recognises them. */
export const DASHBOARD_CHART_TITLES = {
  status: "期限事项状态分布（单位×事项）",
  leave: "各单位年休假：应休与已休（天）",
  pay: "各单位未休年休假报酬另行支付（元）",
  awards: "奖励：各类型人次与奖金",
} as const;

const STATUS_ORDER: readonly DeadlineStatus[] = ["overdue", "due-soon", "open", "done"];
const STATUS_CHART_COLORS: Record<DeadlineStatus, string> = {
  overdue: "#d93025",
  "due-soon": "#f9ab00",
  open: "#8ab4f8",
  done: "#34a853",
};
const WIDTH = 6;
const CHART_COLUMN = 8;

function defaultServices(): DashboardServices {
  return {
    ChartType: Charts.ChartType,
    newConditionalFormatRule: () => SpreadsheetApp.newConditionalFormatRule(),
  };
}

/**
 * Whole-column reference of a record sheet's column, found by header name: '年休假'!$F$2:$F.
 * The headers come from `header` (the sheets as the setup dialog read them, or the spreadsheet).
 */
class Columns {
  private headers = new Map<string, Map<string, number>>();
  constructor(private readonly header: (sheet: string) => Cell[] | null) {}
  ref(sheet: string, column: string): string {
    let cols = this.headers.get(sheet);
    if (!cols) {
      const header = this.header(sheet);
      if (!header) throw new InputError(`缺少工作表「${sheet}」，请先运行“初始化/检查表格”`);
      cols = headerColumns(sheetSpec(sheet), header);
      this.headers.set(sheet, cols);
    }
    const index = cols.get(column);
    if (index === undefined) {
      throw new InputError(
        `工作表「${sheet}」缺少“${column}”列，请先运行“初始化/检查表格”补全表头`,
      );
    }
    const letter = columnLetter(index + 1);
    return `${quoteSheetName(sheet)}!$${letter}$2:$${letter}`;
  }
}

/** A row of the sheet's grid, padded to WIDTH. */
function line(...cells: (string | number)[]): (string | number)[] {
  const row = cells.slice(0, WIDTH);
  while (row.length < WIDTH) row.push("");
  return row;
}

/** The layout: row numbers of each block for `n` units. */
export function dashboardLayout(n: number): {
  gridHeader: number;
  gridFirst: number;
  gridLast: number;
  summaryHeader: number;
  leaveHeader: number;
  leaveFirst: number;
  leaveLast: number;
  leaveTotal: number;
  awardsHeader: number;
  awardsFirst: number;
  awardsLast: number;
  awardsTotal: number;
} {
  const gridHeader = 5;
  const gridFirst = 6;
  const gridLast = gridFirst + n - 1;
  const summaryHeader = gridLast + 3;
  const leaveHeader = summaryHeader + STATUS_ORDER.length + 3;
  const leaveFirst = leaveHeader + 1;
  const leaveLast = leaveFirst + n - 1;
  const leaveTotal = leaveLast + 1;
  const awardsHeader = leaveTotal + 3;
  const awardsFirst = awardsHeader + 1;
  const awardsLast = awardsFirst + AWARD_TYPES.length - 1;
  const awardsTotal = awardsLast + 1;
  return {
    gridHeader,
    gridFirst,
    gridLast,
    summaryHeader,
    leaveHeader,
    leaveFirst,
    leaveLast,
    leaveTotal,
    awardsHeader,
    awardsFirst,
    awardsLast,
    awardsTotal,
  };
}

/** The status formula of a filing due on `due` (a formula expression) once `doneCount` > 0. */
function pending(due: string, lead: number): string {
  return `IF(TODAY()>${due},"已逾期",IF(${due}-TODAY()<=${lead},"即将到期","未到期"))`;
}

function dateOf(year: string, md: MonthDay, plusYears = 0): string {
  return `DATE(${year}${plusYears ? `+${plusYears}` : ""},${md.month},${md.day})`;
}

/** The 仪表盘 sheet's cells: rows of WIDTH values, formulas as "=…" strings. */
export type DashboardGrid = (string | number)[][];

/** Every cell of the sheet, formulas as "=…" strings. */
function buildGrid(
  columns: Columns,
  units: string[],
  year: number,
  settings: ReturnType<typeof readSettings>,
): (string | number)[][] {
  const n = units.length;
  const L = dashboardLayout(n);
  const Y = "$B$2";
  const lead = settings.leadDays.length ? Math.max(...settings.leadDays) : 0;
  const plan = {
    unit: columns.ref("年休假计划", "单位"),
    year: columns.ref("年休假计划", "年度"),
    filed: columns.ref("年休假计划", "备案日期"),
  };
  const health = {
    unit: columns.ref("体检", "单位"),
    year: columns.ref("体检", "年度"),
    plan: columns.ref("体检", "方案备案日期"),
    report: columns.ref("体检", "情况备案日期"),
  };
  const leave = {
    unit: columns.ref("年休假", "单位"),
    year: columns.ref("年休假", "年度"),
    entitled: columns.ref("年休假", "应休天数"),
    used: columns.ref("年休假", "已休天数"),
    unused: columns.ref("年休假", "未休天数"),
    extra: columns.ref("年休假", "其中另行支付"),
    paid: columns.ref("年休假", "实际支付日期"),
  };
  const talk = {
    unit: columns.ref("谈心谈话", "单位"),
    date: columns.ref("谈心谈话", "日期"),
    follow: columns.ref("谈心谈话", "跟进日期"),
    done: columns.ref("谈心谈话", "跟进完成日期"),
  };
  const award = {
    type: columns.ref("奖励", "奖励类型"),
    year: columns.ref("奖励", "年度"),
    bonus: columns.ref("奖励", "奖金（元）"),
  };

  const filing = (unitCell: string, unit: string, yearCol: string, doneCol: string, due: string) =>
    `=IF(COUNTIFS(${unit},${unitCell},${yearCol},${Y},${doneCol},"<>")>0,"已完成",${pending(due, lead)})`;

  const rows: (string | number)[][] = [];
  rows.push(line("干部关怀激励工作仪表盘"));
  rows.push(
    line(
      "年度",
      year,
      "数据截至",
      "=TODAY()",
      "修改 B2 的年度即可切换；各数字为公式，随记录表实时更新",
    ),
  );
  rows.push(
    line(
      "说明：本表由系统生成（菜单“初始化/检查表格”重建，保留 B2 年度）；单位名单、截止日期和提醒天数取自生成时的「单位」「参数」。",
    ),
  );
  rows.push(
    line(
      `一、期限事项状态（年度见 B2；未休年休假报酬为该年度的报酬，次年${settings.leavePlanDue.month}月底前支付）`,
    ),
  );
  rows.push(
    line(
      "单位",
      "年休假计划备案",
      "未休年休假报酬另行支付",
      "体检方案备案",
      "体检情况备案",
      "谈心谈话跟进",
    ),
  );
  units.forEach((name, i) => {
    const r = L.gridFirst + i;
    const U = `$A${r}`;
    const total = `COUNTIFS(${leave.unit},${U},${leave.year},${Y},${leave.extra},">0")`;
    const owed = `COUNTIFS(${leave.unit},${U},${leave.year},${Y},${leave.extra},">0",${leave.paid},"")`;
    const payDue = `DATE(${Y}+1,3,31)`;
    const inYear = `${talk.unit},${U},${talk.follow},"<>",${talk.date},">="&DATE(${Y},1,1),${talk.date},"<"&DATE(${Y}+1,1,1)`;
    const talkOpen = `COUNTIFS(${inYear},${talk.done},"")`;
    rows.push([
      toSheetValue(name) as string,
      filing(U, plan.unit, plan.year, plan.filed, dateOf(Y, settings.leavePlanDue)),
      `=IF(${total}=0,"—",IF(${owed}=0,"已完成",${pending(payDue, lead)}&"（"&${owed}&"人未付）"))`,
      filing(U, health.unit, health.year, health.plan, dateOf(Y, settings.healthPlanDue)),
      filing(U, health.unit, health.year, health.report, dateOf(Y, settings.healthReportDue)),
      `=IF(COUNTIFS(${inYear})=0,"—",IF(${talkOpen}=0,"已完成",` +
        `IF(COUNTIFS(${inYear},${talk.done},"",${talk.follow},"<"&TODAY())>0,"已逾期",` +
        `IF(COUNTIFS(${inYear},${talk.done},"",${talk.follow},"<="&(TODAY()+${lead}))>0,"即将到期","未到期"))))`,
    ]);
  });
  const gridRange = `$B$${L.gridFirst}:$F$${L.gridLast}`;
  rows.push(line(), line());
  rows.push(line("状态", "单位事项数"));
  for (const s of STATUS_ORDER) {
    rows.push(line(STATUS_LABELS[s], `=COUNTIF(${gridRange},"${STATUS_LABELS[s]}*")`));
  }
  rows.push(line(), line("二、年休假与未休年休假报酬（年度见 B2）"));
  rows.push(
    line(
      "单位",
      "应休天数",
      "已休天数",
      "未休天数",
      "另行支付·应付未付（元）",
      "另行支付·已支付（元）",
    ),
  );
  units.forEach((name, i) => {
    const r = L.leaveFirst + i;
    const by = `${leave.unit},$A${r},${leave.year},${Y}`;
    rows.push([
      toSheetValue(name) as string,
      `=SUMIFS(${leave.entitled},${by})`,
      `=SUMIFS(${leave.used},${by})`,
      `=SUMIFS(${leave.unused},${by})`,
      `=SUMIFS(${leave.extra},${by},${leave.paid},"")`,
      `=SUMIFS(${leave.extra},${by},${leave.paid},"<>")`,
    ]);
  });
  // The totals are over the whole year, so rows naming no listed unit are counted too.
  const all = `${leave.year},${Y}`;
  rows.push([
    "全县合计",
    `=SUMIFS(${leave.entitled},${all})`,
    `=SUMIFS(${leave.used},${all})`,
    `=SUMIFS(${leave.unused},${all})`,
    `=SUMIFS(${leave.extra},${all},${leave.paid},"")`,
    `=SUMIFS(${leave.extra},${all},${leave.paid},"<>")`,
  ]);
  rows.push(line(), line("三、奖励（年度见 B2）"));
  rows.push(line("奖励类型", "人次", "奖金（元）"));
  AWARD_TYPES.forEach((type, i) => {
    const r = L.awardsFirst + i;
    rows.push(
      line(
        type,
        `=COUNTIFS(${award.type},$A${r},${award.year},${Y})`,
        `=SUMIFS(${award.bonus},${award.type},$A${r},${award.year},${Y})`,
      ),
    );
  });
  rows.push(
    line("合计", `=COUNTIFS(${award.year},${Y})`, `=SUMIFS(${award.bonus},${award.year},${Y})`),
  );
  return rows;
}

interface ChartSpec {
  title: string;
  type: GoogleAppsScript.Charts.ChartType;
  ranges: Range[];
  row: number;
  options: Record<string, unknown>;
}

function chartSpecs(sheet: Sheet, n: number, services: DashboardServices): ChartSpec[] {
  const L = dashboardLayout(n);
  const rows = (first: number, last: number, col: number, cols: number): Range =>
    sheet.getRange(first, col, last - first + 1, cols);
  const size = { width: 640, height: Math.max(300, 80 + n * 30) };
  return [
    {
      title: DASHBOARD_CHART_TITLES.status,
      type: services.ChartType.PIE,
      ranges: [rows(L.summaryHeader, L.summaryHeader + STATUS_ORDER.length, 1, 2)],
      row: 1,
      options: {
        pieHole: 0.45,
        colors: STATUS_ORDER.map((s) => STATUS_CHART_COLORS[s]),
        legend: { position: "right" },
        width: 480,
        height: 300,
      },
    },
    {
      title: DASHBOARD_CHART_TITLES.leave,
      type: services.ChartType.BAR,
      ranges: [rows(L.leaveHeader, L.leaveLast, 1, 3)],
      row: 17,
      options: { colors: ["#a8c7fa", "#1a73e8"], legend: { position: "bottom" }, ...size },
    },
    {
      title: DASHBOARD_CHART_TITLES.pay,
      type: services.ChartType.BAR,
      ranges: [rows(L.leaveHeader, L.leaveLast, 1, 1), rows(L.leaveHeader, L.leaveLast, 5, 2)],
      row: 17 + Math.ceil(size.height / 21) + 2,
      options: {
        colors: ["#d93025", "#1e8e3e"],
        legend: { position: "bottom" },
        isStacked: false,
        ...size,
      },
    },
    {
      title: DASHBOARD_CHART_TITLES.awards,
      type: services.ChartType.COLUMN,
      ranges: [rows(L.awardsHeader, L.awardsLast, 1, 3)],
      row: 17 + 2 * (Math.ceil(size.height / 21) + 2),
      options: {
        colors: ["#f9ab00", "#8b1a1a"],
        legend: { position: "bottom" },
        series: { 0: { targetAxisIndex: 0 }, 1: { targetAxisIndex: 1 } },
        vAxes: { 0: { title: "人次" }, 1: { title: "奖金（元）" } },
        width: 640,
        height: 320,
      },
    },
  ];
}

function applyChart(builder: EmbeddedChartBuilder, spec: ChartSpec): EmbeddedChartBuilder {
  let b = builder.clearRanges().setChartType(spec.type).setNumHeaders(1);
  for (const range of spec.ranges) b = b.addRange(range);
  b = b.setOption("title", spec.title);
  for (const [key, value] of Object.entries(spec.options)) b = b.setOption(key, value);
  return b;
}

function chartTitle(chart: EmbeddedChart): string {
  const title: unknown = chart.getOptions().get("title");
  return typeof title === "string" ? title : "";
}

/** The year a re-run keeps: B2 when it holds a plausible year. */
function keptYear(value: unknown): number | null {
  const n = typeof value === "number" ? value : Number(String(value ?? "").trim());
  return Number.isInteger(n) && n >= 1990 && n <= 2200 ? n : null;
}

/** The units the sheet lists (a hint when 单位 has none). */
function shownUnits(grids: { 参数: Grid | null; 单位: Grid | null }): string[] {
  const units = [...readUnits(grids).keys()];
  return units.length ? units : ["（请先在「单位」工作表登记单位）"];
}

/**
 * Every cell of the 仪表盘 sheet, formulas as "=…" strings, from the sheets as read (`read`;
 * 仪表盘 itself for the year its B2 keeps). The 初始化/检查表格 dialog computes it in its page
 * (src/gas/dialog/client/setup.ts) and the server writes it (writeDashboard).
 */
export function dashboardGrid(read: (sheet: string) => Grid | null, today: Day): DashboardGrid {
  const grids = { 参数: read("参数"), 单位: read("单位") };
  const year = keptYear(read(DASHBOARD_SHEET)?.[1]?.[1]) ?? yearOf(today);
  const columns = new Columns((sheet) => read(sheet)?.[0] ?? null);
  return buildGrid(columns, shownUnits(grids), year, readSettings(grids));
}

/**
 * Create or rebuild the 仪表盘 sheet: tables of live formulas and the system's native charts.
 * Idempotent; what the setup dialog does (dashboardGrid, then writeDashboard), in one call.
 */
export function ensureDashboardSheet(
  ss: Spreadsheet,
  options: DashboardOptions = {},
): DashboardSetupResult {
  const read = (name: string) => {
    const s = ss.getSheetByName(name);
    return s ? (s.getDataRange().getValues() as Cell[][]) : null;
  };
  const grid = dashboardGrid(read, dayFromInstant(options.now ?? new Date()));
  return writeDashboard(ss, grid, options);
}

/**
 * Write the 仪表盘 sheet's cells (dashboardGrid's, checked: the shape of its layout for the
 * units 单位 lists now, a plausible year in B2), formats, conditional colours and charts. The
 * sheet is the system's own; its cells hold what an editor could type there.
 */
export function writeDashboard(
  ss: Spreadsheet,
  grid: DashboardGrid,
  options: DashboardOptions = {},
): DashboardSetupResult {
  const services = options.services ?? defaultServices();
  const read = (name: string) => {
    const s = ss.getSheetByName(name);
    return s ? (s.getDataRange().getValues() as Cell[][]) : null;
  };
  const n = shownUnits({ 参数: null, 单位: read("单位") }).length;
  const L = dashboardLayout(n);
  const year = keptYear(grid[1]?.[1]);
  if (year === null || grid.length !== L.awardsTotal || grid.some((r) => r.length !== WIDTH))
    throw new InputError("仪表盘的内容与「单位」不符（可能刚有人修改了「单位」），请重新运行");

  let sheet = ss.getSheetByName(DASHBOARD_SHEET);
  const created = !sheet;
  if (!sheet) sheet = ss.insertSheet(DASHBOARD_SHEET);

  // Content: clear what an earlier run wrote, then one write.
  if (grid.length > sheet.getMaxRows()) {
    sheet.insertRowsAfter(sheet.getMaxRows(), grid.length - sheet.getMaxRows());
  }
  sheet.getRange(1, 1, sheet.getMaxRows(), WIDTH).clearContent();
  sheet.getRange(1, 1, grid.length, WIDTH).setValues(grid);

  // Formats.
  sheet.setFrozenRows(2);
  sheet.setColumnWidth(1, 170);
  for (let c = 2; c <= WIDTH; c++) sheet.setColumnWidth(c, 150);
  sheet.getRange(1, 1).setFontWeight("bold");
  for (const r of [4, L.leaveHeader - 1, L.awardsHeader - 1])
    sheet.getRange(r, 1).setFontWeight("bold");
  for (const [r, width] of [
    [L.gridHeader, WIDTH],
    [L.summaryHeader, 2],
    [L.leaveHeader, WIDTH],
    [L.awardsHeader, 3],
  ] as const) {
    sheet.getRange(r, 1, 1, width).setFontWeight("bold").setBackground("#e8eaed");
  }
  sheet.getRange(2, 4).setNumberFormat("yyyy-mm-dd");
  sheet.getRange(L.leaveFirst, 2, n + 1, 3).setNumberFormat("#,##0");
  sheet.getRange(L.leaveFirst, 5, n + 1, 2).setNumberFormat("#,##0.00");
  sheet.getRange(L.awardsFirst, 2, AWARD_TYPES.length + 1, 1).setNumberFormat("#,##0");
  sheet.getRange(L.awardsFirst, 3, AWARD_TYPES.length + 1, 1).setNumberFormat("#,##0.00");
  sheet.getRange(L.leaveTotal, 1, 1, WIDTH).setFontWeight("bold");
  sheet.getRange(L.awardsTotal, 1, 1, 3).setFontWeight("bold");
  sheet.getRange(2, 2).setBackground("#fff2cc").setNote("填写要查看的年度，如 2026");

  // Colour grid: conditional formats on the state text (the sheet is the system's own).
  const targets = [
    sheet.getRange(L.gridFirst, 2, n, WIDTH - 1),
    sheet.getRange(L.summaryHeader + 1, 1, STATUS_ORDER.length, 1),
  ];
  const rules = STATUS_ORDER.map((s) =>
    services
      .newConditionalFormatRule()
      .whenTextStartsWith(STATUS_LABELS[s])
      .setBackground(STATUS_COLORS[s].fill)
      .setFontColor(STATUS_COLORS[s].text)
      .setRanges(targets)
      .build(),
  );
  sheet.setConditionalFormatRules(rules);

  // Charts: update the system's own in place, insert the missing, drop duplicates.
  const specs = chartSpecs(sheet, n, services);
  const titles = new Set(specs.map((s) => s.title));
  const existing = new Map<string, EmbeddedChart>();
  let chartsRemoved = 0;
  for (const chart of sheet.getCharts()) {
    const title = chartTitle(chart);
    if (!titles.has(title)) continue;
    if (existing.has(title)) {
      sheet.removeChart(chart);
      chartsRemoved++;
    } else existing.set(title, chart);
  }
  let chartsInserted = 0;
  let chartsUpdated = 0;
  for (const spec of specs) {
    const current = existing.get(spec.title);
    if (current) {
      sheet.updateChart(applyChart(current.modify(), spec).build());
      chartsUpdated++;
    } else {
      sheet.insertChart(
        applyChart(sheet.newChart(), spec).setPosition(spec.row, CHART_COLUMN, 0, 0).build(),
      );
      chartsInserted++;
    }
  }
  return { created, year, units: n, chartsInserted, chartsUpdated, chartsRemoved };
}
