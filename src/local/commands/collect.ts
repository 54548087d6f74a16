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
import { jsonFileStore, registerPath } from "./split";
import {
  UnitCollector,
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
  return (await PatchedWorkbook.load(data, file)) ?? (await XlsxWorkbook.load(data, file));
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
        const hub = await openCadreWorkbook(hubFile, readingSheets(bar));
        const collector = new UnitCollector(hub, splitRegister(jsonFileStore(registerFile)));
        for (const file of units) {
          bar.tick(path.basename(file));
          if (!/\.xlsx$/i.test(file)) {
            reports.push(refusedReport(file, "不是 .xlsx 文件"));
            continue;
          }
          let source: UnitSource;
          try {
            source = await readUnitFile(file);
          } catch (err) {
            if (err instanceof WorkbookFileError) {
              reports.push(refusedReport(file, err.message));
              continue;
            }
            throw err;
          }
          reports.push(collector.collect(source, file, { checkFileName: true }));
        }
        if (collector.pending && !opts.dryRun) {
          collector.flush();
          backup = await saveWithBackup(hub, hubFile, io, lock);
          saved = true;
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
