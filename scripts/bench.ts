/**
 * `npm run bench`: speed and memory of the formulas and the workflows, printed as a table.
 * Tests never assert on time; this is where the figures come from.
 *
 * It ends with the README's 规模 table as this run measured it (rows tagged `readme`), each time
 * also as a multiple of a fixed CPU task timed in the same run (×基准), each checked against its
 * target, with the machine's load average (/proc/loadavg) at the start and end: on a loaded or
 * shared machine the seconds grow, the multiples much less. The README gives the range over
 * several runs and the load at the time.
 */
import { execFileSync } from "node:child_process";
import { deflateSync } from "node:zlib";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFormula } from "../src/formulas/catalog";
import { XlsxWorkbook } from "../src/local/xlsx";
import { memoryIO } from "../src/local/io";
import { computeCommand } from "../src/local/commands/compute";
import { loadRows } from "../src/workflows/setup";
import { runJob } from "../src/local/job";
import { generateCounty } from "../src/sample/sample";
import { SHEETS } from "../src/records/schema";
import { deadlineBench } from "./bench-deadlines";
import { bundleBench } from "./bench-bundle";
import { docsCommand } from "../src/local/commands/docs";
import { openWorkbook } from "../src/local/commands/workbook";
import { docsBench, templateFloorBench } from "./bench-docs";
import { collectBench, splitBench, unitSheetsBench } from "./bench-units";
import type { Arg } from "../src/formulas/grid";
import type { Grid } from "../src/records/cells";
import { dayFromYmd, isoFromDay } from "../src/rules/dates";

export interface BenchRow {
  name: string;
  rows: number;
  ms: number;
  /** Peak heap growth in MB during the case, when measured. */
  peakMb?: number;
  /** CPU time of the whole process (every thread) during the case, when measured. */
  cpuMs?: number;
  note?: string;
  /** This row is a row of the README's 规模 table. */
  readme?: ReadmeRow;
}

/** A row of the README's 规模 table: what it is, its size, and its target. */
export interface ReadmeRow {
  /** 项目 and 规模, as in the README. */
  item: string;
  scale: string;
  /** Targets checked: time (ms), peak memory (MB), or a ratio (for a row whose figure is one). */
  targetMs?: number;
  targetMb?: number;
  targetRatio?: number;
  /** The figure is this ratio (× another time of the same run), not a time. */
  ratio?: number;
}

const ROWS = 20_000;
const ctx = { today: dayFromYmd(2026, 11, 26) };

function column(make: (i: number) => Grid[number][number]): Grid {
  return Array.from({ length: ROWS }, (_, i) => [make(i)]);
}

/**
 * Run `fn` once, sampling the resident set size; returns the time, the peak RSS in MB and the
 * CPU time of the process (all threads, user + system) — which a loaded machine stretches far
 * less than the time.
 */
