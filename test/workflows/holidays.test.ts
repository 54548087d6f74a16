import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { setupWorkbook } from "../../src/workflows/setup";
import { importHolidayNotice } from "../../src/workflows/holidays";
import { parseHolidays } from "../../src/records/parse";
import { officialCalendar, WorkCalendar } from "../../src/rules/calendar";
import { dayFromYmd, isoFromDay, weekday } from "../../src/rules/dates";
import { noticeText } from "../fixtures/notices";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-holidays-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fresh(): XlsxWorkbook {
  const wb = XlsxWorkbook.create();
  setupWorkbook(wb);
  return wb;
}

describe("holidays: the notice into 节假日 rows", () => {
  it("2026: 39 rows that agree day by day with the built-in calendar; a second import writes none", () => {
    const wb = fresh();
    const r = importHolidayNotice(wb, noticeText(2026));
    expect(r.added).toHaveLength(39);
    expect(r.matchesBuiltIn).toBe(true);
    const rows = parseHolidays(wb.readSheet("节假日"));
    expect(rows.problems).toEqual([]);
    expect(rows.items).toHaveLength(39);
    expect(rows.items.filter((h) => h.type === "班").map((h) => isoFromDay(h.day))).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(rows.items.find((h) => isoFromDay(h.day) === "2026-02-15")).toMatchObject({
      type: "休",
      name: "春节",
    });
    // The calendar built from these rows alone (no built-in 2026) is the built-in one.
    const fromRows = new WorkCalendar(
      rows.items.map((h) => ({ day: h.day, type: h.type, name: h.name })),
    );
    for (let d = dayFromYmd(2026, 1, 1); d <= dayFromYmd(2026, 12, 31); d++) {
      expect(fromRows.isWorkday(d), isoFromDay(d)).toBe(officialCalendar().isWorkday(d));
    }

    const again = importHolidayNotice(wb, noticeText(2026));
    expect(again.added).toEqual([]);
    expect(again.same).toBe(39);
    expect(parseHolidays(wb.readSheet("节假日")).items).toHaveLength(39);
  });

  it("never overwrites a row the sheet has with the other type", () => {
    const wb = fresh();
    wb.appendRows("节假日", [[new Date("2026-01-03T16:00:00Z"), "休", "自定"]]); // 2026-01-04
    const r = importHolidayNotice(wb, noticeText(2026));
    expect(r.conflicts.map((c) => [isoFromDay(c.entry.day), c.where, c.other])).toEqual([
      ["2026-01-04", "「节假日」第 2 行", "休"],
    ]);
    expect(r.added).toHaveLength(38);
    const row = parseHolidays(wb.readSheet("节假日")).items.find(
      (h) => isoFromDay(h.day) === "2026-01-04",
    );
    expect(row).toMatchObject({ type: "休", name: "自定" });
  });

  it("2020: the day a later notice changed (2月1日, no longer worked) is listed, not written", () => {
    const wb = fresh();
    const r = importHolidayNotice(wb, noticeText(2020));
    expect(r.matchesBuiltIn).toBe(false);
    expect(r.conflicts.map((c) => [isoFromDay(c.entry.day), c.entry.type, c.where])).toEqual([
      ["2020-02-01", "班", "内置日历"],
    ]);
    const written = parseHolidays(wb.readSheet("节假日")).items.map((h) => isoFromDay(h.day));
    expect(written).not.toContain("2020-02-01");
  });

  it("a notice the reader refuses writes nothing", () => {
    const wb = fresh();
    const wrong = noticeText(2026).replace("共9天", "共8天");
    expect(() => importHolidayNotice(wb, wrong)).toThrow(/与“共8天”不符/);
    expect(wb.readSheet("节假日")!.length).toBe(1);
  });
});

describe("cadre-care holidays", () => {
  it("reads a GBK notice saved by Notepad, exits 0, and 1 with the sentence when it refuses", async () => {
    const file = path.join(dir, "台账.xlsx");
    await fresh().save(file);
    const utf8 = path.join(dir, "通知-utf8.txt");
    fs.writeFileSync(utf8, noticeText(2026));
    const gbk = path.join(dir, "通知.txt");
    fs.writeFileSync(gbk, execFileSync("iconv", ["-f", "UTF-8", "-t", "GBK", utf8]));
    expect(fs.readFileSync(gbk).includes(Buffer.from("国务院"))).toBe(false); // really GBK

    const io = memoryIO(new Date("2026-12-01T02:00:00Z"));
    expect(await main(["holidays", file, "--notice", gbk], io)).toBe(0);
    const out = io.lines.join("\n");
    expect(out).toContain("春节：2026-02-15 至 2026-02-23 放假 9 天；2026-02-14、2026-02-28 上班");
    expect(out).toContain("已写入「节假日」39 行");
    expect(out).toContain("与内置的2026年国务院节假日安排逐日一致");
    const wb = await XlsxWorkbook.open(file);
    expect(parseHolidays(wb.readSheet("节假日")).items).toHaveLength(39);

    const bad = path.join(dir, "错.txt");
    fs.writeFileSync(bad, noticeText(2026).replace("5月9日(周六)上班", "5月8日上班"));
    const io2 = memoryIO(new Date("2026-12-01T02:00:00Z"));
    expect(await main(["holidays", file, "--notice", bad], io2)).toBe(1);
    expect(io2.errors.join("\n")).toMatch(
      /无法读取通知中的“劳动节:.*5月8日上班。”：上班日 2026-05-08 是星期五/,
    );
    expect(weekday(dayFromYmd(2026, 5, 8))).toBe(5);
  });
});
