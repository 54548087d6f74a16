/**
 * One lock per job: a document batch (生成文档 and its continuations) takes the spreadsheet's
 * document lock, the reminder check (08:00 trigger, 检查并发送提醒) the script lock. A batch
 * holds its lock for 4.5 of every ~5.5 minutes for as long as it runs; the daily check must
 * never lose its day to it.
 */
import { describe, expect, it } from "vitest";
import type { AppsScriptWorld } from "../fakes/appsScript";
import { countyFixture } from "../fakes/county";
import { dayFromYmd } from "../../src/rules/dates";

const { bundle, county } = countyFixture(dayFromYmd(2026, 12, 1));

describe("the daily check and a document batch", () => {
  it("sends the day's reminders at 08:00 while a document batch is running", () => {
    const world = county();
    let daily: ReturnType<AppsScriptWorld["run"]> | null = null;
    let lockedDuringBatch: boolean | null = null;
    // The 08:00 trigger fires while the batch is writing its first document.
    world.google.drive.afterCreate = (file) => {
      if (daily || file.mimeType !== "application/vnd.google-apps.document") return;
      lockedDuringBatch = world.locks.documentHeld();
      daily = world.run("trigger", () => bundle.dailyDeadlineCheck());
    };
    world.sheetsApp.ui.answers.push({ button: "OK", text: "2026" });
    const batch = world.run("menu", () => bundle.menuDocs());
    expect(batch.error).toBeUndefined();
    expect(lockedDuringBatch).toBe(true);
    expect(daily).not.toBeNull();
    expect(daily!.error).toBeUndefined();
    // It waited for nobody: its lock was free, and it sent that day's reminders.
    expect(world.locks.refused).toBe(0);
    expect(world.mail.sent.length).toBeGreaterThan(0);
    const log = world.ss.sheet("提醒").getDataRange().getValues();
    expect(log.slice(1).some((r) => r.includes("已发送"))).toBe(true);
    expect(world.alerts().at(-1)?.[1]).toMatch(/^已生成 \d+ 份文档/);
    expect(world.locks.held()).toBe(false);
    expect(world.locks.documentHeld()).toBe(false);
  });

  it("still keeps two document batches apart", () => {
    const world = county();
    let second: string | null = null;
    world.google.drive.afterCreate = (file) => {
      if (second !== null || file.mimeType !== "application/vnd.google-apps.document") return;
      world.sheetsApp.ui.answers.push({ button: "OK", text: "2026" });
      const before = world.sheetsApp.ui.alerts.length;
      world.run("menu", () => bundle.menuDocs());
      second = String(world.sheetsApp.ui.alerts[before]?.[1]);
    };
    world.sheetsApp.ui.answers.push({ button: "OK", text: "2026" });
    world.run("menu", () => bundle.menuDocs());
    expect(second).toBe("另一项操作（生成文档或发送提醒）正在进行，请稍后再试。");
  });
});
