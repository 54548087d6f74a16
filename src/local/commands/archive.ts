/**
 * `cadre-care archive FILE.xlsx [--before YEAR] [--out ARCHIVE.xlsx] [--date YYYY-MM-DD]`: move
 * the rows of years before YEAR (default: all but the current and previous year) out of the
 * workbook into an archive copy of it.
 *
 * Order, so that nothing can be lost: the archive is written as a copy of the workbook with only
 * the older rows, read back and compared row by row; only then is the workbook itself backed up
 * and rewritten with the other rows, and read back too (a difference restores the backup).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { progress, readingSheets } from "../progress";
import { commandDay } from "./deadlines";
import { openCadreWorkbook, save, saveWithBackup } from "./workbook";
import { processAlive, withWorkbookLock } from "../lock";
import { faultPoint } from "../faults";
import { cleanTempFiles, isWriteError, writeErrorMessage } from "../files";
import { SHEETS } from "../../records/schema";
import type { Grid } from "../../records/cells";
import { InputError } from "../../rules/errors";
import {
  type ArchiveSplit,
  checkArchiveYear,
  describeItems,
  differingSheets,
  earliestLiveYear,
  openItemsBefore,
  replaceDataRows,
  splitByYear,
} from "../../workflows/archive";

export interface ArchiveOptions {
  before?: string;
  out?: string;
  date?: string;
}

/** FILE.xlsx → FILE.归档-2024年及以前.xlsx beside it. */
export function archivePath(file: string, before: number): string {
  const ext = path.extname(file);
  return `${ext ? file.slice(0, -ext.length) : file}.归档-${before - 1}年及以前${ext || ".xlsx"}`;
}

function parseBefore(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const t = text.trim();
  if (!/^\d{4}$/.test(t))
    throw new UserFacingError(`--before 应为四位年份，如 ${fallback}，收到“${text}”`);
  return Number(t);
}

/** The archive while it is written and checked: hidden, beside it, named by this process. */
function partialPath(out: string): string {
  return path.join(
    path.dirname(path.resolve(out)),
    `.${path.basename(out)}.${process.pid}.partial.xlsx`,
  );
}

