import type ExcelJS from "exceljs";
/** Sheet specs for adapter tests, independent of the real schema. */
import type { SheetSpec } from "../../src/records/spec";

export const PEOPLE: SheetSpec = {
  name: "人员",
  system: false,
  columns: [
    { name: "人员编号", kind: "text", computed: false, required: true, width: 10, format: "@" },
    { name: "姓名", kind: "text", computed: false, required: true, width: 8 },
    {
      name: "人员类别",
      kind: "enum",
      computed: false,
      required: true,
      width: 10,
      options: ["公务员", "参公管理", "事业单位"],
      note: "从列表中选择",
    },
    {
      name: "参加工作时间",
      kind: "date",
      computed: false,
      required: true,
      width: 12,
      format: "yyyy-mm-dd",
    },
    {
      name: "上年度工资收入（元）",
      kind: "money",
      computed: false,
      required: false,
      width: 14,
      format: "#,##0.00",
    },
    {
      name: "累计工作年限",
      kind: "integer",
      computed: true,
      required: false,
      width: 10,
      format: "0",
      formula: (ref) => `=WORK_YEARS(${ref("参加工作时间")})`,
    },
  ],
};

export const LEAVE: SheetSpec = {
  name: "年休假",
  system: false,
  columns: [
    { name: "年度", kind: "year", computed: false, required: true, width: 8, format: "0" },
    { name: "人员编号", kind: "text", computed: false, required: true, width: 10, format: "@" },
    {
      name: "未休原因",
      kind: "enum",
      computed: false,
      required: false,
      width: 10,
      options: ["工作需要", "本人申请"],
      allowOther: true,
    },
    {
      name: "实际支付日期",
      kind: "date",
      computed: false,
      required: false,
      width: 12,
      format: "yyyy-mm-dd",
    },
    {
      name: "日工资收入",
      kind: "money",
      computed: true,
      required: false,
      width: 10,
      format: "#,##0.00",
      formula: (ref) =>
        `ARRAYFORMULA(IF(${ref("人员编号")}="",,XLOOKUP(${ref("人员编号")},${ref("人员编号", "人员")},${ref("上年度工资收入（元）", "人员")})/261))`,
    },
    {
      name: "其中另行支付",
      kind: "money",
      computed: true,
      required: false,
      width: 12,
      format: "#,##0.00",
    },
    {
      name: "支付截止日期",
      kind: "date",
      computed: true,
      required: false,
      width: 12,
      format: "yyyy-mm-dd",
      formula: (ref) => `=LEAVE_PAY_DUE(${ref("年度")})`,
    },
  ],
};

export const PARAMS: SheetSpec = {
  name: "参数",
  system: false,
  columns: [
    { name: "参数", kind: "text", computed: false, required: true, width: 16 },
    { name: "值", kind: "text", computed: false, required: false, width: 20, format: "@" },
    { name: "说明", kind: "text", computed: false, required: false, width: 40 },
  ],
  defaults: [
    ["县名", "魏县", "县名"],
    ["提醒提前天数", "30,14,7,3,1", "提醒提前天数"],
  ],
};

/** Shanghai midnight of a civil date, as a spreadsheet cell holds it. */
export function shanghaiDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d) - 8 * 3_600_000);
}

export const FORMULA_LIKE = [
  '=HYPERLINK("http://x")',
  "+1",
  "-1 元",
  "@x",
  "'quoted",
  "001",
  "TRUE",
];

/**
 * Row 1 of a sheet with one value of every kind exceljs reads (text, number, boolean, date,
 * formula results, rich text, hyperlink, error), A2/B2 an ID number and a decimal, and C3
 * bold text. The same cells for both xlsx readers' tests.
 */
export function writeEveryKindOfValue(ws: ExcelJS.Worksheet): void {
  ws.getCell("A1").value = "文本";
  ws.getCell("B1").value = 1500;
  ws.getCell("C1").value = true;
  ws.getCell("D1").value = new Date(Date.UTC(2026, 2, 1));
  ws.getCell("D1").numFmt = "yyyy-mm-dd";
  ws.getCell("E1").value = { formula: "B1*2", result: 3000 };
  ws.getCell("F1").value = { formula: "B1/0", result: { error: "#DIV/0!" } };
  ws.getCell("G1").value = { richText: [{ text: "富" }, { font: { bold: true }, text: "文本" }] };
  ws.getCell("H1").value = { text: "链接", hyperlink: "http://example.org" };
  ws.getCell("I1").value = { error: "#N/A" };
  ws.getCell("A2").value = "130434199001011234";
  ws.getCell("B2").value = 0.1;
  ws.getCell("C3").value = "保留";
  ws.getCell("C3").font = { bold: true };
}
