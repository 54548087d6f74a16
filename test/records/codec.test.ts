import { describe, expect, it } from "vitest";
import {
  decodeTable,
  decodeTableStrict,
  encodeColumns,
  encodeRow,
  headerColumns,
  columnLetter,
} from "../../src/records/codec";
import { SHEET } from "../../src/records/schema";
import { parseAwards, parsePeople, parseParams, parseLeaveRows } from "../../src/records/parse";
import { dayFromYmd, instantFromDay } from "../../src/rules/dates";
import { InputError } from "../../src/rules/errors";

const awards = SHEET["奖励"];

describe("decodeTable by header name", () => {
  it("reads shuffled columns and ignores extra user columns", () => {
    const grid = [
      ["我的备注", " 奖励类型 ", "人员编号", "年度", "奖金(元)", "姓名"],
      ["自己看的", "记三等功", "WX0001", 2026, 3000, "甲乙"],
      [null, null, null, null, null, null],
      ["x", "嘉奖", "WX0002", "2025", null, "丙丁"],
    ];
    const table = decodeTable(awards, grid);
    expect(table.problems).toEqual([]);
    expect(table.columns.get("奖励类型")).toBe(1);
    expect(table.columns.get("奖金（元）")).toBe(4); // 奖金(元) matches 奖金（元） after NFKC
    expect(table.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(table.rows[0].get("人员编号")).toBe("WX0001");
    expect(table.rows[1].get("年度")).toBe("2025");
    expect(table.rows[0].get("批准机关")).toBeUndefined();
    expect(table.missing).toContain("批准机关");

    const parsed = parseAwards(grid);
    expect(parsed.problems).toEqual([]);
    expect(parsed.items.map((a) => [a.row, a.year, a.personId, a.award, a.name, a.bonus])).toEqual([
      [2, 2026, "WX0001", "记三等功", "甲乙", 3000],
      [4, 2025, "WX0002", "嘉奖", "丙丁", null],
    ]);
  });

  it("reports a missing required column with sheet and column", () => {
    const grid = [
      ["年度", "姓名", "奖励类型"],
      [2026, "甲乙", "嘉奖"],
    ];
    const table = decodeTable(awards, grid);
    expect(table.problems).toEqual([
      {
        sheet: "奖励",
        row: 1,
        column: "人员编号",
        message: "工作表「奖励」缺少必需的列「人员编号」，请补上该列标题或运行 init 补全表头",
      },
    ]);
    expect(() => decodeTableStrict(awards, grid)).toThrow(InputError);
    expect(() => decodeTableStrict(awards, grid)).toThrow("工作表「奖励」缺少必需的列「人员编号」");
    expect(parseAwards(grid).items).toEqual([]);
  });

  it("encodes computed columns into blocks at the header's positions", () => {
    const header = ["年度", "人员编号", "应休天数", "我的列", "已休天数", "未休天数"];
    const blocks = encodeColumns(SHEET["年休假"], header, {
      未休天数: [1, 2],
      应休天数: [5, 10],
      已休天数: [4, 8],
      不存在的列: [9, 9],
    });
    expect(blocks).toEqual([
      { column: 3, names: ["应休天数"], values: [[5], [10]] },
      {
        column: 5,
        names: ["已休天数", "未休天数"],
        values: [
          [4, 1],
          [8, 2],
        ],
      },
    ]);
    expect(encodeRow(SHEET["年休假"], header, { 人员编号: "WX1", 年度: 2026 })).toEqual([
      2026,
      "WX1",
      null,
      null,
      null,
      null,
    ]);
    expect(headerColumns(SHEET["年休假"], header).get("未休天数")).toBe(5);
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "AAA"]);
  });
});

