/**
 * The menu items 重新计算 and 接受奖励建议 of dist/Code.js on the Apps Script fakes: each opens
 * its dialog (dist/dialog-recompute.html, dist/dialog-awards.html), whose page works out or
 * copies 奖励建议 with the CLI's use cases (src/workflows/awards.ts) and has the server write
 * it. The rows are the ones `cadre-care compute` writes; then the server's dialogSuggestions
 * against requests no dialog would send.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { countyWorld, sampleSheets } from "./county";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "../fakes/appsScript";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { awardSuggestions } from "../../src/workflows/awards";
import { openDialog } from "../fakes/htmlService";

let bundle: Record<string, EntryPoint>;
/** A fresh world holding the sample county. */
let county: () => AppsScriptWorld;

beforeAll(() => {
  build();
  bundle = loadBundle();
  const sample = sampleSheets();
  county = () => countyWorld(sample);
});

const book = (world: AppsScriptWorld) =>
  new SheetsWorkbook(world.ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet);
const dataRows = (world: AppsScriptWorld, sheet: string) =>
  (book(world).readSheet(sheet) ?? []).slice(1).filter((r) => r.some((v) => v !== null));

async function menu(world: AppsScriptWorld, item: string): Promise<string> {
  const run = world.run("menu", () => bundle[item]());
  expect(run.error).toBeUndefined();
  expect(run.ctx.calls[0]).toBe("ScriptApp.requireAllScopes");
  expect(run.ctx.calls).toContain("Ui.showModalDialog");
  return (await openDialog(world, bundle)).output();
}

describe("重新计算 and 接受奖励建议 in their dialogs", () => {
  it("writes the suggestions compute would, then accepts them into 奖励 once", async () => {
    const world = county();
    const expected = awardSuggestions((s) => book(world).readSheet(s));
    expect(expected.length).toBeGreaterThan(0);
    const text = await menu(world, "menuRecompute");
    expect(text).toMatch(
      new RegExp(`^已重新计算 \\d+ 个计算列；奖励建议 ${expected.length} 条。$`),
    );
    const written = dataRows(world, "奖励建议");
    expect(written.length).toBe(expected.length);
    expect(written.map((r) => r[1])).toEqual(expected.map((r) => r.人员编号));

    const before = dataRows(world, "奖励").length;
    expect(await menu(world, "menuAcceptAwards")).toBe(
      `已把 ${expected.length} 条奖励建议加入「奖励」。`,
    );
    expect(dataRows(world, "奖励").length).toBe(before + expected.length);
    // Accepted again: every suggestion is held already, nothing is written.
    expect(await menu(world, "menuAcceptAwards")).toBe(
      `已把 0 条奖励建议加入「奖励」，${expected.length} 条已有。`,
    );
    expect(dataRows(world, "奖励").length).toBe(before + expected.length);
  });

  it("dialogSuggestions writes only 奖励建议's columns, each readable as its column says", () => {
    const world = county();
    const call = (request: unknown) =>
      world.run("menu", () => bundle.dialogSuggestions(request)).result;
    expect(call({ rows: [{ 年度: "明年", 人员编号: "P1" }] })).toEqual({
      problem: expect.stringContaining("年度"),
    });
    expect(call({ rows: [{ 年度: 2026, 身份证号: "1" }] })).toEqual({
      problem: "「奖励建议」没有可填写的“身份证号”列",
    });
    expect(call({ rows: [{ 年度: { f: 1 } }] })).toEqual({
      problem: expect.stringContaining("对话框发送的数据"),
    });
    expect(dataRows(world, "奖励建议")).toEqual([]);
    expect(call({ rows: [{ 年度: 2026, 人员编号: "P1", "奖金（元）": "错误：无标准" }] })).toBe(1);
    expect(dataRows(world, "奖励建议")[0][1]).toBe("P1");
  });
});
