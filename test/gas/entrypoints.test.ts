/**
 * Every function Sheets calls in dist/Code.js, started as Sheets starts it, under the scope
 * guard of test/fakes/scopes.ts: the simple onOpen in AuthMode.LIMITED, each menu item with a
 * UI and the user's consent, each trigger handler without a UI under its installer's consent,
 * and each custom function with no authorization at all.
 */
import { describe, expect, it } from "vitest";
import type { AppsScriptWorld } from "../fakes/appsScript";
import { countyFixture } from "../fakes/county";
import { openDialog } from "../fakes/htmlService";
import { AUTH_REQUIRED, SCOPES } from "../fakes/scopes";
import { dayFromYmd } from "../../src/rules/dates";
import type { FakeRange } from "../fakes/spreadsheetApp";

/** A county spreadsheet holding the embedded sample, as of 2027-03-01 08:00. */
const { bundle, county } = countyFixture(dayFromYmd(2027, 3, 1));

const FAILED = /操作未完成|运行失败|You do not have permission|Cannot call/;

/** The menu as the simple onOpen trigger builds it. */
function menuOf(world: AppsScriptWorld): { caption: string; functionName: string }[] {
  const run = world.run("simple-trigger", () => bundle.onOpen());
  expect(run.error).toBeUndefined();
  const menu = world.sheetsApp.ui.menus.at(-1);
  expect(menu?.name).toBe("干部关怀激励");
  return menu?.items ?? [];
}

describe("menu items, started with a UI and the user's consent", () => {
  it("builds the menu in the simple onOpen trigger (AuthMode.LIMITED)", () => {
    const items = menuOf(county());
    expect(items.map((i) => i.caption)).toEqual(
      expect.arrayContaining(["初始化/检查表格", "检查并发送提醒", "生成文档", "安装定时任务"]),
    );
    for (const item of items)
      expect(typeof bundle[item.functionName], item.caption).toBe("function");
  });

  it("runs every menu item to its dialog, with no permission error", async () => {
    const world = county();
    const items = menuOf(world);
    for (const item of items) {
      world.sheetsApp.ui.answers.push({ button: "OK", text: "2026" });
      const before = world.sheetsApp.ui.alerts.length;
      const dialogs = world.sheetsApp.ui.dialogs.length;
      const run = world.run("menu", () => bundle[item.functionName]());
      expect(run.error, item.caption).toBeUndefined();
      const shown = world.alerts().slice(before);
      // A message, or a dialog page (test/gas/yearly.test.ts drives those pages' scripts).
      const pages = world.sheetsApp.ui.dialogs.slice(dialogs);
      expect(shown.length + pages.length, item.caption).toBeGreaterThan(0);
      for (const page of pages) expect(page.title, item.caption).toBe(item.caption);
      // 检查并发送提醒 sends, 安装定时任务 installs from its dialog's server call.
      if (["menuRemind", "menuInstallTriggers"].includes(item.functionName))
        await (await openDialog(world, bundle)).settle();
      for (const alert of shown) expect(alert.join(" "), item.caption).not.toMatch(FAILED);
      // requireAllScopes first: consent is checked before any other service call.
      expect(run.ctx.calls[0], item.caption).toBe("ScriptApp.requireAllScopes");
    }
    // What the items did, as the user would check it.
    expect(world.mail.sent.length).toBeGreaterThan(0);
    expect(world.google.documentsCreated).toBeGreaterThan(0);
    expect(world.scripts.triggers.map((t) => t.handler).sort()).toEqual(
      expect.arrayContaining(["auditEdit", "dailyDeadlineCheck"]),
    );
  });

  it("stops each menu item at Google's authorization prompt when a scope was unticked, changing nothing", () => {
    const world = county();
    const items = menuOf(world);
    const before = JSON.stringify(world.ss.snapshot());
    for (const item of items) {
      for (const unticked of [SCOPES.driveFile, SCOPES.userinfoEmail, SCOPES.sendMail]) {
        const run = world.run("menu", () => bundle[item.functionName](), { unticked: [unticked] });
        expect(run.error?.message, item.caption).toBe(AUTH_REQUIRED);
        expect(run.ctx.prompts, item.caption).toEqual([[unticked]]);
        expect(run.ctx.calls, item.caption).toEqual(["ScriptApp.requireAllScopes"]);
      }
    }
    expect(JSON.stringify(world.ss.snapshot())).toBe(before);
    expect(world.sheetsApp.ui.alerts).toEqual([]);
    expect(world.mail.sent).toEqual([]);
  });

  it("检查并发送提醒 works when Google withholds the user's e-mail (an empty answer)", async () => {
    const world = county();
    world.activeEmail = "";
    const run = world.run("menu", () => bundle.menuRemind());
    expect(run.error).toBeUndefined();
    const dialog = await openDialog(world, bundle);
    expect(dialog.title).toBe("检查并发送提醒");
    await dialog.settle();
    expect(dialog.calls).toEqual(["dialogRemind"]);
    const first = dialog.output();
    expect(first).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日：发送提醒邮件 13 封（单位 11 封，汇总 2 封）。/,
    );
    expect(first).not.toMatch(FAILED);
    expect(first).not.toContain("操作人");
    expect(world.mail.sent).toHaveLength(13);
    world.activeEmail = "hr@weixian.gov.cn";
    world.run("menu", () => bundle.menuRemind());
    const again = await openDialog(world, bundle);
    await again.settle();
    expect(again.output()).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日：今天没有需要发送的提醒（已发送过的不再重复发送）。\n\n操作人：hr@weixian\.gov\.cn$/,
    );
    expect(world.mail.sent).toHaveLength(13);
  });
});

