import { describe, expect, it } from "vitest";
import type { Grid } from "../../src/records/cells";
import { SHEETS } from "../../src/records/schema";
import { checkWorkbook, formatProblem, formatProblems } from "../../src/workflows/check";
import { makeIdNumber } from "../../src/records/idcard";
import { sampleAsGrids, type SampleRow, type SampleWorkbook } from "../../src/sample/sample";

const ID_OK = makeIdNumber("990101", 1990, 5, 17, 123);
const ID_BAD = ID_OK.slice(0, 17) + (ID_OK[17] === "1" ? "2" : "1");

/** A small valid workbook; `edit` changes rows before laying them out. */
function workbook(edit?: (wb: SampleWorkbook) => void): Map<string, Grid> {
  const wb: SampleWorkbook = new Map<string, SampleRow[]>([
    ["参数", [{ 参数: "县名", 值: "魏县" }]],
    ["奖励标准", [{ 人员类别: "公务员", 奖励类型: "嘉奖", "奖金（元）": 1500 }]],
    [
      "单位",
      [
        {
          单位名称: "县财政局",
          单位性质: "机关",
          联系邮箱: "czj@example.gov.cn",
          管理权限: "组织部门",
        },
        {
          单位名称: "县人民医院",
          单位性质: "事业单位",
          联系邮箱: "yy@example.gov.cn",
          管理权限: "人社部门",
        },
      ],
    ],
    [
      "人员",
      [
        {
          人员编号: "WX01",
          姓名: "甲乙",
          单位: "县财政局",
          人员类别: "公务员",
          参加工作时间: "2010-07-01",
          身份证号: ID_OK,
        },
        {
          人员编号: "WX02",
          姓名: "丙丁",
          单位: "县人民医院",
          人员类别: "事业单位",
          参加工作时间: "2015/8/1",
        },
      ],
    ],
    [
      "奖励",
      [
        {
          年度: 2026,
          人员编号: "WX01",
          姓名: "甲乙",
          单位: "县财政局",
          人员类别: "公务员",
          奖励类型: "嘉奖",
        },
      ],
    ],
    ["年休假", [{ 年度: 2026, 人员编号: "WX01", 姓名: "甲乙", 单位: "县财政局", "事假（天）": 2 }]],
    [
      "休假记录",
      [
        { 人员编号: "WX01", 姓名: "甲乙", 开始日期: "2026-03-02", 结束日期: "2026-03-04" },
        { 人员编号: "WX01", 姓名: "甲乙", 开始日期: "2026-05-06", 结束日期: "2026-05-08" },
      ],
    ],
    ["年休假计划", [{ 年度: 2026, 单位: "县财政局", 备案日期: "2026-03-20" }]],
    ["体检", [{ 年度: 2026, 单位: "县财政局", 参检人数: 20 }]],
    [
      "培训",
      [
        {
          日期: "2026-04-01",
          单位: "县财政局",
          形式: "请进来",
          内容: '=HYPERLINK("http://x")',
          参加人数: 12,
        },
      ],
    ],
    [
      "谈心谈话",
      [
        {
          日期: "2026-04-02",
          单位: "县人民医院",
          类型: "走访慰问",
          事由: "+1",
          跟进日期: "2026-05-01",
        },
      ],
    ],
    [
      "考核",
      [
        {
          年度: 2026,
          人员编号: "WX02",
          姓名: "丙丁",
          单位: "县人民医院",
          绿色通道条件: "突出贡献、零信访无事故",
          最终等次: "优秀",
        },
      ],
    ],
    ["单位考核", [{ 年度: 2026, 单位: "县财政局", 目标责任考核得分: "95.5" }]],
    // A day of a year the built-in calendar knows (a partly typed unknown year is a problem).
    ["节假日", [{ 日期: "2026-01-01", 类型: "休", 名称: "元旦" }]],
  ]);
  edit?.(wb);
  return sampleAsGrids(wb, SHEETS);
}

