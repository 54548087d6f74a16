/**
 * The menu item 导入人员名单 in dist/Code.js, on the Apps Script fakes, as a user answers its
 * prompt and question: a roster of another shape (written by LibreOffice) imported from a sheet
 * of the spreadsheet into a fresh hub, twice and against a typed value. And the menu items
 * 新建年度 and 导入放假通知 (src/gas/yearly.ts) on the same fakes: the year's rows once, the
 * pasted 2026 notice.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "../fakes/appsScript";
import { manifestScopes } from "../fakes/scopes";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { SHEETS } from "../../src/records/schema";
import { noticeText } from "../fixtures/notices";
import { XlsxWorkbook as Book, readWorkbookFile } from "../../src/local/xlsx";
import { parsePeople } from "../../src/records/parse";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { isoFromDay } from "../../src/rules/dates";

let bundle: Record<string, EntryPoint>;
let sample: [string, unknown[][]][];
let roster: unknown[][];

beforeAll(async () => {
  build();
  bundle = loadBundle();
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  sample = SHEETS.map((s) => [s.name, wb.readSheet(s.name) ?? [s.columns.map((c) => c.name)]]);
  sample = sample.map(([name, grid]) => [name, grid.map((r) => r.map((v) => v ?? ""))]);
  const file = path.join(__dirname, "../fixtures/roster/花名册-libreoffice.xlsx");
  const book = await Book.load(await readWorkbookFile(file), file);
  roster = book.readSheet(book.sheetNames()[0])!.map((r) => r.map((v) => v ?? ""));
});

function county(): AppsScriptWorld {
  const world = new AppsScriptWorld(manifestScopes());
  for (const [name, grid] of sample) world.ss.addSheetWithRows(name, grid);
  return world;
}

const rows = (world: AppsScriptWorld, sheet: string) =>
  world.ss.getSheetByName(sheet)!.getDataRange().getValues().length - 1;

/** A fresh hub (初始化/检查表格 run once) with the roster pasted into a sheet of its own. */
function freshHub(): AppsScriptWorld {
  const world = new AppsScriptWorld(manifestScopes());
  world.ss.addSheetWithRows("人员", [[]]);
  expect(world.run("menu", () => bundle.menuSetup()).error).toBeUndefined();
  world.ss.addSheetWithRows("花名册", roster);
  return world;
}

const people = (world: AppsScriptWorld) =>
  parsePeople(
    new SheetsWorkbook(world.ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet).readSheet(
      "人员",
    ),
  );

