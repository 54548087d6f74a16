/**
 * 其中另行支付 where the 年休假 cell holds no number: Sheets computes the column itself, so the
 * scan the Apps Script bundle runs reads the cell (its 错误 text is the reason); the Node side
 * derives the amount with compute (computedLeavePay), for an .xlsx not computed yet.
 */
import { describe, expect, it } from "vitest";
import { buildSample, sampleAsGrids } from "../../src/sample/sample";
import { scanDeadlines } from "../../src/workflows/deadlines";
import { computedLeavePay } from "../../src/workflows/leavePay";
import { dayFromYmd } from "../../src/rules/dates";
import type { Grid } from "../../src/records/cells";
import { sampleSheets } from "../fakes/county";

const day = dayFromYmd(2027, 3, 1);
const leavePay = (grids: Record<string, Grid | null>, derive = computedLeavePay) =>
  scanDeadlines(grids, day, derive).items.filter((i) => i.item === "leave-pay");

describe("其中另行支付 in the deadline scan", () => {
  it("is derived by compute on the Node side and read from the cells as Sheets holds them", () => {
    const raw = Object.fromEntries(sampleAsGrids(buildSample()));
    const computed = Object.fromEntries(sampleSheets(day)) as Record<string, Grid>;
    const derived = leavePay(raw);
    expect(derived.length).toBeGreaterThan(0);
    // The cells as Sheets computes them give the same items, without compute.
    expect(scanDeadlines(computed, day).items.filter((i) => i.item === "leave-pay")).toEqual(
      derived,
    );
    // An uncomputed cell read alone is a warning, never a guessed amount.
    const scan = scanDeadlines(raw, day);
    expect(scan.items.filter((i) => i.item === "leave-pay")).toEqual([]);
    expect(scan.warnings.some((w) => w.includes("未能计算"))).toBe(true);
  });

  it("gives the formula's 错误 text as the reason the row cannot be judged", () => {
    const computed = Object.fromEntries(sampleSheets(day)) as Record<string, Grid>;
    const leave = computed["年休假"].map((r) => [...r]);
    const col = leave[0].indexOf("其中另行支付");
    const paid = leave[0].indexOf("实际支付日期");
    const row = leave.findIndex((r, i) => i > 0 && typeof r[col] === "number" && r[col] > 0);
    leave[row][col] = "错误：缺少工资收入，应填写全年工资收入（元）";
    leave[row][paid] = "";
    const scan = scanDeadlines({ ...computed, 年休假: leave }, day);
    expect(scan.warnings.join("\n")).toContain(
      `年休假第${row + 1}行（人员编号 ${String(leave[row][leave[0].indexOf("人员编号")])}）：无法判断是否应另行支付未休年休假报酬（缺少工资收入，应填写全年工资收入（元））`,
    );
  });
});