const check = (grids: Map<string, Grid>) => checkWorkbook((s) => grids.get(s) ?? null);
const where = (problems: ReturnType<typeof check>) =>
  problems.map((p) => [p.sheet, p.row, p.column]);

describe("checkWorkbook", () => {
  it("finds nothing wrong in a valid workbook (formula-like text is just text)", () => {
    expect(check(workbook())).toEqual([]);
  });

  it("reports a duplicate 人员编号", () => {
    const problems = check(
      workbook((wb) => wb.get("人员")!.push({ ...wb.get("人员")![0], 姓名: "甲乙", 身份证号: "" })),
    );
    expect(where(problems)).toEqual([["人员", 4, "人员编号"]]);
    expect(problems[0].message).toBe("人员编号“WX01”与第 2 行重复，每人应有唯一编号");
  });

  it("reports a 人员编号 that 人员 lacks in 奖励, 年休假, 休假记录 and 考核", () => {
    const problems = check(
      workbook((wb) => {
        wb.get("奖励")![0].人员编号 = "WX99";
        wb.get("年休假")![0].人员编号 = "WX98";
        wb.get("休假记录")![1].人员编号 = "WX97";
        wb.get("考核")![0].人员编号 = "WX96";
      }),
    );
    expect(where(problems)).toEqual([
      ["奖励", 2, "人员编号"],
      ["年休假", 2, "人员编号"],
      ["休假记录", 3, "人员编号"],
      ["考核", 2, "人员编号"],
    ]);
    expect(problems[0].message).toBe(
      "人员编号“WX99”不在「人员」工作表中，请核对编号或先在「人员」登记",
    );
  });

  it("reports a name that disagrees with the 人员编号", () => {
    const problems = check(workbook((wb) => (wb.get("奖励")![0].姓名 = "甲丙")));
    expect(where(problems)).toEqual([["奖励", 2, "姓名"]]);
    expect(problems[0].message).toBe("姓名“甲丙”与人员编号 WX01 在「人员」中的姓名“甲乙”不一致");
  });

  it("reports a leave record that ends before it starts", () => {
    const problems = check(workbook((wb) => (wb.get("休假记录")![1].结束日期 = "2026-05-01")));
    expect(where(problems)).toEqual([["休假记录", 3, "结束日期"]]);
    expect(problems[0].message).toBe("结束日期早于开始日期，结束日期应不早于开始日期");
  });

  it("reports overlapping leave records of the same person", () => {
    const problems = check(
      workbook((wb) =>
        wb
          .get("休假记录")!
          .push({ 人员编号: "WX01", 姓名: "甲乙", 开始日期: "2026-03-04", 结束日期: "2026-03-06" }),
      ),
    );
    expect(where(problems)).toEqual([["休假记录", 4, "开始日期"]]);
    expect(problems[0].message).toBe(
      "与第 2 行（2026-03-02 至 2026-03-04）的休假时间重叠，同一人的休假记录不能重叠",
    );
  });

  it("reports an ID number with a wrong check digit", () => {
    const problems = check(workbook((wb) => (wb.get("人员")![0].身份证号 = ID_BAD)));
    expect(where(problems)).toEqual([["人员", 2, "身份证号"]]);
    expect(problems[0].message).toBe("身份证号校验码不正确（GB 11643），请核对号码");
  });

  it("reports 2026-02-30 and words where a number belongs", () => {
    const problems = check(
      workbook((wb) => {
        wb.get("奖励")![0].批准日期 = "2026-02-30";
        wb.get("体检")![0].参检人数 = "二十人左右";
      }),
    );
    expect(where(problems)).toEqual([
      ["奖励", 2, "批准日期"],
      ["体检", 2, "参检人数"],
    ]);
    expect(formatProblems(problems).split("\n")).toEqual([
      "「奖励」第 2 行「批准日期」：批准日期“2026-02-30”不是真实存在的日期，应为 YYYY-MM-DD 格式的有效日期",
      "「体检」第 2 行「参检人数」：参检人数应为数字，收到“二十人左右”",
      "共发现 2 个问题。",
    ]);
  });

  it("reports a unit not in 单位, enum values outside their options and text too long", () => {
    const problems = check(
      workbook((wb) => {
        wb.get("人员")![1].单位 = "县不存在局";
        wb.get("单位")![0].管理权限 = "财政部门";
        wb.get("考核")![0].绿色通道条件 = "突出贡献、关系好";
        wb.get("培训")![0].内容 = "学".repeat(501);
      }),
    );
    expect(where(problems)).toEqual([
      ["单位", 2, "管理权限"],
      ["人员", 3, "单位"],
      ["培训", 2, "内容"],
      ["考核", 2, "绿色通道条件"],
    ]);
    expect(problems[0].message).toBe("管理权限应为 组织部门、人社部门 之一，收到“财政部门”");
    expect(problems[1].message).toContain("单位“县不存在局”不在「单位」工作表中");
    expect(problems[2].message).toBe("内容过长（501字），不能超过500字");
    expect(problems[3].message).toBe(
      "绿色通道条件中的“关系好”不是可选值，应为 省市考核排位前三名、零信访无事故、突出贡献、国家级荣誉，多个用“、”分隔",
    );
  });

  it("reports a missing sheet and a missing required column, suggesting init", () => {
    const grids = workbook();
    grids.delete("体检");
    grids.set("奖励", [
      ["年度", "姓名", "奖励类型"],
      [2026, "甲乙", "嘉奖"],
    ]);
    const problems = check(grids);
    expect(where(problems)).toEqual([
      ["奖励", 1, "人员编号"],
      ["体检", 0, ""],
    ]);
    expect(formatProblem(problems[0])).toBe(
      "「奖励」第 1 行「人员编号」：工作表「奖励」缺少必需的列「人员编号」，请补上该列标题或运行 init 补全表头",
    );
    expect(formatProblem(problems[1])).toBe(
      "「体检」：缺少工作表「体检」，请运行 cadre-care init（表格中为菜单“初始化/检查表格”）补全工作表和表头",
    );
  });

  it("sorts problems by sheet order, row and column", () => {
    const problems = check(
      workbook((wb) => {
        wb.get("考核")![0].最终等次 = "很好";
        wb.get("人员")![1].参加工作时间 = "去年";
        wb.get("人员")![0].人员类别 = "临时工";
      }),
    );
    expect(where(problems)).toEqual([
      ["人员", 2, "人员类别"],
      ["人员", 3, "参加工作时间"],
      ["考核", 2, "最终等次"],
    ]);
  });
});

