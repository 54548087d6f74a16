import { describe, expect, it } from "vitest";
import { runFormula } from "../../src/formulas/catalog";
import { broadcast } from "../../src/formulas/grid";
import type { Arg } from "../../src/formulas/grid";
import { dayFromYmd, instantFromDay } from "../../src/rules/dates";

const ctx = { today: dayFromYmd(2026, 11, 26) };
const run = (name: string, ...args: Arg[]) => runFormula(name, ctx, args);
const col = (...values: Arg[]) => values.map((v) => [v]) as Arg;
const shanghai = (y: number, m: number, d: number) => instantFromDay(dayFromYmd(y, m, d));

describe("broadcast", () => {
  it("keeps the range's shape, broadcasts single values and isolates bad rows", () => {
    const out = broadcast([[[1], [2], ["x"]], 10], ([a, b]) => {
      if (typeof a !== "number") throw new Error("坏");
      return a * (b as number);
    });
    expect(out).toEqual([[10], [20], ["错误：无法计算（坏），请检查本行输入"]]);
  });

  it("reports ranges of different sizes instead of guessing", () => {
    expect(
      broadcast(
        [
          [[1], [2]],
          [[1], [2], [3]],
        ],
        () => 0,
      ),
    ).toMatch(/^错误：各区域大小不一致/);
  });
});

describe("AWARD_BONUS", () => {
  it("computes a whole column with blanks and errors in their own rows", () => {
    const out = run(
      "AWARD_BONUS",
      col(
        "嘉奖",
        "记三等功",
        "",
        "二等功",
        " 一等功 ",
        "授予国家荣誉称号",
        "记大功",
        "记功",
        "记大功",
      ),
      col("公务员", "参公管理", "", "", "公务员", "公务员", "事业单位", "事业单位", "公务员"),
    );
    expect(out).toEqual([
      [1500],
      [3000],
      [""],
      [6000],
      [12000],
      [20000],
      [6000],
      [3000],
      [expect.stringMatching(/^错误：.*记大功/)],
    ]);
  });

  it("takes a single value and returns a single value", () => {
    expect(run("AWARD_BONUS", "嘉奖")).toBe(1500);
    expect(run("AWARD_BONUS", "三等功", "事业单位")).toMatch(/^错误：/);
  });

  it("uses the 奖励标准 range over the defaults, with or without its header row", () => {
    const standards = [
      ["人员类别", "奖励类型", "奖金（元）", "参照"],
      ["公务员", "嘉奖", 1800, ""],
      ["事业单位", "记功", "", "记三等功"],
    ];
    expect(run("AWARD_BONUS", col("嘉奖", "记三等功"), "公务员", standards)).toEqual([
      [1800],
      [3000],
    ]);
    expect(run("AWARD_BONUS", "记功", "事业单位", standards.slice(1))).toBe(3000);
  });

  it("gives every row the reason when the standards range is bad", () => {
    const out = run("AWARD_BONUS", col("嘉奖", "记三等功"), "公务员", [
      ["公务员", "嘉奖", "很多", ""],
    ]);
    expect(out).toEqual([
      [expect.stringMatching(/^错误：奖励标准第1行/)],
      [expect.stringMatching(/^错误：奖励标准第1行/)],
    ]);
  });
});

describe("WORK_YEARS", () => {
  it("counts whole years on asOf from Dates, text and serial numbers", () => {
    expect(run("WORK_YEARS", "2016-07-01", "2026-06-30")).toBe(9);
    expect(run("WORK_YEARS", shanghai(2016, 7, 1), shanghai(2026, 7, 1))).toBe(10);
    expect(run("WORK_YEARS", 42552 /* 2016-07-01 */, "2026/7/1")).toBe(10);
    expect(run("WORK_YEARS", "2016年7月1日", "2026.6.30")).toBe(9);
  });

  it("defaults asOf to 31 December of the current year", () => {
    expect(run("WORK_YEARS", "2016-12-31")).toBe(10);
    expect(run("WORK_YEARS", "2017-01-01")).toBe(9);
  });

  it("says what is wrong with impossible dates and a start after asOf", () => {
    expect(run("WORK_YEARS", "2026-02-30", "2026-12-31")).toMatch(
      /^错误：参加工作时间“2026-02-30”不是真实存在的日期/,
    );
    expect(run("WORK_YEARS", "2026-13-01")).toMatch(/^错误：/);
    expect(run("WORK_YEARS", "2027-01-01", "2026-12-31")).toMatch(/^错误：/);
    expect(run("WORK_YEARS", "去年")).toMatch(/^错误：参加工作时间应为日期/);
  });
});

