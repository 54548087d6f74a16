/**
 * Google's daily quotas as design inputs (https://developers.google.com/apps-script/guides/services/quotas):
 * Documents created 250 (consumer) / 1,500 (Google Workspace), e-mail recipients 100 / 1,500,
 * trigger run time 90 min / 6 h. The fakes enforce them with Google's error text.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type AppsScriptWorld, type EntryPoint, TRIGGER_TIME_ERROR } from "../fakes/appsScript";
import { builtBundle, countyWorld as county, sampleSheets } from "../fakes/county";
import { GOOGLE_DOC, QUOTAS } from "../fakes/drive";
import { createFakeDaily } from "../fakes/daily";
import { buildSample, generateCounty, sampleAsGrids } from "../../src/sample/sample";
import { dayFromYmd } from "../../src/rules/dates";
import { runDailyCheck } from "../../src/gas/daily";
import type { SampleWorkbook } from "../../src/sample/sample";
import type { Grid } from "../../src/records/cells";

let bundle: Record<string, EntryPoint>;
beforeAll(() => {
  bundle = builtBundle();
});

/** The sample's sheets as of 2026-12-01. */
const grids = (sample: SampleWorkbook) => sampleSheets(dayFromYmd(2026, 12, 1), sample);

/** The 文档 register as records. */
function register(world: AppsScriptWorld): Record<string, unknown>[] {
  const [header, ...rows] = world.ss.sheet("文档").getDataRange().getValues();
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

function generate(world: AppsScriptWorld, year = "2026") {
  world.sheetsApp.ui.answers.push({ button: "OK", text: year });
  const run = world.run("menu", () => bundle.menuDocs());
  expect(run.error).toBeUndefined();
  return String(world.alerts().at(-1)?.[1]);
}

describe("生成文档 within the daily Documents-created quota", () => {
  it("makes one Google Doc per (type, year) of up to 50 units, a unit per section on a new page", () => {
    const world = county(grids(buildSample()), "consumer");
    const message = generate(world);
    expect(message).toMatch(/^已生成 \d+ 份文档/);
    const rows = register(world);
    // The first run made the template Docs, and says where they are.
    const types = [...new Set(rows.map((r) => String(r.类型)))];
    const made = /新建了模板：(.+)（在云端硬盘“干部关怀激励文档\/模板”中，可直接修改）。/.exec(
      message,
    );
    expect(made?.[1].split("、").sort()).toEqual(types.sort());
    const unitRows = rows.filter((r) => r.单位 !== "全县");
    expect(unitRows.length).toBeGreaterThan(20);
    // Every unit's row links to its type's combined Doc; each Doc holds one section per row.
    const byLink = new Map<string, Record<string, unknown>[]>();
    for (const r of unitRows)
      byLink.set(String(r.链接), [...(byLink.get(String(r.链接)) ?? []), r]);
    for (const [link, members] of byLink) {
      expect(new Set(members.map((m) => m.类型)).size, link).toBe(1);
      const doc = [...world.google.docs.values()].find((d) => d.url === link)!;
      expect(
        doc.elements.filter((e) => e.type === "paragraph" && e.pageBreak),
        link,
      ).toHaveLength(members.length - 1);
    }
    const unitTypes = new Set(unitRows.map((r) => r.类型)).size;
    const notices = rows.length - unitRows.length;
    // And one template Doc per document type, made from templates/*.docx on first use.
    expect(world.google.documentsCreated).toBe(unitTypes + notices + types.length);
    // A second run reuses them: no template made, none named.
    expect(generate(world)).not.toContain("新建了模板");
    // Again: every Doc is rewritten in place, none created.
    const created = world.google.documentsCreated;
    generate(world);
    expect(world.google.documentsCreated).toBe(created);
    expect(register(world).map((r) => r.链接)).toEqual(rows.map((r) => r.链接));
  });

  it("fits a county of 300 units into a fraction of one day's quota", () => {
    const world = county(
      grids(generateCounty({ units: 300, staff: 1800, leaveRecords: 0, seed: 7 })),
      "workspace",
    );
    generate(world);
    const rows = register(world);
    const units = rows.filter((r) => r.单位 !== "全县");
    expect(units.length).toBeGreaterThan(1000); // one per unit and form: 1,502 per-unit Docs
    // 5 forms × ⌈300 / 50⌉ + 2 notices = 32 Docs, and the 7 template Docs made on first use:
    // 3 % of Workspace's 1,500, 16 % of 250.
    expect(world.google.documentsCreated).toBeLessThanOrEqual(32 + 7);
    expect(world.google.documentsCreated).toBeLessThan(QUOTAS.consumer.documentsCreated / 5);
    // A budget, not a speed check: the fake Docs API recomputes a Doc's indexes for every edit
    // of the batch (78–125 s measured on this machine).
  }, 600_000);
});

describe("a batch stopped by Google's daily quota", () => {
  it("keeps its place, lists what is pending, and resumes the next day creating nothing twice", () => {
    const data = grids(buildSample());
    // The reference run, with quota to spare.
    const reference = county(data);
    generate(reference);
    const expected = register(reference).map((r) => [r.类型, r.年度, r.单位]);
    const docs = reference.google.documentsCreated;

    // Today only 3 more Google Docs may be created (the account made others earlier).
    const world = county(data);
    world.google.drive.documentsLeft = 3;
    const message = generate(world);
    expect(message).toContain("今日 Google 文档创建配额已用完");
    expect(message).toContain("已在「文档」中登记为“待生成”");
    expect(world.google.documentsCreated).toBe(3);
    let rows = register(world);
    const pending = rows.filter((r) => String(r.链接).startsWith("待生成"));
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((r) => r.生成时间 === "" || r.生成时间 === null)).toBe(true);
    // A continuation 3 hours later, not a minute.
    const next = world.scripts.triggers.filter((t) => t.handler === "continueDocuments");
    expect(next.map((t) => t.afterMs)).toEqual([3 * 3_600_000]);

    // Same day, 3 hours later: still refused; nothing created, nothing lost.
    const again = world.run("trigger", () => bundle.continueDocuments());
    expect(again.error).toBeUndefined();
    expect(world.google.documentsCreated).toBe(3);

    // The next day the quota is back: the batch finishes.
    world.newDay();
    const done = world.run("trigger", () => bundle.continueDocuments());
    expect(done.error).toBeUndefined();
    rows = register(world);
    expect(rows.filter((r) => String(r.链接).startsWith("待生成"))).toEqual([]);
    expect(rows.map((r) => [r.类型, r.年度, r.单位]).sort()).toEqual([...expected].sort());
    // Exactly the Docs one uninterrupted run makes: nothing created twice, no section twice.
    expect(world.google.documentsCreated).toBe(docs);
    for (const doc of world.google.docs.values()) {
      const members = rows.filter((r) => r.链接 === doc.url);
      if (members.length === 0) continue;
      expect(
        doc.elements.filter((e) => e.type === "paragraph" && e.pageBreak),
        doc.name,
      ).toHaveLength(members.length - 1);
    }
    expect(world.scripts.triggers.filter((t) => t.handler === "continueDocuments")).toEqual([]);
    expect(world.google.drive.live(GOOGLE_DOC)).toHaveLength(docs);
  });
});