/** Remove partial archives of runs that no longer run (killed while writing the archive). */
function cleanPartials(out: string): void {
  const dir = path.dirname(path.resolve(out));
  const prefix = `.${path.basename(out)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.partial\.xlsx$/.exec(name.slice(prefix.length));
    if (m && !processAlive(Number(m[1]))) fs.rmSync(path.join(dir, name), { force: true });
  }
  cleanTempFiles(out);
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith(".partial.xlsx"))
      cleanTempFiles(path.join(dir, name));
  }
}

/** Read `file` back and fail unless every split sheet holds exactly `pick(split)`. */
async function verify(
  file: string,
  splits: readonly ArchiveSplit[],
  pick: (s: ArchiveSplit) => Grid,
): Promise<string[]> {
  const reopened = await openCadreWorkbook(file);
  return differingSheets(reopened, new Map(splits.map((s) => [s.sheet, pick(s)])));
}

/** The archive copy keeps only the older rows (in a function of its own, so the copy's record
 * is let go before it is read back). */
async function writeOlderRows(out: string, splits: readonly ArchiveSplit[]): Promise<void> {
  const archive = await openCadreWorkbook(out);
  for (const split of splits) replaceDataRows(archive, split, split.older);
  await save(archive, out);
}

export async function archiveCommand(
  file: string,
  opts: ArchiveOptions,
  io: CommandIO,
): Promise<number> {
  const today = commandDay(opts.date, io);
  const before = parseBefore(opts.before, earliestLiveYear(today));
  try {
    checkArchiveYear(before, today);
  } catch (err) {
    if (err instanceof InputError) throw new UserFacingError(err.message);
    throw err;
  }
  const out = opts.out ?? archivePath(file, before);

  const bar = progress(io, "归档", SHEETS.length + 4);
  let splits: ArchiveSplit[];
  let backup: string | null;
  let resumed = false;
  try {
    const done = await withWorkbookLock(file, "archive", io, async (lock) => {
      cleanPartials(out);
      const live = await openCadreWorkbook(file, readingSheets(bar));
      // Every year-bound sheet: the archive keeps only its older rows, even when it has none.
      const all = splitByYear(live, before);
      splits = all.filter((s) => s.older.length > 0);
      if (splits.length === 0) {
        io.out(`“${file}”中没有 ${before} 年以前的记录，无需归档`);
        return true;
      }
      const open = openItemsBefore(live, before, today);
      if (open.length) {
        const years = [...new Set(open.map((i) => i.year))].sort((a, b) => a - b);
        throw new UserFacingError(
          `${years.join("、")} 年度还有未办结的事项（${describeItems(open)}，详见 cadre-care deadlines），` +
            `归档后将不再提醒和通报；请办结后再归档，或把 --before 设为 ${years[0]}`,
          // A refusal on the data, not a usage error.
          EXIT.problems,
        );
      }
      if (fs.existsSync(out)) {
        // A run stopped after writing and checking the archive, before the workbook was
        // rewritten, leaves a complete archive: the same rows again means carry on from there.
        const differing = await verify(out, all, (s) => s.older).catch(() => ["（无法读取）"]);
        if (differing.length) {
          throw new UserFacingError(
            `归档文件“${out}”已存在：请先移走它，或用 --out 指定另一个文件名（已有的归档不会被覆盖）`,
          );
        }
        resumed = true;
        io.out(`说明：“${out}”是上次中断的归档留下的完整副本（已逐行核对），继续改写当前台账`);
      } else {
        // 1. The archive: a copy of the workbook (formats, own columns and sheets included)
        //    that keeps only the older rows, written under a hidden name, checked, and only
        //    then given its name — a kill leaves nothing under the archive's name.
        bar.tick("写入归档副本");
        const partial = partialPath(out);
        try {
          fs.copyFileSync(file, partial, fs.constants.COPYFILE_EXCL);
          faultPoint("archive:copied");
          await writeOlderRows(partial, all);
          bar.tick("核对归档副本");
          const differing = await verify(partial, all, (s) => s.older);
          if (differing.length) {
            throw new UserFacingError(
              `归档副本核对不一致（${differing.join("、")}），已删除该副本；当前台账未改动`,
            );
          }
          fs.linkSync(partial, out);
        } catch (err) {
          if (isWriteError(err))
            throw new UserFacingError(`${writeErrorMessage(err)}。未生成归档文件，当前台账未改动`);
          if ((err as NodeJS.ErrnoException).code === "EEXIST")
            throw new UserFacingError(
              `归档文件“${out}”已存在：请先移走它，或用 --out 指定另一个文件名`,
            );
          throw err;
        } finally {
          fs.rmSync(partial, { force: true });
        }
        faultPoint("archive:archived");
      }

      // 2. The workbook keeps the other rows, after a backup.
      bar.tick("写入当前台账");
      for (const split of splits) replaceDataRows(live, split, split.newer);
      backup = await saveWithBackup(live, file, io, lock);
      bar.tick("核对当前台账");
      const differing = await verify(file, splits, (s) => s.newer);
      if (differing.length && backup) {
        fs.copyFileSync(backup, file);
        throw new UserFacingError(
          `当前台账核对不一致（${differing.join("、")}），已从副本“${backup}”恢复；归档文件“${out}”保留`,
        );
      }
      return false;
    });
    if (done) return EXIT.ok;
  } finally {
    bar.done();
  }

  for (const s of splits!) {
    const kept = s.unreadable
      ? `，保留 ${s.newer.length} 行（其中 ${s.unreadable} 行年度无法识别，请用 check 查看）`
      : `，保留 ${s.newer.length} 行`;
    io.out(`「${s.sheet}」移出 ${s.older.length} 行（${s.years.join("、")} 年）${kept}`);
  }
  io.out(`归档文件：${out}（包含全部工作表；参数、单位、人员等基础表完整保留）`);
  io.out(`当前台账：${file}；修改前的副本：${backup!}${resumed ? "（接续上次中断的归档）" : ""}`);
  return EXIT.ok;
}
