/**
 * 生成单位表格 and 同步单位表格 in dist/Code.js, started as Sheets starts them (the menu items with
 * the user's consent, the daily sync and the continuation as triggers), on the Apps Script
 * fakes with the Sheets and Drive advanced services under the manifest's scopes: the unit
 * spreadsheets are created and shared, a contact's edits come back into the hub through the
 * daily trigger, and a second sync changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { type SampleSheets, countyWorld, sampleSheets } from "./county";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "../fakes/appsScript";
import { splitRegister } from "../../src/workflows/units";
import { UNITS_BATCH_KEY } from "../../src/gas/units";
import { dayFromYmd, serialFromDay } from "../../src/rules/dates";
import { openDialog } from "../fakes/htmlService";

let bundle: Record<string, EntryPoint>;
let sample: SampleSheets;

beforeAll(() => {
  build();
  bundle = loadBundle();
  sample = sampleSheets();
});

const county = (): AppsScriptWorld => countyWorld(sample);

const rowsOf = (world: AppsScriptWorld, sheet: string) => {
  const [header, ...rows] = world.ss.getSheetByName(sheet)!.getDataRange().getValues();
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
};

const store = (world: AppsScriptWorld) => {
  const props = world.props.PropertiesService.getScriptProperties();
  return {
    get: (k: string) => props.getProperty(k),
    set: (k: string, v: string) => void props.setProperty(k, v),
    delete: (k: string) => void props.deleteProperty(k),
  };
};

describe("生成单位表格 and 同步单位表格 in dist/Code.js", () => {
  it("creates and shares a spreadsheet per unit, installs the daily sync, and the sync brings a contact's edits in once", async () => {
    const world = county();
    const units = rowsOf(world, "单位");
    const created = world.run("menu", () => bundle.menuCreateUnits());
    expect(created.error).toBeUndefined();
    expect(created.ctx.calls[0]).toBe("ScriptApp.requireAllScopes");
    const dialog = await openDialog(world, bundle);
    expect(dialog.calls).toEqual(["dialogUnits"]);
    const shown = dialog.output();
    expect(shown).toContain(`已生成 ${units.length} 个单位表格`);
    expect(shown).toContain("已安装每天 7:00 的单位表格同步");
    expect(world.sheetsApi.calls.get("Sheets.Spreadsheets.create")).toBe(units.length);
    expect(world.scripts.triggers.map((t) => t.handler)).toContain("syncUnitSheetsDaily");
    const register = splitRegister(store(world));
    const id = register.get("县财政局")!.target as string;
    expect(world.google.drive.permissions.get(id)).toEqual([
      expect.objectContaining({
        role: "writer",
        emailAddress: units.find((u) => u["单位名称"] === "县财政局")!["联系邮箱"],
      }),
    ]);

    // The contact adds a 培训 row in the unit spreadsheet.
    const training = world.sheetsApi.values(id, "培训");
    const col = (name: string) => (training[0] as string[]).indexOf(name) + 1;
    const row = training.length + 1;
    world.sheetsApi.type(id, "培训", row, col("日期"), serialFromDay(dayFromYmd(2027, 2, 11)));
    world.sheetsApi.type(id, "培训", row, col("形式"), "请进来");
    world.sheetsApi.type(id, "培训", row, col("内容"), "年休假政策解读");

    world.sheetsClock.now = new Date(world.sheetsClock.now.getTime() + 120_000);
    const daily = world.run("trigger", () => bundle.syncUnitSheetsDaily());
    expect(daily.error).toBeUndefined();
    expect(world.sheetsApi.calls.get("Sheets.Spreadsheets.Values.batchGet")).toBe(units.length);
    const added = rowsOf(world, "培训").filter((r) => r["内容"] === "年休假政策解读");
    expect(added).toHaveLength(1);
    expect(added[0]["单位"]).toBe("县财政局");
    expect(store(world).get(UNITS_BATCH_KEY)).toBeNull();

    // 同步单位表格 from the menu: nothing new, nothing applied twice.
    const hub = JSON.stringify(world.ss.snapshot());
    world.sheetsClock.now = new Date(world.sheetsClock.now.getTime() + 120_000);
    expect(world.run("menu", () => bundle.menuSyncUnits()).error).toBeUndefined();
    expect((await openDialog(world, bundle)).output()).toContain(
      `已同步 ${units.length} 个单位表格`,
    );
    expect(rowsOf(world, "培训").filter((r) => r["内容"] === "年休假政策解读")).toHaveLength(1);
    expect(JSON.stringify(world.ss.snapshot())).toBe(hub);

    // The continuation with no batch left cancels itself.
    expect(world.run("trigger", () => bundle.continueUnitSheets()).error).toBeUndefined();
  });
});