export async function measure(
  fn: () => Promise<unknown> | unknown,
): Promise<{ ms: number; peakMb: number; cpuMs: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakMb: peak / 1024 / 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function time(fn: () => unknown, repeat = 5): number {
  fn(); // warm up
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function formulaCase(name: string, args: Arg[], note?: string): BenchRow {
  return { name, rows: ROWS, ms: time(() => runFormula(name, ctx, args)), note };
}

export function formulaBench(): BenchRow[] {
  const starts = column((i) => isoFromDay(dayFromYmd(1985, 1, 1) + ((i * 97) % 14000)));
  const weekStart = column((i) => isoFromDay(dayFromYmd(2025, 1, 1) + (i % 300)));
  const weekEnd = column((i) => isoFromDay(dayFromYmd(2025, 1, 1) + (i % 300) + 6));
  const yearStart = column((i) => isoFromDay(dayFromYmd(2024, 1, 1) + (i % 300)));
  const yearEnd = column((i) => isoFromDay(dayFromYmd(2024, 1, 1) + (i % 300) + 364));
  const awards = ["嘉奖", "记三等功", "记二等功", "记一等功", "授予国家荣誉称号"];
  const week = formulaCase("WORKDAYS_CN", [weekStart, weekEnd], "7-day spans");
  const year = formulaCase("WORKDAYS_CN", [yearStart, yearEnd], "365-day spans");
  year.note += `, ${(year.ms / week.ms).toFixed(2)}× the 7-day time`;
  return [
    formulaCase("AWARD_BONUS", [column((i) => awards[i % 5]), column(() => "公务员")]),
    formulaCase("WORK_YEARS", [starts, "2026-12-31"]),
    formulaCase("LEAVE_DAYS", [
      column((i) => i % 30),
      column((i) => i % 5),
      column((i) => i % 25),
      0,
    ]),
    week,
    year,
    formulaCase("DAILY_WAGE", [column((i) => 60000 + i)]),
    formulaCase("UNUSED_LEAVE_PAY", [column((i) => 200 + (i % 300) / 100), column((i) => i % 16)]),
    formulaCase("UNUSED_LEAVE_EXTRA", [
      column((i) => 200 + (i % 300) / 100),
      column((i) => i % 16),
      column((i) => (i % 7 === 0 ? "本人申请" : "工作需要")),
    ]),
    formulaCase("LEAVE_PAY_DUE", [column((i) => 2000 + (i % 30))]),
    formulaCase("GREEN_CHANNEL", [column((i) => (i % 3 === 0 ? "突出贡献、零信访无事故" : ""))]),
    formulaCase("EXCELLENT_QUOTA", [
      column((i) => 10 + (i % 90)),
      column((i) => 1 + (i % 300)),
      300,
    ]),
  ];
}

export function printTable(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  console.log("| case | rows | ms | ms / 1,000 rows | peak MB | note |");
  console.log("| --- | ---: | ---: | ---: | ---: | --- |");
  for (const r of rows) {
    const per = r.rows ? ((r.ms / r.rows) * 1000).toFixed(2) : "";
    const peak = r.peakMb === undefined ? "" : r.peakMb.toFixed(0);
    console.log(
      `| ${r.name} | ${r.rows} | ${r.ms.toFixed(1)} | ${per} | ${peak} | ${r.note ?? ""} |`,
    );
  }
}

/** The county workbook the parent wrote for the heavy cases (see `main`). */
const COUNTY_ROWS = "CADRE_BENCH_COUNTY_ROWS";
const COUNTY_FILE = "CADRE_BENCH_COUNTY";

/** Write the benchmark county (20,000 staff, 300 units, ~40,000 leave records) to a file. */
async function writeCounty(file: string): Promise<number> {
  const county = generateCounty({ units: 300, staff: 20_000, leaveRecords: 40_000, seed: 7 });
  const wb = XlsxWorkbook.create();
  loadRows(wb, county);
  await wb.save(file);
  return [...county.values()].reduce((n, r) => n + r.length, 0);
}

/** A private copy of the county file, as a user's workbook on disk. */
function countyCopy(): { dir: string; file: string; rows: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-bench-"));
  const file = path.join(dir, "county.xlsx");
  fs.copyFileSync(process.env[COUNTY_FILE]!, file);
  return { dir, file, rows: Number(process.env[COUNTY_ROWS]) };
}

/** `cadre-care compute` on the county file: open, compute, back up, save. */
export async function computeBench(): Promise<BenchRow[]> {
  const { dir, file, rows } = countyCopy();
  const io = memoryIO(new Date("2027-03-25T12:00:00+08:00"));
  const { ms, peakMb, cpuMs } = await measure(() => computeCommand(file, io));
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    {
      name: "compute (open + compute + backup + save)",
      rows,
      ms,
      peakMb,
      cpuMs,
      note: "20,000 staff, 300 units, ~40,000 leave records; target < 10 s, < 1 GB",
      readme: {
        item: "`compute`（打开、计算、备份、保存）",
        scale: "20,000 人、300 个单位、4 万条休假记录",
        targetMs: 10_000,
        targetMb: 1024,
      },
    },
  ];
}

/** `cadre-care docs` on the county file: open, compute, every document, register, save. */
export async function docsCommandBench(): Promise<BenchRow[]> {
  const { dir, file } = countyCopy();
  const io = memoryIO(new Date("2026-11-26T12:00:00+08:00"));
  const out = path.join(dir, "docs");
  const { ms, peakMb, cpuMs } = await measure(() => docsCommand(file, { out }, io));
  const documents = (
    JSON.parse(fs.readFileSync(path.join(out, "documents.json"), "utf8")) as unknown[]
  ).length;
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    {
      name: "docs command (open + compute + documents + register + save)",
      rows: documents,
      ms,
      peakMb,
      cpuMs,
      note: "300 units as of 2026-11-26; target < 30 s, < 1 GB",
      readme: {
        item: "全部公文（`docs` 命令，含打开、计算、保存）",
        scale: `300 个单位，${documents.toLocaleString("en")} 份`,
        targetMs: 30_000,
        targetMb: 1024,
      },
    },
  ];
}

