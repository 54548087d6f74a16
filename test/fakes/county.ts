/**
 * A county's bound spreadsheet for the tests that run dist/Code.js under the fakes
 * (test/gas/*): the built bundle, the embedded sample (or a generated county) computed on a
 * given day as Sheets holds it, and an AppsScriptWorld granted the manifest's scopes.
 */
import { beforeAll } from "vitest";
import { build } from "../build";
import { AppsScriptWorld, type EntryPoint, loadBundle } from "./appsScript";
import type { AccountType } from "./drive";
import { manifestScopes } from "./scopes";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { type SampleWorkbook, buildSample } from "../../src/sample/sample";
import type { Day } from "../../src/rules/dates";
import { SHEETS } from "../../src/records/schema";

/** Each sheet's name and rows (header first), blank cells as "" the way getValues returns them. */
export type SheetRows = [name: string, rows: unknown[][]];

/** Build dist/Code.js and return its top-level functions (for a beforeAll). */
export function builtBundle(): Record<string, EntryPoint> {
  build();
  return loadBundle();
}

/** Every sheet of `sample` (default: the embedded sample) with its computed columns as of `asOf`. */
export function sampleSheets(asOf: Day, sample: SampleWorkbook = buildSample()): SheetRows[] {
  const wb = XlsxWorkbook.create();
  loadRows(wb, sample);
  computeWorkbook(wb, asOf);
  return SHEETS.map((s) => [
    s.name,
    (wb.readSheet(s.name) ?? [s.columns.map((c) => c.name)]).map((r) => r.map((v) => v ?? "")),
  ]);
}

/** A world whose bound spreadsheet holds `sheets`, granted every scope the manifest asks for. */
export function countyWorld(
  sheets: readonly SheetRows[],
  account: AccountType = "workspace",
): AppsScriptWorld {
  const world = new AppsScriptWorld(manifestScopes(), account);
  for (const [name, rows] of sheets) world.ss.addSheetWithRows(name, rows);
  return world;
}

/**
 * For a test file of a county as of `asOf`: builds the bundle and computes the sample once
 * (in a beforeAll); `bundle` is filled in place, `county()` is a fresh world each time.
 */
export function countyFixture(asOf: Day): {
  bundle: Record<string, EntryPoint>;
  county: () => AppsScriptWorld;
} {
  const bundle: Record<string, EntryPoint> = {};
  let sample: SheetRows[] = [];
  beforeAll(() => {
    Object.assign(bundle, builtBundle());
    sample = sampleSheets(asOf);
  });
  return { bundle, county: () => countyWorld(sample) };
}
