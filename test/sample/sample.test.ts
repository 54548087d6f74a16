import { describe, expect, it } from "vitest";
import { buildSample, generateCounty, sampleAsGrids } from "../../src/sample/sample";
import { SHEET, SHEETS, AWARD_TYPES } from "../../src/records/schema";
import { idNumberProblem } from "../../src/records/idcard";
import { checkWorkbook, formatProblems } from "../../src/workflows/check";
import { parseLeaveRecords, parseLeaveRows, parsePeople } from "../../src/records/parse";
import { dayFromYmd } from "../../src/rules/dates";
import type { Grid } from "../../src/records/cells";
import { leaveYearsAsOf, serviceYears } from "../../src/rules/service";
import { leaveEntitlement } from "../../src/rules/leave";
import {
  awardBonusCell,
  dailyWageCell,
  leaveDaysCell,
  unusedLeaveExtraCell,
  workdaysCell,
  workYearsCell,
} from "../../src/formulas/functions";
import { officialCalendar } from "../../src/rules/calendar";

describe("embedded sample", () => {
  const sample = buildSample();
  const grids = sampleAsGrids(sample, SHEETS);

  it("is deterministic", () => {
    const again = buildSample();
    expect([...again.keys()]).toEqual([...sample.keys()]);
    for (const [sheet, rows] of sample) expect(again.get(sheet)).toEqual(rows);
  });

  it("has about 200 staff in about 10 units of both natures and authorities", () => {
    const people = sample.get("人员")!;
    expect(people.length).toBe(200);
    const units = sample.get("单位")!;
    expect(units.length).toBe(11);
    expect(new Set(units.map((u) => u.单位性质))).toEqual(new Set(["机关", "事业单位"]));
    expect(new Set(units.map((u) => u.管理权限))).toEqual(new Set(["组织部门", "人社部门"]));
    expect(new Set(people.map((p) => p.人员类别))).toEqual(
      new Set(["公务员", "参公管理", "事业单位"]),
    );
    for (const u of units) expect(String(u.联系邮箱)).toMatch(/@example\.gov\.cn$/);
    const wages = people.map((p) => Number(p["上年度工资收入（元）"]));
    expect(Math.min(...wages)).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...wages)).toBeLessThanOrEqual(150_000);
  });

  it("has 18-digit ID numbers with valid check digits from fictitious area codes", () => {
    for (const p of sample.get("人员")!) {
      const id = String(p.身份证号);
      expect(id).toMatch(/^9901\d{13}[\dX]$/);
      expect(idNumberProblem(id)).toBeNull();
    }
  });

  it("has every award type in 2025 and in 2026", () => {
    for (const year of [2025, 2026]) {
      const types = new Set(
        sample
          .get("奖励")!
          .filter((a) => a.年度 === year)
          .map((a) => a.奖励类型),
      );
      // 授予称号 (公务员法第五十三条) is accepted but the sample county has none
      expect([...types].sort()).toEqual(AWARD_TYPES.filter((t) => t !== "授予称号").sort());
    }
  });

  it("has staff under one year and around the 10- and 20-year anniversaries", () => {
    const people = parsePeople(grids.get("人员")).items;
    const starts = people.map((p) => p.startDate);
    expect(starts.some((d) => d > dayFromYmd(2025, 12, 1))).toBe(true);
    expect(starts).toContain(dayFromYmd(2016, 12, 15));
    expect(starts).toContain(dayFromYmd(2006, 6, 1));
  });

  it("has leave cases that hit each exclusion and records across holidays and 调休 days", () => {
    const rows = parseLeaveRows(grids.get("年休假")).items.filter((r) => r.year === 2026);
    expect(rows.some((r) => r.sickMonths === 2)).toBe(true);
    expect(rows.some((r) => r.sickMonths === 3)).toBe(true);
    expect(rows.some((r) => r.sickMonths === 4)).toBe(true);
    expect(rows.some((r) => r.personalDays === 20)).toBe(true);
    expect(rows.some((r) => r.personalDays === 19)).toBe(true);
    expect(rows.some((r) => r.vacationDays > 30)).toBe(true);
    // a teacher kept at work with 3 days of vacation: 5 − 3 = 2 days made up (实施办法第五条)
    expect(rows.some((r) => r.vacationDays === 3)).toBe(true);
    const records = parseLeaveRecords(grids.get("休假记录")).items;
    const calendar = officialCalendar();
    const national = records.find(
      (r) => r.start === dayFromYmd(2026, 9, 29) && r.end === dayFromYmd(2026, 10, 9),
    );
    expect(national).toBeDefined();
    expect(calendar.workdaysBetween(national!.start, national!.end)).toBe(4);
    expect(
      records.some((r) => r.start === dayFromYmd(2026, 2, 12) && r.end === dayFromYmd(2026, 2, 27)),
    ).toBe(true);
    const paid2025 = sample.get("年休假")!.filter((r) => r.年度 === 2025 && r.实际支付日期);
    const unpaid2025 = sample
      .get("年休假")!
      .filter((r) => r.年度 === 2025 && r.未休原因 === "工作需要" && !r.实际支付日期);
    expect(paid2025.length).toBeGreaterThan(0);
    expect(unpaid2025.length).toBeGreaterThan(0);
    expect(sample.get("年休假")!.filter((r) => r.年度 === 2026 && r.实际支付日期)).toEqual([]);
  });

  it("never has more leave taken than the rules entitle, and has unused days to pay", () => {
    const people = new Map(parsePeople(grids.get("人员")).items.map((p) => [p.id, p]));
    const calendar = officialCalendar();
    const used = new Map<string, number>();
    for (const r of parseLeaveRecords(grids.get("休假记录")).items) {
      const key = `${new Date(r.start * 86_400_000).getUTCFullYear()}${r.personId}`;
      used.set(key, (used.get(key) ?? 0) + calendar.workdaysBetween(r.start, r.end));
    }
    let unused = 0;
    const entitlements = new Set<number>();
    for (const row of parseLeaveRows(grids.get("年休假")).items) {
      const person = people.get(row.personId)!;
      const years = serviceYears(person.startDate, leaveYearsAsOf(row.year, "次月起"));
      const ent = leaveEntitlement(years, row);
      entitlements.add(ent);
      const taken = used.get(`${row.year}${row.personId}`) ?? 0;
      expect(taken, `${row.year} ${row.personId}`).toBeLessThanOrEqual(ent);
      unused += ent - taken;
    }
    expect([...entitlements].sort((a, b) => a - b)).toEqual([0, 2, 5, 10, 15]);
    expect(unused).toBeGreaterThan(100);
  });

  it("computes through the formula functions without a single error", () => {
    const ctx = { today: dayFromYmd(2026, 11, 26) };
    const people = new Map(sample.get("人员")!.map((p) => [p.人员编号, p]));
    let bonus = 0;
    for (const a of sample.get("奖励")!) bonus += awardBonusCell(a.奖励类型, a.人员类别);
    expect(bonus).toBeGreaterThan(50_000);
    for (const p of sample.get("人员")!)
      expect(workYearsCell(p.参加工作时间, null, ctx)).toBeGreaterThanOrEqual(0);
    for (const r of sample.get("年休假")!) {
      const person = people.get(r.人员编号)!;
      const years = workYearsCell(person.参加工作时间, `${r.年度}-11-30`, ctx);
      const ent = leaveDaysCell(years, r["病假（月）"], r["事假（天）"], r["寒暑假（天）"]);
      const daily = dailyWageCell(person["上年度工资收入（元）"], 261);
      expect(daily).toBeGreaterThan(200);
      expect(
        unusedLeaveExtraCell(daily, ent, r.未休原因, r["事假（天）"], ent),
      ).toBeGreaterThanOrEqual(0);
    }
    const calendar = officialCalendar();
    for (const r of sample.get("休假记录")!) {
      expect(workdaysCell(r.开始日期, r.结束日期, calendar)).toBeGreaterThan(0);
    }
  });

  it("has filed and unfiled plans and health checks, talks with open follow-ups", () => {
    const plans2027 = sample.get("年休假计划")!.filter((r) => r.年度 === 2027);
    expect(plans2027.filter((r) => r.备案日期).length).toBeGreaterThan(0);
    expect(plans2027.filter((r) => !r.备案日期).length).toBeGreaterThan(plans2027.length / 2);
    const health2026 = sample.get("体检")!.filter((r) => r.年度 === 2026);
    expect(health2026.some((r) => !r.方案备案日期)).toBe(true);
    expect(health2026.some((r) => r.情况备案日期)).toBe(true);
    const talks = sample.get("谈心谈话")!;
    expect(talks.some((t) => t.类型 === "走访慰问" && t.跟进日期 && !t.跟进完成日期)).toBe(true);
    expect(talks.some((t) => t.跟进完成日期)).toBe(true);
    const green = sample.get("考核")!.filter((a) => a.绿色通道条件);
    expect(new Set(green.map((a) => a.绿色通道条件)).size).toBeGreaterThanOrEqual(3);
    expect(green.every((a) => a.依据 && a.最终等次 === "优秀")).toBe(true);
  });

  it("passes checkWorkbook with zero problems", () => {
    const problems = checkWorkbook((sheet) => grids.get(sheet) ?? null);
    expect(formatProblems(problems)).toBe("检查完成，未发现问题。");
  });

  it("still passes check with every sheet's columns reversed and a user column added", () => {
    const shuffled = new Map<string, Grid>();
    for (const [sheet, grid] of grids) {
      shuffled.set(
        sheet,
        grid.map((row, i) => [i === 0 ? "我的备注" : "自用", ...[...row].reverse()]),
      );
    }
    expect(checkWorkbook((sheet) => shuffled.get(sheet) ?? null)).toEqual([]);
    const people = parsePeople(shuffled.get("人员")).items;
    expect(people.length).toBe(200);
    expect(people[0].id).toBe("WX0001");
  });

  it("lays rows out in the spec's column order with the header", () => {
    const grid = grids.get("人员")!;
    expect(grid[0]).toEqual(SHEET["人员"].columns.map((c) => c.name));
    expect(grid[1][0]).toBe("WX0001");
    expect(grid[1][grid[0].indexOf("累计工作年限")]).toBeNull();
  });
});

describe("generated county", () => {
  it("scales to the requested size deterministically and stays valid", () => {
    const county = generateCounty({ units: 40, staff: 2_000, leaveRecords: 4_000, seed: 7 });
    expect(county.get("单位")!.length).toBe(40);
    expect(county.get("人员")!.length).toBe(2_000);
    const records = county.get("休假记录")!.length;
    expect(records).toBeGreaterThan(3_000);
    expect(records).toBeLessThan(5_000);
    expect(
      generateCounty({ units: 40, staff: 2_000, leaveRecords: 4_000, seed: 7 }).get("人员"),
    ).toEqual(county.get("人员"));
    const grids = sampleAsGrids(county);
    expect(checkWorkbook((sheet) => grids.get(sheet) ?? null)).toEqual([]);
  });
});
