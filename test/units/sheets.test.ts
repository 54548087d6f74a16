/**
 * 生成单位表格 / 同步单位表格 on the fakes: the Sheets (v4) and Drive (v3) advanced services under
 * the manifest's scopes (drive.file, no spreadsheets scope), their per-minute quotas and the
 * 6-minute run. Call counts do not grow with rows; a sync cut off midway resumes and applies
 * nothing twice; no unit spreadsheet holds another unit's people.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { generateCounty, sampleAsGrids, buildSample } from "../../src/sample/sample";
import type { SampleWorkbook } from "../../src/sample/sample";
import { SheetsWorkbook } from "../../src/gas/sheets";
import {
  UNITS_PER_RUN,
  type UnitRunResult,
  type UnitServices,
  runUnits,
  unitRunCounts,
} from "../../src/gas/units";
import { describeUnitRun } from "../../src/gas/unitsReport";
import { splitRegister } from "../../src/workflows/units";
import { createFakeSpreadsheet, type FakeSpreadsheet } from "../fakes/spreadsheetApp";
import { createFakeProperties } from "../fakes/properties";
import { FakeDrive } from "../fakes/drive";
import { FakeSheets, SHEETS_LIMITS } from "../fakes/sheetsApi";
import { authContext, guard, manifestScopes } from "../fakes/scopes";
import { build } from "../build";
import type { Cell, Grid } from "../../src/records/cells";
import { records } from "./helpers";
import { dayFromYmd, serialFromDay } from "../../src/rules/dates";

const ADMIN = "zzb-admin@example.gov.cn";

beforeAll(() => build(), 120_000);

interface World {
  ss: FakeSpreadsheet;
  hub: SheetsWorkbook;
  sheets: FakeSheets;
  drive: FakeDrive;
  services: UnitServices;
  scheduled: number;
  clock: { now: Date };
}

function world(sample: SampleWorkbook, startedAs: "menu" | "trigger" = "menu"): World {
  const ss = createFakeSpreadsheet();
  for (const [name, grid] of sampleAsGrids(sample)) ss.addSheetWithRows(name, grid);
  const hub = new SheetsWorkbook(ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet);
  const clock = { now: new Date("2027-03-01T07:00:00+08:00") };
  const drive = new FakeDrive();
  const sheets = new FakeSheets(clock, drive, ADMIN);
  const ctx = authContext(startedAs, manifestScopes());
  const props = createFakeProperties().PropertiesService.getScriptProperties();
  let n = 0;
  const w: World = {
    ss,
    hub,
    sheets,
    drive,
    clock,
    scheduled: 0,
    services: {
      workbook: hub,
      sheets: guard("Sheets", sheets.api, ctx) as unknown as UnitServices["sheets"],
      drive: guard("Drive", drive.api, ctx),
      store: {
        get: (k) => props.getProperty(k),
        set: (k, v) => void props.setProperty(k, v),
        delete: (k) => void props.deleteProperty(k),
      },
      clock: { now: () => clock.now },
      continuation: {
        schedule: () => void w.scheduled++,
        cancel: () => undefined,
      },
      editors: [ADMIN],
      uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
      hubName: "魏县干部关怀激励台账",
    },
  };
  return w;
}

const run = (w: World, mode: "create" | "sync", resume = false): UnitRunResult => {
  const r = runUnits(w.services, mode, resume);
  if (typeof r === "string") throw new Error(r);
  return r;
};

/** Every unit done, continuation runs a minute apart as the one-off trigger would start them. */
function runAll(w: World, mode: "create" | "sync"): UnitRunResult[] {
  const results = [run(w, mode)];
  while (results[results.length - 1].remaining > 0) {
    w.clock.now = new Date(w.clock.now.getTime() + 60_000);
    results.push(run(w, mode, true));
  }
  return results;
}

const idOf = (w: World, unit: string): string =>
  splitRegister(w.services.store).get(unit)?.target as string;

