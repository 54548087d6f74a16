/**
 * Every formula setup writes, evaluated in a real formula engine over the embedded sample:
 * HyperFormula (GPL-3.0, licence key "gpl-v3"; a devDependency, used by tests only), with the
 * custom functions registered from the BUILT bundle (dist/Code.js in a fresh vm context, as
 * Apps Script loads it). Each computed cell must equal what local `compute` writes for it:
 * money to the fen, dates as the same day, texts (错误：… included) exactly.
 *
 * HyperFormula is more lenient than Sheets in places (it expands SUMIFS inside ARRAYFORMULA,
 * for one); test/formulas/sheetsSemantics.test.ts forbids those constructs on the formula text.
 * Where a custom function would receive an error value (#VALUE!, #N/A…) in any row — Sheets
 * documents nothing for that — the test fails: formulas must hand custom functions values.
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  type FunctionMetadata,
  SimpleRangeValue,
} from "hyperformula";

/** The parts of HyperFormula's plugin internals the custom functions use. */
type ProcedureAst = { args: unknown[] };
type InterpreterState = unknown;
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { toSheetValue } from "../../src/gas/sheets";
import { FORMULA_DOCS as FORMULAS } from "../../src/formulas/docs";
import { columnLetter } from "../../src/records/codec";
import { type Cell, type Grid } from "../../src/records/cells";
import { CALCULATION_DATE_KEY, SHEETS, headerFormula } from "../../src/records/schema";
import type { ColumnRef } from "../../src/records/spec";
import { buildSample, sampleAsGrids } from "../../src/sample/sample";
import { computeRows } from "../../src/workflows/compute";
import { type Day, dayFromInstant, dayFromYmd, isoFromDay } from "../../src/rules/dates";

/** Spreadsheet serial numbers count days from 1899-12-30; Day counts from 1970-01-01. */
const SERIAL_OFFSET = 25569;
const TODAY: Day = dayFromYmd(2026, 11, 26);

let bundle: vm.Context;
/** Errors a custom function was handed, by call. */
const errorArgs: string[] = [];

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === "[object Date]";

/** A HyperFormula value as Sheets hands it to a custom function. */
function toSheets(v: unknown, name: string): unknown {
  if (v === EmptyValue || v === undefined || v === null) return "";
  if (v instanceof CellError) {
    errorArgs.push(`${name} got ${v.type}`);
    return `#${v.type}`;
  }
  if (typeof v === "object" && v !== null && "val" in v) return (v as { val: number }).val;
  return v;
}

/** What a custom function returns, as a HyperFormula value (dates as serial numbers). */
function fromSheets(v: unknown): unknown {
  if (isDate(v)) return dayFromInstant(v) + SERIAL_OFFSET;
  if (v === null || v === undefined) return "";
  return v;
}

class CadreCarePlugin extends FunctionPlugin {}
const implemented: Record<string, FunctionMetadata> = {};
for (const f of FORMULAS) {
  const method = `custom_${f.name}`;
  implemented[f.name] = {
    method,
    sizeOfResultArrayMethod: `${method}Size`,
    parameters: f.params.map((p) => ({
      argumentType: FunctionArgumentType.ANY,
      optionalArg: p.optional ?? false,
    })),
    vectorizationForbidden: true,
  };
  const proto = CadreCarePlugin.prototype as unknown as Record<string, unknown>;
  proto[method] = function (this: FunctionPlugin, ast: ProcedureAst, state: InterpreterState) {
    return (
      this as unknown as {
        runFunction: (
          args: unknown,
          state: InterpreterState,
          meta: unknown,
          fn: (...a: unknown[]) => unknown,
        ) => unknown;
        metadata: (name: string) => unknown;
      }
    ).runFunction(ast.args, state, this.metadata(f.name), (...args: unknown[]) => {
      const sheetsArgs = args.map((a) =>
        a instanceof SimpleRangeValue
          ? a.rawData().map((row) => row.map((v) => toSheets(v, f.name)))
          : toSheets(a, f.name),
      );
      while (sheetsArgs.length && sheetsArgs[sheetsArgs.length - 1] === "") sheetsArgs.pop();
      const fn = bundle[f.name] as (...a: unknown[]) => unknown;
      const out = fn(...sheetsArgs);
      if (Array.isArray(out)) {
        return SimpleRangeValue.onlyValues(
          (out as unknown[][]).map((row) => row.map(fromSheets)) as never,
        );
      }
      return fromSheets(out);
    });
  };
  proto[`${method}Size`] = function (
    this: FunctionPlugin,
    ast: ProcedureAst,
    state: InterpreterState,
  ) {
    const sizes = ast.args.map((a: unknown) =>
      (
        this as unknown as { arraySizeForAst: (a: unknown, s: InterpreterState) => ArraySize }
      ).arraySizeForAst(a, state),
    );
    // The shape of the first range argument, as the custom function's broadcast gives it.
    const range = sizes.find((s: ArraySize) => s.width * s.height > 1) ?? sizes[0];
    return range ?? ArraySize.scalar();
  };
}
(CadreCarePlugin as unknown as { implementedFunctions: unknown }).implementedFunctions =
  implemented;

