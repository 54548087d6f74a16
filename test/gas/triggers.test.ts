import { describe, expect, it } from "vitest";
import { installTriggers, removeTriggers } from "../../src/gas/triggers";
import { createFakeScriptApp } from "../fakes/scriptApp";

const spreadsheet = {} as GoogleAppsScript.Spreadsheet.Spreadsheet;

describe("installTriggers", () => {
  it("installs one daily 08:00 Asia/Shanghai trigger and one onEdit trigger, idempotently", () => {
    const fake = createFakeScriptApp();
    const first = installTriggers({ ScriptApp: fake.ScriptApp, spreadsheet });
    expect(first.installed).toEqual(["dailyDeadlineCheck", "auditEdit"]);
    const second = installTriggers({ ScriptApp: fake.ScriptApp, spreadsheet });
    expect(second.installed).toEqual([]);
    expect(fake.triggers.map((t) => [t.handler, t.kind, t.hour, t.everyDays, t.timeZone])).toEqual([
      ["dailyDeadlineCheck", "clock", 8, 1, "Asia/Shanghai"],
      ["auditEdit", "onEdit", undefined, undefined, undefined],
    ]);
  });

  it("removes duplicates left by an earlier version and keeps others' triggers", () => {
    const fake = createFakeScriptApp();
    fake.triggers.push(
      { handler: "dailyDeadlineCheck", kind: "clock", id: "a" },
      { handler: "dailyDeadlineCheck", kind: "clock", id: "b" },
      { handler: "somebodyElses", kind: "clock", id: "c" },
    );
    const report = installTriggers({ ScriptApp: fake.ScriptApp, spreadsheet });
    expect(report).toEqual({
      installed: ["auditEdit"],
      kept: ["dailyDeadlineCheck"],
      removed: 1,
      installedBy: null,
    });
    expect(fake.triggers.map((t) => t.handler).sort()).toEqual([
      "auditEdit",
      "dailyDeadlineCheck",
      "somebodyElses",
    ]);
    fake.triggers.push({ handler: "continueDocuments", kind: "clock", afterMs: 60_000, id: "d" });
    expect(removeTriggers({ ScriptApp: fake.ScriptApp })).toBe(3);
    expect(fake.triggers.map((t) => t.handler)).toEqual(["somebodyElses"]);
  });
});
