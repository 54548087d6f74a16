/**
 * Issue 12: a workbook made before the columns existed (其中扣工资事假, 全年工资收入,
 * 月平均工资, 入本单位时间, 所属年度, 处分或诫勉, 试用期, and the computed 日工资依据, 次年不享受,
 * the system sheet 奖励建议) opens; `check` and `compute` run on it as it is; `init` (setupWorkbook)
 * adds the columns and the sheet, and every cell typed before is where it was, unchanged.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows, setupWorkbook } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { computeWorkbook } from "../../src/workflows/compute";
import { checkWorkbook } from "../../src/workflows/check";
import { SHEET } from "../../src/records/schema";
import type { Grid } from "../../src/records/cells";
import { dayFromYmd } from "../../src/rules/dates";

const NEW_COLUMNS: Record<string, string[]> = {
  人员: ["入本单位时间"],
  年休假: [
    "其中扣工资事假（天）",
    "全年工资收入（元）",
    "月平均工资（元）",
    "日工资依据",
    "次年不享受",
  ],
  休假记录: ["所属年度"],
  考核: ["处分或诫勉", "试用期"],
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-old-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The sample as a workbook of before issue 12: its new columns and 奖励建议 removed. */
async function oldWorkbook(): Promise<string> {
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  for (const [sheet, columns] of Object.entries(NEW_COLUMNS)) {
    const ws = wb.workbook.getWorksheet(sheet)!;
    const header = (wb.readSheet(sheet)![0] as string[]).map(String);
    const at = columns.map((c) => header.indexOf(c) + 1).sort((a, b) => b - a);
    expect(at.every((i) => i > 0)).toBe(true);
    for (const i of at) ws.spliceColumns(i, 1);
  }
  const suggestions = wb.workbook.getWorksheet("奖励建议");
  if (suggestions) wb.workbook.removeWorksheet(suggestions.id);
  const file = path.join(dir, "旧台账.xlsx");
  await wb.save(file);
  return file;
}

/** Input cells by sheet, header and row: what a person typed. */
function typed(wb: XlsxWorkbook): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const sheet of Object.keys(SHEET)) {
    const spec = SHEET[sheet];
    if (spec.system) continue;
    const grid: Grid | null = wb.readSheet(sheet);
    if (!grid) continue;
    const header = grid[0].map(String);
    header.forEach((h, c) => {
      if (spec.columns.find((col) => col.name === h)?.computed) return;
      for (let r = 1; r < grid.length; r++) out.set(`${sheet}|${h}|${r}`, grid[r][c] ?? null);
    });
  }
  return out;
}

describe("a workbook from before issue 12's columns", () => {
  it("opens, checks and computes as it is; init adds the columns and loses nothing typed", async () => {
    const file = await oldWorkbook();
    const old = await XlsxWorkbook.open(file);
    for (const [sheet, columns] of Object.entries(NEW_COLUMNS))
      for (const c of columns) expect(old.readSheet(sheet)![0]).not.toContain(c);
    const before = typed(old);
    expect(before.size).toBeGreaterThan(2000);

    // As it is: check names nothing about the missing optional columns; compute runs.
    const problems = checkWorkbook((s) => old.readSheet(s));
    expect(problems.filter((p) => Object.values(NEW_COLUMNS).flat().includes(p.column))).toEqual(
      [],
    );
    const computed = computeWorkbook(old, dayFromYmd(2026, 11, 26));
    expect(computed.sheets.find((s) => s.sheet === "休假记录")?.rows).toBeGreaterThan(0);
    const fresh = XlsxWorkbook.create();
    loadRows(fresh, buildSample());
    // The sample with and without the columns: the same number of 错误 cells or fewer.
    expect(computed.errors).toBeLessThanOrEqual(
      computeWorkbook(fresh, dayFromYmd(2026, 11, 26)).errors + 0,
    );

    // init: the columns and 奖励建议 are added, every typed cell stays.
    setupWorkbook(old);
    for (const [sheet, columns] of Object.entries(NEW_COLUMNS))
      for (const c of columns) expect(old.readSheet(sheet)![0]).toContain(c);
    expect(old.sheetNames()).toContain("奖励建议");
    const after = typed(old);
    for (const [key, value] of before) expect(after.get(key), key).toEqual(value);

    // And it computes the new columns: 日工资依据 from the fallback income, 年度 of the records.
    computeWorkbook(old, dayFromYmd(2026, 11, 26));
    const leave = old.readSheet("年休假")!;
    const basis = leave[0].indexOf("日工资依据");
    expect(leave.slice(1).some((r) => typeof r[basis] === "string" && r[basis] !== "")).toBe(true);
  });
});
