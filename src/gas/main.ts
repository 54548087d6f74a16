/**
 * The Apps Script bundle's public face. The build wraps this module as the global
 * `CadreCare` and writes a top-level `function NAME(...)` stub for every formula and every
 * entry point, which is what Sheets, menus and triggers call.
 */
import { FORMULAS, runFormula } from "../formulas/catalog";
import type { Arg } from "../formulas/grid";
import type { Cell, Grid } from "../records/cells";
import { ENTRY_POINTS } from "./entrypoints";
import { PROJECT_TIME_ZONE, dayInTimeZone, fromSheetZone, mapDates, toSheetZone } from "./timezone";

/** The formulas the bundle runs; the build writes a stub for each, documented from ../formulas/docs. */
export const formulas = FORMULAS.map((f) => f.name);

/**
 * The spreadsheet's time zone, which a custom function may read (Spreadsheet service, read
 * only, needs no authorization); Beijing when it cannot be read.
 */
function spreadsheetTimeZone(): string {
  try {
    if (typeof SpreadsheetApp === "undefined") return PROJECT_TIME_ZONE;
    return SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || PROJECT_TIME_ZONE;
  } catch {
    return PROJECT_TIME_ZONE;
  }
}

/**
 * Called by each formula stub: today is read here, at the edge, never in the rules. Dates come
 * in and go out in the spreadsheet's zone (see ./timezone.ts), so LEAVE_PAY_DUE(2026) shows
 * 2027-03-31 whatever the zone.
 */
export function callFormula(name: string, args: Arg[]): Cell | Grid {
  const zone = spreadsheetTimeZone();
  const today = dayInTimeZone(new Date(), zone).day;
  const result = runFormula(
    name,
    { today },
    args.map((a) => mapDates(a, (d) => fromSheetZone(d, zone))),
  );
  return mapDates(result, (d) => toSheetZone(d, zone));
}

export const entryPoints = ENTRY_POINTS;
