import { describe, it, expect } from "vitest";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { columnLetter } from "../../src/records/codec";
import { AWARD_TYPES } from "../../src/records/schema";
import {
  DASHBOARD_CHART_TITLES,
  DASHBOARD_SHEET,
  type DashboardServices,
  dashboardLayout,
  ensureDashboardSheet,
} from "../../src/gas/dashboard";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import {
  FakeCharts,
  asSpreadsheet,
  asSpreadsheetApp,
  chartsOf,
  createFakeSpreadsheet,
  createFakeSpreadsheetApp,
  type FakeSpreadsheet,
} from "../fakes";

function setup(): { ss: FakeSpreadsheet; services: DashboardServices } {
  const ss = createFakeSpreadsheet();
  const app = createFakeSpreadsheetApp(ss);
  loadRows(new SheetsWorkbook(asSpreadsheet(ss), asSpreadsheetApp(app)), buildSample());
  const services = {
    ChartType: FakeCharts.ChartType,
    newConditionalFormatRule: () => app.newConditionalFormatRule(),
  } as unknown as DashboardServices;
  return { ss, services };
}

const NOW = new Date("2026-11-26T02:00:00Z");

describe("the 仪表盘 sheet", () => {
  it("writes live formulas over the record sheets, found by header name", () => {
    const { ss, services } = setup();
    const result = ensureDashboardSheet(asSpreadsheet(ss), { now: NOW, services });
    expect(result).toMatchObject({ created: true, year: 2026, units: 11, chartsInserted: 4 });
    const sheet = ss.sheet(DASHBOARD_SHEET);
    const L = dashboardLayout(11);
    expect(sheet.valueAt(2, 2)).toBe(2026);
    expect(sheet.valueAt(L.gridFirst, 1)).toBe("县委办公室");
    expect(sheet.valueAt(L.gridLast, 1)).toBe("县融媒体中心");
    const header = (name: string) => ss.sheet(name).getRange(1, 1, 1, 26).getValues()[0];
    const ref = (name: string, col: string) => {
      const letter = columnLetter(header(name).indexOf(col) + 1);
      return `'${name}'!$${letter}$2:$${letter}`;
    };
    const f = (r: number, c: number) => sheet.getRange(r, c).getFormula();
    expect(f(L.gridFirst, 2)).toBe(
      `=IF(COUNTIFS(${ref("年休假计划", "单位")},$A6,${ref("年休假计划", "年度")},$B$2,${ref("年休假计划", "备案日期")},"<>")>0,"已完成",IF(TODAY()>DATE($B$2,3,31),"已逾期",IF(DATE($B$2,3,31)-TODAY()<=30,"即将到期","未到期")))`,
    );
    expect(f(L.gridFirst, 3)).toContain(
      `${ref("年休假", "其中另行支付")},">0",${ref("年休假", "实际支付日期")},""`,
    );
    expect(f(L.gridFirst, 3)).toContain("DATE($B$2+1,3,31)");
    expect(f(L.gridFirst, 4)).toContain("DATE($B$2,5,31)");
    expect(f(L.gridFirst, 5)).toContain(ref("体检", "情况备案日期"));
    expect(f(L.gridFirst, 6)).toContain(ref("谈心谈话", "跟进完成日期"));
    expect(f(L.leaveFirst, 2)).toBe(
      `=SUMIFS(${ref("年休假", "应休天数")},${ref("年休假", "单位")},$A${L.leaveFirst},${ref("年休假", "年度")},$B$2)`,
    );
    expect(f(L.leaveTotal, 5)).toBe(
      `=SUMIFS(${ref("年休假", "其中另行支付")},${ref("年休假", "年度")},$B$2,${ref("年休假", "实际支付日期")},"")`,
    );
    expect(sheet.valueAt(L.awardsFirst, 1)).toBe("嘉奖");
    expect(f(L.awardsFirst, 3)).toBe(
      `=SUMIFS(${ref("奖励", "奖金（元）")},${ref("奖励", "奖励类型")},$A${L.awardsFirst},${ref("奖励", "年度")},$B$2)`,
    );
    expect(f(L.summaryHeader + 1, 2)).toBe(`=COUNTIF($B$6:$F$16,"已逾期*")`);
    // The colour grid: one rule per state, on the grid and the summary.
    const rules = sheet.getConditionalFormatRules();
    expect(rules.map((r) => r.getBooleanCondition().getCriteriaValues()[0])).toEqual([
      "已逾期",
      "即将到期",
      "未到期",
      "已完成",
    ]);
    expect(rules[0].getRanges().map((r) => r.getA1Notation())).toEqual(["B6:F16", "A20:A23"]);
  });

  it("inserts four native charts over the summary tables", () => {
    const { ss, services } = setup();
    ensureDashboardSheet(asSpreadsheet(ss), { now: NOW, services });
    const charts = chartsOf(ss.sheet(DASHBOARD_SHEET)).map((c) => c.describe()) as {
      type: string;
      options: Record<string, unknown>;
      ranges: { row: number; column: number; numRows: number; numColumns: number }[];
      numHeaders: number;
    }[];
    expect(charts.map((c) => c.options.title)).toEqual(Object.values(DASHBOARD_CHART_TITLES));
    expect(charts.map((c) => c.type)).toEqual(["PIE", "BAR", "BAR", "COLUMN"]);
    const L = dashboardLayout(11);
    expect(charts[1].ranges).toEqual([
      { sheet: DASHBOARD_SHEET, row: L.leaveHeader, column: 1, numRows: 12, numColumns: 3 },
    ]);
    expect(charts[2].ranges.map((r) => [r.column, r.numColumns])).toEqual([
      [1, 1],
      [5, 2],
    ]);
    expect(charts[3].ranges[0]).toMatchObject({
      row: L.awardsHeader,
      numRows: AWARD_TYPES.length + 1,
      numColumns: 3,
    });
    for (const c of charts) expect(c.numHeaders).toBe(1);
  });

  it("is idempotent: a second run updates the same charts, keeps the year typed in B2 and user charts", () => {
    const { ss, services } = setup();
    ensureDashboardSheet(asSpreadsheet(ss), { now: NOW, services });
    const sheet = ss.sheet(DASHBOARD_SHEET);
    const ids = chartsOf(sheet).map((c) => c.id);
    // A person picks another year, moves a chart and adds a chart of their own.
    sheet.getRange(2, 2).setValue(2025);
    const own = sheet
      .newChart()
      .setChartType("LINE")
      .addRange(sheet.getRange(1, 1, 3, 2))
      .setOption("title", "我的图表")
      .setPosition(40, 1, 0, 0)
      .build();
    sheet.insertChart(own);
    const moved = sheet.getCharts()[1].modify().setPosition(3, 12, 5, 5).build();
    sheet.updateChart(moved);

    const again = ensureDashboardSheet(asSpreadsheet(ss), { now: NOW, services });
    expect(again).toMatchObject({
      created: false,
      year: 2025,
      chartsInserted: 0,
      chartsUpdated: 4,
    });
    const after = chartsOf(sheet);
    expect(after).toHaveLength(5);
    expect(after.map((c) => c.id).sort()).toEqual([...ids, own.id].sort());
    expect(sheet.valueAt(2, 2)).toBe(2025);
    expect(after.find((c) => c.id === moved.id)!.position).toEqual({
      anchorRow: 3,
      anchorColumn: 12,
      offsetX: 5,
      offsetY: 5,
    });
    // A third run with a duplicate of a system chart removes the duplicate.
    sheet.insertChart(
      sheet
        .newChart()
        .setChartType("PIE")
        .addRange(sheet.getRange(1, 1, 2, 2))
        .setOption("title", DASHBOARD_CHART_TITLES.status)
        .build(),
    );
    const third = ensureDashboardSheet(asSpreadsheet(ss), { now: NOW, services });
    expect(third.chartsRemoved).toBe(1);
    expect(chartsOf(sheet)).toHaveLength(5);
    expect(ss.sheets.filter((s) => s.name === DASHBOARD_SHEET)).toHaveLength(1);
  });

  it("makes a fixed number of service calls whatever the number of staff", () => {
    const { ss, services } = setup();
    ss.resetCalls();
    ensureDashboardSheet(asSpreadsheet(ss), { now: NOW, services });
    expect(ss.calls["Range.setValues"]).toBe(1);
    expect(ss.calls["Sheet.insertChart"]).toBe(4);
    expect(ss.total).toBeLessThan(200);
  });
});
