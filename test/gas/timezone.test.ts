/**
 * A spreadsheet created in another time zone (File → Settings → 时区): the custom functions and
 * the workbook adapter read and write dates in the spreadsheet's zone, and 初始化/检查表格 puts
 * the spreadsheet in Beijing time and says so.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "../fakes/appsScript";
import { manifestScopes } from "../fakes/scopes";
import { openDialog } from "../fakes/htmlService";
import { asSpreadsheet } from "../fakes/spreadsheetApp";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { readDate } from "../../src/records/cells";
import { dayFromYmd, instantFromDay } from "../../src/rules/dates";
import { fromSheetZone, toSheetZone } from "../../src/gas/timezone";

let bundle: Record<string, EntryPoint>;
beforeAll(() => {
  build();
  bundle = loadBundle();
});

/** What a cell holding this Date shows in a spreadsheet of `zone`. */
function shown(value: unknown, zone: string): string {
  expect(value).toBeInstanceOf(Date);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short" }).format(
    value as Date,
  );
}

/** The Date Sheets hands over for a date typed in a spreadsheet of `zone`: its midnight there. */
function typed(iso: string, zone: string): Date {
  const utc = new Date(`${iso}T00:00:00Z`);
  const wall = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(utc);
  const get = (t: string) => Number(wall.find((p) => p.type === t)?.value);
  const offset =
    Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) - utc.getTime();
  return new Date(utc.getTime() - offset);
}

function world(zone: string): AppsScriptWorld {
  const w = new AppsScriptWorld(manifestScopes());
  w.ss.timeZone = zone;
  return w;
}

describe("custom functions in a spreadsheet of another zone", () => {
  it("LEAVE_PAY_DUE(2026) shows 2027-03-31 in an America/Los_Angeles spreadsheet", () => {
    for (const zone of ["America/Los_Angeles", "Asia/Shanghai", "Asia/Tokyo", "Europe/London"]) {
      const w = world(zone);
      const run = w.run("custom-function", () => bundle.LEAVE_PAY_DUE(2026));
      expect(run.error, zone).toBeUndefined();
      expect(shown(run.result, zone), zone).toBe("2027-03-31");
      const column = w.run("custom-function", () => bundle.LEAVE_PAY_DUE([[2025], [""]]));
      const rows = column.result as unknown[][];
      expect(shown(rows[0][0], zone), zone).toBe("2026-03-31");
      expect(rows[1][0]).toBe("");
    }
  });

  it("reads a typed date as the day it shows, east or west of Beijing", () => {
    for (const zone of ["America/Los_Angeles", "Asia/Tokyo", "Pacific/Auckland"]) {
      const w = world(zone);
      // Joined 2016-07-01 (typed): 9 full years on 2026-06-30, 10 on 2026-07-01 (text).
      const start = typed("2016-07-01", zone);
      const before = w.run("custom-function", () => bundle.WORK_YEARS(start, "2026-06-30"));
      const on = w.run("custom-function", () => bundle.WORK_YEARS(start, "2026-07-01"));
      expect([before.result, on.result], zone).toEqual([9, 10]);
      // 2024-10-08 is the first working day after the National Day break (10-01..10-07).
      const days = w.run("custom-function", () =>
        bundle.WORKDAYS_CN(typed("2024-10-08", zone), "2024-10-08"),
      );
      expect(days.result, zone).toBe(1);
    }
  });
});

describe("the workbook adapter in a spreadsheet of another zone", () => {
  it("reads the day a date cell shows, writes a day that shows as itself, and keeps date-times", () => {
    for (const zone of ["America/Los_Angeles", "Asia/Tokyo"]) {
      const w = world(zone);
      w.ss.addSheetWithRows("体检", [
        ["年度", "单位", "方案备案日期"],
        [2026, "县档案馆", typed("2026-03-01", zone)],
      ]);
      const book = new SheetsWorkbook(asSpreadsheet(w.ss), w.sheetsApp as never);
      const grid = book.readSheet("体检");
      expect(readDate(grid![1][2], "方案备案日期"), zone).toBe(dayFromYmd(2026, 3, 1));
      book.writeRange("体检", 2, 3, [[instantFromDay(dayFromYmd(2026, 5, 31))]]);
      const cell = w.ss.sheet("体检").getRange(2, 3).getValue();
      expect(shown(cell, zone), zone).toBe("2026-05-31");
      expect(readDate(book.readSheet("体检")![1][2], "方案备案日期")).toBe(dayFromYmd(2026, 5, 31));
    }
    // A date-time goes out and comes back unchanged (生成时间 identifies a document batch).
    const now = new Date("2026-11-26T09:00:07+08:00");
    for (const zone of ["America/Los_Angeles", "Asia/Tokyo", "America/New_York"]) {
      expect(fromSheetZone(toSheetZone(now, zone), zone).getTime(), zone).toBe(now.getTime());
    }
  });
});

describe("初始化/检查表格", () => {
  it("puts a spreadsheet created in America/Los_Angeles in Beijing time and says so", async () => {
    const w = world("America/Los_Angeles");
    const run = w.run("menu", () => bundle.menuSetup());
    expect(run.error).toBeUndefined();
    // The menu item only opens the dialog; its page asks the server to set up (dialogSetup).
    expect(w.ss.timeZone).toBe("America/Los_Angeles");
    const dialog = await openDialog(w, bundle);
    expect(dialog.calls[0]).toBe("dialogSetup");
    expect(w.ss.timeZone).toBe("Asia/Shanghai");
    expect(dialog.output()).toContain(
      "表格时区原为 America/Los_Angeles，已改为北京时间（Asia/Shanghai）",
    );
    w.run("menu", () => bundle.menuSetup());
    expect((await openDialog(w, bundle)).output()).toContain(
      "表格时区：北京时间（Asia/Shanghai）。",
    );
  });
});