describe("trigger handlers, started without a UI under the installer's consent", () => {
  it("runs the daily check, the document continuation and the onEdit audit", () => {
    const world = county();
    const daily = world.run("trigger", () => bundle.dailyDeadlineCheck());
    expect(daily.error).toBeUndefined();
    expect(daily.ctx.calls).not.toContain("SpreadsheetApp.getUi");
    expect(world.mail.sent.length).toBeGreaterThan(0);

    const cont = world.run("trigger", () => bundle.continueDocuments());
    expect(cont.error).toBeUndefined();

    const people = world.ss.sheet("人员");
    const range = people.getRange(2, 2) as FakeRange;
    const event = { range, value: "张三丰", oldValue: "张三", source: world.ss };
    const audit = world.run("trigger", () => bundle.auditEdit(event));
    expect(audit.error).toBeUndefined();
    const log = world.ss.sheet("日志").getDataRange().getValues();
    expect(log.at(-1)?.slice(1, 6)).toEqual([
      "admin1@example.gov.cn",
      "人员",
      "B2",
      "张三",
      "张三丰",
    ]);
  });

  it("logs 未知 as the editor when Google gives no e-mail, instead of failing", () => {
    const world = county();
    world.activeEmail = "";
    const range = world.ss.sheet("人员").getRange(3, 2) as FakeRange;
    const event = {
      range,
      value: "x",
      oldValue: "y",
      source: world.ss,
      user: { getEmail: () => "" },
    };
    const audit = world.run("trigger", () => bundle.auditEdit(event));
    expect(audit.error).toBeUndefined();
    const log = world.ss.sheet("日志").getDataRange().getValues();
    expect(log.at(-1)?.[1]).toBe("未知");
  });
});

describe("the functions of dist/Code.js", () => {
  it("are all run in this file: the menu's handlers, the triggers, the editor's and the formulas", () => {
    const menu = menuOf(county()).map((i) => i.functionName);
    // Started below as triggers, from the editor, or as onOpen; the formulas are upper-case;
    // dialogRead, dialogWrite, dialogSetup, dialogRecompute and dialogSuggestions by the dialogs'
    // google.script.run (test/gas/yearly.test.ts, test/gas/timezone.test.ts, test/gas/awards.test.ts).
    const others = ["onOpen", "dailyDeadlineCheck", "continueDocuments", "auditEdit"];
    others.push("dialogRead", "dialogWrite", "dialogSetup", "dialogRecompute", "dialogSuggestions");
    others.push("dialogDashboard");
    // The unit spreadsheets' daily sync, continuation and dialogs (test/gas/unitSheets.test.ts).
    others.push("syncUnitSheetsDaily", "continueUnitSheets", "dialogUnits");
    // 检查并发送提醒's dialog (above).
    others.push("dialogRemind", "dialogInstallTriggers"); // test/gas/triggerOwners.test.ts
    const editor = ["installTriggers", "removeTriggers"];
    const entry = Object.keys(bundle).filter((n) => !/^[A-Z][A-Z_]+$/.test(n));
    expect(entry.sort()).toEqual([...menu, ...others, ...editor].sort());
  });
});

describe("functions an administrator runs from the script editor", () => {
  // Run ▶ in the editor: the user's consent and no spreadsheet UI, as a trigger has.
  it("installTriggers installs the one set and removeTriggers takes it away, with no UI", () => {
    const world = county();
    const install = world.run("trigger", () => bundle.installTriggers());
    expect(install.error).toBeUndefined();
    const handlers = () => world.scripts.triggers.map((t) => t.handler).sort();
    expect(handlers()).toEqual(["auditEdit", "dailyDeadlineCheck"]);
    expect(world.run("trigger", () => bundle.installTriggers()).error).toBeUndefined();
    expect(handlers()).toEqual(["auditEdit", "dailyDeadlineCheck"]);
    const remove = world.run("trigger", () => bundle.removeTriggers());
    expect(remove.error).toBeUndefined();
    expect(handlers()).toEqual([]);
    for (const run of [install, remove])
      expect(run.ctx.calls).not.toContain("SpreadsheetApp.getUi");
  });
});

describe("custom functions, started with no authorization", () => {
  const CALLS: [string, unknown[], unknown][] = [
    ["AWARD_BONUS", ["记一等功"], 12000],
    ["WORK_YEARS", ["2016-07-01", "2026-07-01"], 10],
    ["LEAVE_DAYS", [12], 10],
    ["WORKDAYS_CN", ["2024-09-28", "2024-10-08"], 3],
    ["DAILY_WAGE", [100000], 383.14],
    ["UNUSED_LEAVE_PAY", [383.14, 5], 5747.1],
    ["UNUSED_LEAVE_EXTRA", [383.14, 5, "本人申请"], 0],
    ["GREEN_CHANNEL", ["突出贡献"], "优秀"],
    ["EXCELLENT_QUOTA", [40, 1, 20], 10],
  ];

  it("computes every formula without any authorized service", () => {
    const world = county();
    const names = Object.keys(bundle).filter((n) => /^[A-Z][A-Z_]+$/.test(n));
    expect(names.sort()).toEqual([...CALLS.map((c) => c[0]), "LEAVE_PAY_DUE"].sort());
    for (const [name, args, expected] of CALLS) {
      const run = world.run("custom-function", () => bundle[name](...args));
      expect(run.error, name).toBeUndefined();
      expect(run.result, name).toEqual(expected);
    }
    const due = world.run("custom-function", () => bundle.LEAVE_PAY_DUE(2026));
    expect(due.error).toBeUndefined();
    expect(due.result).toBeInstanceOf(Date);
  });
});