describe("LEAVE_DAYS", () => {
  it("gives each tier and the exclusions, row by row", () => {
    const out = run(
      "LEAVE_DAYS",
      col(0.99, 1, 9.99, 10, 19.99, 20, 5, 5, "", "五年"),
      col(0, 0, 0, 0, 0, 0, 2, 0, "", 0),
      col(0, 0, 0, 0, 0, 0, 0, 20, "", 0),
      col(0, 0, 0, 0, 0, 0, 0, 0, "", 0),
    );
    expect(out).toEqual([
      [0],
      [5],
      [5],
      [10],
      [10],
      [15],
      [0],
      [0],
      [""],
      [expect.stringMatching(/^错误：累计工作年限应为数字/)],
    ]);
  });

  it("rejects negative days", () => {
    expect(run("LEAVE_DAYS", 5, 0, -1)).toMatch(/^错误：事假（天）不能为负数/);
  });

  it("takes 寒暑假 off the tier (补足) and counts only 事假 not deducted", () => {
    expect(run("LEAVE_DAYS", 12, 0, 0, 6)).toBe(4);
    expect(run("LEAVE_DAYS", 12, 0, 0, 10)).toBe(0);
    expect(run("LEAVE_DAYS", 22, 0, 0, 10)).toBe(5);
    expect(run("LEAVE_DAYS", 12, 0, 25, 0, 5)).toBe(0);
    expect(run("LEAVE_DAYS", 12, 0, 25, 0, 6)).toBe(10);
    expect(run("LEAVE_DAYS", 12, 0, 3, 0, 4)).toMatch(/^错误：其中扣工资事假/);
  });

  it("is 0 after last year's leave and exclusion, and prorates a 合同制 new hire", () => {
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "是")).toBe(0);
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "否")).toBe(10);
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "也许")).toMatch(
      /^错误：上年度已休后又请假应为 是 或 否/,
    );
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "", "2026-07-01", 2026)).toBe(5);
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "", shanghai(2026, 7, 3), 2026)).toBe(4);
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "", "2025-07-03", 2026)).toBe(10);
    expect(run("LEAVE_DAYS", 12, "", "", "", "", "", "2026-07-03")).toMatch(/^错误：.*年度/);
  });
});

describe("WORKDAYS_CN", () => {
  it("counts the 2024 National Day week as 3 and needs 节假日 rows for an unknown year", () => {
    expect(run("WORKDAYS_CN", "2024-09-28", "2024-10-08")).toBe(3);
    expect(run("WORKDAYS_CN", "2027-01-04", "2027-01-08")).toMatch(/^错误：2027年的节假日安排未知/);
    const calendar = [
      ["日期", "类型", "名称"],
      ["2027-01-01", "休", "元旦"],
    ];
    expect(run("WORKDAYS_CN", "2027-01-04", "2027-01-08", calendar)).toBe(5);
  });

  it("handles blank rows, half-filled rows and an end before the start", () => {
    expect(
      run(
        "WORKDAYS_CN",
        col("2025-03-03", "", "2025-03-03", "2025-03-09"),
        col("2025-03-09", "", "", "2025-03-03"),
      ),
    ).toEqual([
      [5],
      [""],
      [expect.stringMatching(/^错误：结束日期为空/)],
      [expect.stringMatching(/^错误：结束日期 2025-03-03 早于开始日期/)],
    ]);
  });

  it("rejects a 节假日 row with an unknown type", () => {
    expect(run("WORKDAYS_CN", "2025-03-03", "2025-03-09", [["2025-03-03", "假", ""]])).toMatch(
      /^错误：节假日第1行：类型应为 休、班 之一，收到“假”/,
    );
  });
});

