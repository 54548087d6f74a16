import { describe, it, expect } from "vitest";
import { sampleFixture } from "./sample";
import {
  buildDashboardData,
  documentHref,
  readDashboardGrids,
} from "../../src/workflows/dashboard";
import { scanDeadlines } from "../../src/workflows/deadlines";
import type { Cell, Grid } from "../../src/records/cells";

/** Column values of a sheet by header name, straight from the grid (independent of the parsers). */
function column(grid: Grid, name: string): Cell[] {
  const i = grid[0].findIndex((h) => h === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return grid.slice(1).map((r) => r[i]);
}
const fen = (v: Cell): number => (typeof v === "number" ? Math.round(v * 100) : 0);
const days = (v: Cell): number => (typeof v === "number" ? v : 0);
const blank = (v: Cell): boolean => v === null || v === undefined || v === "";

describe("dashboard data on the embedded sample", () => {
  const fx = sampleFixture();
  const data = buildDashboardData({
    grids: readDashboardGrids(fx.workbook),
    today: fx.today,
    documents: fx.documents,
  });

  it("has the as-of day, the county and every unit of 单位 in order", () => {
    expect(data.asOf).toBe("2026-11-26");
    expect(data.asOfText).toBe("2026年11月26日");
    expect(data.county).toBe("魏县");
    const units = column(fx.grid("单位"), "单位名称").filter((u) => !blank(u));
    expect(data.units).toEqual(units);
    expect(data.units).toHaveLength(11);
  });

  it("leave days and pay per year equal the 年休假 sheet's own sums, to the fen", () => {
    const g = fx.grid("年休假");
    const year = column(g, "年度");
    const ent = column(g, "应休天数");
    const used = column(g, "已休天数");
    const unused = column(g, "未休天数");
    const pay = column(g, "未休年休假报酬");
    const extra = column(g, "其中另行支付");
    const paid = column(g, "实际支付日期");
    const years = [...new Set(year.filter((y) => typeof y === "number"))].sort();
    expect(data.leave.map((l) => l.year)).toEqual(years);
    for (const l of data.leave) {
      const rows = year.map((y, i) => (y === l.year ? i : -1)).filter((i) => i >= 0);
      const sum = (f: (i: number) => number) => rows.reduce((s, i) => s + f(i), 0);
      expect(l.totals.people).toBe(rows.length);
      expect(l.totals.entitledDays).toBe(sum((i) => days(ent[i])));
      expect(l.totals.usedDays).toBe(sum((i) => days(used[i])));
      expect(l.totals.unusedDays).toBe(sum((i) => days(unused[i])));
      expect(l.totals.unusedPayFen).toBe(sum((i) => fen(pay[i])));
      expect(l.totals.extraFen).toBe(sum((i) => fen(extra[i])));
      expect(l.totals.extraOwedFen).toBe(sum((i) => (blank(paid[i]) ? fen(extra[i]) : 0)));
      expect(l.totals.extraPaidFen).toBe(sum((i) => (blank(paid[i]) ? 0 : fen(extra[i]))));
      expect(l.totals.extraPaidFen + l.totals.extraOwedFen).toBe(l.totals.extraFen);
      expect(l.totals.incompleteRows).toBe(0);
      // The per-unit rows add up to the totals.
      const unitSum = l.rows.reduce((s, r) => s + r.extraOwedFen, 0);
      expect(unitSum).toBe(l.totals.extraOwedFen);
      expect(l.rows.reduce((s, r) => s + r.entitledDays, 0)).toBe(l.totals.entitledDays);
    }
    // Hand-checked figures of the sample (2025): 1570 days entitled, 484 taken.
    const y2025 = data.leave.find((l) => l.year === 2025)!;
    expect([y2025.totals.entitledDays, y2025.totals.usedDays]).toEqual([1570, 484]);
    expect(data.owedAllYearsFen).toBe(data.leave.reduce((s, l) => s + l.totals.extraOwedFen, 0));
    // 2025's extra pay was due 2026-03-31: all of it still owed is overdue; 2026's is not yet due.
    expect(data.owedOverdueFen).toBe(y2025.totals.extraOwedFen);
    expect(data.owedOverduePeople).toBe(y2025.totals.owedPeople);
  });

  it("awards by type equal the 奖励 sheet's count and 奖金 sums", () => {
    const g = fx.grid("奖励");
    const year = column(g, "年度");
    const type = column(g, "奖励类型");
    const bonus = column(g, "奖金（元）");
    for (const a of data.awards) {
      for (const t of a.types) {
        const idx = year.map((y, i) => i).filter((i) => year[i] === a.year && type[i] === t.type);
        expect(t.count).toBe(idx.length);
        expect(t.bonusFen).toBe(idx.reduce((s, i) => s + fen(bonus[i]), 0));
      }
      const all = year.map((_, i) => i).filter((i) => year[i] === a.year);
      expect(a.totalCount).toBe(all.length);
      expect(a.totalBonusFen).toBe(all.reduce((s, i) => s + fen(bonus[i]), 0));
    }
    // The policy's amounts: 嘉奖 1500 元 each.
    const jiajiang = data.awards[0].types.find((t) => t.type === "嘉奖")!;
    expect(jiajiang.bonusFen).toBe(jiajiang.count * 150_000);
  });

  it("the deadline grid holds every scanned item once, with the worst state per cell", () => {
    const scan = scanDeadlines(readDashboardGrids(fx.workbook), fx.today);
    const counted = data.deadlines.rows
      .flatMap((r) => r.cells)
      .reduce((n, c) => n + (c ? c.total : 0), 0);
    expect(counted).toBe(scan.items.length);
    for (const status of ["done", "open", "due-soon", "overdue"] as const) {
      expect(data.deadlines.totals[status]).toBe(
        scan.items.filter((i) => i.status === status).length,
      );
    }
    // 县委办公室, leave-pay 2025: every person's item; overdue when any is.
    const col = data.deadlines.columns.findIndex((c) => c.kind === "leave-pay" && c.year === 2025);
    const row = data.deadlines.rows.find((r) => r.unit === "县委办公室")!;
    const mine = scan.items.filter(
      (i) => i.unit === "县委办公室" && i.item === "leave-pay" && i.year === 2025,
    );
    const cell = row.cells[col]!;
    expect(cell.total).toBe(mine.length);
    expect(cell.overdue).toBe(mine.filter((i) => i.status === "overdue").length);
    expect(cell.status).toBe(cell.overdue > 0 ? "overdue" : "done");
    // Due 2026-03-31, 240 days before the sample's day.
    expect(cell.daysLeft).toBe(-240);
  });

  it("links every generated document relative to the page", () => {
    expect(fx.documents.length).toBeGreaterThan(10);
    expect(data.documents).toHaveLength(fx.documents.length);
    for (const d of data.documents) expect(d.href.startsWith("docs/")).toBe(true);
    expect(documentHref("2026-通报批评-全县.docx", "docs/")).toBe(
      "docs/2026-%E9%80%9A%E6%8A%A5%E6%89%B9%E8%AF%84-%E5%85%A8%E5%8E%BF.docx",
    );
    expect(documentHref("https://docs.google.com/document/d/x", "docs/")).toBe(
      "https://docs.google.com/document/d/x",
    );
  });

  it("carries no person-level field", () => {
    const json = JSON.stringify(data);
    for (const key of ["personId", "idNumber", "name", "dailyWage", "lastYearIncome"]) {
      expect(json.includes(`"${key}"`)).toBe(false);
    }
  });
});