describe("a day whose trigger run time is used up", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loses the batch's continuation, and the next day's 08:00 check starts it again", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T10:00:00+08:00"));
    const data = grids(buildSample());
    const reference = county(data);
    generate(reference);
    const docs = reference.google.documentsCreated;

    const world = county(data, "consumer");
    world.google.drive.documentsLeft = 3;
    generate(world);
    // 3 hours later the continuation is due, but the account's 90 trigger minutes are spent:
    // Google does not start it, and the one-off trigger is gone.
    vi.setSystemTime(new Date("2026-12-01T13:00:00+08:00"));
    world.triggerMsUsed = QUOTAS.consumer.triggerRuntimeMs;
    expect(world.run("trigger", () => bundle.continueDocuments()).error?.message).toBe(
      TRIGGER_TIME_ERROR,
    );
    world.scripts.triggers.splice(
      0,
      world.scripts.triggers.length,
      ...world.scripts.triggers.filter((t) => t.handler !== "continueDocuments"),
    );

    // Next day: quotas are back; the daily check sees the stalled batch and schedules it.
    world.newDay();
    vi.setSystemTime(new Date("2026-12-02T08:00:00+08:00"));
    expect(world.run("trigger", () => bundle.dailyDeadlineCheck()).error).toBeUndefined();
    const revived = world.scripts.triggers.filter((t) => t.handler === "continueDocuments");
    expect(revived.map((t) => t.afterMs)).toEqual([60_000]);
    vi.setSystemTime(new Date("2026-12-02T08:01:00+08:00"));
    expect(world.run("trigger", () => bundle.continueDocuments()).error).toBeUndefined();
    expect(register(world).filter((r) => String(r.链接).startsWith("待生成"))).toEqual([]);
    expect(world.google.documentsCreated).toBe(docs);
  });
});

describe("reminder mail when the day's recipient quota is short", () => {
  it("sends the department summaries and the most urgent unit mails first; the rest wait", () => {
    const start = "2027-03-25T08:00:00+08:00";
    const full = createFakeDaily(sampleAsGrids(buildSample()), { start, quota: 1500 });
    const all = runDailyCheck(full.services);
    const units = all.sent.filter((s) => !s.summary);
    expect(units.length).toBeGreaterThan(4);
    // A mail's urgency: its most pressing item (the most overdue, or the soonest due).
    const urgency = new Map(
      units.map((u) => [
        u.recipient,
        Math.min(...u.carried.map((c) => (c.due === null ? Infinity : c.due - all.today))),
      ]),
    );
    const ranked = [...urgency].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));

    // Quota for the two summaries and three unit mails only (each mail has one recipient).
    const short = createFakeDaily(sampleAsGrids(buildSample()), { start, quota: 5 });
    const some = runDailyCheck(short.services);
    expect(some.sent.filter((s) => s.summary).map((s) => s.recipient)).toEqual([
      "组织部门",
      "人社部门",
    ]);
    expect(some.sent.filter((s) => !s.summary).map((s) => s.recipient)).toEqual(
      ranked.slice(0, 3).map(([unit]) => unit),
    );
    expect(some.deferred.map((d) => d.reason)).toContain("超出今日邮件配额，下次运行时发送");
    const [header, ...log] = short.ss.sheet("提醒").getDataRange().getValues() as Grid;
    const unit = header.indexOf("单位");
    const waiting = new Set(log.filter((r) => r.includes("待发送")).map((r) => r[unit]));
    expect([...waiting].sort()).toEqual(some.deferred.map((d) => d.recipient).sort());
  });
});
