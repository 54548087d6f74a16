/**
 * Findings 3, 5 and 10 of issue 11, over the formulas setup writes into a Google spreadsheet
 * (SheetsWorkbook over the fakes, plus the 仪表盘 sheet). HyperFormula evaluates them in
 * test/formulas/hyperformula.test.ts, but it is more lenient than Sheets, so the constructs
 * Sheets does not support are forbidden here, on the formula text:
 *
 * - Inside ARRAYFORMULA, Sheets expands COUNTIFS and SUMIF per row but not SUMIFS, AVERAGEIFS,
 *   MAXIFS or MINIFS (each gives one value for the whole column), and AND/OR aggregate the
 *   whole array into one TRUE/FALSE. (Issue 11's audit of dist/Code.js against Google Sheets.)
 * - Google's guide to custom functions (developers.google.com/apps-script/guides/sheets/functions,
 *   "Arguments"): "Custom function arguments must be deterministic. That is, built-in spreadsheet
 *   functions that return a different result each time they calculate — such as NOW() or RAND()
 *   — are not allowed as arguments to a custom function. If a custom function tries to return a
 *   value based on one of these volatile built-in functions, it will display Loading...
 *   indefinitely." 参数 计算日期, kept at today by setup and the daily trigger, replaces TODAY().
 * - Each computed column's one formula sits in its header cell, over ranges from row 1, so that
 *   Data → Sort (frozen header), sorting a range, inserting rows and deleting row 2 leave it
 *   whole (simulated below with the reference rules Sheets applies).
 */
import { describe, expect, it } from "vitest";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { type DashboardServices, ensureDashboardSheet } from "../../src/gas/dashboard";
import { FORMULAS } from "../../src/formulas/catalog";
import { columnLetter } from "../../src/records/codec";
import { CALCULATION_DATE_KEY, SHEETS, headerOfFormula } from "../../src/records/schema";
import { loadRows, refreshCalculationDate, setupWorkbook } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { dayFromYmd } from "../../src/rules/dates";
import { runDailyCheck } from "../../src/gas/daily";
import { createFakeDaily } from "../fakes/daily";
import { sampleAsGrids } from "../../src/sample/sample";
import {
  FakeCharts,
  type FakeSheet,
  type FakeSpreadsheet,
  asSpreadsheet,
  asSpreadsheetApp,
  createFakeSpreadsheet,
  createFakeSpreadsheetApp,
} from "../fakes";

/** The sample county set up in a fake spreadsheet, with the 仪表盘 sheet. */
function sampleSpreadsheet(): { ss: FakeSpreadsheet; wb: SheetsWorkbook } {
  const ss = createFakeSpreadsheet();
  const app = createFakeSpreadsheetApp(ss);
  const wb = new SheetsWorkbook(asSpreadsheet(ss), asSpreadsheetApp(app));
  loadRows(wb, buildSample());
  // 初始化/检查表格 once more over the data, as a county does after typing its rows.
  setupWorkbook(wb);
  const services = {
    ChartType: FakeCharts.ChartType,
    newConditionalFormatRule: () => app.newConditionalFormatRule(),
  } as unknown as DashboardServices;
  ensureDashboardSheet(asSpreadsheet(ss), { now: new Date("2026-11-26T08:00:00+08:00"), services });
  return { ss, wb };
}

/** Every formula in the spreadsheet: "sheet!cell" → formula text. */
function allFormulas(ss: FakeSpreadsheet): Map<string, string> {
  const out = new Map<string, string>();
  for (const sheet of ss.sheets) {
    for (const [k, f] of sheet.formulas) {
      const [r, c] = k.split(",").map(Number);
      out.set(`${sheet.name}!${columnLetter(c)}${r}`, f);
    }
  }
  return out;
}

interface Call {
  name: string;
  /** The text between the parentheses. */
  inner: string;
}

/** Every function call in a formula (names before "(", string literals skipped), outermost first. */
function calls(formula: string): Call[] {
  const out: Call[] = [];
  const open: { name: string; start: number }[] = [];
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"') {
      i = formula.indexOf('"', i + 1);
      while (formula[i + 1] === '"') i = formula.indexOf('"', i + 2);
      continue;
    }
    if (ch === "(") {
      const name = /([A-Z][A-Z0-9_.]*)$/.exec(formula.slice(0, i))?.[1] ?? "";
      open.push({ name, start: i + 1 });
    } else if (ch === ")") {
      const call = open.pop()!;
      out.push({ name: call.name, inner: formula.slice(call.start, i) });
    }
  }
  expect(open, formula).toEqual([]);
  return out.reverse();
}