describe("leave pay formulas", () => {
  it("DAILY_WAGE divides by 261 and rounds once to the fen", () => {
    expect(run("DAILY_WAGE", 100000)).toBe(383.14); // 383.1417…
    expect(run("DAILY_WAGE", "１２０,０００元")).toBe(459.77); // 459.770…
    expect(run("DAILY_WAGE", 100000, 250)).toBe(400);
    expect(run("DAILY_WAGE", "很多")).toMatch(/^错误：工资收入（元）应为数字/);
    expect(run("DAILY_WAGE", 8700, 21.75)).toBe(400); // 合同制: monthly wage ÷ 21.75
  });

  it("UNUSED_LEAVE_PAY is 300 % and UNUSED_LEAVE_EXTRA 200 %, 0 for 本人申请", () => {
    expect(run("UNUSED_LEAVE_PAY", 383.14, 5)).toBe(5747.1);
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5)).toBe(3831.4);
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5, "本人申请")).toBe(0);
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5, "随便")).toMatch(/^错误：/);
    expect(run("UNUSED_LEAVE_PAY", 383.14, -1)).toMatch(/^错误：/);
    expect(run("UNUSED_LEAVE_PAY", col(383.14, ""), col(2, ""))).toEqual([[2298.84], [""]]);
  });

  it("UNUSED_LEAVE_EXTRA owes 200 % for 工作需要 whatever the 事假; 第九条(二) only for 单位已安排", () => {
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5, "工作需要", 8, 5)).toBe(3831.4);
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5, "工作需要", 4, 5)).toBe(3831.4);
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5, "单位已安排", 8, 5)).toBe(0);
    expect(run("UNUSED_LEAVE_EXTRA", 383.14, 5, "单位已安排", 4, 5)).toBe(3831.4);
  });

  it("UNUSED_LEAVE_PAY is the normal wage only for 本人申请 (第九条(一))", () => {
    expect(run("UNUSED_LEAVE_PAY", 383.14, 5, "本人申请")).toBe(1915.7);
    expect(run("UNUSED_LEAVE_PAY", 383.14, 5, "单位已安排", 8, 5)).toBe(1915.7);
    expect(run("UNUSED_LEAVE_PAY", 383.14, 5, "工作需要", 8, 5)).toBe(5747.1);
  });

  it("LEAVE_PAY_DUE returns 31 March of the next year as a Date", () => {
    const due = run("LEAVE_PAY_DUE", 2026);
    expect(due).toBeInstanceOf(Date);
    expect((due as Date).getTime()).toBe(shanghai(2027, 3, 31).getTime());
    expect(run("LEAVE_PAY_DUE", "明年")).toMatch(/^错误：年度/);
    const contract = run("LEAVE_PAY_DUE", 2026, "合同制") as Date;
    expect(contract.getTime()).toBe(shanghai(2026, 12, 31).getTime());
  });
});

describe("assessment formulas", () => {
  it("GREEN_CHANNEL gives 优秀, blank, or the accepted values", () => {
    expect(run("GREEN_CHANNEL", col("突出贡献", "", "零信访无事故、国家级荣誉", "表现好"))).toEqual(
      [["优秀"], [""], ["优秀"], [expect.stringMatching(/^错误：.*省市考核排位前三名/)]],
    );
  });

  it("EXCELLENT_QUOTA gives 20 %, or 25 % to the top 10 %, with 参数 overrides", () => {
    expect(run("EXCELLENT_QUOTA", col(40, 40, 40), col(1, 2, 3), 20)).toEqual([[10], [10], [8]]);
    const params = [
      ["参数", "值", "说明"],
      ["优秀比例", "15%", ""],
      ["优秀名额取整", "四舍五入", ""],
    ];
    expect(run("EXCELLENT_QUOTA", 30, 5, 20, params)).toBe(5); // 4.5 → 5
    expect(run("EXCELLENT_QUOTA", 30, 21, 20)).toMatch(/^错误：/);
  });
});

it("an unknown formula name is an error text, not an exception", () => {
  expect(run("NO_SUCH")).toMatch(/^错误：/);
});

describe("GREEN_CHANNEL with 处分或诫勉 and 试用期", () => {
  it("rules out 优秀 row by row, whatever the conditions", () => {
    expect(
      run(
        "GREEN_CHANNEL",
        col("突出贡献", "突出贡献", "突出贡献", "", ""),
        col("", "警告", "记过", "诫勉", ""),
        col("否", "", "", "", "是"),
      ),
    ).toEqual([
      ["优秀"],
      ["不得确定为优秀（受警告处分）"],
      ["不确定等次（受记过处分）"],
      ["不得确定为优秀（诫勉）"],
      ["不确定等次（试用期）"],
    ]);
    expect(run("GREEN_CHANNEL", "", "", "")).toBe("");
  });

  it("AWARD_BONUS knows 授予称号", () => {
    expect(run("AWARD_BONUS", "授予称号", "参公管理")).toBe(20000);
    expect(run("AWARD_BONUS", "授予称号", "事业单位")).toMatch(/^错误：.*请在奖励标准中补充/);
  });
});
