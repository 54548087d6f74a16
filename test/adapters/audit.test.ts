import { describe, it, expect } from "vitest";
import { logEdit, HIDDEN } from "../../src/gas/audit";
import { SheetsWorkbook } from "../../src/gas/sheets";
import {
  asSpreadsheet,
  createFakeSpreadsheet,
  type FakeRange,
  type FakeSpreadsheet,
} from "../fakes";

const NOW = new Date("2026-03-02T01:30:00Z");

function edit(
  ss: FakeSpreadsheet,
  range: FakeRange,
  value?: string,
  oldValue?: string,
  email = "hr@weixian.gov.cn",
): GoogleAppsScript.Events.SheetsOnEdit {
  return {
    range,
    value,
    oldValue,
    source: asSpreadsheet(ss),
    user: { getEmail: () => email },
  } as unknown as GoogleAppsScript.Events.SheetsOnEdit;
}

function setup(): FakeSpreadsheet {
  const ss = createFakeSpreadsheet();
  ss.addSheetWithRows("人员", [
    ["人员编号", "姓名", "身份证号", "上年度工资收入（元）"],
    ["P001", "张三", "130434199001011234", 96000],
  ]);
  ss.addSheetWithRows("日志", [["时间", "用户", "工作表", "单元格", "原值", "新值"]]);
  return ss;
}

const logRows = (ss: FakeSpreadsheet) =>
  new SheetsWorkbook(asSpreadsheet(ss)).readSheet("日志")?.slice(1);

describe("logEdit", () => {
  it("appends one row per edit with time, user, sheet, cell, old and new value", () => {
    const ss = setup();
    const people = ss.sheet("人员");
    ss.resetCalls();
    expect(
      logEdit(edit(ss, people.getRange(2, 2), "张三丰", "张三"), asSpreadsheet(ss), { now: NOW }),
    ).toBe(true);
    expect(ss.calls["Sheet.appendRow"]).toBe(1);
    expect(
      logEdit(edit(ss, people.getRange(3, 1), '=HYPERLINK("http://x")'), asSpreadsheet(ss), {
        now: NOW,
      }),
    ).toBe(true);
    expect(ss.calls["Sheet.appendRow"]).toBe(2);
    expect(ss.calls["Range.setValues"]).toBeUndefined();
    expect(logRows(ss)).toEqual([
      [NOW, "hr@weixian.gov.cn", "人员", "B2", "张三", "张三丰"],
      [NOW, "hr@weixian.gov.cn", "人员", "A3", null, '=HYPERLINK("http://x")'],
    ]);
    expect(ss.sheet("日志").formulas.size).toBe(0);
  });

  it("never writes 身份证号 or wages in clear", () => {
    const ss = setup();
    const people = ss.sheet("人员");
    logEdit(
      edit(ss, people.getRange(2, 3), "130434199001011235", "130434199001011234"),
      asSpreadsheet(ss),
      { now: NOW },
    );
    logEdit(edit(ss, people.getRange(2, 4), "100000", "96000"), asSpreadsheet(ss), { now: NOW });
    logEdit(edit(ss, people.getRange(3, 4), "88000"), asSpreadsheet(ss), { now: NOW });
    logEdit(edit(ss, people.getRange(2, 2, 2, 2)), asSpreadsheet(ss), { now: NOW });
    expect(logRows(ss)).toEqual([
      [NOW, "hr@weixian.gov.cn", "人员", "C2", HIDDEN, HIDDEN],
      [NOW, "hr@weixian.gov.cn", "人员", "D2", HIDDEN, HIDDEN],
      [NOW, "hr@weixian.gov.cn", "人员", "D3", null, HIDDEN],
      [NOW, "hr@weixian.gov.cn", "人员", "B2:C3", null, HIDDEN],
    ]);
    expect(JSON.stringify(ss.sheet("日志").snapshot())).not.toContain("1304341990");
  });

  it("ignores system sheets, creates 日志 when missing and falls back to 未知 for the user", () => {
    const ss = createFakeSpreadsheet();
    ss.addSheetWithRows("提醒", [["日期"]]);
    ss.addSheetWithRows("培训", [["日期", "内容"]]);
    expect(
      logEdit(edit(ss, ss.sheet("提醒").getRange(2, 1), "x"), asSpreadsheet(ss), { now: NOW }),
    ).toBe(false);
    expect(ss.sheets.map((s) => s.name)).toEqual(["提醒", "培训"]);
    logEdit(
      edit(ss, ss.sheet("培训").getRange(2, 2, 3, 1), undefined, undefined, ""),
      asSpreadsheet(ss),
      { now: NOW },
    );
    expect(new SheetsWorkbook(asSpreadsheet(ss)).readSheet("日志")).toEqual([
      ["时间", "用户", "工作表", "单元格", "原值", "新值"],
      [NOW, "未知", "培训", "B2:B4", null, "（批量编辑 3 个单元格）"],
    ]);
    expect(logEdit(edit(ss, ss.sheet("日志").getRange(2, 1), "y"), asSpreadsheet(ss))).toBe(false);
  });
});