describe("checkWorkbook: 年休假 rows the law reads differently", () => {
  const leave = (rows: SampleRow[]) => workbook((wb) => wb.set("年休假", rows));
  const today = Date.UTC(2026, 10, 26) / 86_400_000;

  it("reports rows of a year before the previous one that rely on 上年度工资收入 (实施办法第八条)", () => {
    const grids = leave([
      { 年度: 2024, 人员编号: "WX01", 姓名: "甲乙" },
      { 年度: 2024, 人员编号: "WX02", 姓名: "丙丁", "全年工资收入（元）": 90000 },
      { 年度: 2025, 人员编号: "WX01", 姓名: "甲乙" },
      { 年度: 2026, 人员编号: "WX01", 姓名: "甲乙" },
    ]);
    const problems = checkWorkbook((s) => grids.get(s) ?? null, { today }).filter(
      (p) => p.column === "全年工资收入（元）",
    );
    expect(where(problems)).toEqual([["年休假", 2, "全年工资收入（元）"]]);
    expect(problems[0].message).toMatch(/^2024年度的全年工资收入（元）未填写.*第八条.*请补填$/);
    // without a day to measure by, nothing is reported
    expect(check(grids).filter((p) => p.column === "全年工资收入（元）")).toEqual([]);
  });

  it("points out 事假 above 应休 (under 20 days) with 工作需要, quoting 第九条(二)", () => {
    const grids = leave([
      { 年度: 2026, 人员编号: "WX01", 姓名: "甲乙", "事假（天）": 12, 应休天数: 10, 未休天数: 10 },
      // nothing unused, nothing paid: nothing to point out
      { 年度: 2021, 人员编号: "WX01", 姓名: "甲乙", "事假（天）": 12, 应休天数: 10, 未休天数: 0 },
      {
        年度: 2025,
        人员编号: "WX01",
        姓名: "甲乙",
        "事假（天）": 12,
        应休天数: 10,
        未休原因: "单位已安排",
      },
      { 年度: 2024, 人员编号: "WX01", 姓名: "甲乙", "事假（天）": 10, 应休天数: 10 },
      { 年度: 2023, 人员编号: "WX01", 姓名: "甲乙", "事假（天）": 20, 应休天数: 0 },
      {
        年度: 2022,
        人员编号: "WX02",
        姓名: "丙丁",
        "事假（天）": 6,
        应休天数: 5,
        未休天数: 5,
        未休原因: "工作需要",
      },
    ]);
    const problems = check(grids);
    expect(where(problems)).toEqual([
      ["年休假", 2, "未休原因"],
      ["年休假", 7, "未休原因"],
    ]);
    expect(problems[0].message).toContain("事假 12 天超过应休天数 10 天但不足20天");
    expect(problems[0].message).toContain("请改为“单位已安排”");
    expect(problems[0].message).toContain(
      "第九条(二)：已安排年休假，工作人员未休且请事假累计已超过本人应休年休假天数，但不足20天的",
    );
  });
});

