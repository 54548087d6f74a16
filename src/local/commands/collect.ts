/**
 * `cadre-care collect 台账.xlsx 单位/*.xlsx [--dry-run]`: bring the units' typed changes back into
 * the hub (src/workflows/units.ts): changed input cells, new rows of the unit; rows deleted in a
 * unit are reported, rows about another unit refused, cells changed on both sides reported as
 * conflicts (the hub keeps its value). Each file is taken whole or refused whole; the hub is
 * saved once, after a backup, and only when something changed. Exit 1 when anything was refused
 * or conflicted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { progress, readingSheets } from "../progress";
import { openCadreWorkbook, saveWithBackup } from "./workbook";
import { withWorkbookLock } from "../lock";
import { WorkbookFileError, XlsxWorkbook, readWorkbookFile } from "../xlsx";
import { PatchedWorkbook } from "../xlsxPatch";
import { WORKERS_FROM, jsonFileStore, registerPath, workerScript } from "./split";
import { runWorkerPool } from "../workerPool";
import type { UnitReadJob, UnitReadReply } from "../unitWorker";
import type { Grid } from "../../records/cells";
import { fileNameCheck } from "../../workflows/unitFileName";
import {
  UnitCollector,
  collectedSheets,
  type UnitReport,
  type UnitSource,
  formatReport,
  reportHasProblems,
  splitRegister,
} from "../../workflows/units";

export interface CollectOptions {
  dryRun?: boolean;
}

/** A unit file's sheets, read from its XML (or the full model for an unusual package). */
async function readUnitFile(file: string): Promise<UnitSource> {
  const data = await readWorkbookFile(file);
  const only = new Set(collectedSheets());
  return (
    (await PatchedWorkbook.load(data, file, undefined, only)) ??
    (await XlsxWorkbook.load(data, file))
  );
}

/**
 * What collecting reads of a unit file, as plain data (a worker thread sends it), or why the
 * file cannot be read (WorkbookFileError's Chinese message).
 */
export type UnitFileData =
  { names: string[]; sheets: [string, Grid][]; refused?: undefined } | { refused: string };

export async function readUnitFileData(file: string): Promise<UnitFileData> {
  let source: UnitSource;
  try {
    source = await readUnitFile(file);
  } catch (err) {
    if (err instanceof WorkbookFileError) return { refused: err.message };
    throw err;
  }
  const sheets: [string, Grid][] = [];
  for (const name of collectedSheets()) {
    const grid = source.readSheet(name);
    if (grid) sheets.push([name, grid]);
  }
  return { names: source.sheetNames(), sheets };
}

function sourceOf(data: { names: string[]; sheets: [string, Grid][] }): UnitSource {
  const sheets = new Map(data.sheets);
  return { sheetNames: () => data.names, readSheet: (name) => sheets.get(name) ?? null };
}

/**
 * Read the unit files: in the pool of worker threads (../workerPool.ts) when built and there
 * are enough of them, all at once, while the main thread collects them in order; else each when
 * asked. `read(i)` gives file i's data; `close` stops the workers and waits for them.
 */
function unitFileReader(files: readonly string[]): {
  read(i: number): Promise<UnitFileData>;
  close(): Promise<void>;
} {
  const script = workerScript();
  if (!script || files.length < WORKERS_FROM) {
    return { read: (i) => readUnitFileData(files[i]), close: async () => {} };
  }
  const waiting = files.map(() => {
    let settle!: { resolve(d: UnitFileData): void; reject(e: unknown): void };
    const promise = new Promise<UnitFileData>((resolve, reject) => (settle = { resolve, reject }));
    promise.catch(() => {}); // rejected with the pool's error; only awaited ones report it
    return { promise, ...settle };
  });
  const stop = new AbortController();
  const pool = runWorkerPool<UnitReadReply>(script, {
    count: files.length,
    signal: stop.signal,
    message: (id): UnitReadJob => ({ id, read: files[id] }),
    done: (id, reply) => waiting[id].resolve(reply.data as UnitFileData),
    failed: (m) => new Error(`读取“${path.basename(files[m.id])}”失败：${m.error}`),
  }).catch((err: unknown) => {
    for (const w of waiting) w.reject(err);
  });
  return {
    read: (i) => waiting[i].promise,
    close: async () => {
      stop.abort();
      await pool;
    },
  };
}

