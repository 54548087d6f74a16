/**
 * The menu items 导入人员名单, 新建年度 and 导入放假通知 of dist/Code.js on the Apps Script fakes:
 * each opens its dialog (dist/dialog-*.html), whose real page script runs in a browser realm
 * (test/fakes/htmlService.ts) and calls the bundle's dialogRead/dialogWrite through a modelled
 * google.script.run, as a user types and clicks: a roster of another shape (written by
 * LibreOffice) imported from a sheet of the spreadsheet into a fresh hub, twice and against a
 * typed value; the year's rows once; the pasted 2026 notice. Then the server's write against
 * requests no dialog would send: it trusts no browser.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { type SampleSheets, countyWorld, sampleSheets } from "./county";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "../fakes/appsScript";
import { manifestScopes } from "../fakes/scopes";
import { noticeText } from "../fixtures/notices";
import { XlsxWorkbook as Book, readWorkbookFile } from "../../src/local/xlsx";
import { parsePeople } from "../../src/records/parse";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { isoFromDay } from "../../src/rules/dates";
import { type OpenDialog, openDialog } from "../fakes/htmlService";
import { ensureDashboardSheet } from "../../src/gas/dashboard";

let bundle: Record<string, EntryPoint>;
let sample: SampleSheets;
let roster: unknown[][];

beforeAll(async () => {
  build();
  bundle = loadBundle();
  sample = sampleSheets();
  const file = path.join(__dirname, "../fixtures/roster/花名册-libreoffice.xlsx");
  const book = await Book.load(await readWorkbookFile(file), file);
  roster = book.readSheet(book.sheetNames()[0])!.map((r) => r.map((v) => v ?? ""));
});

const county = (): AppsScriptWorld => countyWorld(sample);

const rows = (world: AppsScriptWorld, sheet: string) =>
  world.ss.getSheetByName(sheet)!.getDataRange().getValues().length - 1;

/** 初始化/检查表格: the menu item, then its dialog; the dialog's text. */
async function setUp(world: AppsScriptWorld): Promise<string> {
  expect(world.run("menu", () => bundle.menuSetup()).error).toBeUndefined();
  return (await openDialog(world, bundle)).output();
}

/** A fresh hub (初始化/检查表格 run once) with the roster pasted into a sheet of its own. */
async function freshHub(): Promise<AppsScriptWorld> {
  const world = new AppsScriptWorld(manifestScopes());
  world.ss.addSheetWithRows("人员", [[]]);
  expect(await setUp(world)).toContain("已创建工作表");
  world.ss.addSheetWithRows("花名册", roster);
  return world;
}

const people = (world: AppsScriptWorld) =>
  parsePeople(
    new SheetsWorkbook(world.ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet).readSheet(
      "人员",
    ),
  );

/** Start a menu item and open the dialog it shows. */
async function open(world: AppsScriptWorld, item: string): Promise<OpenDialog> {
  const run = world.run("menu", () => bundle[item]());
  expect(run.error).toBeUndefined();
  expect(run.ctx.calls[0]).toBe("ScriptApp.requireAllScopes");
  expect(run.ctx.calls).toContain("Ui.showModalDialog");
  return openDialog(world, bundle);
}

async function click(dialog: OpenDialog, id: string): Promise<string> {
  dialog.el(id).click();
  await dialog.settle();
  return dialog.output();
}