/**
 * XLOOKUP(search_key, lookup_range, result_range, [missing_value]) with exact match, as Google
 * Sheets evaluates it inside ARRAYFORMULA: a range of search keys gives a column of results.
 * (HyperFormula's own XLOOKUP returns ranges and refuses to be applied per key.)
 */
class SheetsXlookupPlugin extends FunctionPlugin {
  xlookup(ast: ProcedureAst, state: InterpreterState): unknown {
    const self = this as unknown as {
      runFunction: (
        args: unknown,
        state: InterpreterState,
        meta: unknown,
        fn: (...a: unknown[]) => unknown,
      ) => unknown;
    };
    return self.runFunction(
      ast.args,
      state,
      this.metadata("XLOOKUP"),
      (key, within, result, missing) => {
        const column = (v: unknown): unknown[] =>
          v instanceof SimpleRangeValue ? v.rawData().map((r) => r[0]) : [v];
        const keys = column(within).map((k) => (typeof k === "string" ? k.toLowerCase() : k));
        const results = column(result);
        const one = (k: unknown): unknown => {
          const wanted = typeof k === "string" ? k.toLowerCase() : k;
          const i = wanted === EmptyValue ? -1 : keys.indexOf(wanted);
          if (i < 0) return missing === undefined ? new CellError(ErrorType.NA) : missing;
          const found = results[i];
          return found === EmptyValue ? "" : found;
        };
        if (key instanceof SimpleRangeValue) {
          return SimpleRangeValue.onlyValues(key.rawData().map((r) => [one(r[0])]) as never);
        }
        return one(key);
      },
    );
  }
  xlookupSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const self = this as unknown as {
      arraySizeForAst: (a: unknown, s: InterpreterState) => ArraySize;
    };
    return self.arraySizeForAst(ast.args[0], state);
  }
}
(SheetsXlookupPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = {
  XLOOKUP: {
    method: "xlookup",
    sizeOfResultArrayMethod: "xlookupSize",
    parameters: [
      { argumentType: FunctionArgumentType.ANY },
      { argumentType: FunctionArgumentType.ANY },
      { argumentType: FunctionArgumentType.ANY },
      { argumentType: FunctionArgumentType.ANY, optionalArg: true },
    ],
    vectorizationForbidden: true,
  },
};

/**
 * SUMIF(range, criterion, sum_range) with an equality criterion, as Google Sheets evaluates it
 * inside ARRAYFORMULA: `range` may be a computed array (the "人员编号|年度" keys), and a column
 * of criteria gives a column of sums. (HyperFormula's SUMIF gives 0 for a computed range.)
 */
class SheetsSumifPlugin extends FunctionPlugin {
  sumif(ast: ProcedureAst, state: InterpreterState): unknown {
    const self = this as unknown as {
      runFunction: (
        args: unknown,
        state: InterpreterState,
        meta: unknown,
        fn: (...a: unknown[]) => unknown,
      ) => unknown;
    };
    return self.runFunction(ast.args, state, this.metadata("SUMIF"), (range, criterion, sums) => {
      const column = (v: unknown): unknown[] =>
        v instanceof SimpleRangeValue ? v.rawData().map((r) => r[0]) : [v];
      const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
      const keys = column(range).map(norm);
      const values = column(sums ?? range);
      const one = (k: unknown): number => {
        let total = 0;
        keys.forEach((key, i) => {
          const v = values[i];
          const n =
            typeof v === "object" && v !== null && "val" in v ? (v as { val: number }).val : v;
          if (key === norm(k) && typeof n === "number") total += n;
        });
        return total;
      };
      if (criterion instanceof SimpleRangeValue) {
        return SimpleRangeValue.onlyValues(criterion.rawData().map((r) => [one(r[0])]) as never);
      }
      return one(criterion);
    });
  }
  sumifSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const self = this as unknown as {
      arraySizeForAst: (a: unknown, s: InterpreterState) => ArraySize;
    };
    return self.arraySizeForAst(ast.args[1], state);
  }
}
(SheetsSumifPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = {
  SUMIF: {
    method: "sumif",
    sizeOfResultArrayMethod: "sumifSize",
    parameters: [
      { argumentType: FunctionArgumentType.ANY },
      { argumentType: FunctionArgumentType.ANY },
      { argumentType: FunctionArgumentType.ANY, optionalArg: true },
    ],
    vectorizationForbidden: true,
  },
};

type RangeAst = {
  start: { toSimpleCellAddress(base: unknown): { row: number } };
  end: { toSimpleCellAddress(base: unknown): { row: number } };
};

/** The rows a ROW(range) argument spans, 0-based. */
function rowsOf(ast: ProcedureAst, state: InterpreterState): [number, number] {
  const arg = ast.args[0] as RangeAst;
  const base = (state as { formulaAddress: unknown }).formulaAddress;
  return [arg.start.toSimpleCellAddress(base).row, arg.end.toSimpleCellAddress(base).row];
}

/**
 * ROW(range) as Sheets evaluates it inside ARRAYFORMULA: the row number of every row of the
 * range (HyperFormula's gives the first row's only).
 */
class SheetsRowPlugin extends FunctionPlugin {
  row(ast: ProcedureAst, state: InterpreterState): unknown {
    const [top, bottom] = rowsOf(ast, state);
    if (top === bottom) return top + 1;
    return SimpleRangeValue.onlyValues(
      Array.from({ length: bottom - top + 1 }, (_, i) => [top + i + 1]) as never,
    );
  }
  rowSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const [top, bottom] = rowsOf(ast, state);
    return new ArraySize(1, bottom - top + 1);
  }
}
(SheetsRowPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = {
  ROW: {
    method: "row",
    sizeOfResultArrayMethod: "rowSize",
    parameters: [{ argumentType: FunctionArgumentType.ANY }],
    doesNotNeedArgumentsToBeComputed: true,
    vectorizationForbidden: true,
  },
};

/** TODAY() as `compute` is told it (the test's fixed date), not the machine's clock. */
class FixedTodayPlugin extends FunctionPlugin {
  today(): number {
    return TODAY + SERIAL_OFFSET;
  }
}
(FixedTodayPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = {
  TODAY: { method: "today", parameters: [], isVolatile: true },
};

/** The sample workbook as Sheets holds it: dates as dates (serials here), 计算日期 = today. */
function sampleGrids(): Map<string, Grid> {
  const grids = sampleAsGrids(buildSample());
  const params = grids.get("参数")!;
  const keyAt = params[0].indexOf("参数");
  const valueAt = params[0].indexOf("值");
  const row = params.find((r) => r[keyAt] === CALCULATION_DATE_KEY);
  if (row) row[valueAt] = isoFromDay(TODAY);
  else params.push([CALCULATION_DATE_KEY, isoFromDay(TODAY), ""]);
  return grids;
}

function toEngine(v: Cell): string | number | boolean | null {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return dayFromInstant(v) + SERIAL_OFFSET;
  // Text is written as SheetsWorkbook writes it: what Sheets would read as a number, date or
  // formula gets the apostrophe that keeps it text (参数 计算日期 "2026-11-26" stays text).
  if (typeof v === "string") return toSheetValue(v) as string;
  return v as string | number | boolean;
}

interface Evaluated {
  hf: HyperFormula;
  grids: Map<string, Grid>;
  formulas: Map<string, string>;
}

function evaluate(grids: Map<string, Grid>): Evaluated {
  const heights = new Map([...grids].map(([name, g]) => [name, g.length]));
  const headerOf = (sheet: string) => (grids.get(sheet)![0] as string[]).map(String);
  const sheets: Record<string, (string | number | boolean | null)[][]> = {};
  const formulas = new Map<string, string>();
  for (const [name, grid] of grids) sheets[name] = grid.map((r) => r.map(toEngine));
  for (const spec of SHEETS) {
    if (!grids.has(spec.name)) continue;
    const header = headerOf(spec.name);
    // Bounded ranges from row 1 (HyperFormula has no open-ended A1:A); the same formula text
    // Sheets gets otherwise (the writer's ref gives F1:F).
    const ref: ColumnRef = (column, sheet) => {
      const on = sheet ?? spec.name;
      const i = headerOf(on).indexOf(column);
      if (i < 0) throw new Error(`no column ${on}.${column}`);
      const l = columnLetter(i + 1);
      const range = `${l}1:${l}${heights.get(on)}`;
      return sheet ? `'${sheet}'!${range}` : range;
    };
    for (const col of spec.columns.filter((c) => c.formula)) {
      const c = header.indexOf(col.name);
      // HyperFormula does not read an exponent literal (1E+99) as Sheets does: same number.
      const formula = headerFormula(spec, col, ref).replace(/\b(\d+)E\+(\d+)\b/g, "($1*10^$2)");
      sheets[spec.name][0][c] = formula as never;
      formulas.set(`${spec.name}.${col.name}`, formula);
    }
  }
  const hf = HyperFormula.buildFromSheets(sheets, {
    licenseKey: "gpl-v3",
    useArrayArithmetic: true,
    dateFormats: ["YYYY-MM-DD"],
    nullDate: { year: 1899, month: 12, day: 30 },
  });
  return { hf, grids, formulas };
}

/** A cell as compared: money and numbers to the fen, dates as days, texts as they are. */
function normal(value: unknown, kind: string): string {
  if (value === null || value === undefined || value === "") return "";
  if (value instanceof Date) return `day ${dayFromInstant(value)}`;
  if (typeof value === "number") {
    if (kind === "date") return `day ${value - SERIAL_OFFSET}`;
    return (Math.round(value * 100) / 100).toFixed(2);
  }
  if (typeof value === "object" && value !== null && "value" in value) {
    return `#${String((value as { type?: string; value: unknown }).value)}`;
  }
  return String(value);
}

/** Cells compared by the last `mismatches` call. */
let compared = 0;

function mismatches(ev: Evaluated): string[] {
  const computed = computeRows((sheet) => ev.grids.get(sheet) ?? null, TODAY);
  const out: string[] = [];
  compared = 0;
  for (const spec of SHEETS) {
    const values = computed.get(spec.name);
    if (!values || !ev.grids.has(spec.name)) continue;
    const sheetId = ev.hf.getSheetId(spec.name)!;
    const header = (ev.grids.get(spec.name)![0] as string[]).map(String);
    for (const col of spec.columns.filter((c) => c.formula)) {
      const c = header.indexOf(col.name);
      const top = ev.hf.getCellValue({ sheet: sheetId, row: 0, col: c });
      if (top !== col.name) out.push(`${spec.name}.${col.name} row 1: ${normal(top, "text")}`);
      for (const [row, rowValues] of values) {
        compared++;
        const want = normal(rowValues[col.name], col.kind);
        const got = normal(ev.hf.getCellValue({ sheet: sheetId, row: row - 1, col: c }), col.kind);
        if (want !== got)
          out.push(
            `${spec.name}!${columnLetter(c + 1)}${row} ${col.name}: compute ${want}, Sheets ${got}`,
          );
      }
    }
  }
  return out;
}

beforeAll(() => {
  build();
  bundle = vm.createContext({});
  vm.runInContext(readFileSync("dist/Code.js", "utf8"), bundle, { filename: "Code.js" });
  HyperFormula.registerFunctionPlugin(CadreCarePlugin as never, {
    enGB: Object.fromEntries(FORMULAS.map((f) => [f.name, f.name])),
  });
  HyperFormula.unregisterFunction("TODAY");
  HyperFormula.unregisterFunction("XLOOKUP");
  HyperFormula.unregisterFunction("ROW");
  HyperFormula.unregisterFunction("SUMIF");
  HyperFormula.registerFunctionPlugin(SheetsSumifPlugin as never, { enGB: { SUMIF: "SUMIF" } });
  HyperFormula.registerFunctionPlugin(SheetsRowPlugin as never, { enGB: { ROW: "ROW" } });
  HyperFormula.registerFunctionPlugin(SheetsXlookupPlugin as never, {
    enGB: { XLOOKUP: "XLOOKUP" },
  });
  HyperFormula.registerFunctionPlugin(FixedTodayPlugin as never, { enGB: { TODAY: "TODAY" } });
});

describe("the sheet's formulas in HyperFormula, against compute", () => {
  it("give every computed cell of the sample exactly what compute writes", () => {
    errorArgs.length = 0;
    const ev = evaluate(sampleGrids());
    expect(ev.formulas.size).toBeGreaterThanOrEqual(22);
    const diff = mismatches(ev);
    expect(diff.slice(0, 20)).toEqual([]);
    expect(compared).toBeGreaterThan(3000);
    expect([...new Set(errorArgs)]).toEqual([]);
    ev.hf.destroy();
  });

  it("counts a carried 休假记录 toward its 所属年度 (条例第五条), as compute does", () => {
    errorArgs.length = 0;
    const grids = sampleGrids();
    const records = grids.get("休假记录")!;
    const leave = grids.get("年休假")!;
    const at = (grid: Grid, name: string) => (grid[0] as string[]).indexOf(name);
    // A person with a 2025 and a 2026 年休假 row.
    const rowOf = (id: unknown, year: number) =>
      leave.findIndex((r) => r[at(leave, "人员编号")] === id && r[at(leave, "年度")] === year);
    const id = leave.find(
      (r, i) =>
        i > 0 &&
        rowOf(r[at(leave, "人员编号")], 2026) > 0 &&
        rowOf(r[at(leave, "人员编号")], 2025) > 0,
    )![at(leave, "人员编号")];
    const record = (start: string, end: string, own: Cell): Cell[] => {
      const row: Cell[] = records[0].map(() => null);
      row[at(records, "人员编号")] = id;
      row[at(records, "开始日期")] = start;
      row[at(records, "结束日期")] = end;
      row[at(records, "所属年度")] = own;
      return row;
    };
    const before = evaluate(sampleGrids());
    const used = (ev: Evaluated, year: number) =>
      ev.hf.getCellValue({
        sheet: ev.hf.getSheetId("年休假")!,
        row: rowOf(id, year),
        col: at(leave, "已休天数"),
      });
    const used2025 = used(before, 2025) as number;
    const used2026 = used(before, 2026) as number;
    before.hf.destroy();
    // 2026-01-06 (Tue) – 01-07 (Wed): 2 working days of 2025's leave; a typed 2026 changes
    // nothing; a 所属年度 that is not a year is compute's 错误 and counts nowhere.
    records.push(record("2026-01-06", "2026-01-07", 2025));
    records.push(record("2026-01-08", "2026-01-08", 2026));
    records.push(record("2026-01-09", "2026-01-09", "去年"));
    const ev = evaluate(grids);
    expect(used(ev, 2025)).toBe(used2025 + 2);
    expect(used(ev, 2026)).toBe(used2026 + 1);
    const year = (row: number) =>
      ev.hf.getCellValue({
        sheet: ev.hf.getSheetId("休假记录")!,
        row,
        col: at(records, "年度"),
      });
    expect(year(records.length - 3)).toBe(2025);
    expect(year(records.length - 1)).toBe("错误：所属年度应为四位年份（如 2026），收到“去年”");
    expect(mismatches(ev).slice(0, 20)).toEqual([]);
    expect([...new Set(errorArgs)]).toEqual([]);
    ev.hf.destroy();
  });

  it("agrees with compute on 事假 deducted, 次年不享受, 合同制 and 处分或诫勉/试用期 (issue 12)", () => {
    errorArgs.length = 0;
    const grids = sampleGrids();
    const at = (sheet: string, name: string) => (grids.get(sheet)![0] as string[]).indexOf(name);
    const leave = grids.get("年休假")!;
    const people = grids.get("人员")!;
    const computed = computeRows((sheet) => grids.get(sheet) ?? null, TODAY).get("年休假")!;
    const id = (r: Cell[]) => r[at("年休假", "人员编号")];
    const year = (r: Cell[]) => r[at("年休假", "年度")];
    // 实施办法第四条: a person who took leave in 2025 (and has a 2026 row) then took 25 days of
    // 事假 with pay in 2025: 次年不享受 是, 2026 应休 0.
    const used = leave.findIndex(
      (r, i) =>
        i > 0 &&
        year(r) === 2025 &&
        Number(computed.get(i + 1)?.["已休天数"]) > 0 &&
        leave.some((o) => id(o) === id(r) && year(o) === 2026),
    );
    expect(used).toBeGreaterThan(0);
    leave[used][at("年休假", "事假（天）")] = 25;
    const next = leave.findIndex((o) => id(o) === id(leave[used]) && year(o) === 2026);
    // 条例第四条(二): 25 days of 事假, 6 of them deducted → 19: the leave stays.
    const deducted = leave.findIndex((r, i) => i > 0 && i !== used && i !== next);
    leave[deducted][at("年休假", "事假（天）")] = 25;
    leave[deducted][at("年休假", "其中扣工资事假（天）")] = 6;
    // 合同制 (企业办法第五、十一条): joined this unit on 2026-07-01, 月平均工资 8,700.
    const contractRow = leave.findIndex(
      (r, i) => i > 0 && year(r) === 2026 && ![used, next, deducted].includes(i),
    );
    const person = people.find((r) => r[at("人员", "人员编号")] === id(leave[contractRow]))!;
    person[at("人员", "人员类别")] = "合同制";
    person[at("人员", "入本单位时间")] = "2026-07-01";
    leave[contractRow][at("年休假", "月平均工资（元）")] = 8700;
    // 处分或诫勉 and 试用期 on three 考核 rows that claim a green-channel condition.
    const assessments = grids.get("考核")!;
    ["警告", "记过", ""].forEach((sanction, k) => {
      const r = assessments[k + 1];
      r[at("考核", "绿色通道条件")] = "突出贡献";
      r[at("考核", "处分或诫勉")] = sanction;
      r[at("考核", "试用期")] = k === 2 ? "是" : "否";
    });
    const ev = evaluate(grids);
    const cell = (sheet: string, row: number, name: string) =>
      ev.hf.getCellValue({ sheet: ev.hf.getSheetId(sheet)!, row, col: at(sheet, name) });
    expect(cell("年休假", used, "次年不享受")).toBe("是");
    expect(cell("年休假", next, "应休天数")).toBe(0);
    expect(cell("年休假", contractRow, "日工资收入")).toBe(400);
    expect(cell("考核", 1, "建议等次")).toBe("不得确定为优秀（受警告处分）");
    expect(cell("考核", 2, "建议等次")).toBe("不确定等次（受记过处分）");
    expect(cell("考核", 3, "建议等次")).toBe("不确定等次（试用期）");
    expect(mismatches(ev).slice(0, 20)).toEqual([]);
    expect([...new Set(errorArgs)]).toEqual([]);
    ev.hf.destroy();
  });

  it("a blank 上年度工资收入 gives compute's 错误 in 日工资收入 and the pay, never 0.00", () => {
    errorArgs.length = 0;
    const grids = sampleGrids();
    const people = grids.get("人员")!;
    const leave = grids.get("年休假")!;
    const idAt = leave[0].indexOf("人员编号");
    const incomeAt = leave[0].indexOf("全年工资收入（元）");
    // A person whose 年休假 row has no income of its own, and no 上年度工资收入 either.
    const row = leave.findIndex((r, i) => i > 0 && (r[incomeAt] === null || r[incomeAt] === ""));
    expect(row).toBeGreaterThan(0);
    const id = leave[row][idAt];
    const person = people.find((r) => r[people[0].indexOf("人员编号")] === id)!;
    person[people[0].indexOf("上年度工资收入（元）")] = null;
    const ev = evaluate(grids);
    const sheetId = ev.hf.getSheetId("年休假")!;
    const header = (leave[0] as string[]).map(String);
    const value = (name: string) =>
      ev.hf.getCellValue({ sheet: sheetId, row, col: header.indexOf(name) });
    expect(value("日工资收入")).toBe("错误：缺少工资收入，应填写全年工资收入（元）");
    expect(value("未休年休假报酬")).toBe("错误：缺少工资收入，应填写全年工资收入（元）");
    expect(value("其中另行支付")).toBe("错误：缺少工资收入，应填写全年工资收入（元）");
    expect(mismatches(ev).slice(0, 20)).toEqual([]);
    ev.hf.destroy();
  });
});
