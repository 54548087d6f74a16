import { describe, it, expect } from "vitest";
import { SheetsWorkbook, toSheetValue } from "../../src/gas/sheets";
import { columnLetter } from "../../src/records/codec";
import { overdueCondition } from "../../src/records/layout";
import type { Grid } from "../../src/records/cells";
import {
  asSpreadsheet,
  asSpreadsheetApp,
  createFakeSpreadsheet,
  createFakeSpreadsheetApp,
  type FakeSpreadsheet,
} from "../fakes";
import { FORMULA_LIKE, LEAVE, PARAMS, PEOPLE, shanghaiDate } from "./specs";
import { SHEETS } from "../../src/records/schema";

function setup(): { ss: FakeSpreadsheet; wb: SheetsWorkbook } {
  const ss = createFakeSpreadsheet();
  const app = createFakeSpreadsheetApp(ss);
  return { ss, wb: new SheetsWorkbook(asSpreadsheet(ss), asSpreadsheetApp(app)) };
}

function peopleRows(n: number): unknown[][] {
  const rows: unknown[][] = [
    ["人员编号", "姓名", "人员类别", "参加工作时间", "上年度工资收入（元）", "累计工作年限"],
  ];
  for (let i = 0; i < n; i++) {
    rows.push([
      `P${String(i).padStart(5, "0")}`,
      `人员${i}`,
      "公务员",
      shanghaiDate(2000 + (i % 20), 7, 1),
      80000 + i,
      "",
    ]);
  }
  return rows;
}