/**
 * Cells a county's spreadsheet holds after some years (columns from the schema × rows per
 * year), against Google Sheets' 10-million-cell limit. Rates are stated in the table.
 */
export function cellBudget(staff: number, units: number, years: number): string[] {
  const perYear: Record<string, [number, string]> = {
    人员: [0, "one row per person (not per year)"],
    奖励: [staff * 0.2, "20 % of staff awarded a year"],
    年休假: [staff, "one row per person and year"],
    休假记录: [staff * 2, "two leave periods per person a year"],
    年休假计划: [units, "one per unit and year"],
    体检: [units, "one per unit and year"],
    培训: [units * 12, "monthly per unit"],
    谈心谈话: [units * 24, "twice a month per unit"],
    考核: [staff, "one row per person and year"],
    单位考核: [units, "one per unit and year"],
    提醒: [units * 15 + staff * 0.3 * 6, "15 per unit, 6 for 30 % of staff owed pay"],
    文档: [units * 5 + 2, "5 filings per unit + 2 notices"],
    日志: [staff * 5, "5 edits per person a year"],
  };
  const lines = [
    "| sheet | columns | rows | cells | assumption |",
    "| --- | ---: | ---: | ---: | --- |",
  ];
  let total = 0;
  for (const spec of SHEETS) {
    const [rate, why] = perYear[spec.name] ?? [0, "a few rows"];
    const rows =
      Math.round(spec.name === "人员" ? staff : spec.name === "单位" ? units : rate * years) || 20;
    const cells = rows * spec.columns.length;
    total += cells;
    lines.push(
      `| ${spec.name} | ${spec.columns.length} | ${rows.toLocaleString("en")} | ${cells.toLocaleString("en")} | ${why} |`,
    );
  }
  lines.push(
    `| **total** | | | **${total.toLocaleString("en")}** | ${((total / 10_000_000) * 100).toFixed(0)} % of 10,000,000 |`,
  );
  return lines;
}

