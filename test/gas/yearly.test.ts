/**
 * The menu items 新建年度 and 导入放假通知 in dist/Code.js, on the sample county in the Apps
 * Script fakes, as a user answers their prompts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "../fakes/appsScript";
import { manifestScopes } from "../fakes/scopes";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { SHEETS } from "../../src/records/schema";
import { noticeText } from "../fixtures/notices";

let bundle: Record<string, EntryPoint>;
let sample: [string, unknown[][]][];

beforeAll(() => {
  build();
  bundle = loadBundle();
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  sample = SHEETS.map((s) => [s.name, wb.readSheet(s.name) ?? [s.columns.map((c) => c.name)]]);
  sample = sample.map(([name, grid]) => [name, grid.map((r) => r.map((v) => v ?? ""))]);
});

function county(): AppsScriptWorld {
  const world = new AppsScriptWorld(manifestScopes());
  for (const [name, grid] of sample) world.ss.addSheetWithRows(name, grid);
  return world;
}

const rows = (world: AppsScriptWorld, sheet: string) =>
  world.ss.getSheetByName(sheet)!.getDataRange().getValues().length - 1;

describe("新建年度 and 导入放假通知 in Sheets", () => {
  it("新建年度 creates the year's rows once", () => {
    const world = county();
    const before = rows(world, "年休假");
    world.sheetsApp.ui.answers.push({ button: "OK", text: "2027" });
    expect(world.run("menu", () => bundle.menuNewYear()).error).toBeUndefined();
    expect(world.alerts().at(-1)!.join(" ")).toContain("「年休假」新建 2027 年度 194 行");
    expect(rows(world, "年休假")).toBe(before + 194);
    world.sheetsApp.ui.answers.push({ button: "OK", text: "2027" });
    world.run("menu", () => bundle.menuNewYear());
    expect(world.alerts().at(-1)!.join(" ")).toContain("2027 年度的行已齐全");
    expect(rows(world, "年休假")).toBe(before + 194);
    world.sheetsApp.ui.answers.push({ button: "OK", text: "2030" });
    world.run("menu", () => bundle.menuNewYear());
    expect(world.alerts().at(-1)!.join(" ")).toContain("不能新建 2030 年度");
  });

  it("导入放假通知 turns the pasted 2026 notice into 39 rows matching the built-in calendar", () => {
    const world = county();
    // A prompt's one-line box: the pasted text arrives without its line breaks.
    world.sheetsApp.ui.answers.push({ button: "OK", text: noticeText(2026).replace(/\n/g, " ") });
    expect(world.run("menu", () => bundle.menuHolidays()).error).toBeUndefined();
    const shown = world.alerts().at(-1)!.join(" ");
    expect(shown).toContain("已写入「节假日」39 行");
    expect(shown).toContain("与内置的2026年国务院节假日安排逐日一致");
    expect(rows(world, "节假日")).toBe(39);

    world.sheetsApp.ui.answers.push({ button: "OK", text: "明天开会" });
    world.run("menu", () => bundle.menuHolidays());
    expect(world.alerts().at(-1)!.join(" ")).toContain("没有找到通知的标题");
    expect(rows(world, "节假日")).toBe(39);
  });
});
