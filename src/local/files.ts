/**
 * File helpers for the local workbook: a timestamped backup copy before changes, and writes
 * through a temporary file in the same folder followed by a rename, so a crash never leaves a
 * half-written workbook behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SHANGHAI_OFFSET_MS } from "../rules/dates";
import { faultPoint } from "./faults";

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** YYYYMMDDHHmmss in Asia/Shanghai local time. */
export function shanghaiStamp(now: Date): string {
  const t = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return (
    pad(t.getUTCFullYear(), 4) +
    pad(t.getUTCMonth() + 1) +
    pad(t.getUTCDate()) +
    pad(t.getUTCHours()) +
    pad(t.getUTCMinutes()) +
    pad(t.getUTCSeconds())
  );
}

/** FILE.xlsx → FILE.bak-YYYYMMDDHHmmss.xlsx (suffix -2, -3 … when that name is taken). */
export function backupPath(file: string, now: Date, attempt = 1): string {
  const ext = path.extname(file);
  const base = ext ? file.slice(0, -ext.length) : file;
  const suffix = attempt > 1 ? `-${attempt}` : "";
  return `${base}.bak-${shanghaiStamp(now)}${suffix}${ext || ".xlsx"}`;
}

/** "2027-03-25 08:00:01", Asia/Shanghai. */
export function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * Copy `file` to its backup name and return the backup path; never overwrites a backup. A copy
 * that fails midway (a full disk) is removed, never left half-written.
 */
export function backupFile(file: string, now: Date): string {
  for (let attempt = 1; ; attempt++) {
    const target = backupPath(file, now, attempt);
    try {
      fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && attempt < 100) continue;
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") fs.rmSync(target, { force: true });
      throw Object.assign(err as Error, { path: target });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Temporary files: `.NAME.PID.MS.tmp` beside their target. Removed when a write fails, on
// Ctrl-C/SIGTERM (the CLI's signal handler calls removeActiveTemps), and — after a kill -9 —
// by the next writer of the same file (cleanTempFiles, run under the workbook lock).

const activeTemps = new Set<string>();

export function tempPathFor(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

/** Folders where this process's worker threads write through temporary files (docs). */
const tempDirs = new Map<string, number>();

/**
 * Worker threads keep their own list of temporary files, which a signal handler in the main
 * thread cannot read: folders named here are swept for this process's `.NAME.PID.MS.tmp` on a
 * signal. Returns the function that stops it (call it once the workers are gone).
 */
export function trackTempDirs(dirs: Iterable<string>): () => void {
  const list = [...new Set([...dirs].map((d) => path.resolve(d)))];
  for (const d of list) tempDirs.set(d, (tempDirs.get(d) ?? 0) + 1);
  return () => {
    for (const d of list) {
      const n = (tempDirs.get(d) ?? 1) - 1;
      if (n > 0) tempDirs.set(d, n);
      else tempDirs.delete(d);
    }
  };
}

/** Worker threads writing in the tracked folders: stopped before a signal's last sweep. */
const liveWorkers = new Set<{ terminate(): Promise<number> }>();

/** Track `workers` until the returned function is called (they have been terminated). */
export function trackWorkers(workers: Iterable<{ terminate(): Promise<number> }>): () => void {
  const list = [...workers];
  for (const w of list) liveWorkers.add(w);
  return () => list.forEach((w) => liveWorkers.delete(w));
}

/** Whether worker threads are writing in tracked folders now. */
export function workersRunning(): boolean {
  return liveWorkers.size > 0;
}

/**
 * On a signal: stop the worker threads first, so that none starts a temporary file after the
 * sweep, then remove every temporary file of this process.
 */
export async function stopWorkersAndRemoveTemps(): Promise<void> {
  removeActiveTemps();
  await Promise.all([...liveWorkers].map((w) => w.terminate().catch(() => 0)));
  liveWorkers.clear();
  removeActiveTemps();
}

/**
 * What to do when a matching temporary file cannot be removed (a read-only disk, no permission):
 * - `"skip"`: leave it and go on (best effort: a signal handler on the way out, or a worker pool
 *   that stopped midway). The file is ours and dead by then; the next writer removes it.
 * - `"throw"`: let the error out (a writer cleaning up under the workbook lock before it writes:
 *   a folder where it cannot even remove a stale temp is one it cannot save in either, and the
 *   caller turns the error into a Chinese message rather than carrying on).
 *
 * A folder that cannot be listed (gone, or never made) removes nothing under either policy:
 * there is nothing of ours in it to clean.
 */
export type TempErrorPolicy = "skip" | "throw";

/**
 * Remove the temporary files (regular files only) directly in `dir` whose names `match`
 * accepts, under the given error policy. Returns the names removed. The one place that lists a
 * folder and removes temps: removeOwnTemps, cleanTempFiles and cleanTempsUnder are its callers.
 */
export function removeTemps(
  dir: string,
  match: (name: string) => boolean,
  onError: TempErrorPolicy,
): string[] {
  const removed: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!e.isFile() || !match(e.name)) continue;
    try {
      fs.rmSync(path.join(dir, e.name), { force: true });
      removed.push(e.name);
    } catch (err) {
      if (onError === "throw") throw err;
    }
  }
  return removed;
}

/** Remove this process's temporary files in `dir` (its workers stopped midway); best effort. */
export function removeOwnTemps(dir: string): string[] {
  const pattern = new RegExp(`^\\..+\\.${process.pid}\\.\\d+\\.tmp$`);
  return removeTemps(dir, (name) => pattern.test(name), "skip");
}

/** Remove every temporary file this process is writing (on a signal, before exiting). */
export function removeActiveTemps(): void {
  for (const tmp of activeTemps) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // best effort on the way out
    }
  }
  activeTemps.clear();
  for (const dir of tempDirs.keys()) removeOwnTemps(dir);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A temp name's writer PID when that writer no longer runs (not this process, not alive). */