describe("导入人员名单 in Sheets", () => {
  it("previews the mapping, counts and problems, imports on 是, and a second import changes nothing", () => {
    const world = freshHub();
    const sheetsBefore = JSON.stringify(world.ss.snapshot());
    world.sheetsApp.ui.answers.push({ button: "OK", text: "" }); // blank: the roster sheet
    world.sheetsApp.ui.alertAnswers.push("NO");
    expect(world.run("menu", () => bundle.menuImport()).error).toBeUndefined();
    const [title, prompt] = world.sheetsApp.ui.prompts.at(-1)!.map(String);
    expect(title).toBe("导入人员名单");
    expect(prompt).toContain("留空为「花名册」");
    const [question, declined] = world.alerts().slice(-2);
    const preview = question.join(" ");
    expect(preview).toContain("表头在第 3 行");
    expect(preview).toContain("「工 号」 → 「人员编号」");
    expect(preview).toContain("「参加工作日期」 → 「参加工作时间」");
    expect(preview).toContain("未导入的列：「序号」（没有对应的「人员」列）");
    expect(preview).toContain(
      "共 9 行：新增 7 人，与台账相同 0 人，与台账不同 0 人，有误未导入 2 行",
    );
    expect(preview).toContain(
      "花名册第 10 行「参加工作时间」：参加工作时间“2016.13”不是真实存在的年月",
    );
    expect(preview).toContain("花名册第 11 行「人员编号」：人员编号不能为空");
    expect(preview).toContain("将在「单位」新增 2 个单位：县交通运输局、县公路管理站");
    expect(preview).toContain("是否导入？");
    expect(question).toContain("YES_NO");
    expect(declined.join(" ")).toContain("未导入，台账未改动");
    expect(JSON.stringify(world.ss.snapshot())).toBe(sheetsBefore);

    world.sheetsApp.ui.answers.push({ button: "OK", text: "花名册" });
    world.sheetsApp.ui.alertAnswers.push("YES", "OK");
    expect(world.run("menu", () => bundle.menuImport()).error).toBeUndefined();
    expect(world.alerts().at(-1)!.join(" ")).toContain("已写入台账");
    const got = people(world);
    expect(got.problems).toEqual([]);
    expect(got.items.map((p) => [p.id, p.unit, p.category])).toEqual([
      ["WJ001", "县交通运输局", "公务员"],
      ["WJ002", "县交通运输局", "公务员"],
      ["WJ003", "县交通运输局", "参公管理"],
      ["WJ004", "县公路管理站", "事业单位"],
      ["WJ005", "县公路管理站", "事业单位"],
      ["WJ006", "县公路管理站", "事业单位"],
      ["WJ009", "县公路管理站", "事业单位"],
    ]);
    // 2016.07 typed as text in the roster: the 1st of July, stored as a date.
    expect(isoFromDay(got.items[1].startDate)).toBe("2016-07-01");

    // Again: nothing to write, so no question is asked and nothing changes.
    const after = JSON.stringify(world.ss.snapshot());
    const asked = world.alerts().length;
    world.sheetsApp.ui.answers.push({ button: "OK", text: "" });
    world.run("menu", () => bundle.menuImport());
    expect(world.alerts().length).toBe(asked + 1);
    const again = world.alerts().at(-1)!.join(" ");
    expect(again).toContain("新增 0 人，与台账相同 7 人，与台账不同 0 人");
    expect(again).toContain("台账没有需要改动的地方，未写入");
    expect(JSON.stringify(world.ss.snapshot())).toBe(after);
  });

  it("never overwrites a value typed in the hub: the difference is listed and the hub keeps it", () => {
    const world = freshHub();
    world.sheetsApp.ui.answers.push({ button: "OK", text: "" });
    world.sheetsApp.ui.alertAnswers.push("YES", "OK");
    world.run("menu", () => bundle.menuImport());
    const sheet = world.ss.getSheetByName("人员")!;
    const header = sheet.getDataRange().getValues()[0] as string[];
    sheet.getRange(3, header.indexOf("单位") + 1).setValue("县公路管理站"); // WJ002, typed
    sheet.getRange(2, header.indexOf("身份证号") + 1).setValue(""); // WJ001, cleared
    world.sheetsApp.ui.answers.push({ button: "OK", text: "" });
    world.sheetsApp.ui.alertAnswers.push("YES", "OK");
    world.run("menu", () => bundle.menuImport());
    const shown = world.alerts().at(-1)!.join(" ");
    expect(shown).toContain("与台账不同 1 人");
    expect(shown).toContain(
      "花名册第 5 行（人员编号 WJ002）「单位」：台账为“县公路管理站”，花名册为“县交通运输局”，保留台账的值",
    );
    expect(shown).toContain("补全台账中空白的单元格 1 个");
    const got = people(world).items;
    expect(got.find((p) => p.id === "WJ002")!.unit).toBe("县公路管理站");
    expect(got.find((p) => p.id === "WJ001")!.idNumber).toBe("990105198003120116");
  });

  it("names the sheets it can read, and refuses one of the hub's own sheets or a missing one", () => {
    const world = freshHub();
    world.sheetsApp.ui.answers.push({ button: "OK", text: "人员" });
    world.run("menu", () => bundle.menuImport());
    expect(world.alerts().at(-1)!.join(" ")).toContain("「人员」是台账自己的工作表");
    world.sheetsApp.ui.answers.push({ button: "OK", text: "名单2" });
    world.run("menu", () => bundle.menuImport());
    expect(world.alerts().at(-1)!.join(" ")).toContain("没有名为「名单2」的工作表；可选：花名册");
    world.sheetsApp.ui.answers.push({ button: "CANCEL", text: "" });
    world.run("menu", () => bundle.menuImport());
    expect(world.alerts().at(-1)!.join(" ")).toContain("已取消");
    expect(people(world).items).toEqual([]);
  });
});

describe("the 新建年度 and 导入放假通知 dialogs", () => {
  it("新建年度 creates the year's rows once", () => {
    const world = county();
    const dialog = (text: string) => {
      world.sheetsApp.ui.answers.push({ button: "OK", text });
      const run = world.run("menu", () => bundle.menuNewYear());
      expect(run.error).toBeUndefined();
      return world.alerts().at(-1)!.join(" ");
    };
    const before = rows(world, "年休假");
    expect(dialog("2027")).toContain("「年休假」新建 2027 年度 194 行");
    expect(rows(world, "年休假")).toBe(before + 194);
    expect(dialog("2027")).toContain("2027 年度的行已齐全");
    expect(rows(world, "年休假")).toBe(before + 194);
    expect(dialog("2030")).toContain("不能新建 2030 年度");
    expect(dialog("明年")).toContain("年度应为四位数字");
  });

  it("导入放假通知 turns the pasted 2026 notice into 39 rows matching the built-in calendar", () => {
    const world = county();
    const dialog = () => {
      const run = world.run("menu", () => bundle.menuImportHolidays());
      expect(run.error).toBeUndefined();
      return world.alerts().at(-1)!.join(" ");
    };
    // A prompt's one-line box: the pasted text arrives without its line breaks.
    world.sheetsApp.ui.answers.push({ button: "OK", text: noticeText(2026).replace(/\n/g, " ") });
    const shown = dialog();
    expect(shown).toContain("已写入「节假日」39 行");
    expect(shown).toContain("与内置的2026年国务院节假日安排逐日一致");
    expect(rows(world, "节假日")).toBe(39);

    world.sheetsApp.ui.answers.push({ button: "OK", text: "明天开会" });
    expect(dialog()).toContain("没有找到通知的标题");
    expect(rows(world, "节假日")).toBe(39);
  });
});
