import { describe, expect, it } from "vitest";
import {
  AWARD_STANDARD_DEFAULTS,
  AWARD_TYPES,
  PARAM_DEFAULTS,
  SHEET,
  SHEETS,
  columnSpec,
  defaultRowsByName,
  headerFormula,
  headerOfFormula,
} from "../../src/records/schema";
import { columnLetter } from "../../src/records/codec";
import type { ColumnRef } from "../../src/records/spec";
import { FORMULAS } from "../../src/formulas/catalog";

/** A ColumnRef over the spec's own column order that fails on an unknown sheet or column. */
const ref: ColumnRef = (column, sheet) => {
  const spec = SHEET[sheet ?? current];
  if (!spec) throw new Error(`unknown sheet ${sheet}`);
  const index = spec.columns.findIndex((c) => c.name === column);
  if (index < 0) throw new Error(`unknown column ${spec.name}.${column}`);
  const letter = columnLetter(index + 1);
  return sheet ? `'${sheet}'!${letter}1:${letter}` : `${letter}1:${letter}`;
};
let current = "";

describe("schema", () => {
  it("keeps DESIGN.md's sheets in order with their columns", () => {
    expect(SHEETS.map((s) => s.name)).toEqual([
      "参数",
      "奖励标准",
      "单位",
      "人员",
      "奖励",
      "年休假",
      "休假记录",
      "年休假计划",
      "体检",
      "培训",
      "谈心谈话",
      "考核",
      "单位考核",
      "节假日",
      "提醒",
      "文档",
      "奖励建议",
      "日志",
    ]);
    const names = (sheet: string) => SHEET[sheet].columns.map((c) => c.name);
    expect(names("人员")).toEqual([
      "人员编号",
      "姓名",
      "单位",
      "人员类别",
      "参加工作时间",
      "身份证号",
      "上年度工资收入（元）",
      "重点岗位",
      "状态",
      "入本单位时间",
      "累计工作年限",
    ]);
    expect(names("年休假")).toEqual([
      "年度",
      "人员编号",
      "姓名",
      "单位",
      "病假（月）",
      "事假（天）",
      "其中扣工资事假（天）",
      "寒暑假（天）",
      "未休原因",
      "实际支付日期",
      "全年工资收入（元）",
      "月平均工资（元）",
      "累计工作年限",
      "应休天数",
      "已休天数",
      "未休天数",
      "日工资依据",
      "日工资收入",
      "未休年休假报酬",
      "其中另行支付",
      "支付截止日期",
      "次年不享受",
    ]);
    expect(names("谈心谈话")).toContain("跟进完成日期");
    expect(SHEETS.filter((s) => s.system).map((s) => s.name)).toEqual([
      "提醒",
      "文档",
      "奖励建议",
      "日志",
    ]);
    expect(names("考核")).toEqual([
      "年度",
      "人员编号",
      "姓名",
      "单位",
      "绿色通道条件",
      "依据",
      "处分或诫勉",
      "试用期",
      "最终等次",
      "建议等次",
    ]);
    expect(names("奖励建议")).toEqual([
      "年度",
      "人员编号",
      "姓名",
      "单位",
      "人员类别",
      "建议奖励",
      "依据",
      "奖金（元）",
    ]);
  });

  it("gives every enum column its options and every computed column a formula", () => {
    for (const sheet of SHEETS) {
      for (const col of sheet.columns) {
        if (col.kind === "enum")
          expect(col.options?.length, `${sheet.name}.${col.name}`).toBeGreaterThan(0);
        if (col.computed) expect(col.formula, `${sheet.name}.${col.name}`).toBeTypeOf("function");
        expect(col.width).toBeGreaterThan(0);
      }
    }
    expect(columnSpec("奖励", "奖励类型").options).toEqual(AWARD_TYPES);
    expect(columnSpec("考核", "绿色通道条件").allowOther).toBe(true);
    expect(columnSpec("人员", "身份证号").format).toBe("@");
  });

  it("writes formulas that name only existing sheets, columns and custom functions", () => {
    const known = new Set(FORMULAS.map((f) => f.name));
    const native = new Set([
      "ARRAYFORMULA",
      "IF",
      "IFERROR",
      "XLOOKUP",
      "DATE",
      "SUMIF",
      "COUNTIF",
      "MATCH",
      "MID",
      "ROW",
      "ISNUMBER",
      "VALUE",
      "LEFT",
      "RIGHT",
      "YEAR",
      "TODAY",
      "COUNTIFS",
      "ROUNDUP",
      "ROUND",
    ]);
    // No AND/OR inside ARRAYFORMULA (Sheets evaluates them over the whole range): use * and +.
    for (const sheet of SHEETS)
      for (const col of sheet.columns.filter((c) => c.formula && !c.name.includes("仪表盘"))) {
        current = sheet.name;
        expect(col.formula!(ref), `${sheet.name}.${col.name}`).not.toMatch(/\b(AND|OR)\(/);
      }
    for (const sheet of SHEETS) {
      current = sheet.name;
      for (const col of sheet.columns.filter((c) => c.formula)) {
        const text = col.formula!(ref);
        expect(text.startsWith("="), `${sheet.name}.${col.name}`).toBe(true);
        const calls = [...text.matchAll(/([A-Z_]+)\(/g)].map((m) => m[1]);
        for (const fn of calls)
          expect(known.has(fn) || native.has(fn), `${fn} in ${sheet.name}.${col.name}`).toBe(true);
        expect(text.split("(").length).toBe(text.split(")").length);
      }
    }
    current = "休假记录";
    const year = columnSpec("休假记录", "年度");
    // 所属年度 (E) when typed (条例第五条 跨1个年度): a four-digit year, else compute's 错误;
    // blank: the start's year.
    const own =
      'IF(C1:C="",,IF(E1:E="",YEAR(C1:C),IF(ISNUMBER(E1:E),IF((E1:E>=1900)*(E1:E<=9999)*(ROUND(E1:E)=E1:E),E1:E,BAD),BAD)))'.replace(
        /BAD/g,
        '"错误：所属年度应为四位年份（如 2026），收到“"&E1:E&"”"',
      );
    expect(year.formula!(ref)).toBe(`=ARRAYFORMULA(${own})`);
    // Anchored in the header cell: row 1 shows the header, the rows below the array.
    const anchored = headerFormula(SHEET["休假记录"], year, ref);
    expect(anchored).toBe(`=ARRAYFORMULA(IF(ROW(A1:A)=1,"年度",ARRAYFORMULA(${own})))`);
    expect(headerOfFormula(anchored)).toBe("年度");
    expect(headerOfFormula('=ARRAYFORMULA(IF(ROW(A1:A)=1,"a""b",1))')).toBe('a"b');
    expect(headerOfFormula("=SUM(A1:A)")).toBeNull();
    current = "年休假";
    const used = columnSpec("年休假", "已休天数").formula!(ref);
    expect(used).toContain(
      "SUMIF('休假记录'!A1:A&\"|\"&'休假记录'!H1:H,B1:B&\"|\"&A1:A,'休假记录'!G1:G)",
    );
    expect(used).not.toContain("SUMIFS");
    // The unrounded daily wage only where 日工资收入 is a number; its error text otherwise.
    const extra = columnSpec("年休假", "其中另行支付").formula!(ref);
    expect(extra).toMatch(/^=UNUSED_LEAVE_EXTRA\(ARRAYFORMULA\(IF\(ISNUMBER\(R1:R\),IFERROR\(/);
    expect(extra).toContain('"错误：缺少工资收入，应填写全年工资收入（元）"');
  });

  it("holds the 参数 and 奖励标准 defaults", () => {
    const params = Object.fromEntries(PARAM_DEFAULTS.map(([k, v]) => [k, v]));
    expect(params).toMatchObject({
      县名: "魏县",
      发文机关: "中共魏县县委组织部",
      发文字号前缀: "魏组",
      组织部门邮箱: "zzb@example.gov.cn",
      人社部门邮箱: "rsj@example.gov.cn",
      提醒提前天数: "30,14,7,3,1",
      日工资计薪天数: "261",
      年休假工龄计算方式: "次月起",
      优秀比例: "20%",
      SMTP服务器: "",
    });
    // The SMTP password is never a 参数 key: it comes from CADRE_SMTP_PASSWORD.
    expect(PARAM_DEFAULTS.filter(([k]) => /密码|password/i.test(k))).toEqual([]);
    expect(AWARD_STANDARD_DEFAULTS.map(([c, a, b]) => `${c}${a}${b}`)).toEqual([
      "公务员嘉奖1500",
      "公务员记三等功3000",
      "公务员记二等功6000",
      "公务员记一等功12000",
      "公务员授予国家荣誉称号20000",
      "公务员授予称号20000",
      "事业单位嘉奖1500",
      "事业单位记功3000",
      "事业单位记大功6000",
    ]);
    expect(defaultRowsByName(SHEET["奖励标准"])[7]).toEqual({
      人员类别: "事业单位",
      奖励类型: "记功",
      "奖金（元）": 3000,
      参照: "记三等功",
    });
  });
});
