/**
 * The Apps Script bundle's public face. The build wraps this module as the global
 * `CadreCare` and writes a top-level `function NAME(...)` stub for every formula and every
 * entry point, which is what Sheets, menus and triggers call.
 */
import { FORMULAS, runFormula } from "../formulas/catalog";
import type { Arg } from "../formulas/grid";
import type { Cell, Grid } from "../records/cells";
import { dayFromInstant } from "../rules/dates";
import { ENTRY_POINTS } from "./entrypoints";

/** Formula metadata for the build's JSDoc stubs. */
export const formulas = FORMULAS.map(({ name, description, params, example }) => ({
  name,
  description,
  params,
  example,
}));

/** Called by each formula stub: today is read here, at the edge, never in the rules. */
export function callFormula(name: string, args: Arg[]): Cell | Grid {
  return runFormula(name, { today: dayFromInstant(new Date()) }, args);
}

export const entryPoints = ENTRY_POINTS;