describe("导入人员名单 in Sheets", () => {
  it("previews the mapping, counts and problems, imports on 导入, and a second import changes nothing", async () => {
    const world = await freshHub();
    const sheetsBefore = JSON.stringify(world.ss.snapshot());
    const dialog = await open(world, "menuImport");
    expect(dialog.title).toBe("导入人员名单");
    expect(dialog.el("sheet").children.map((o) => o.value)).toEqual(["花名册"]);
    expect(dialog.el("sheet").value).toBe("花名册");
    const preview = await click(dialog, "go");
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
    expect(dialog.el("confirm").hidden).toBe(false);
    // The preview only read: closing the dialog here leaves the hub as it was.
    expect(dialog.calls).toEqual(["dialogRead", "dialogRead", "dialogRead"]);
    expect(JSON.stringify(world.ss.snapshot())).toBe(sheetsBefore);

    expect(await click(dialog, "confirm")).toContain("已写入台账");
    expect(dialog.calls.at(-1)).toBe("dialogWrite");
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
    expect(rows(world, "单位")).toBe(2);

    // Again: nothing to write, so nothing is asked and nothing changes.
    const after = JSON.stringify(world.ss.snapshot());
    const again = await open(world, "menuImport");
    const shown = await click(again, "go");
    expect(shown).toContain("新增 0 人，与台账相同 7 人，与台账不同 0 人");
    expect(shown).toContain("台账没有需要改动的地方，未写入");
    expect(again.el("confirm").hidden).toBe(true);
    expect(again.calls).not.toContain("dialogWrite");
    expect(JSON.stringify(world.ss.snapshot())).toBe(after);
    again.el("close").click();
    expect(again.closed).toBe(true);
  });

  it("never overwrites a value typed in the hub: the difference is listed and the hub keeps it", async () => {
    const world = await freshHub();
    const first = await open(world, "menuImport");
    await click(first, "go");
    await click(first, "confirm");
    const sheet = world.ss.getSheetByName("人员")!;
    const header = sheet.getDataRange().getValues()[0] as string[];
    sheet.getRange(3, header.indexOf("单位") + 1).setValue("县公路管理站"); // WJ002, typed
    sheet.getRange(2, header.indexOf("身份证号") + 1).setValue(""); // WJ001, cleared
    const dialog = await open(world, "menuImport");
    await click(dialog, "go");
    const shown = await click(dialog, "confirm");
    expect(shown).toContain("与台账不同 1 人");
    expect(shown).toContain(
      "花名册第 5 行（人员编号 WJ002）「单位」：台账为“县公路管理站”，花名册为“县交通运输局”，保留台账的值",
    );
    expect(shown).toContain("补全台账中空白的单元格 1 个");
    const got = people(world).items;
    expect(got.find((p) => p.id === "WJ002")!.unit).toBe("县公路管理站");
    expect(got.find((p) => p.id === "WJ001")!.idNumber).toBe("990105198003120116");
  });

  it("offers only the user's own sheets, and says so when there is none or the sheet went away", async () => {
    const empty = new AppsScriptWorld(manifestScopes());
    empty.ss.addSheetWithRows("人员", [[]]);
    await setUp(empty);
    const none = await open(empty, "menuImport");
    expect(none.output()).toContain("没有可导入的工作表");
    expect(none.el("go").hidden).toBe(true);

    const world = await freshHub();
    const dialog = await open(world, "menuImport");
    world.ss.deleteSheet(world.ss.getSheetByName("花名册")!);
    expect(await click(dialog, "go")).toContain("没有名为「花名册」的工作表");
    expect(people(world).items).toEqual([]);
  });
});

describe("初始化/检查表格 in Sheets", () => {
  it("sets the sheets up through its dialog, then lists every bad row its page finds", async () => {
    const world = county();
    const sheet = world.ss.getSheetByName("人员")!;
    const header = sheet.getDataRange().getValues()[0] as string[];
    sheet.getRange(2, header.indexOf("参加工作时间") + 1).setValue("2016.13");
    const before = world.ss.getSheetByName("人员")!.getDataRange().getValues();
    const shown = await setUp(world);
    expect(shown).toContain("全部工作表已就绪，已有数据未改动。");
    expect(shown).toMatch(/发现 \d+ 个问题/);
    expect(shown).toContain("2016.13");
    expect(world.ss.getSheetByName("人员")!.getDataRange().getValues()).toEqual(before);
  });

  it("builds 仪表盘 from the cells its page computes, as ensureDashboardSheet does, keeping B2's year", async () => {
    const world = county();
    await setUp(world);
    const dashboard = () => world.ss.getSheetByName("仪表盘")!.getDataRange().getFormulas();
    const reference = county();
    const ss = reference.ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
    expect(reference.run("menu", () => ensureDashboardSheet(ss)).error).toBeUndefined();
    const expected = reference.ss.getSheetByName("仪表盘")!.getDataRange().getFormulas();
    expect(dashboard()).toEqual(expected);
    expect(
      dashboard()
        .flat()
        .filter((f) => f.startsWith("=")).length,
    ).toBeGreaterThan(100);
    // A year typed into B2 is kept by the next run.
    world.ss.getSheetByName("仪表盘")!.getRange(2, 2).setValue(2025);
    await setUp(world);
    expect(world.ss.getSheetByName("仪表盘")!.getRange(2, 2).getValue()).toBe(2025);
  });

  it("dialogDashboard writes only a grid shaped for the units 单位 lists", () => {
    const world = county();
    const call = (request: unknown) =>
      world.run("menu", () => bundle.dialogDashboard(request)).result;
    expect(call({ grid: [["干部关怀激励工作仪表盘", "", "", "", "", ""]] })).toEqual({
      problem: expect.stringContaining("仪表盘的内容与「单位」不符"),
    });
    expect(call({ grid: [[{ f: "=1" }]] })).toEqual({
      problem: expect.stringContaining("对话框发送的数据"),
    });
    expect(world.ss.getSheetByName("仪表盘")).toBeNull();
  });
});