describe("SheetsWorkbook read and write", () => {
  it("uses the same service calls for 100 and for 10,000 rows: one getValues per read, one setValues per block", () => {
    const counts = [100, 10_000].map((n) => {
      const { ss, wb } = setup();
      ss.addSheetWithRows("人员", peopleRows(n));
      ss.resetCalls();
      const grid = wb.readSheet("人员") as Grid;
      expect(grid.length).toBe(n + 1);
      const computed: Grid = grid.slice(1).map((_, i) => [i % 30]);
      wb.writeRange("人员", 2, 6, computed);
      expect(ss.sheet("人员").valueAt(n + 1, 6)).toBe((n - 1) % 30);
      return { calls: { ...ss.calls }, total: ss.total };
    });
    expect(counts[0]).toEqual(counts[1]);
    expect(counts[0].calls["Range.getValues"]).toBe(1);
    expect(counts[0].calls["Range.setValues"]).toBe(1);
    expect(counts[0].calls["Sheet.getDataRange"]).toBe(1);
    // read: getSheetByName, getDataRange, getValues; write: getSheetByName, getMaxRows,
    // getMaxColumns, getRange, setValues; and the spreadsheet's time zone, read once.
    expect(counts[0].total).toBe(9);
  });

  it("reads blanks as null, keeps Dates and drops trailing empty rows", () => {
    const { ss, wb } = setup();
    const sheet = ss.addSheetWithRows("人员", [
      ["人员编号", "姓名", "参加工作时间"],
      ["P1", "", shanghaiDate(2010, 7, 1)],
    ]);
    sheet.maxRows = 50;
    sheet.setComputedValue(5, 1, ""); // an emptied cell far down does not make a row
    const grid = wb.readSheet("人员") as Grid;
    expect(grid).toEqual([
      ["人员编号", "姓名", "参加工作时间"],
      ["P1", null, shanghaiDate(2010, 7, 1)],
    ]);
    expect(grid[1][2]).toBeInstanceOf(Date);
    expect(wb.readSheet("不存在")).toBeNull();
    expect(wb.sheetNames()).toEqual(["人员"]);
  });

  it("keeps formula-like text as text through writeRange and appendRows", () => {
    const { ss, wb } = setup();
    ss.addSheetWithRows("备注", [["内容"]]);
    wb.writeRange(
      "备注",
      2,
      1,
      FORMULA_LIKE.map((t) => [t]),
    );
    wb.appendRows(
      "备注",
      FORMULA_LIKE.map((t) => [t]),
    );
    const sheet = ss.sheet("备注");
    expect(sheet.formulas.size).toBe(0);
    const grid = wb.readSheet("备注") as Grid;
    expect(grid.slice(1).map((r) => r[0])).toEqual([...FORMULA_LIKE, ...FORMULA_LIKE]);
    expect(toSheetValue('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(toSheetValue("错误：年度为空")).toBe("错误：年度为空");
    expect(toSheetValue("张三")).toBe("张三");
  });

  it("appends after the last row and grows the sheet when it is full", () => {
    const { ss, wb } = setup();
    const sheet = ss.addSheetWithRows("日志", [
      ["时间", "用户"],
      ["t1", "a"],
    ]);
    sheet.maxRows = 2;
    ss.resetCalls();
    wb.appendRows("日志", [["t2", "b"], ["t3"]]);
    expect(ss.calls["Sheet.insertRowsAfter"]).toBe(1);
    expect(ss.calls["Range.setValues"]).toBe(1);
    expect(wb.readSheet("日志")).toEqual([
      ["时间", "用户"],
      ["t1", "a"],
      ["t2", "b"],
      ["t3", null],
    ]);
    expect(() => wb.appendRows("无此表", [["x"]])).toThrow("工作表“无此表”不存在");
  });
});

/** The test spec's 累计工作年限 formula as ensureSheet anchors it in the header cell. */
const PEOPLE_YEARS = (start: string) =>
  `=ARRAYFORMULA(IF(ROW(A1:A)=1,"累计工作年限",WORK_YEARS(${start}1:${start})))`;

describe("SheetsWorkbook.ensureSheet", () => {
  it("sets up a new sheet: headers, frozen row, widths, formats, dropdowns, protection, rules, formulas, defaults", () => {
    const { ss, wb } = setup();
    wb.ensureSheet(PARAMS);
    wb.ensureSheet(PEOPLE);
    wb.ensureSheet(LEAVE);
    expect(wb.sheetNames()).toEqual(["参数", "人员", "年休假"]);

    const params = ss.sheet("参数");
    expect(wb.readSheet("参数")).toEqual([
      ["参数", "值", "说明"],
      ["县名", "魏县", "县名"],
      ["提醒提前天数", "30,14,7,3,1", "提醒提前天数"],
    ]);
    expect(params.frozenRows).toBe(1);

    const leave = ss.sheet("年休假");
    expect(wb.readSheet("年休假")).toEqual([
      [
        "年度",
        "人员编号",
        "未休原因",
        "实际支付日期",
        "日工资收入",
        "其中另行支付",
        "支付截止日期",
      ],
    ]);
    expect(leave.fontWeights.get("1,1")).toBe("bold");
    expect(leave.backgrounds.get("1,1")).toBe("#efefef");
    expect(leave.backgrounds.get("1,5")).toBe("#cfe2f3");
    expect(leave.notes.get("1,5")).toBe("系统计算，请勿手工填写");
    expect(leave.columnWidths.get(1)).toBe(74);
    expect(leave.formats.get("2,4")).toBe("yyyy-mm-dd");
    expect(leave.formats.get("1000,4")).toBe("yyyy-mm-dd");
    expect(leave.formats.get("1,4")).toBeUndefined();

    const reason = leave.validations.get("2,3");
    expect(reason?.toJSON()).toMatchObject({
      type: "VALUE_IN_LIST",
      values: [["工作需要", "本人申请"], true],
      allowInvalid: true,
    });
    expect(ss.sheet("人员").validations.get("500,3")?.toJSON()).toMatchObject({
      allowInvalid: false,
    });

    expect(leave.protections.map((p) => p.toJSON())).toEqual(
      ["日工资收入", "其中另行支付", "支付截止日期"].map((name, i) => ({
        description: `cadre-care:年休假:${name}`,
        warningOnly: true,
        range: { sheet: "年休假", row: 1, column: 5 + i, numRows: 1000, numColumns: 1 },
      })),
    );

    expect(leave.rules.map((r) => r.toJSON())).toEqual([
      {
        type: "TEXT_STARTS_WITH",
        values: ["错误："],
        background: "#f4cccc",
        fontColor: "#cc0000",
        ranges: [5, 6, 7].map((c) => ({
          sheet: "年休假",
          row: 2,
          column: c,
          numRows: 999,
          numColumns: 1,
        })),
      },
      {
        type: "CUSTOM_FORMULA",
        values: ['=AND(N("cadre-care")=0,ISNUMBER($G2),$G2<TODAY(),$D2="",N($F2)>0)'],
        background: "#fce5cd",
        fontColor: "#b45f06",
        ranges: [{ sheet: "年休假", row: 2, column: 7, numRows: 999, numColumns: 1 }],
      },
    ]);

    // Each formula sits in its header cell, over whole columns from row 1, and shows the
    // header there (getValues reads the name); nothing is left in row 2.
    expect(leave.formulas.get("1,5")).toBe(
      '=ARRAYFORMULA(IF(ROW(A1:A)=1,"日工资收入",' +
        "ARRAYFORMULA(IF(B1:B=\"\",,XLOOKUP(B1:B,'人员'!A1:A,'人员'!E1:E)/261))))",
    );
    expect(leave.formulas.get("1,7")).toBe(
      '=ARRAYFORMULA(IF(ROW(A1:A)=1,"支付截止日期",LEAVE_PAY_DUE(A1:A)))',
    );
    expect(leave.valueAt(1, 7)).toBe("支付截止日期");
    expect(leave.formulas.has("1,6")).toBe(false);
    expect([...leave.formulas.keys()].filter((k) => !k.startsWith("1,"))).toEqual([]);
    expect(ss.sheet("人员").formulas.get("1,6")).toBe(PEOPLE_YEARS("D"));
  });

  it("is idempotent: a second run changes nothing and duplicates no protection, rule or validation", () => {
    const { ss, wb } = setup();
    for (const spec of [PARAMS, PEOPLE, LEAVE]) wb.ensureSheet(spec);
    const first = JSON.stringify(ss.snapshot());
    for (const spec of [PARAMS, PEOPLE, LEAVE]) wb.ensureSheet(spec);
    expect(JSON.stringify(ss.snapshot())).toBe(first);
    expect(ss.sheet("年休假").protections).toHaveLength(3);
    expect(ss.sheet("年休假").rules).toHaveLength(2);
    expect(ss.sheet("参数").values.size).toBe(9);
  });

  it("completes a sheet people filled: keeps moved columns, their own columns, values, rules and protections", () => {
    const { ss, wb } = setup();
    const rows: unknown[][] = [
      ["姓名", "备用电话", "人员编号", "参加工作时间", "人员类别"],
      ["张三", "13800000000", "P001", shanghaiDate(2001, 7, 1), "公务员"],
      ["李四", 13900000000, "P002", shanghaiDate(2015, 3, 2), "其他类别"],
    ];
    const sheet = ss.addSheetWithRows("人员", rows);
    const userRule = createFakeSpreadsheetApp(ss)
      .newConditionalFormatRule()
      .whenTextStartsWith("张")
      .setBackground("#00ff00")
      .setRanges([sheet.getRange(2, 1, 10, 1)])
      .build();
    sheet.rules = [userRule];
    sheet.getRange(1, 2, 3, 1).protect().setDescription("本人电话");
    const before = wb.readSheet("人员") as Grid;

    wb.ensureSheet(PEOPLE);
    wb.ensureSheet(PEOPLE);

    const after = wb.readSheet("人员") as Grid;
    expect(after[0]).toEqual([...rows[0], "上年度工资收入（元）", "累计工作年限"]);
    for (let r = 0; r < before.length; r++) {
      for (let c = 0; c < before[0].length; c++) expect(after[r][c]).toEqual(before[r][c]);
    }
    expect(after[2][1]).toBe(13900000000);
    // Anchored on the first input column of the spec (人员编号), wherever the user moved it.
    expect(sheet.formulas.get("1,7")).toBe(
      '=ARRAYFORMULA(IF(ROW(C1:C)=1,"累计工作年限",WORK_YEARS(D1:D)))',
    );
    expect(sheet.rules.map((r) => r.toJSON())).toContainEqual(userRule.toJSON());
    expect(sheet.rules).toHaveLength(2);
    expect(sheet.protections.map((p) => p.description)).toEqual([
      "本人电话",
      "cadre-care:人员:累计工作年限",
    ]);
    expect(sheet.validations.get("2,5")?.toJSON()).toMatchObject({
      values: [["公务员", "参公管理", "事业单位"], true],
    });
    expect(sheet.validations.has("2,3")).toBe(false);
  });

  it("puts the formula in the header cell and clears the old computed values below it, never input columns", () => {
    const { ss, wb } = setup();
    const sheet = ss.addSheetWithRows(
      "人员",
      peopleRows(3).map((r, i) => (i === 0 ? r : [...r.slice(0, 5), 20 + i])),
    );
    // An earlier version's row-2 formula is replaced by the header-cell one.
    sheet.getRange(2, 6).setFormula("=WORK_YEARS(D2:D)");
    wb.ensureSheet(PEOPLE);
    expect(sheet.formulas.get("1,6")).toBe(PEOPLE_YEARS("D"));
    expect(sheet.formulas.has("2,6")).toBe(false);
    expect(sheet.valueAt(1, 6)).toBe("累计工作年限");
    expect(sheet.valueAt(2, 6)).toBe("");
    expect(sheet.valueAt(3, 6)).toBe("");
    expect(sheet.valueAt(4, 6)).toBe("");
    expect(sheet.valueAt(4, 5)).toBe(80002);
    // The formula in place: the column's values are the formula's results, left alone.
    sheet.setComputedValue(3, 6, 7);
    wb.ensureSheet(PEOPLE);
    expect(sheet.valueAt(3, 6)).toBe(7);
  });

  it("applies every sheet of the schema, twice, with the same result", () => {
    const { ss, wb } = setup();
    for (const spec of SHEETS) wb.ensureSheet(spec);
    const first = JSON.stringify(ss.snapshot());
    for (const spec of SHEETS) wb.ensureSheet(spec);
    expect(JSON.stringify(ss.snapshot())).toBe(first);
    expect(wb.sheetNames()).toEqual(SHEETS.map((s) => s.name));
    for (const spec of SHEETS) {
      const header = (wb.readSheet(spec.name) as Grid)[0];
      expect(header).toEqual(spec.columns.map((c) => c.name));
      const computed = spec.columns.filter((c) => c.computed).length;
      expect(ss.sheet(spec.name).protections).toHaveLength(computed);
    }
  });
});

describe("shared helpers", () => {
  it("column letters and the overdue condition", () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "AAA"]);
    expect(overdueCondition(["年度", "截止日期", "状态", "备案日期"], 2)).toBe(
      'AND(N("cadre-care")=0,ISNUMBER($B2),$B2<TODAY(),ISERROR(SEARCH("已",$C2)),$D2="")',
    );
  });
});
