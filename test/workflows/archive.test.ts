import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { openWorkbook } from "../../src/local/commands/workbook";
import { archivePath } from "../../src/local/commands/archive";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { checkArchiveYear, replaceDataRows, splitByYear } from "../../src/workflows/archive";
import { SHEETS } from "../../src/records/schema";
import type { Cell, Grid } from "../../src/records/cells";
import { dayFromYmd, instantFromDay } from "../../src/rules/dates";
import { buildSample } from "../../src/sample/sample";

const d = (y: number, m: number, day: number) => instantFromDay(dayFromYmd(y, m, day));
const APRIL_2027 = dayFromYmd(2027, 4, 1);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-archive-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const hash = (file: string) =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

async function run(args: string[]) {
  const io = memoryIO(new Date("2027-04-01T04:00:00Z"));
  const code = await main(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

/** Data rows of every sheet, as JSON lines (order kept). */
function dataRows(wb: { readSheet(name: string): Grid | null }): Map<string, string[]> {
  return new Map(
    SHEETS.map((s) => [
      s.name,
      (wb.readSheet(s.name) ?? [])
        .slice(1)
        .filter((r) => r.some((v) => v !== null && v !== ""))
        .map((r) => JSON.stringify(r)),
    ]),
  );
}

/** The sample, computed, with every 2025 leave payment made (so 2025 has nothing open). */
async function sampleFile(): Promise<string> {
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  const grid = wb.readSheet("年休假") as Grid;
  const year = grid[0].indexOf("年度");
  const paid = grid[0].indexOf("实际支付日期");
  grid.slice(1).forEach((row, i) => {
    if (row[year] === 2025 && row[paid] === null)
      wb.writeRange("年休假", i + 2, paid + 1, [[d(2026, 3, 20)]]);
  });
  computeWorkbook(wb, APRIL_2027);
  const file = path.join(dir, "台账.xlsx");
  await wb.save(file);
  return file;
}

describe("splitting the record by year", () => {
  it("splits year-bound sheets, keeps rows without a readable year live, and rewrites the rows in one write", () => {
    const wb = XlsxWorkbook.create();
    loadRows(
      wb,
      new Map<string, Record<string, Cell>[]>([
        [
          "培训",
          [
            { 日期: d(2024, 5, 1), 单位: "甲", 形式: "集中培训", 内容: "一" },
            { 日期: d(2025, 5, 1), 单位: "乙", 形式: "集中培训", 内容: "二" },
            { 日期: "去年春天", 单位: "丙", 形式: "集中培训", 内容: "三" },
            { 日期: d(2023, 1, 9), 单位: "丁", 形式: "集中培训", 内容: "四" },
          ],
        ],
      ]),
    );
    const [split] = splitByYear(wb, 2025).filter((s) => s.sheet === "培训");
    expect(split.older.map((r) => r[3])).toEqual(["一", "四"]);
    expect(split.newer.map((r) => r[3])).toEqual(["二", "三"]);
    expect(split).toMatchObject({ unreadable: 1, rows: 4, years: [2023, 2024] });

    const writes: [number, number, number, number][] = [];
    const writeRange = wb.writeRange.bind(wb);
    wb.writeRange = (sheet, row, col, values) => {
      writes.push([row, col, values.length, values[0]?.length ?? 0]);
      writeRange(sheet, row, col, values);
    };
    replaceDataRows(wb, split, split.newer);
    // One write: every column, the kept rows and then the rows they leave blank.
    expect(writes).toEqual([[2, 1, 4, split.width]]);
    const after = (wb.readSheet("培训") as Grid).slice(1);
    expect(after.map((r) => r[3])).toEqual(["二", "三"]);
    expect(after.map((r) => r[1])).toEqual(["乙", "丙"]);
  });

  it("refuses to archive the current or the previous year", () => {
    expect(() => checkArchiveYear(2027, APRIL_2027)).toThrow(/最多只能归档 2025 年及以前/);
    expect(() => checkArchiveYear(2026, APRIL_2027)).not.toThrow();
    expect(() => checkArchiveYear(26, APRIL_2027)).toThrow(/四位年份/);
  });
});

describe("cadre-care archive", () => {
  it("moves earlier years into a checked copy and keeps the rest; nothing is lost", async () => {
    const file = await sampleFile();
    const before = dataRows(await openWorkbook(file));
    const originalHash = hash(file);

    const r = await run(["archive", file, "--date", "2027-04-01"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const out = archivePath(file, 2026);
    expect(out).toBe(path.join(dir, "台账.归档-2025年及以前.xlsx"));
    expect(r.out).toContain("「年休假」移出 190 行（2025 年），保留 194 行");

    const archived = dataRows(await openWorkbook(out));
    const live = dataRows(await openWorkbook(file));
    for (const spec of SHEETS) {
      const all = before.get(spec.name) ?? [];
      const a = archived.get(spec.name) ?? [];
      const l = live.get(spec.name) ?? [];
      if (!spec.yearColumn) {
        // Reference sheets stay whole in both.
        expect(a, spec.name).toEqual(all);
        expect(l, spec.name).toEqual(all);
        continue;
      }
      // Every row is in exactly one of the two, in its order.
      expect([...a, ...l].sort(), spec.name).toEqual([...all].sort());
      expect(a.every((row) => all.includes(row))).toBe(true);
    }
    expect(archived.get("年休假")?.every((r) => JSON.parse(r)[0] === 2025)).toBe(true);
    expect(live.get("年休假")?.every((r) => JSON.parse(r)[0] === 2026)).toBe(true);
    expect(live.get("年休假")?.length).toBe(194);

    // The backup is the workbook as it was; both workbooks pass check.
    const backups = fs.readdirSync(dir).filter((n) => n.includes(".bak-"));
    expect(backups).toHaveLength(1);
    expect(hash(path.join(dir, backups[0]))).toBe(originalHash);
    // In April 2027 the live record lacks only the 2027 rows that new-year creates; the
    // archive copy (years before 2026 only) is not asked for live years.
    const liveCheck = await run(["check", file, "--json"]);
    const gaps = JSON.parse(liveCheck.out) as { message: string }[];
    expect(gaps.length).toBeGreaterThan(0);
    for (const g of gaps)
      expect(g.message).toMatch(/^没有 2027 年度的.*new-year 台账\.xlsx --year 2027/);
    expect((await run(["check", out])).code).toBe(0);

    // Computing the live record again changes none of the kept figures.
    const recomputed = await openWorkbook(file);
    computeWorkbook(recomputed, APRIL_2027);
    expect(dataRows(recomputed).get("年休假")).toEqual(live.get("年休假"));

    // A second run finds nothing left to archive.
    const again = await run(["archive", file, "--date", "2027-04-01"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("没有 2026 年以前的记录，无需归档");
  });

  it("refuses while a year to archive has open items, or when the archive file exists; nothing changes", async () => {
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    const unpaid = path.join(dir, "未付.xlsx");
    await wb.save(unpaid);
    const unpaidHash = hash(unpaid);
    const r = await run(["archive", unpaid, "--date", "2027-04-01"]);
    // A refusal on the data (open items) is exit 1, not a usage error.
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2025 年度还有未办结的事项（未休年休假报酬另行支付 \d+ 项/);
    expect(hash(unpaid)).toBe(unpaidHash);
    expect(fs.readdirSync(dir)).toEqual(["未付.xlsx"]);

    const file = await sampleFile();
    const fileHash = hash(file);
    const taken = path.join(dir, "旧归档.xlsx");
    fs.writeFileSync(taken, "不要覆盖");
    const exists = await run(["archive", file, "--date", "2027-04-01", "--out", taken]);
    expect(exists.code).toBe(2);
    expect(exists.err).toContain("已存在");
    expect(fs.readFileSync(taken, "utf8")).toBe("不要覆盖");
    expect(hash(file)).toBe(fileHash);

    const tooRecent = await run(["archive", file, "--date", "2027-04-01", "--before", "2027"]);
    expect(tooRecent.code).toBe(2);
    expect(tooRecent.err).toContain("当年和上一年度的记录必须留在当前台账");
  });
});
