import { readFileSync } from "node:fs";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";

const FORMULAS = [
  "AWARD_BONUS",
  "WORK_YEARS",
  "LEAVE_DAYS",
  "WORKDAYS_CN",
  "DAILY_WAGE",
  "UNUSED_LEAVE_PAY",
  "UNUSED_LEAVE_EXTRA",
  "LEAVE_PAY_DUE",
  "GREEN_CHANNEL",
  "EXCELLENT_QUOTA",
];

let code = "";
let sheets: vm.Context;

beforeAll(() => {
  build();
  code = readFileSync("dist/Code.js", "utf8");
  // A bare context: no require, process, Buffer or any other Node global, as in Apps Script.
  sheets = vm.createContext({});
  vm.runInContext(code, sheets, { filename: "Code.js" });
});

const call = (name: string, ...args: unknown[]): unknown => {
  const fn = sheets[name] as (...a: unknown[]) => unknown;
  return fn(...args);
};
const isDate = (v: unknown) => Object.prototype.toString.call(v) === "[object Date]";

/** Every function Sheets calls by name: menu items, triggers (installed and one-off). */
const ENTRY_POINTS = [
  "onOpen",
  "menuSetup",
  "menuRecompute",
  "menuAcceptAwards",
  "menuRemind",
  "dialogRemind",
  "menuDocs",
  "menuInstallTriggers",
  "dialogInstallTriggers",
  "menuImport",
  "menuNewYear",
  "menuImportHolidays",
  "dailyDeadlineCheck",
  "auditEdit",
  "continueDocuments",
];

describe("dist/Code.js as Apps Script loads it", () => {
  it("declares every menu item and trigger handler as a top-level function", () => {
    for (const name of ENTRY_POINTS) {
      expect(code, name).toMatch(new RegExp(`\\nfunction ${name}\\(`));
      expect(typeof sheets[name], name).toBe("function");
    }
  });

  it("carries only the unit spreadsheets' 说明 words, not the .xlsx files' (src/local)", () => {
    expect(code).toContain("不必下载或发送文件");
    expect(code).not.toContain("保存为 .xlsx");
    expect(code).not.toContain("请在主管部门通知的日期前交回");
  });

  it("declares every formula as a top-level function with a @customfunction JSDoc block", () => {
    for (const name of FORMULAS) {
      const declaration = new RegExp(`\\* @customfunction\\n \\*/\\nfunction ${name}\\(`);
      expect(code, name).toMatch(declaration);
      expect(typeof sheets[name], name).toBe("function");
    }
    expect(code).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\./);
  });

  it("has Chinese descriptions and @param lines in the JSDoc", () => {
    const block = code.slice(
      code.indexOf("/**", code.indexOf("按魏字") - 10),
      code.indexOf("function AWARD_BONUS("),
    );
    expect(block).toContain("@param {*} award 奖励类型");
    expect(block).toContain("@param {*} [category]");
  });

  it("computes single values", () => {
    expect(call("AWARD_BONUS", "记一等功")).toBe(12000);
    expect(call("WORK_YEARS", "2016-07-01", "2026-07-01")).toBe(10);
    expect(call("LEAVE_DAYS", 12)).toBe(10);
    expect(call("WORKDAYS_CN", "2024-09-28", "2024-10-08")).toBe(3);
    expect(call("DAILY_WAGE", 100000)).toBe(383.14);
    expect(call("UNUSED_LEAVE_PAY", 383.14, 5)).toBe(5747.1);
    expect(call("UNUSED_LEAVE_EXTRA", 383.14, 5, "本人申请")).toBe(0);
    const due = call("LEAVE_PAY_DUE", 2026) as Date;
    expect(isDate(due)).toBe(true);
    expect(due.toISOString()).toBe("2027-03-30T16:00:00.000Z"); // midnight 2027-03-31 in Shanghai
    expect(call("GREEN_CHANNEL", "突出贡献")).toBe("优秀");
    expect(call("EXCELLENT_QUOTA", 40, 1, 20)).toBe(10);
  });

  it("computes 2-D ranges, with Dates made in Sheets' own realm", () => {
    const SheetsDate = vm.runInContext("Date", sheets) as DateConstructor;
    const start = new SheetsDate(Date.UTC(2016, 6, 1) - 8 * 3600_000);
    expect(call("WORK_YEARS", [[start], [""], ["2020-02-30"]], "2026-07-01")).toEqual([
      [10],
      [""],
      [expect.stringMatching(/^错误：/)],
    ]);
    expect(call("AWARD_BONUS", [["嘉奖", "记功"]], [["公务员", "事业单位"]])).toEqual([
      [1500, 3000],
    ]);
    expect(call("GREEN_CHANNEL", [["突出贡献"], ["x"], [""]])).toEqual([
      ["优秀"],
      [expect.stringMatching(/^错误：/)],
      [""],
    ]);
    const dues = call("LEAVE_PAY_DUE", [[2025], [""]]) as unknown[][];
    expect(isDate(dues[0][0])).toBe(true);
    expect(dues[1][0]).toBe("");
  });

  it("never throws, whatever it is given", () => {
    const junk = [undefined, null, "", "=1+1", -5, 1e308, [[{}]], [[1], [2, 3]], true];
    for (const name of FORMULAS) {
      for (const value of junk) {
        expect(() => call(name, value, value, value), `${name}(${String(value)})`).not.toThrow();
      }
    }
  });
});

