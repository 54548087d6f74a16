/**
 * The custom formulas people type in the sheet (DESIGN.md §4). Each entry is what Sheets
 * shows (Chinese description, parameters) and how it runs over ranges. The build turns every
 * entry into a top-level `function NAME(...)` with a JSDoc `@customfunction` block.
 */
import { type Arg, blankUnless, broadcast, tableRows } from "./grid";
import {
  type FormulaContext,
  awardBonusCell,
  dailyWageCell,
  excellentQuotaCell,
  greenChannelCell,
  leaveDaysCell,
  leavePayDueCell,
  unusedLeaveExtraCell,
  unusedLeavePayCell,
  workdaysCell,
  workYearsCell,
} from "./functions";
import { awardStandardsFromRows, calendarFromRows, quotaParamsFromRows } from "./tables";
import { type Cell, type Grid } from "../records/cells";
import { errorText } from "../rules/errors";

/**
 * A formula as it runs. What Sheets shows of it (description, parameters, example) is in
 * ./docs.ts, which only the build reads: the Apps Script bundle carries no help text twice.
 */
export interface FormulaDef {
  name: string;
  run(ctx: FormulaContext, args: Arg[]): Cell | Grid;
}

/**
 * Parse a table argument once per call. The result is a getter: when the table is bad it
 * throws, so each non-blank row says why and blank rows stay blank.
 */
function table<T>(arg: Arg, parse: (rows: Grid) => T): () => T {
  try {
    const parsed = parse(tableRows(arg));
    return () => parsed;
  } catch (err) {
    return () => {
      throw err;
    };
  }
}

export const FORMULAS: readonly FormulaDef[] = [
  {
    name: "AWARD_BONUS",
    run: (_ctx, [award, category, standards]) => {
      const rows = table(standards, awardStandardsFromRows);
      return broadcast(
        [award, category],
        blankUnless(1, ([a, c]) => awardBonusCell(a, c, rows().length ? rows() : undefined)),
      );
    },
  },
  {
    name: "WORK_YEARS",
    run: (ctx, [start, asOf]) =>
      broadcast(
        [start, asOf],
        blankUnless(1, ([s, a]) => workYearsCell(s, a, ctx)),
      ),
  },
  {
    name: "LEAVE_DAYS",
    run: (_ctx, [years, sick, personal, vacation, deducted, lost, joined, year]) =>
      broadcast(
        [years, sick, personal, vacation, deducted, lost, joined, year],
        blankUnless(1, ([y, s, p, v, d, l, j, yr]) => leaveDaysCell(y, s, p, v, d, l, j, yr)),
      ),
  },
  {
    name: "WORKDAYS_CN",
    run: (_ctx, [start, end, calendar]) => {
      const cal = table(calendar, calendarFromRows);
      return broadcast(
        [start, end],
        blankUnless(2, ([s, e]) => workdaysCell(s, e, cal())),
      );
    },
  },
  {
    name: "DAILY_WAGE",
    run: (_ctx, [income, payDays]) =>
      broadcast(
        [income, payDays],
        blankUnless(1, ([i, d]) => dailyWageCell(i, d)),
      ),
  },
  {
    name: "UNUSED_LEAVE_PAY",
    run: (_ctx, [daily, unused, reason, personal, entitlement]) =>
      broadcast(
        [daily, unused, reason, personal, entitlement],
        blankUnless(2, ([w, d, r, p, e]) => unusedLeavePayCell(w, d, r, p, e)),
      ),
  },
  {
    name: "UNUSED_LEAVE_EXTRA",
    run: (_ctx, [daily, unused, reason, personal, entitlement]) =>
      broadcast(
        [daily, unused, reason, personal, entitlement],
        blankUnless(2, ([w, d, r, p, e]) => unusedLeaveExtraCell(w, d, r, p, e)),
      ),
  },
  {
    name: "LEAVE_PAY_DUE",
    run: (_ctx, [year, category]) =>
      broadcast(
        [year, category],
        blankUnless(1, ([y, c]) => leavePayDueCell(y, c)),
      ),
  },
  {
    name: "GREEN_CHANNEL",
    run: (_ctx, [conditions, sanction, probation]) =>
      broadcast(
        [conditions, sanction, probation],
        blankUnless(3, ([c, s, p]) => greenChannelCell(c, s, p)),
      ),
  },
  {
    name: "EXCELLENT_QUOTA",
    run: (_ctx, [headcount, rank, unitCount, params]) => {
      const p = table(params, quotaParamsFromRows);
      return broadcast(
        [headcount, rank, unitCount],
        blankUnless(1, ([h, r, n]) => excellentQuotaCell(h, r, n, p())),
      );
    },
  },
];

/** Run a formula by name, as the top-level stub does. Never throws. */
export function runFormula(name: string, ctx: FormulaContext, args: Arg[]): Cell | Grid {
  const def = FORMULAS.find((f) => f.name === name);
  if (!def) return errorText(new Error(`未知公式 ${name}`));
  try {
    return def.run(ctx, args);
  } catch (err) {
    return errorText(err);
  }
}