describe("the 新建年度 and 导入放假通知 dialogs", () => {
  it("新建年度 creates the year's rows once", async () => {
    const world = county();
    const dialog = await open(world, "menuNewYear");
    const create = (text: string) => {
      dialog.el("year").value = text;
      return click(dialog, "go");
    };
    const before = rows(world, "年休假");
    expect(await create("2027")).toContain("「年休假」新建 2027 年度 194 行");
    expect(rows(world, "年休假")).toBe(before + 194);
    expect(await create("2027")).toContain("2027 年度的行已齐全");
    expect(rows(world, "年休假")).toBe(before + 194);
    expect(await create("2030")).toContain("不能新建 2030 年度");
    expect(await create("明年")).toContain("年度应为四位数字");
    expect(rows(world, "年休假")).toBe(before + 194);
  });

  it("导入放假通知 turns the pasted 2026 notice into 39 rows matching the built-in calendar", async () => {
    const world = county();
    const dialog = await open(world, "menuImportHolidays");
    // A text box keeps the pasted notice's line breaks.
    dialog.el("notice").value = noticeText(2026);
    const shown = await click(dialog, "go");
    expect(shown).toContain("已写入「节假日」39 行");
    expect(shown).toContain("与内置的2026年国务院节假日安排逐日一致");
    expect(rows(world, "节假日")).toBe(39);
    // Pasted again: the rows are there, nothing is written twice.
    expect(await click(dialog, "go")).toContain("已有相同的 39 行，未改动");
    expect(rows(world, "节假日")).toBe(39);

    dialog.el("notice").value = "明天开会";
    expect(await click(dialog, "go")).toContain("没有找到通知的标题");
    dialog.el("notice").value = "  ";
    expect(await click(dialog, "go")).toContain("未粘贴通知");
    expect(rows(world, "节假日")).toBe(39);
  });
});

describe("dialogWrite trusts no browser", () => {
  const write = (world: AppsScriptWorld, request: unknown) => {
    const run = world.run("menu", () => bundle.dialogWrite(request));
    expect(run.error).toBeUndefined();
    return run.result as {
      problem?: string;
      appended?: Record<string, number>;
      skipped?: string[];
    };
  };
  const holiday = (day: string, type: string) => ({
    op: "append",
    sheet: "节假日",
    records: [{ 日期: { d: Date.parse(`${day}T00:00:00+08:00`) }, 类型: type, 名称: "元旦" }],
  });

  it("writes a good row once, refuses a bad value, a computed or unknown column and a sheet of the system, all or nothing", () => {
    const world = county();
    expect(write(world, { ops: [holiday("2027-01-01", "休")] }).appended).toEqual({ 节假日: 1 });
    const again = write(world, { ops: [holiday("2027-01-01", "休")] });
    expect(again.appended).toEqual({});
    expect(again.skipped?.join()).toContain("已有");
    expect(rows(world, "节假日")).toBe(1);
    const before = JSON.stringify(world.ss.snapshot());
    for (const [request, message] of [
      [{ ops: [holiday("2027-01-02", "休"), holiday("2027-01-03", "放假")] }, "类型应为"],
      [
        {
          ops: [
            {
              op: "append",
              sheet: "年休假",
              records: [{ 年度: 2027, 人员编号: "P0001", 已休天数: 99 }],
            },
          ],
        },
        "没有可填写的“已休天数”列",
      ],
      [
        { ops: [{ op: "append", sheet: "提醒", records: [{ 状态: "已发送" }] }] },
        "对话框不能写入「提醒」",
      ],
      [
        { ops: [{ op: "append", sheet: "年休假", records: [{ 年度: 2027, 人员编号: "NOBODY" }] }] },
        "不在「人员」中",
      ],
      [{ ops: [{ op: "append", sheet: "年休假", records: [{ 年度: 2027 }] }] }, "缺少“人员编号”"],
      [{ ops: [{ op: "drop", sheet: "人员" }] }, "数据有误"],
      [{ ops: "all" }, "数据有误"],
    ] as const) {
      expect(write(world, request).problem, message).toContain(message);
    }
    expect(JSON.stringify(world.ss.snapshot())).toBe(before);
  });

  it("fills only a cell that is still blank, and google.script.run refuses a Date", async () => {
    const world = county();
    const [header, first] = world.ss.getSheetByName("人员")!.getDataRange().getValues();
    const id = first[header.indexOf("人员编号")];
    const typed = first[header.indexOf("姓名")];
    const fill = {
      op: "fill",
      sheet: "人员",
      match: { 人员编号: id },
      column: "姓名",
      value: "改名",
    };
    const result = write(world, { ops: [fill] });
    expect(result.skipped?.join()).toContain("已有值");
    expect(
      world.ss.getSheetByName("人员")!.getDataRange().getValues()[1][header.indexOf("姓名")],
    ).toBe(typed);

    // A Date cannot travel (Google's reference): the dialogs send { d: ms } instead.
    const dialog = await open(world, "menuImportHolidays");
    const { scriptRunCopy } = await import("../fakes/htmlService");
    expect(() => scriptRunCopy({ ops: [{ value: new Date() }] })).toThrow("Date");
    expect(scriptRunCopy([1, undefined, "a"])).toEqual([1, null, "a"]);
    expect(dialog.calls).toEqual([]);
  });
});