describe("the rules as the law writes them, through dist/Code.js (issue 12)", () => {
  it("LEAVE_DAYS: 寒暑假 补足 (实施办法第五条), 事假 not deducted (条例第四条(二)), 第四条 next year, 合同制", () => {
    expect(call("LEAVE_DAYS", 12, 0, 0, 6)).toBe(4);
    expect(call("LEAVE_DAYS", 12, 0, 0, 10)).toBe(0); // as many as the tier: nothing left
    expect(call("LEAVE_DAYS", 12, 0, 0, 11)).toBe(0); // 多于年休假天数 (第四条(一))
    expect(call("LEAVE_DAYS", 22, 0, 0, 10)).toBe(5);
    expect(call("LEAVE_DAYS", 12, 0, 25, 0, 5)).toBe(0); // 20 days not deducted
    expect(call("LEAVE_DAYS", 12, 0, 25, 0, 6)).toBe(10); // 19
    expect(call("LEAVE_DAYS", 12, "", "", "", "", "是")).toBe(0); // 实施办法第四条
    // 企业办法第五条: (剩余日历天数 ÷ 365) × 10, fractions dropped.
    expect(call("LEAVE_DAYS", 12, "", "", "", "", "", "2026-07-01", 2026)).toBe(5);
    expect(call("LEAVE_DAYS", 12, "", "", "", "", "", "2026-07-03", 2026)).toBe(4);
  });

  it("WORK_YEARS refuses a start after its 计算日期; the pay formulas follow 第七、九条 and 企业办法", () => {
    expect(call("WORK_YEARS", "2027-03-01", "2026-12-31")).toMatch(/^错误：/);
    expect(call("DAILY_WAGE", 8700, 21.75)).toBe(400);
    expect(call("UNUSED_LEAVE_PAY", 383.14, 5, "本人申请")).toBe(1915.7); // 第九条(一)
    expect(call("UNUSED_LEAVE_EXTRA", 383.14, 5, "本人申请")).toBe(0);
    expect(call("UNUSED_LEAVE_EXTRA", 383.14, 5, "工作需要", 8, 5)).toBe(3831.4);
    expect(call("UNUSED_LEAVE_EXTRA", 383.14, 5, "单位已安排", 8, 5)).toBe(0); // 第九条(二)
    expect(call("UNUSED_LEAVE_EXTRA", 383.14, 5, "单位已安排", 4, 5)).toBe(3831.4);
    const due = call("LEAVE_PAY_DUE", 2026, "合同制") as Date;
    expect(due.toISOString()).toBe("2026-12-30T16:00:00.000Z"); // 企业办法第十条: 本年度内
  });

  it("AWARD_BONUS 授予称号 and GREEN_CHANNEL's sanctions and 试用期", () => {
    expect(call("AWARD_BONUS", "授予称号", "公务员")).toBe(20000);
    expect(call("AWARD_BONUS", "授予称号", "事业单位")).toMatch(/^错误：.*奖励标准/);
    expect(call("GREEN_CHANNEL", "突出贡献", "警告")).toBe("不得确定为优秀（受警告处分）");
    expect(call("GREEN_CHANNEL", "突出贡献", "记过")).toBe("不确定等次（受记过处分）");
    expect(call("GREEN_CHANNEL", "突出贡献", "", "是")).toBe("不确定等次（试用期）");
  });

  it("WORKDAYS_CN works 2005-12-31 and still counts a partly typed year", () => {
    expect(call("WORKDAYS_CN", "2005-12-31", "2005-12-31")).toBe(1); // 国办发明电〔2005〕35号
    const onlyNewYear = [
      ["日期", "类型", "名称"],
      ["2027-01-01", "休", "元旦"],
    ];
    expect(call("WORKDAYS_CN", "2027-01-01", "2027-12-31", onlyNewYear)).toBe(260);
  });
});