function refusedReport(file: string, reason: string): UnitReport {
  return {
    file,
    unit: "",
    refusedFile: reason,
    changed: [],
    added: [],
    deleted: [],
    refused: [],
    conflicts: [],
    alreadyPresent: 0,
  };
}

export async function collectCommand(
  hubFile: string,
  files: readonly string[],
  opts: CollectOptions,
  io: CommandIO,
): Promise<number> {
  const registerFile = registerPath(hubFile);
  if (!fs.existsSync(registerFile)) {
    throw new UserFacingError(
      `找不到拆分记录“${registerFile}”：单位文件须由 cadre-care split ${hubFile} --out 文件夹 生成，拆分记录与台账放在同一文件夹`,
    );
  }
  const hubPath = path.resolve(hubFile);
  const units = files.filter((f) => path.resolve(f) !== hubPath);
  if (units.length === 0) throw new UserFacingError("请指定要收回的单位文件（.xlsx）");
  const bar = progress(io, "收回", 20 + units.length);
  const reports: UnitReport[] = [];
  let backup: string | null = null;
  let saved = false;
  try {
    // The hub is written (one writer at a time); a dry run only reads.
    await withWorkbookLock(
      hubFile,
      "collect",
      io,
      async (lock) => {
        // The unit files are read (in worker threads) while the hub is, and collected in order.
        const xlsx = units.filter((f) => /\.xlsx$/i.test(f));
        const reader = unitFileReader(xlsx);
        try {
          const hub = await openCadreWorkbook(hubFile, readingSheets(bar));
          const collector = new UnitCollector(hub, splitRegister(jsonFileStore(registerFile)));
          const fileName = fileNameCheck(collector.unitNames);
          let next = 0;
          for (const file of units) {
            bar.tick(path.basename(file));
            if (!/\.xlsx$/i.test(file)) {
              reports.push(refusedReport(file, "不是 .xlsx 文件"));
              continue;
            }
            const data = await reader.read(next++);
            if (data.refused !== undefined) {
              reports.push(refusedReport(file, data.refused));
              continue;
            }
            reports.push(collector.collect(sourceOf(data), file, { fileName }));
          }
          if (collector.pending && !opts.dryRun) {
            collector.flush();
            backup = await saveWithBackup(hub, hubFile, io, lock);
            saved = true;
          }
        } finally {
          await reader.close();
        }
      },
      { dryRun: opts.dryRun },
    );
  } finally {
    bar.done();
  }

  for (const report of reports) for (const line of formatReport(report)) io.out(line);
  const problems = reports.filter(reportHasProblems).length;
  const total = (pick: (r: UnitReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  io.out(
    `合计：${reports.length} 个文件，修改 ${total((r) => r.changed.length)} 处，新增 ${total((r) => r.added.length)} 行，` +
      `单位删除 ${total((r) => r.deleted.length)} 行，拒收 ${total((r) => r.refused.length)} 行，冲突 ${total((r) => r.conflicts.length)} 处，` +
      `整份拒收 ${reports.filter((r) => r.refusedFile).length} 个文件`,
  );
  if (opts.dryRun) io.out("试运行（--dry-run）：台账未改动");
  else if (saved)
    io.out(
      `已写入“${hubFile}”，修改前的副本：${backup}；请运行 cadre-care compute ${hubFile} 重新计算`,
    );
  else io.out(`没有需要收回的修改，台账“${hubFile}”未改动`);
  return problems ? EXIT.problems : EXIT.ok;
}
