/**
 * The sample county as a spreadsheet of the Apps Script fakes: the grids `npm start` loads
 * (blank cells as Sheets returns them, ""), and a fresh world holding them.
 */
import { AppsScriptWorld } from "../fakes/appsScript";
import { manifestScopes } from "../fakes/scopes";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { SHEETS } from "../../src/records/schema";

export type SampleSheets = [string, unknown[][]][];

/** Every sheet of the sample county, header first. */
export function sampleSheets(): SampleSheets {
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  return SHEETS.map((s): [string, unknown[][]] => [
    s.name,
    (wb.readSheet(s.name) ?? [s.columns.map((c) => c.name)]).map((r) => r.map((v) => v ?? "")),
  ]);
}

/** A world whose spreadsheet holds `sample`. */
export function countyWorld(sample: SampleSheets): AppsScriptWorld {
  const world = new AppsScriptWorld(manifestScopes());
  for (const [name, grid] of sample) world.ss.addSheetWithRows(name, grid);
  return world;
}