/** Header position (1-based) in a unit spreadsheet's sheet. */
function colIn(w: World, id: string, sheet: string, name: string): number {
  return (w.sheets.values(id, sheet)[0] as string[]).indexOf(name) + 1;
}

const hubRecords = (w: World, sheet: string) => records(w.hub.readSheet(sheet));

describe("生成单位表格", () => {
  it("creates one spreadsheet per unit in one create call each, shared with the unit's 联系邮箱, protected for the hub's owners", () => {
    const w = world(buildSample());
    const [result] = runAll(w, "create");
    const units = hubRecords(w, "单位");
    expect(result.processed).toHaveLength(units.length);
    expect(w.sheets.calls.get("Sheets.Spreadsheets.create")).toBe(units.length);
    expect(w.sheets.calls.get("Sheets.Spreadsheets.batchUpdate")).toBeUndefined();
    expect(w.drive.calls.get("Drive.Permissions.create")).toBe(units.length);
    for (const u of units) {
      const id = idOf(w, String(u["单位名称"]));
      expect(w.drive.permissions.get(id)).toEqual([
        expect.objectContaining({ role: "writer", type: "user", emailAddress: u["联系邮箱"] }),
      ]);
      expect(w.drive.path(id)).toBe(`干部关怀激励单位表格/${u["单位名称"]} 单位表格`);
    }
    const id = idOf(w, "县财政局");
    const people = w.sheets.sheet(id, "人员");
    const header = w.sheets.values(id, "人员")[0] as string[];
    const computed = header.indexOf("累计工作年限");
    const key = header.indexOf("行键");
    expect(people.hiddenColumns).toEqual(new Set([key]));
    const locked = people.protectedRanges.map((p) => [
      p.range.startColumnIndex ?? null,
      p.range.endRowIndex ?? null,
      p.editors?.users,
      p.warningOnly,
    ]);
    expect(locked).toEqual([
      [null, 1, [ADMIN], false],
      [computed, null, [ADMIN], false],
      [key, null, [ADMIN], false],
    ]);
    expect(w.sheets.sheet(id, "参数").protectedRanges).toHaveLength(1);
    expect(w.sheets.sheet(id, "拆分快照").hidden).toBe(true);
    // Dropdowns on the input rows, the spare ones included.
    const category = header.indexOf("人员类别");
    expect(people.validations.get(`${people.rowCount - 1},${category}`)).toMatchObject({
      condition: { type: "ONE_OF_LIST" },
    });
    expect(describeUnitRun(result)).toContain("已生成 11 个单位表格");
    // What the triggers log: counts only.
    expect(unitRunCounts(result)).toBe("生成 11 个单位表格，有拒收或冲突 0 个，还有 0 个");
  });

  it("privacy: no unit spreadsheet's written values hold another unit's 身份证号, name, wage or row", () => {
    const w = world(buildSample());
    runAll(w, "create");
    const people = hubRecords(w, "人员");
    for (const u of hubRecords(w, "单位").map((x) => String(x["单位名称"]))) {
      const file = w.sheets.files.get(idOf(w, u))!;
      const values = new Set<string>();
      for (const s of file.sheets)
        for (const row of s.cells) for (const v of row ?? []) if (v !== null) values.add(String(v));
      const text = [...values].join("\n");
      const mine = people.filter((p) => p["单位"] === u);
      const names = new Set(mine.map((p) => p["姓名"]));
      for (const p of people.filter((x) => x["单位"] !== u)) {
        expect(text.includes(String(p["身份证号"])), `${u}: ${p["身份证号"]}`).toBe(false);
        expect(text.includes(`"s${p["人员编号"]}"`) || values.has(String(p["人员编号"]))).toBe(
          false,
        );
        if (!names.has(p["姓名"]))
          expect(values.has(String(p["姓名"])), `${u}: ${p["姓名"]}`).toBe(false);
      }
      for (const other of hubRecords(w, "单位").map((x) => String(x["单位名称"])))
        if (other !== u) expect(values.has(other), `${u}: ${other}`).toBe(false);
    }
  });
});