describe("checkWorkbook: leave carried into the next year (条例第五条)", () => {
  it("accepts a record of 所属年度 Y that starts in Y+1, not later, and not before Y", () => {
    const grids = workbook((wb) =>
      wb.set("休假记录", [
        {
          人员编号: "WX01",
          姓名: "甲乙",
          开始日期: "2026-01-06",
          结束日期: "2026-01-07",
          所属年度: 2025,
        },
        {
          人员编号: "WX01",
          姓名: "甲乙",
          开始日期: "2027-01-05",
          结束日期: "2027-01-05",
          所属年度: 2025,
        },
        {
          人员编号: "WX01",
          姓名: "甲乙",
          开始日期: "2025-03-03",
          结束日期: "2025-03-03",
          所属年度: 2026,
        },
        { 人员编号: "WX01", 姓名: "甲乙", 开始日期: "2025-03-04", 结束日期: "2025-03-04" },
      ]),
    );
    const problems = check(grids).filter((p) => p.sheet === "休假记录");
    expect(where(problems)).toEqual([
      ["休假记录", 3, "开始日期"],
      ["休假记录", 4, "所属年度"],
    ]);
    expect(problems[0].message).toContain("只能跨1个年度安排（条例第五条、实施办法第六条）");
  });
});

describe("checkWorkbook: a partly typed holiday year (节假日)", () => {
  const holidays = (rows: { 日期: string; 类型: string; 名称: string }[]) =>
    check(workbook((wb) => wb.set("节假日", rows))).filter((p) => p.sheet === "节假日");
  const days = (year: number, n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      日期: `${year}-${String(1 + Math.floor((from + i) / 28)).padStart(2, "0")}-${String(1 + ((from + i) % 28)).padStart(2, "0")}`,
      类型: "休",
      名称: "节日",
    }));

  it("names a year the built-in calendar lacks, typed with fewer 休 days than 23, and its count", () => {
    const problems = holidays([
      { 日期: "2026-10-08", 类型: "休", 名称: "国庆节" }, // a known year: not judged
      { 日期: "2027-01-01", 类型: "休", 名称: "元旦" },
      { 日期: "2027-02-06", 类型: "班", 名称: "春节调休上班" },
      ...days(2028, 22),
      ...days(2029, 23),
    ]);
    expect(where(problems)).toEqual([
      ["节假日", 3, "日期"],
      ["节假日", 5, "日期"],
    ]);
    expect(problems[0].message).toMatch(/^2027年只填了 1 个放假（休）日，.*至少有 23 个/);
    expect(problems[1].message).toMatch(/^2028年只填了 22 个放假（休）日/);
  });
});