function deadWriter(pid: string, isAlive: (pid: number) => boolean): boolean {
  const n = Number(pid);
  return n !== process.pid && !isAlive(n);
}

/**
 * Remove temporary files left beside `file` by writers that no longer run (killed mid-save):
 * `.NAME.PID.MS.tmp` whose PID is not a live process. Returns the names removed. Throws when
 * one cannot be removed (policy "throw", see TempErrorPolicy).
 */
export function cleanTempFiles(
  file: string,
  isAlive: (pid: number) => boolean = pidAlive,
): string[] {
  const pattern = new RegExp(`^\\.${escapeRe(path.basename(file))}\\.(\\d+)\\.\\d+\\.tmp$`);
  return removeTemps(
    path.dirname(path.resolve(file)),
    (name) => {
      const m = pattern.exec(name);
      return m !== null && deadWriter(m[1], isAlive);
    },
    "throw",
  );
}

/**
 * cleanTempFiles for every file under a folder (an output folder of .docx files, after a kill),
 * four levels deep. Returns the paths removed; throws like cleanTempFiles.
 */
export function cleanTempsUnder(dir: string): string[] {
  const removed: string[] = [];
  const walk = (d: string, depth: number): void => {
    const match = (name: string) => {
      const m = /^\.(.+)\.(\d+)\.\d+\.tmp$/.exec(name);
      return m !== null && deadWriter(m[2], pidAlive);
    };
    for (const name of removeTemps(d, match, "throw")) removed.push(path.join(d, name));
    if (depth >= 4) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(d, e.name), depth + 1);
  };
  walk(path.resolve(dir), 0);
  return removed;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Write `data` to `file` atomically: temporary file in the same folder, fsync, rename. An
 * existing file keeps its mode and owner (the rename would otherwise give it the writer's).
 */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const tmp = tempPathFor(file);
  let previous: fs.Stats | null = null;
  try {
    previous = await fs.promises.stat(file);
  } catch {
    previous = null;
  }
  activeTemps.add(tmp);
  try {
    const handle = await fs.promises.open(tmp, "wx");
    try {
      await handle.writeFile(data);
      if (previous) {
        await handle.chmod(previous.mode & 0o7777);
        try {
          await handle.chown(previous.uid, previous.gid);
        } catch {
          // only root may give a file away; another user's save keeps their own ownership
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await faultPoint("atomic:written");
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e.path === tmp || e.path === undefined) e.path = path.resolve(file);
    throw err;
  } finally {
    activeTemps.delete(tmp);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors writing a file, in Chinese: which file and what to do.

const WRITE_CODES = new Set([
  "ENOSPC",
  "EDQUOT",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOENT",
  "ENOTDIR",
  "EISDIR",
  "EFBIG",
  "EIO",
]);

/** An operating-system error a person can act on (full disk, permissions, read-only disk). */
export function isWriteError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === "string" &&
    WRITE_CODES.has((err as NodeJS.ErrnoException).code!)
  );
}

/** What went wrong writing `target` and what to do, in Chinese (no trailing full stop). */
export function writeErrorMessage(err: NodeJS.ErrnoException, target?: string): string {
  const where = path.resolve(target ?? err.path ?? "");
  switch (err.code) {
    case "ENOSPC":
      return `磁盘空间已满，无法写入“${where}”：请清理该磁盘、删除不需要的旧备份（*.bak-*.xlsx），或换到有空间的文件夹后重新运行`;
    case "EDQUOT":
      return `磁盘配额已用完，无法写入“${where}”：请清理文件或请管理员增加配额后重新运行`;
    case "EACCES":
    case "EPERM":
      return `没有权限写入“${where}”：请检查该文件和所在文件夹的权限，或用有写入权限的账号运行`;
    case "EROFS":
      return `“${where}”所在的磁盘为只读，无法写入：请把工作簿复制到可写的文件夹（或重新以可写方式挂载）后再运行`;
    case "ENOENT":
    case "ENOTDIR":
      return `无法写入“${where}”：文件夹不存在，请检查路径`;
    case "EISDIR":
      return `无法写入“${where}”：这是一个文件夹`;
    case "EFBIG":
      return `无法写入“${where}”：文件超过了该磁盘允许的大小`;
    default:
      return `写入“${where}”时磁盘出错（${err.code}）：请检查磁盘后重新运行`;
  }
}
