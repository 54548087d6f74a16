/**
 * The use cases only the dialogs need ship in the dialogs' pages (dist/dialog-*.html), not in
 * dist/Code.js, which Apps Script loads for every custom-function call (src/gas/dialog/server.ts).
 * Each page is one inline script that a browser can parse; a text only that use case writes
 * shows where its code went.
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";

/** A message only each dialog's use case has, and the page it must be in. */
const MOVED: [page: string, text: string][] = [
  ["dialog-holidays", "没有找到通知的标题"], // src/records/holidayNotice.ts
  ["dialog-roster", "花名册的前 10 行中没有找到表头"], // src/workflows/importRoster.ts
  ["dialog-roster", "人员身份"], // src/records/roster.ts (an alias of 人员类别)
  ["dialog-new-year", "年度的行已齐全"], // src/workflows/newYear.ts
  ["dialog-setup", "检查通过，没有发现问题"], // src/gas/dialog/client/setup.ts over workflows/check
  ["dialog-awards", "奖励建议："], // acceptAwardSuggestions (src/workflows/awards.ts)
  ["dialog-recompute", "连续三年考核优秀"], // awardSuggestions over src/rules/awards.ts
  ["dialog-setup", "干部关怀激励工作仪表盘"], // dashboardGrid (src/gas/dashboard.ts)
  ["dialog-units-sync", "（台账中未删除，请核实）"], // formatReport (src/workflows/units.ts)
  ["dialog-units-create", "并共享给各单位联系邮箱"], // describeUnitRun (src/gas/unitsReport.ts)
  ["dialog-remind", "今天没有需要发送的提醒"], // describeRun (src/workflows/remind.ts)
  ["dialog-remind", "未填写联系邮箱、无法提醒的单位"], // describeRun
  ["dialog-triggers", "是否改由您安装"], // src/gas/dialog/client/triggers.ts
  ["dialog-setup", "已填写的日期不变"], // setupText (src/gas/dialog/client/setup.ts)
];

let code = "";
beforeAll(() => {
  build();
  code = readFileSync("dist/Code.js", "utf8");
});

describe("the dialogs' pages", () => {
  it("hold the use cases that left dist/Code.js", () => {
    for (const [page, text] of MOVED) {
      const html = readFileSync(`dist/${page}.html`, "utf8");
      expect(html, page).toContain(text);
      expect(code.includes(text), `dist/Code.js still has “${text}”`).toBe(false);
    }
  });

  it("are each one page with one inline script that parses, naming no Apps Script service", () => {
    for (const page of new Set(MOVED.map(([p]) => p))) {
      const html = readFileSync(`dist/${page}.html`, "utf8");
      expect(html.startsWith("<!doctype html>"), page).toBe(true);
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      expect(scripts, page).toHaveLength(1);
      expect(() => new vm.Script(scripts[0]), page).not.toThrow();
      // Only google.script.run reaches the server: no server-side service in the browser.
      expect(scripts[0], page).not.toMatch(/\b(SpreadsheetApp|HtmlService|PropertiesService)\./);
    }
  });
});
