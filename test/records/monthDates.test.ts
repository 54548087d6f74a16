import { describe, expect, it } from "vitest";
import { readStartDate } from "../../src/records/cells";
import { parsePeople, parseLeaveRecords } from "../../src/records/parse";
import { isoFromDay } from "../../src/rules/dates";
import { workYearsCell } from "../../src/formulas/functions";
import { dayFromYmd } from "../../src/rules/dates";

const iso = (v: Parameters<typeof readStartDate>[0]) =>
  isoFromDay(readStartDate(v, "参加工作时间"));

describe("参加工作时间 at month precision", () => {
  it("reads 2016.07, 2016.7, 2016年7月, 201607 and the like as the 1st of the month", () => {
    for (const text of [
      "2016.07",
      "2016.7",
      "2016年7月",
      "2016年07月",
      "201607",
      "2016-07",
      "2016/7",
      "２０１６．０７",
      " 2016 年 7 月 ",
    ]) {
      expect(iso(text), text).toBe("2016-07-01");
    }
    expect(iso("2016.10")).toBe("2016-10-01");
    expect(iso("2016.12")).toBe("2016-12-01");
  });

  it("keeps every day-precision form", () => {
    expect(iso("2016-07-15")).toBe("2016-07-15");
    expect(iso("2016.7.15")).toBe("2016-07-15");
    expect(iso("2016年7月15日")).toBe("2016-07-15");
    expect(iso(new Date("2016-07-14T16:00:00Z"))).toBe("2016-07-15");
    expect(iso(42566)).toBe("2016-07-15"); // a serial date
  });

  it("reads number cells the way Excel stores what was typed", () => {
    expect(iso(201607)).toBe("2016-07-01");
    expect(iso(2016.07)).toBe("2016-07-01");
    expect(iso(2016.7)).toBe("2016-07-01");
    expect(iso(2016.11)).toBe("2016-11-01");
    expect(() => iso(2016.1)).toThrow(/分不清是2016年1月还是10月/);
    expect(() => iso(2016)).toThrow(/只有年份，应写到月/);
  });

  it("refuses months that do not exist and text that is no date, in Chinese", () => {
    expect(() => iso("2016.13")).toThrow(
      "参加工作时间“2016.13”不是真实存在的年月，月份应为 1 至 12",
    );
    expect(() => iso("201613")).toThrow(/不是真实存在的年月/);
    expect(() => iso("七月")).toThrow(
      "参加工作时间应为日期（YYYY-MM-DD）或年月（如 2016.07、2016年7月），收到“七月”",
    );
    expect(() => iso("2016-02-30")).toThrow(/不是真实存在的日期/);
  });

  it("人员 accepts the month forms; other date columns stay day-precision", () => {
    const people = parsePeople([
      ["人员编号", "姓名", "单位", "人员类别", "参加工作时间"],
      ["A1", "甲", "县委办", "公务员", "2016.07"],
      ["A2", "乙", "县委办", "公务员", "2016年7月"],
      ["A3", "丙", "县委办", "公务员", 201607],
    ]);
    expect(people.problems).toEqual([]);
    expect(people.items.map((p) => isoFromDay(p.startDate))).toEqual([
      "2016-07-01",
      "2016-07-01",
      "2016-07-01",
    ]);
    const records = parseLeaveRecords([
      ["人员编号", "开始日期", "结束日期"],
      ["A1", "2026.07", "2026-07-03"],
    ]);
    expect(records.items).toEqual([]);
    expect(records.problems.map((p) => p.column)).toEqual(["开始日期"]);
  });

  it("WORK_YEARS counts whole months from the first day of the month", () => {
    const ctx = { today: dayFromYmd(2026, 6, 1) };
    expect(workYearsCell("2016.07", "2026-06-30", ctx)).toBe(9);
    expect(workYearsCell("2016.07", "2026-07-01", ctx)).toBe(10);
    expect(workYearsCell("2016年7月", "2026-07-01", ctx)).toBe(10);
  });
});