const NOT_PER_ROW = ["SUMIFS", "AVERAGEIFS", "MAXIFS", "MINIFS", "AND", "OR"];
const VOLATILE = ["NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY"];
const CUSTOM = new Set(FORMULAS.map((f) => f.name));

/** Calls of `names` inside the calls named `outer`, as "outer ⊃ inner" strings. */
function nested(formula: string, outer: (name: string) => boolean, names: string[]): string[] {
  const found: string[] = [];
  for (const call of calls(formula).filter((c) => outer(c.name))) {
    for (const inner of calls(call.inner)) {
      if (names.includes(inner.name)) found.push(`${call.name} ⊃ ${inner.name}`);
    }
  }
  return found;
}

describe("the formulas setup writes, as Google Sheets evaluates them", () => {
  const { ss } = sampleSpreadsheet();
  const formulas = allFormulas(ss);

  it("are many (every computed column and the dashboard)", () => {
    const computed = SHEETS.flatMap((s) => s.columns.filter((c) => c.formula)).length;
    expect(computed).toBeGreaterThanOrEqual(22);
    expect(formulas.size).toBeGreaterThan(computed);
  });

  it("use no SUMIFS, AVERAGEIFS, MAXIFS, MINIFS, AND or OR inside ARRAYFORMULA", () => {
    const bad = [...formulas].flatMap(([cell, f]) =>
      nested(f, (n) => n === "ARRAYFORMULA", NOT_PER_ROW).map((x) => `${cell}: ${x}`),
    );
    expect(bad).toEqual([]);
  });

  it("pass no volatile function (TODAY, NOW, RAND…) into a custom function", () => {
    const bad = [...formulas].flatMap(([cell, f]) =>
      nested(f, (n) => CUSTOM.has(n), VOLATILE).map((x) => `${cell}: ${x}`),
    );
    expect(bad).toEqual([]);
    // 人员 累计工作年限 counts to 参数 计算日期 instead.
    const people = [...formulas].find(
      ([cell, f]) => cell.startsWith("人员!") && f.includes("WORK_YEARS"),
    );
    expect(people?.[1]).toContain(`XLOOKUP("${CALCULATION_DATE_KEY}"`);
  });

  it("the forbidden-construct checks do catch them", () => {
    const old =
      "=ARRAYFORMULA(IF(B2:B=\"\",,SUMIFS('休假记录'!F2:F,'休假记录'!A2:A,B2:B,'休假记录'!G2:G,A2:A)))";
    expect(nested(old, (n) => n === "ARRAYFORMULA", NOT_PER_ROW)).toEqual([
      "ARRAYFORMULA ⊃ SUMIFS",
    ]);
    expect(
      nested("=WORK_YEARS(E2:E,DATE(YEAR(TODAY()),12,31))", (n) => CUSTOM.has(n), VOLATILE),
    ).toEqual(["WORK_YEARS ⊃ TODAY"]);
    expect(
      nested('=ARRAYFORMULA(IF(A1:A="x",")TODAY(",1))', (n) => CUSTOM.has(n), VOLATILE),
    ).toEqual([]);
  });

  it("put each computed column's one formula in its header cell, which reads as the header", () => {
    for (const spec of SHEETS) {
      const sheet = ss.sheet(spec.name);
      for (const col of spec.columns.filter((c) => c.formula)) {
        const c = headerColumn(sheet, col.name);
        const placed = [...sheet.formulas.keys()].filter((k) => k.endsWith(`,${c}`));
        expect(placed, `${spec.name}.${col.name}`).toEqual([`1,${c}`]);
        expect(headerOfFormula(sheet.formulas.get(`1,${c}`)!)).toBe(col.name);
        expect(sheet.valueAt(1, c)).toBe(col.name);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Sorting, inserting and deleting rows, as Sheets does them to cells and references
// ---------------------------------------------------------------------------------------------

function headerColumn(sheet: FakeSheet, name: string): number {
  for (let c = 1; c <= sheet.maxColumns; c++) if (sheet.valueAt(1, c) === name) return c;
  throw new Error(`no column ${name} in ${sheet.name}`);
}

const REF =
  /('(?:[^']|'')+'!|[A-Za-z0-9_]+!)?(\$?[A-Z]{1,3})(\$?)(\d+)(?::(\$?[A-Z]{1,3})(\$?)(\d+)?)?/g;

/** Rewrite the row numbers of every reference to `target` in a formula on sheet `on`. */
function adjust(
  formula: string,
  on: string,
  target: string,
  move: (row: number, isEnd: boolean, isRange: boolean) => number | null,
): string {
  let out = "";
  let i = 0;
  while (i < formula.length) {
    if (formula[i] === '"') {
      let j = formula.indexOf('"', i + 1);
      while (formula[j + 1] === '"') j = formula.indexOf('"', j + 2);
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    REF.lastIndex = i;
    const m = REF.exec(formula);
    const next = m ? m.index : formula.length;
    const strAt = formula.indexOf('"', i);
    if (!m || (strAt >= 0 && strAt < next)) {
      const stop = strAt >= 0 ? strAt : formula.length;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    out += formula.slice(i, m.index);
    const [whole, prefix, c1, abs1, r1, c2, abs2, r2] = m;
    const before = formula[m.index - 1] ?? "";
    const sheet = prefix ? prefix.slice(0, -1).replace(/^'|'$/g, "").replace(/''/g, "'") : on;
    if (/[A-Za-z0-9_]/.test(before) || sheet !== target) {
      out += whole;
    } else {
      const range = c2 !== undefined;
      const start = move(Number(r1), false, range);
      const end = r2 === undefined ? undefined : move(Number(r2), true, range);
      out +=
        start === null || end === null
          ? "#REF!"
          : `${prefix ?? ""}${c1}${abs1}${start}` + (range ? `:${c2}${abs2}${end ?? ""}` : "");
    }
    i = m.index + whole.length;
  }
  return out;
}

/** Move every cell (value and formula) of `sheet` by `map(row)`; null removes it. */
function moveRows(sheet: FakeSheet, map: (row: number) => number | null): void {
  for (const cells of [sheet.values, sheet.formulas] as Map<string, unknown>[]) {
    const moved = new Map<string, unknown>();
    for (const [k, v] of cells) {
      const [r, c] = k.split(",").map(Number);
      const to = map(r);
      if (to !== null) moved.set(`${to},${c}`, v);
    }
    cells.clear();
    for (const [k, v] of moved) cells.set(k, v);
  }
}

function adjustAll(
  ss: FakeSpreadsheet,
  target: string,
  move: (row: number, isEnd: boolean, isRange: boolean) => number | null,
): void {
  for (const sheet of ss.sheets) {
    for (const [k, f] of sheet.formulas) sheet.formulas.set(k, adjust(f, sheet.name, target, move));
  }
}

/** Sheet.deleteRow: the row's cells go, the rows below move up, references shrink. */
function deleteRow(ss: FakeSpreadsheet, sheet: FakeSheet, row: number): void {
  moveRows(sheet, (r) => (r === row ? null : r > row ? r - 1 : r));
  adjustAll(ss, sheet.name, (r, isEnd, isRange) => {
    if (r < row) return r;
    if (r > row) return r - 1;
    return isRange ? (isEnd ? r - 1 : r) : null; // the deleted row itself
  });
}

/** Sheet.insertRowBefore: rows from `row` move down; references at or after it follow. */
function insertRowBefore(ss: FakeSpreadsheet, sheet: FakeSheet, row: number): void {
  moveRows(sheet, (r) => (r >= row ? r + 1 : r));
  adjustAll(ss, sheet.name, (r, isEnd, isRange) =>
    r >= row && !(isRange && isEnd && r < row) ? r + 1 : r,
  );
}

/**
 * Data → Sort (frozen header) by one column: the cells of the rows below the frozen rows are
 * reordered, a formula cell moving with its row; cells an array formula fills are not content.
 */
function sortRows(sheet: FakeSheet, column: number, first: number, last: number): void {
  const rows = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const key = (r: number) => String(sheet.values.get(`${r},${column}`) ?? "");
  const order = [...rows].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  const to = new Map(order.map((from, i) => [from, first + i]));
  moveRows(sheet, (r) => to.get(r) ?? r);
}

/**
 * Whether a computed column still computes every data row: its one formula sits at or above row
 * 2, and every range of its own sheet starts on the formula's row (its results line up).
 */
function computesEveryRow(sheet: FakeSheet, column: number): string | null {
  const cells = [...sheet.formulas].filter(([k]) => k.endsWith(`,${column}`));
  if (cells.length !== 1) return `${cells.length} formulas`;
  const [[k, f]] = cells;
  const row = Number(k.split(",")[0]);
  if (row > 2) return `formula in row ${row}`;
  if (f.includes("#REF!")) return "#REF!";
  for (const m of f.matchAll(REF)) {
    if (m[1] || m[5] === undefined || m[7] !== undefined) continue;
    if (Number(m[4]) !== row) return `range ${m[0]} does not start on row ${row}`;
  }
  return null;
}

describe("computed columns after sorting, inserting and deleting rows", () => {
  const SHEET = "年休假";
  const check = (ss: FakeSpreadsheet): Record<string, string | null> => {
    const sheet = ss.sheet(SHEET);
    const spec = SHEETS.find((s) => s.name === SHEET)!;
    return Object.fromEntries(
      spec.columns
        .filter((c) => c.formula)
        .map((c) => [c.name, computesEveryRow(sheet, headerColumn(sheet, c.name))]),
    );
  };
  const fine = (ss: FakeSpreadsheet) =>
    Object.fromEntries(Object.keys(check(ss)).map((name) => [name, null]));

  it("survive Data → Sort with the frozen header (rows 2…n reordered)", () => {
    const { ss } = sampleSpreadsheet();
    const sheet = ss.sheet(SHEET);
    sortRows(sheet, headerColumn(sheet, "人员编号"), sheet.frozenRows + 1, sheet.maxRows);
    expect(check(ss)).toEqual(fine(ss));
  });

  it("survive sorting a range of data rows (rows 2…40)", () => {
    const { ss } = sampleSpreadsheet();
    const sheet = ss.sheet(SHEET);
    sortRows(sheet, headerColumn(sheet, "姓名"), 2, 40);
    expect(check(ss)).toEqual(fine(ss));
  });

  it("survive deleting row 2", () => {
    const { ss } = sampleSpreadsheet();
    deleteRow(ss, ss.sheet(SHEET), 2);
    expect(check(ss)).toEqual(fine(ss));
  });

  it("survive inserting a row above row 2 and below the last row", () => {
    const { ss } = sampleSpreadsheet();
    insertRowBefore(ss, ss.sheet(SHEET), 2);
    insertRowBefore(ss, ss.sheet(SHEET), 30);
    expect(check(ss)).toEqual(fine(ss));
  });

  it("the simulation breaks a row-2 formula as Sheets would", () => {
    const { ss } = sampleSpreadsheet();
    const sheet = ss.sheet(SHEET);
    sheet.formulas.set("2,40", '=ARRAYFORMULA(IF(B2:B="",,1))');
    insertRowBefore(ss, sheet, 2);
    expect(computesEveryRow(sheet, 40)).toBe("formula in row 3");
    deleteRow(ss, sheet, 3);
    expect(computesEveryRow(sheet, 40)).toBe("0 formulas");
  });
});

// ---------------------------------------------------------------------------------------------
// 参数 计算日期
// ---------------------------------------------------------------------------------------------

describe("参数 计算日期 (what the formulas count to instead of TODAY())", () => {
  const valueOf = (ss: FakeSpreadsheet): unknown => {
    const sheet = ss.sheet("参数");
    for (let r = 2; r <= sheet.maxRows; r++) {
      if (sheet.valueAt(r, 1) === CALCULATION_DATE_KEY) return sheet.valueAt(r, 2);
    }
    return undefined;
  };

  it("is filled by setup and written only when it changes", () => {
    const { ss, wb } = sampleSpreadsheet();
    expect(refreshCalculationDate(wb, dayFromYmd(2026, 12, 1))).toBe(true);
    expect(valueOf(ss)).toBe("2026-12-01");
    expect(refreshCalculationDate(wb, dayFromYmd(2026, 12, 1))).toBe(false);
    expect(refreshCalculationDate(wb, dayFromYmd(2027, 1, 1))).toBe(true);
    expect(valueOf(ss)).toBe("2027-01-01");
  });

  it("is kept current by the daily trigger, in the spreadsheet's time zone", () => {
    const { ss, services } = createFakeDaily(sampleAsGrids(buildSample()), {
      start: "2027-01-01T07:30:00+08:00", // still 2026-12-31 in UTC
    });
    runDailyCheck(services);
    expect(valueOf(ss)).toBe("2027-01-01");
  });
});