describe("typed parsing", () => {
  const peopleHeader = [
    "人员编号",
    "姓名",
    "单位",
    "人员类别",
    "参加工作时间",
    "身份证号",
    "上年度工资收入（元）",
    "重点岗位",
    "状态",
  ];

  it("reads dates in every typed form and numbers with 元, commas and full-width digits", () => {
    const grid = [
      peopleHeader,
      ["WX1", "甲乙", "县财政局", "公务员", "2016/7/1", "", "８６，４２０元", "是", ""],
      ["WX2", "丙丁", "县财政局", "参公", "2016.7.1", "", "86,420", "否", "退休"],
      ["WX3", "戊己", "县财政局", "事业单位", "2016年7月1日", "", 86420, true, "在职"],
      [
        "WX4",
        "庚辛",
        "县财政局",
        "事业单位",
        instantFromDay(dayFromYmd(2016, 7, 1)),
        "",
        "86420.5 元",
        "",
        "",
      ],
      ["WX5", "壬癸", "县财政局", "事业单位", 42552, "", null, "", ""],
    ];
    const { items, problems } = parsePeople(grid);
    expect(problems).toEqual([]);
    const start = dayFromYmd(2016, 7, 1);
    expect(
      items.map((p) => [p.id, p.startDate, p.lastYearIncome, p.category, p.keyPost, p.status]),
    ).toEqual([
      ["WX1", start, 86420, "公务员", true, "在职"],
      ["WX2", start, 86420, "参公管理", false, "退休"],
      ["WX3", start, 86420, "事业单位", true, "在职"],
      ["WX4", start, 86420.5, "事业单位", false, "在职"],
      ["WX5", start, null, "事业单位", false, "在职"],
    ]);
  });

  it("reports impossible dates, words in number columns, enum values and bounds by cell", () => {
    const grid = [
      ["年度", "人员编号", "病假（月）", "事假（天）", "寒暑假（天）", "未休原因", "实际支付日期"],
      [2026, "WX1", "两个月", -3, 400, "太忙", "2026-02-30"],
      ["二〇二六", "", 13, "", "", "", "2026-13-01"],
    ];
    const { items, problems } = parseLeaveRows(grid);
    expect(items).toEqual([]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, "病假（月）"],
      [2, "未休原因"],
      [2, "实际支付日期"],
      [2, "事假（天）"],
      [2, "寒暑假（天）"],
      [3, "年度"],
      [3, "人员编号"],
      [3, "实际支付日期"],
      [3, "病假（月）"],
    ]);
    const byCell = new Map(problems.map((p) => [`${p.row}${p.column}`, p]));
    expect(byCell.get("2病假（月）")!.message).toBe("病假（月）应为数字，收到“两个月”");
    expect(byCell.get("2病假（月）")!.value).toBe("两个月");
    expect(byCell.get("2未休原因")!.message).toBe(
      "未休原因应为 工作需要、本人申请、单位已安排 之一，收到“太忙”",
    );
    expect(byCell.get("2实际支付日期")!.message).toContain("不是真实存在的日期");
    expect(byCell.get("2事假（天）")!.message).toBe("事假（天）不能为负数");
    expect(byCell.get("2寒暑假（天）")!.message).toBe("寒暑假（天）不能超过366天");
    expect(byCell.get("3人员编号")!.message).toBe("人员编号不能为空");
    expect(byCell.get("3实际支付日期")!.message).toContain("“2026-13-01”不是真实存在的日期");
    expect(byCell.get("3病假（月）")!.message).toBe("病假（月）不能超过12个月");
  });

  it("accepts award short forms and rejects an award the category does not have", () => {
    const grid = [
      ["年度", "人员编号", "人员类别", "奖励类型"],
      [2026, "WX1", "公务员", "三等功"],
      [2026, "WX2", "事业单位", " 记 大 功 "],
      [2026, "WX3", "公务员", "记大功"],
      [2026, "WX4", "", "国家荣誉称号"],
    ];
    const { items, problems } = parseAwards(grid);
    expect(items.map((a) => [a.personId, a.award])).toEqual([
      ["WX1", "记三等功"],
      ["WX2", "记大功"],
      ["WX4", "授予国家荣誉称号"],
    ]);
    expect(problems).toEqual([
      {
        sheet: "奖励",
        row: 4,
        column: "奖励类型",
        message:
          "公务员没有“记大功”这一奖励，应为 嘉奖、记三等功、记二等功、记一等功、授予称号、授予国家荣誉称号 之一",
        value: "记大功",
      },
    ]);
  });

  it("reads 参数 with defaults, and reports a bad value keeping the default", () => {
    const defaults = parseParams(null).params;
    expect(defaults.county).toBe("魏县");
    expect(defaults.orgEmail).toBe("zzb@example.gov.cn");
    expect(defaults.leadDays).toEqual([30, 14, 7, 3, 1]);
    expect(defaults.payDays).toBe(261);
    expect(defaults.leaveYearsMode).toBe("次月起");
    expect(defaults.leavePlanDue).toEqual({ month: 3, day: 31 });
    expect(defaults.healthPlanDue).toEqual({ month: 5, day: 31 });
    expect(defaults.healthReportDue).toEqual({ month: 11, day: 30 });
    expect([
      defaults.excellentPercent,
      defaults.topExcellentPercent,
      defaults.topUnitPercent,
    ]).toEqual([20, 25, 10]);
    expect(defaults.smtpPort).toBeNull();

    const { params, problems } = parseParams([
      ["参数", "值", "说明"],
      ["提醒提前天数", "7，30, 1", ""],
      ["优秀比例", 0.3, ""],
      ["日工资计薪天数", "很多", ""],
      ["体检方案备案截止", "6月30日", ""],
      ["SMTP端口", "465", ""],
    ]);
    expect(params.leadDays).toEqual([30, 7, 1]);
    expect(params.excellentPercent).toBe(30);
    expect(params.payDays).toBe(261);
    expect(params.healthPlanDue).toEqual({ month: 6, day: 30 });
    expect(params.smtpPort).toBe(465);
    expect(problems).toEqual([
      {
        sheet: "参数",
        row: 4,
        column: "值",
        message: "参数“日工资计薪天数”应为数字，收到“很多”",
        value: "很多",
      },
    ]);
  });
});