/** Edits a contact makes in a unit spreadsheet: a changed cell, a new 培训 row. */
function edit(w: World, unit: string): { leaveId: Cell; leaveYear: Cell } {
  const id = idOf(w, unit);
  const leave = w.sheets.values(id, "年休假");
  const c = (name: string) => colIn(w, id, "年休假", name);
  w.sheets.type(id, "年休假", 2, c("事假（天）"), 3);
  const training = w.sheets.values(id, "培训");
  const t = (name: string) => colIn(w, id, "培训", name);
  const row = training.length + 1;
  w.sheets.type(id, "培训", row, t("日期"), serialFromDay(dayFromYmd(2027, 2, 11)));
  w.sheets.type(id, "培训", row, t("形式"), "请进来");
  w.sheets.type(id, "培训", row, t("内容"), `${unit}年休假政策解读`);
  return { leaveId: leave[1][c("人员编号") - 1], leaveYear: leave[1][c("年度") - 1] };
}

describe("同步单位表格", () => {
  it("merges each unit's edits with one batchGet and one batchUpdate per unit, whatever the rows; a second sync changes nothing", () => {
    const counts = (staff: number) => {
      const w = world(generateCounty({ units: 11, staff, leaveRecords: staff, seed: 7 }));
      runAll(w, "create");
      const units = hubRecords(w, "单位").map((x) => String(x["单位名称"]));
      const edited = units.slice(0, 3).map((u) => ({ u, ...edit(w, u) }));
      w.ss.counter.calls = {};
      const [result] = runAll(w, "sync");
      for (const { u, leaveId, leaveYear } of edited) {
        const leave = hubRecords(w, "年休假").find(
          (x) => x["人员编号"] === leaveId && x["年度"] === leaveYear,
        )!;
        expect(leave["事假（天）"]).toBe(3);
        const added = hubRecords(w, "培训").filter((x) => x["内容"] === `${u}年休假政策解读`);
        expect(added).toHaveLength(1);
        expect(added[0]["单位"]).toBe(u);
        expect((added[0]["日期"] as Date).toISOString()).toBe("2027-02-10T16:00:00.000Z");
      }
      expect(
        result.reports.filter((r) => r.changed.length === 1 && r.added.length === 1),
      ).toHaveLength(3);
      const hubBefore = JSON.stringify(["年休假", "培训", "人员"].map((s) => w.hub.readSheet(s)));
      // The written-back spreadsheet now carries the new row under a key; a second sync: nothing.
      const [again] = runAll(w, "sync");
      expect(
        again.reports.every((r) => r.changed.length + r.added.length + r.conflicts.length === 0),
      ).toBe(true);
      expect(JSON.stringify(["年休假", "培训", "人员"].map((s) => w.hub.readSheet(s)))).toBe(
        hubBefore,
      );
      return {
        batchGet: w.sheets.calls.get("Sheets.Spreadsheets.Values.batchGet"),
        batchUpdate: w.sheets.calls.get("Sheets.Spreadsheets.batchUpdate"),
        hubWrites: w.ss.counter.calls["Range.setValues"],
      };
    };
    const small = counts(200);
    const large = counts(800);
    expect(small).toEqual({ batchGet: 22, batchUpdate: 22, hubWrites: expect.any(Number) });
    expect(large).toEqual(small);
  }, 120_000);

  it("a sync cut off midway resumes where it stopped and applies nothing twice", () => {
    const w = world(buildSample(), "trigger");
    runAll(w, "create");
    const units = hubRecords(w, "单位").map((x) => String(x["单位名称"]));
    const edits = units.map((u) => ({ u, ...edit(w, u) }));
    // The 4th write-back fails: the run ends there (as when Apps Script stops it), after that
    // unit's changes went into the hub but before its spreadsheet got its new rows and keys.
    w.sheets.failBatchUpdateAfter = 4;
    expect(() => run(w, "sync")).toThrow("Exceeded maximum execution time");
    const resumed = run(w, "sync", true);
    expect(resumed.processed).toEqual(units.slice(3));
    expect(resumed.reports[0]).toMatchObject({ unit: units[3], alreadyPresent: 1 });
    expect(resumed.reports[0].changed).toEqual([]);
    for (const { u, leaveId, leaveYear } of edits) {
      expect(hubRecords(w, "培训").filter((x) => x["内容"] === `${u}年休假政策解读`)).toHaveLength(
        1,
      );
      expect(
        hubRecords(w, "年休假").find((x) => x["人员编号"] === leaveId && x["年度"] === leaveYear)![
          "事假（天）"
        ],
      ).toBe(3);
    }
    // And the unit spreadsheets are consistent again: another sync finds nothing to do.
    const again = run(w, "sync");
    expect(again.processed).toHaveLength(units.length);
    expect(
      again.reports.every((r) => r.refusedFile === null && r.changed.length + r.added.length === 0),
    ).toBe(true);
  });

  it("keeps inside the per-minute quotas and the 6-minute run: 60 units take two runs a minute apart", () => {
    const w = world(
      generateCounty({ units: 60, staff: 600, leaveRecords: 600, seed: 3 }),
      "trigger",
    );
    const created = runAll(w, "create");
    expect(created.map((r) => r.processed.length)).toEqual([UNITS_PER_RUN, 60 - UNITS_PER_RUN]);
    const start = w.clock.now.getTime();
    const synced = runAll(w, "sync");
    expect(synced.map((r) => r.processed.length)).toEqual([UNITS_PER_RUN, 60 - UNITS_PER_RUN]);
    expect(w.scheduled).toBe(2);
    expect(w.sheets.peakPerMinute("read")).toBeLessThanOrEqual(SHEETS_LIMITS.readPerUserPerMinute);
    expect(w.sheets.peakPerMinute("write")).toBeLessThanOrEqual(
      SHEETS_LIMITS.writePerUserPerMinute,
    );
    // Modelled on the fake's latencies: each run well inside 4.5 minutes.
    const minutes = (w.clock.now.getTime() - start) / 60_000;
    expect(minutes).toBeGreaterThan(1);
    expect(minutes).toBeLessThan(4);
  }, 120_000);

  it("the fake refuses the 61st read request within a minute, as the Sheets API does", () => {
    const w = world(buildSample());
    runAll(w, "create");
    const id = idOf(w, "县财政局");
    const get = () =>
      w.sheets.api.Spreadsheets.Values.batchGet(id, {
        ranges: ["'人员'"],
        valueRenderOption: "UNFORMATTED_VALUE",
        dateTimeRenderOption: "SERIAL_NUMBER",
      });
    for (let i = 0; i < 60; i++) get();
    expect(get).toThrow(
      /Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user'/,
    );
    // A spreadsheet the script did not create cannot be opened under drive.file.
    expect(() =>
      w.sheets.api.Spreadsheets.batchUpdate({ requests: [] }, "someone-elses-spreadsheet"),
    ).toThrow("Requested entity was not found.");
    const grid: Grid = w.sheets.values(id, "说明") as Grid;
    expect(String(grid[0][0])).toContain("县财政局");
    // Edited in place and collected by the daily sync: 说明 says so, not "save as .xlsx".
    const guide = grid.map((r) => r.join("")).join("\n");
    expect(guide).toContain(
      "直接在本表格中填写，无需交回：中心台账每天 7:00 收回修改并写回计算结果。",
    );
    expect(guide).toContain("不必下载或发送文件");
    expect(guide).not.toContain("保存为 .xlsx");
  });
});
