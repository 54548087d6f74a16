/**
 * `npm run bench` rows for the hub and the units: `split` and `collect` of a 300-unit,
 * 20,000-staff county (time and peak RSS, each in its own process), and the Sheets hub's
 * 生成单位表格 + 同步单位表格 for 300 units on the fakes, with the duration modelled from the
 * fakes' per-call latencies, the per-minute quotas and the one-minute gaps between runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { memoryIO } from "../src/local/io";
import { splitCommand } from "../src/local/commands/split";
import { collectCommand } from "../src/local/commands/collect";
import { readWorkbookFile } from "../src/local/xlsx";
import { PatchedWorkbook } from "../src/local/xlsxPatch";
import { generateCounty, sampleAsGrids } from "../src/sample/sample";
import { SheetsWorkbook } from "../src/gas/sheets";
import { UNITS_PER_RUN, type UnitRunResult, type UnitServices, runUnits } from "../src/gas/units";
import type { Grid } from "../src/records/cells";
import { createFakeSpreadsheet } from "../test/fakes/spreadsheetApp";
import { createFakeProperties } from "../test/fakes/properties";
import { FakeDrive } from "../test/fakes/drive";
import { FakeSheets, SHEETS_LIMITS } from "../test/fakes/sheetsApi";
import type { BenchRow } from "./bench";

type Measure = (
  fn: () => Promise<unknown> | unknown,
) => Promise<{ ms: number; peakMb: number; cpuMs?: number }>;

const cpuNote = (cpuMs: number | undefined): string =>
  cpuMs === undefined ? "" : `CPU ${(cpuMs / 1000).toFixed(1)} s (all threads); `;

const NOW = new Date("2027-03-01T10:00:00+08:00");

/** `cadre-care split` of the county into 300 files. */
export async function splitBench(county: string, measure: Measure): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-bench-split-"));
  const hub = path.join(dir, "台账.xlsx");
  fs.copyFileSync(county, hub);
  const out = path.join(dir, "单位");
  const { ms, peakMb, cpuMs } = await measure(() => splitCommand(hub, { out }, memoryIO(NOW)));
  const files = fs.readdirSync(out).filter((f) => f.endsWith(".xlsx")).length;
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    {
      name: "split (open the hub, 300 unit workbooks)",
      rows: files,
      ms,
      peakMb,
      cpuMs,
      note: `${cpuNote(cpuMs)}20,000 staff, 300 units; target < 30 s, < 1.5 GB`,
      readme: {
        item: "`split`（读中心台账，写出每个单位的文件）",
        scale: `20,000 人、${files} 个单位文件`,
        targetMs: 30_000,
        targetMb: 1536,
      },
    },
  ];
}

/** `cadre-care collect` of all 300 files, 30 of them with an edit and a new row. */
export async function collectBench(county: string, measure: Measure): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-bench-collect-"));
  const hub = path.join(dir, "台账.xlsx");
  fs.copyFileSync(county, hub);
  const out = path.join(dir, "单位");
  await splitCommand(hub, { out }, memoryIO(NOW));
  const files = fs
    .readdirSync(out)
    .filter((f) => f.endsWith(".xlsx"))
    .map((f) => path.join(out, f));
  for (const file of files.slice(0, 30)) {
    const wb = (await PatchedWorkbook.load(await readWorkbookFile(file), file))!;
    const leave = wb.readSheet("年休假") as Grid;
    const c = leave[0].indexOf("事假（天）") + 1;
    if (leave.length > 1) wb.writeRange("年休假", 2, c, [[2]]);
    const training = wb.readSheet("培训") as Grid;
    const row = new Array(training[0].length).fill(null);
    row[training[0].indexOf("日期")] = new Date("2027-02-09T16:00:00Z");
    row[training[0].indexOf("形式")] = "在职自学";
    row[training[0].indexOf("内容")] = "政策学习";
    wb.writeRange("培训", training.length + 1, 1, [row]);
    await wb.save(file);
  }
  const io = memoryIO(NOW);
  const { ms, peakMb, cpuMs } = await measure(() => collectCommand(hub, files, {}, io));
  const total = io.lines.find((l) => l.startsWith("合计")) ?? "";
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    {
      name: "collect (300 unit files into the hub, backup, save)",
      rows: files.length,
      ms,
      peakMb,
      cpuMs,
      note: `${cpuNote(cpuMs)}${total
        .replace(/^合计：/, "")
        .split("，")
        .slice(1, 3)
        .join(", ")}; target < 30 s, < 1.5 GB`,
      readme: {
        item: "`collect`（收回全部单位文件：核对、合并、备份、保存）",
        scale: `${files.length} 个单位文件（其中 30 个有修改和新增行），20,000 人`,
        targetMs: 30_000,
        targetMb: 1536,
      },
    },
  ];
}

/** 生成单位表格 and 同步单位表格 for 300 units on the fakes, runs continued a minute apart. */
export async function unitSheetsBench(measure: Measure): Promise<BenchRow[]> {
  const ss = createFakeSpreadsheet();
  const county = generateCounty({ units: 300, staff: 20_000, leaveRecords: 40_000, seed: 7 });
  for (const [name, grid] of sampleAsGrids(county)) ss.addSheetWithRows(name, grid);
  const clock = { now: new Date("2027-03-01T07:00:00+08:00") };
  const drive = new FakeDrive();
  const sheets = new FakeSheets(clock, drive);
  const props = createFakeProperties().PropertiesService.getScriptProperties();
  let n = 0;
  const services: UnitServices = {
    workbook: new SheetsWorkbook(ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet),
    sheets: sheets.api as unknown as UnitServices["sheets"],
    drive: drive.api,
    store: {
      get: (k) => props.getProperty(k),
      set: (k, v) => void props.setProperty(k, v),
      delete: (k) => void props.deleteProperty(k),
    },
    clock: { now: () => clock.now },
    continuation: { schedule: () => undefined, cancel: () => undefined },
    editors: ["admin@example.gov.cn"],
    uuid: () => `id-${++n}`,
    hubName: "台账",
  };
  const rows: BenchRow[] = [];
  for (const mode of ["create", "sync"] as const) {
    const start = clock.now.getTime();
    let runs = 0;
    let longest = 0;
    const { ms, peakMb } = await measure(() => {
      let resume = false;
      for (;;) {
        const t0 = clock.now.getTime();
        const r = runUnits(services, mode, resume) as UnitRunResult;
        runs++;
        longest = Math.max(longest, clock.now.getTime() - t0);
        if (r.remaining === 0) break;
        clock.now = new Date(clock.now.getTime() + 60_000);
        resume = true;
      }
    });
    const modelled = (clock.now.getTime() - start) / 60_000;
    rows.push({
      name: mode === "create" ? "生成单位表格 (fakes)" : "同步单位表格 (fakes)",
      rows: 300,
      ms,
      peakMb,
      note:
        `modelled ${modelled.toFixed(1)} min in ${runs} runs of ≤ ${UNITS_PER_RUN} units (longest ${(longest / 60_000).toFixed(1)} min of 6); ` +
        `peak ${sheets.peakPerMinute("read")} reads, ${sheets.peakPerMinute("write")} writes a minute (limits ${SHEETS_LIMITS.readPerUserPerMinute}/${SHEETS_LIMITS.writePerUserPerMinute} per user)`,
    });
  }
  return rows;
}
