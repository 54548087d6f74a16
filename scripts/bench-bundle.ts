/**
 * Bench case: what every custom-function call costs before any work. Sheets loads the whole
 * dist/Code.js and runs its global scope for each call, so this times loading the bundle in a
 * fresh `vm` context and making one formula call, as the median of several cold runs, against a
 * floor: a file of the same size that only defines the formula (what loading any bundle this big
 * costs). CADRE_BENCH_OLD_BUNDLE=path adds the same figures for another build (e.g. an older
 * dist/Code.js) to compare in the same run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import vm from "node:vm";
import type { BenchRow } from "./bench";

const RUNS = 15;

/** Median ms of loading `code` in a fresh context and calling `call` once (compile cache defeated). */
function coldLoad(code: string, call: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A unique tail so V8's per-isolate compilation cache cannot serve an earlier run.
    const source = `${code}\n// run ${i} ${Math.random()}`;
    const t0 = performance.now();
    const context = vm.createContext({});
    vm.runInContext(source, context);
    vm.runInContext(call, context);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

/** A file of `bytes` bytes that only declares the formulas the calls use. */
function floorBundle(bytes: number): string {
  const defs = "function WORK_YEARS(){return 0}\nfunction WORKDAYS_CN(){return 0}\n";
  return `${defs}/*${"x".repeat(Math.max(0, bytes - defs.length - 4))}*/`;
}

const CALLS: [string, string][] = [
  ["WORK_YEARS", 'WORK_YEARS("2016-07-01", "2026-07-01")'],
  // The first WORKDAYS_CN call also decodes the holiday arrangements and builds the index.
  ["WORKDAYS_CN", 'WORKDAYS_CN("2024-09-28", "2024-10-08")'],
];

function bundleRows(label: string, code: string): BenchRow[] {
  const bytes = Buffer.byteLength(code, "utf8");
  const floor = floorBundle(bytes);
  return CALLS.map(([name, call]) => {
    const ms = coldLoad(code, call);
    const floorMs = coldLoad(floor, call);
    return {
      name: `${label}: cold load + first ${name} call`,
      rows: 0,
      ms,
      note: `${(bytes / 1024).toFixed(0)} KiB; median of ${RUNS} fresh vm contexts; ${(ms / floorMs).toFixed(1)}× a same-size file that only defines the formula (${floorMs.toFixed(1)} ms)`,
    };
  });
}

export function bundleBench(): BenchRow[] {
  const file = path.join(__dirname, "..", "Code.js");
  const rows = bundleRows("dist/Code.js", fs.readFileSync(file, "utf8"));
  const old = process.env.CADRE_BENCH_OLD_BUNDLE;
  if (old) {
    const oldRows = bundleRows(path.basename(old), fs.readFileSync(old, "utf8"));
    for (const [i, r] of oldRows.entries()) {
      r.note += `; dist/Code.js takes ${(rows[i].ms / r.ms).toFixed(2)}× this`;
    }
    rows.push(...oldRows);
  }
  return rows;
}
