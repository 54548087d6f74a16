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
  "menuDocs",
  "menuInstallTriggers",
  "menuImport",
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