/** The whole job (`npm start`'s steps) on the county file, opened as a user's workbook. */
export async function jobBench(): Promise<BenchRow[]> {
  const { dir, file, rows } = countyCopy();
  let documents = 0;
  const { ms, peakMb, cpuMs } = await measure(async () => {
    const wb = await openWorkbook(file);
    const result = await runJob(wb, path.join(dir, "out"), new Date("2026-11-26T08:00:00+08:00"));
    documents = result.documents.length;
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    {
      name: "whole job (open, compute, reminders, documents, save, dashboard)",
      rows,
      ms,
      peakMb,
      cpuMs,
      note: `${documents} documents; target < 30 s, < 1.5 GB`,
      readme: {
        item: "整个主流程",
        scale: `20,000 人、300 个单位，${documents.toLocaleString("en")} 份公文`,
        targetMs: 30_000,
        targetMb: 1536,
      },
    },
  ];
}

/**
 * The yardstick of ×基准: a fixed single-threaded CPU task (zlib deflate, level 6, of 16 MB of
 * fixed text), the median of 5, in a process of its own. It does not depend on this program's code,
 * so its time moves only with the machine and its load.
 */
export function calibration(): BenchRow[] {
  const words = "干部关怀激励台账 cadre-care 年休假 2027-03-25 应休天数 15 ";
  const text = Buffer.from(words.repeat(Math.ceil((16 * 1024 * 1024) / Buffer.byteLength(words))));
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    deflateSync(text, { level: 6 });
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const median = times.sort((a, b) => a - b)[2];
  return [
    {
      name: "yardstick: zlib deflate of 16 MB (median of 5)",
      rows: 0,
      ms: median,
      cpuMs: (cpu.user + cpu.system) / 1000 / 5,
    },
  ];
}

function loadAverage(): string {
  try {
    return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "不详";
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const gb = (mb: number) => `${(mb / 1024).toFixed(2)} GB`;

/** The README's 规模 table as this run measured it: figure, ×基准, target, and the check. */
export function printReadmeTable(
  rows: BenchRow[],
  yardstickMs: number,
  load: { start: string; end: string },
): boolean {
  console.log(
    `\nREADME「规模」表，本次运行：${os.cpus().length} 核，负载（/proc/loadavg 1/5/15 分钟）开始 ${load.start}、结束 ${load.end}；` +
      `×基准 = 用时 ÷ 同一次运行中固定 CPU 任务（zlib 压缩 16 MB，前后各测一次取平均）的用时 ${seconds(yardstickMs)}；` +
      `CPU 时间 = 进程全部线程的用户态 + 内核态时间（负载高时用时变长，CPU 时间变化小得多）`,
  );
  console.log("| 项目 | 规模 | 用时 | ×基准 | CPU 时间 | 峰值内存 | 目标 | 达标 |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
  let allMet = true;
  for (const r of rows) {
    const t = r.readme!;
    const targets: string[] = [];
    let met = true;
    if (t.targetRatio !== undefined) {
      targets.push(`≤ ${t.targetRatio} 倍`);
      met &&= (t.ratio ?? Infinity) <= t.targetRatio;
    }
    if (t.targetMs !== undefined) {
      targets.push(`< ${t.targetMs >= 1000 ? `${t.targetMs / 1000} s` : `${t.targetMs} ms`}`);
      met &&= r.ms < t.targetMs;
    }
    if (t.targetMb !== undefined) {
      targets.push(`< ${t.targetMb >= 1024 ? `${t.targetMb / 1024} GB` : `${t.targetMb} MB`}`);
      met &&= (r.peakMb ?? 0) < t.targetMb;
    }
    allMet &&= met;
    const figure =
      t.ratio !== undefined
        ? `${t.ratio.toFixed(2)} 倍`
        : r.ms < 1000
          ? `${r.ms.toFixed(1)} ms`
          : seconds(r.ms);
    const multiple =
      t.ratio !== undefined ? "" : `${(r.ms / yardstickMs).toFixed(r.ms < yardstickMs ? 3 : 1)}`;
    const peak = r.peakMb === undefined ? "" : gb(r.peakMb);
    const cpu = r.cpuMs === undefined ? "" : seconds(r.cpuMs);
    console.log(
      `| ${t.item} | ${t.scale} | ${figure} | ${multiple} | ${cpu} | ${peak} | ${targets.join("、")} | ${met ? "是" : "否"} |`,
    );
  }
  return allMet;
}

/** The heavy cases, each run in its own process so that time and peak memory are its own. */
const CASES: Record<string, [title: string, run: () => Promise<BenchRow[]>]> = {
  calibration: ["Yardstick for ×基准 (a fixed CPU task)", async () => calibration()],
  bundle: [
    "Apps Script bundle: what each custom-function call costs before any work",
    async () => bundleBench(),
  ],
  compute: ["compute on a generated county (peak = process RSS)", computeBench],
  deadlines: [
    "Daily deadline check on the fakes (300 units, 20,000 staff)",
    async () => deadlineBench(),
  ],
  docs: [
    "Documents for 300 units (peak = process RSS), and filling their templates against a floor",
    async () => [...(await docsCommandBench()), ...templateFloorBench()],
  ],
  "docs-phases": [
    "Documents for 300 units from the record in memory, by phase (peak = process RSS)",
    docsBench,
  ],
  job: ["The whole job on 20,000 staff and 300 units (peak = process RSS)", jobBench],
  split: [
    "split of 300 units (peak = process RSS)",
    () => splitBench(process.env[COUNTY_FILE]!, measure),
  ],
  collect: [
    "collect of 300 unit files (peak = process RSS)",
    () => collectBench(process.env[COUNTY_FILE]!, measure),
  ],
  "unit-sheets": [
    "Unit spreadsheets in Sheets, 300 units, on the fakes (ms = CPU here; modelled duration in the note)",
    () => unitSheetsBench(measure),
  ],
};

async function main(): Promise<void> {
  const asked = process.argv.indexOf("--case");
  if (asked >= 0) {
    const [, run] = CASES[process.argv[asked + 1]];
    process.stdout.write(JSON.stringify(await run()));
    return;
  }
  const loadStart = loadAverage();
  const readme: BenchRow[] = [];
  for (const years of [1, 3, 10]) {
    console.log(`\nCell budget: 20,000 staff, 300 units, ${years} year(s) of records`);
    console.log(cellBudget(20_000, 300, years).join("\n"));
  }
  const formulas = formulaBench();
  printTable(`Formulas on ${ROWS.toLocaleString("en")}-row ranges (best of 5)`, formulas);
  const slowest = formulas.reduce((a, b) => (b.ms > a.ms ? b : a));
  readme.push({
    ...slowest,
    readme: { item: `每个公式（最慢：${slowest.name}）`, scale: "20,000 行区域", targetMs: 200 },
  });
  const [week, year] = formulas.filter((r) => r.name === "WORKDAYS_CN");
  readme.push({
    ...year,
    readme: {
      item: "WORKDAYS_CN 一年跨度 / 一周跨度",
      scale: "20,000 行",
      ratio: year.ms / week.ms,
      targetRatio: 1.5,
    },
  });
  printTable(
    "Apps Script bundle: what each custom-function call costs before any work",
    bundleBench(),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-bench-county-"));
  const county = path.join(dir, "county.xlsx");
  const rows = await writeCounty(county);
  // `npm run bench -- --only split,collect`: just those cases (and the tables above).
  const only = process.argv.indexOf("--only");
  const wanted = only >= 0 ? new Set(process.argv[only + 1]?.split(",")) : null;
  const runCase = (name: string): BenchRow[] => {
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, "--case", name], {
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, [COUNTY_FILE]: county, [COUNTY_ROWS]: String(rows) },
    });
    return JSON.parse(out.toString("utf8")) as BenchRow[];
  };
  // The yardstick before and after the heavy cases: the load may change during the run.
  const yardstick = [runCase("calibration")[0].ms];
  for (const [name, [title]] of Object.entries(CASES)) {
    if (name === "calibration" || (wanted && !wanted.has(name))) continue;
    const result = runCase(name);
    printTable(title, result);
    readme.push(...result.filter((r) => r.readme));
  }
  yardstick.push(runCase("calibration")[0].ms);
  fs.rmSync(dir, { recursive: true, force: true });
  printTable("Yardstick for ×基准 (before and after the heavy cases)", [
    { name: "yardstick: zlib deflate of 16 MB (median of 5)", rows: 0, ms: yardstick[0] },
    { name: "yardstick, again", rows: 0, ms: yardstick[1] },
  ]);
  const met = printReadmeTable(readme, (yardstick[0] + yardstick[1]) / 2, {
    start: loadStart,
    end: loadAverage(),
  });
  if (!met) console.log("有项目未达到目标（见“达标”一列）");
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
