/**
 * `cadre-care new-year` on the sample county as a file: a year's 年休假 and 考核 rows for every
 * 在职 person and 年休假计划, 体检, 单位考核 rows for every unit, only where missing; a second run
 * creates nothing and leaves the file byte-identical; no existing row changes; a year more than
 * one ahead of today is refused.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { parsePeople, parseUnits } from "../../src/records/parse";
import { PERSON_YEAR_SHEETS, UNIT_YEAR_SHEETS } from "../../src/workflows/newYear";
import type { Grid } from "../../src/records/cells";

let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-newyear-"));
  file = path.join(dir, "台账.xlsx");
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  await wb.save(file);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], now = new Date("2026-12-01T02:00:00Z")) {
  const io = memoryIO(now);
  const code = await main(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

const rowsOf = (grid: Grid | null, year: number) => {
  const at = grid![0].indexOf("年度");
  return grid!.slice(1).filter((r) => r[at] === year);
};

describe("cadre-care new-year", () => {
  it("creates the year's rows once, touches no existing row, and a second run changes nothing", async () => {
    const before = await XlsxWorkbook.open(file);
    const people = parsePeople(before.readSheet("人员")).items.filter((p) => p.status === "在职");
    const units = parseUnits(before.readSheet("单位")).items;
    const old = new Map(
      [...PERSON_YEAR_SHEETS, ...UNIT_YEAR_SHEETS].map((s) => [s, before.readSheet(s)!]),
    );
    const isPerson = (sheet: string) => (PERSON_YEAR_SHEETS as readonly string[]).includes(sheet);
    const targets = (sheet: string) =>
      isPerson(sheet) ? people.map((p) => p.id) : units.map((u) => u.name);
    const idsOf = (grid: Grid, sheet: string) => {
      const at = grid[0].indexOf(isPerson(sheet) ? "人员编号" : "单位");
      return rowsOf(grid, 2027).map((m) => String(m[at]));
    };

    const r = await run(["new-year", file, "--year", "2027"]);
    expect(r.code).toBe(0);
    let created = 0;
    for (const [sheet, grid] of old) {
      const had = idsOf(grid, sheet).length;
      const n = targets(sheet).length - had;
      created += n;
      expect(r.out).toContain(
        `「${sheet}」新建 2027 年度 ${n} 行` + (had ? `（已有 ${had} 行，未改动）` : ""),
      );
    }
    expect(created).toBeGreaterThan(2 * people.length - 1);
    expect(r.out).toMatch(/修改前的副本：.*台账\.bak-\d{14}\.xlsx/);

    const after = await XlsxWorkbook.open(file);
    for (const [sheet, grid] of old) {
      const now = after.readSheet(sheet)!;
      // Every row that was there is still there, unchanged and in place.
      expect(now.slice(0, grid.length), sheet).toEqual(grid);
      const ids = idsOf(now, sheet);
      expect(new Set(ids).size, sheet).toBe(ids.length);
      expect(ids.sort(), sheet).toEqual(targets(sheet).sort());
    }

    const bytes = fs.readFileSync(file);
    const again = await run(["new-year", file, "--year", "2027"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("2027 年度的行已齐全");
    expect(again.out).toContain(
      `「年休假」新建 2027 年度 0 行（已有 ${people.length} 行，未改动）`,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it("refuses a year more than one ahead of today, writing nothing", async () => {
    const bytes = fs.readFileSync(file);
    const r = await run(["new-year", file, "--year", "2028"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("不能新建 2028 年度：最多只能提前一年，新建到 2027 年度");
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // A year later, 2028 is next year.
    const later = await run(["new-year", file, "--year", "2028", "--date", "2027-12-20"]);
    expect(later.code).toBe(0);
    expect(later.out).toContain("「年休假」新建 2028 年度");
  });

  it("gives a unit that import added by name only (单位性质, 管理权限 still blank) its rows", async () => {
    const fresh = path.join(dir, "新台账.xlsx");
    expect((await run(["init", fresh])).code).toBe(0);
    const roster = path.join(__dirname, "../fixtures/roster/花名册-libreoffice.xlsx");
    await run(["import", roster, "--into", fresh]);
    const r = await run(["new-year", fresh, "--year", "2027"]);
    expect(r.code).toBe(0);
    for (const sheet of UNIT_YEAR_SHEETS)
      expect(r.out).toContain(`「${sheet}」新建 2027 年度 2 行`);
    expect(r.out).not.toContain("未新建，请用 check 查看");
    const plans = (await XlsxWorkbook.open(fresh)).readSheet("年休假计划")!;
    expect(rowsOf(plans, 2027).map((row) => row[plans[0].indexOf("单位")])).toEqual([
      "县交通运输局",
      "县公路管理站",
    ]);
  });
});
