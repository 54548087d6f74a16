/**
 * Shared by the unit-file tests: a computed sample hub on disk, the CLI, and reading/editing
 * unit files as a contact would (cells patched into the package, every other byte kept).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { XlsxWorkbook, readWorkbookFile } from "../../src/local/xlsx";
import { PatchedWorkbook } from "../../src/local/xlsxPatch";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import type { Cell, Grid } from "../../src/records/cells";
import { dayFromYmd, instantFromDay } from "../../src/rules/dates";
import { buildSample } from "../../src/sample/sample";

export const d = (y: number, m: number, day: number): Date => instantFromDay(dayFromYmd(y, m, day));

export const NOW = new Date("2027-03-01T02:00:00Z");

export const hash = (file: string): string =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

export async function run(args: string[], now: Date = NOW) {
  const io = memoryIO(now);
  const code = await main(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

/** The sample county, computed, saved as 台账.xlsx in `dir`. */
export async function sampleHub(dir: string): Promise<string> {
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  computeWorkbook(wb, dayFromYmd(2027, 3, 1));
  const file = path.join(dir, "台账.xlsx");
  await wb.save(file);
  return file;
}

export async function openPatched(file: string): Promise<PatchedWorkbook> {
  const wb = await PatchedWorkbook.load(await readWorkbookFile(file), file);
  if (!wb) throw new Error(`cannot patch ${file}`);
  return wb;
}

/** A sheet's rows read by header name. */
export function records(grid: Grid | null): Record<string, Cell>[] {
  if (!grid) return [];
  const header = grid[0].map((h) => String(h ?? ""));
  return grid
    .slice(1)
    .filter((r) => r.some((v) => v !== null && v !== ""))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
}

/** 1-based column of a header. */
export function col(grid: Grid, name: string): number {
  const i = grid[0].findIndex((h) => h === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i + 1;
}

/** Row (1-based) of the first data row where `column` equals `value`. */
export function rowWhere(grid: Grid, column: string, value: Cell): number {
  const c = col(grid, column) - 1;
  const i = grid.findIndex((r, n) => n > 0 && r[c] === value);
  if (i < 0) throw new Error(`no row with ${column}=${String(value)}`);
  return i + 1;
}
