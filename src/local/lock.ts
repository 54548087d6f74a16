/**
 * One writer per workbook. Every command that writes a workbook runs its whole read → work →
 * write (→ send) span inside `withWorkbookLock(file, command, io, fn)`; a second writer waits a
 * bounded time and then gives up with a Chinese message naming the holder. Readers (check,
 * deadlines) take no lock: saves replace the file by an atomic rename, so a reader sees either
 * the old or the new workbook, never a half-written one.
 *
 * The lock is proper-lockfile's: a `FILE.xlsx.lock` directory made with mkdir (atomic on local
 * disks and on the NFS/SMB shared folders counties keep their workbooks in, where flock-style
 * locks are unreliable), kept fresh by touching its mtime, released on exit and on signals
 * (signal-exit), and reported when another process removed it (onCompromised). It is small,
 * has no native parts, and is widely used and maintained, which a hand-rolled lock is not.
 *
 * Who holds it lives beside it in `FILE.xlsx.lock.json` (command, PID, host, since). A lock
 * whose holder ran on this host and whose PID no longer exists is stale: it is taken over at
 * once, with a note. A holder on another host cannot be checked by PID; its lock counts as stale
 * when its mtime has not been refreshed for STALE_MS (proper-lockfile's own rule).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import lockfile from "proper-lockfile";
import { EXIT, UserFacingError, type CommandIO } from "./io";
import { cleanTempFiles, isWriteError, shanghaiTime, writeErrorMessage } from "./files";

/** Environment variable: how many seconds a second writer waits for the lock. */
export const LOCK_WAIT_ENV = "CADRE_LOCK_WAIT_SECONDS";
export const DEFAULT_LOCK_WAIT_MS = 60_000;
/** A lock not refreshed for this long is stale even when its holder cannot be checked. */
const STALE_MS = 10 * 60_000;
const UPDATE_MS = 10_000;
/** A lock folder without its holder file, older than this, was left by a killed run. */
const ORPHAN_MS = 30_000;

export interface LockHolder {
  command: string;
  pid: number;
  host: string;
  /** ISO instant the lock was taken. */
  since: string;
}

export function lockDir(file: string): string {
  return `${path.resolve(file)}.lock`;
}

export function holderFile(file: string): string {
  return `${lockDir(file)}.json`;
}

/** The holder recorded beside the lock, or null (none, or unreadable). */
export function readHolder(file: string): LockHolder | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(holderFile(file), "utf8"));
    if (!parsed || typeof parsed !== "object") return null;
    const h = parsed as Record<string, unknown>;
    if (
      typeof h.command !== "string" ||
      typeof h.pid !== "number" ||
      typeof h.host !== "string" ||
      typeof h.since !== "string"
    )
      return null;
    return { command: h.command, pid: h.pid, host: h.host, since: h.since };
  } catch {
    return null;
  }
}

/** Whether a process with this PID exists on this machine. */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function describeHolder(h: LockHolder): string {
  return `${h.command}（PID ${h.pid}，主机 ${h.host}，自 ${shanghaiTime(new Date(h.since))} 起）`;
}

function waitMs(override?: number): number {
  if (override !== undefined) return override;
  const text = process.env[LOCK_WAIT_ENV];
  const seconds = text === undefined ? NaN : Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_LOCK_WAIT_MS;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The lock a command holds; `assertHeld` before each write. */
export class WorkbookLock {
  compromised: Error | null = null;
  constructor(readonly file: string) {}
  /** Throws when the lock was lost (removed by someone else) — never write then. */
  assertHeld(): void {
    if (this.compromised) {
      throw new UserFacingError(
        `工作簿“${this.file}”的锁（${lockDir(this.file)}）在运行中被移除，为避免覆盖他人的修改，本次不再写入：请确认没有其他程序同时修改后重新运行`,
        EXIT.problems,
      );
    }
  }
}

/** A file the user refuses writes to: no write bit at all (chmod 444), or no access. */
function readOnlyReason(target: string, kind: "文件" | "文件夹"): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    return null;
  }
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EROFS") return `${kind}“${target}”所在的磁盘为只读`;
    return `${kind}“${target}”为只读（没有写入权限）`;
  }
  // root may write anything; a file or folder nobody may write was made read-only on purpose.
  if ((st.mode & 0o222) === 0) return `${kind}“${target}”为只读`;
  return null;
}

/**
 * Run `fn` holding the workbook's exclusive lock: taken before `fn` reads, released after its
 * last write (and send). Every command that writes a workbook wraps its whole body in it:
 *
 *     return withWorkbookLock(file, "import", io, async (lock) => {
 *       const workbook = await openCadreWorkbook(file);
 *       …
 *       await saveWithBackup(workbook, file, io, lock);   // lock.assertHeld() before writing
 *     });
 *
 * A read-only workbook (no write bit, or no access) is refused with exit 2 (文件为只读), before
 * any lock is taken. Waits up to CADRE_LOCK_WAIT_SECONDS (default 60) for another writer, then
 * throws a UserFacingError (exit 1) naming it.
 */
export async function withWorkbookLock<T>(
  file: string,
  command: string,
  io: CommandIO,
  fn: (lock: WorkbookLock) => Promise<T>,
  options: {
    waitMs?: number;
    /** The file may not exist yet (`init`). */
    create?: boolean;
    /** The command writes files beside the workbook, not the workbook (split): a read-only workbook is fine. */
    keepsFile?: boolean;
    /** Only reads (a --dry-run): no lock, `fn` runs at once. */
    dryRun?: boolean;
  } = {},
): Promise<T> {
  if (options.dryRun) return fn(new WorkbookLock(file));
  const resolved = path.resolve(file);
  const dir = path.dirname(resolved);
  if (!fs.existsSync(dir)) {
    throw new UserFacingError(
      options.create
        ? `无法创建“${file}”：文件夹“${dir}”不存在`
        : `找不到文件“${file}”，请检查路径`,
    );
  }
  if (fs.existsSync(resolved) && !options.keepsFile) {
    const ro = readOnlyReason(resolved, "文件");
    if (ro)
      throw new UserFacingError(
        `文件为只读：${ro}，本程序不会改写它。如需写入，请先取消只读属性（chmod u+w 或在文件属性中取消“只读”）`,
      );
  }
  const roDir = readOnlyReason(dir, "文件夹");
  if (roDir)
    throw new UserFacingError(
      `文件夹为只读：${roDir}，无法安全地保存工作簿（需要在同一文件夹中写临时文件和备份）`,
    );

  const lock = new WorkbookLock(file);
  const deadline = Date.now() + waitMs(options.waitMs);
  let release: (() => Promise<void>) | null = null;
  let told = false;
  while (!release) {
    try {
      release = await lockfile.lock(resolved, {
        realpath: false,
        lockfilePath: lockDir(file),
        stale: STALE_MS,
        update: UPDATE_MS,
        retries: 0,
        onCompromised: (err) => {
          lock.compromised = err;
        },
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ELOCKED") {
        if (isWriteError(err))
          throw new UserFacingError(writeErrorMessage(err, lockDir(file)) + "。工作簿未被修改");
        throw err;
      }
      const holder = readHolder(file);
      if (await takeOverStale(file, holder, io)) continue;
      if (Date.now() >= deadline) {
        throw new UserFacingError(
          `工作簿“${file}”正在被另一个程序修改：${holder ? describeHolder(holder) : "（持有者信息不详）"}。` +
            `已等待 ${Math.round(waitMs(options.waitMs) / 1000)} 秒仍未结束，本次没有做任何修改；请等它完成后再运行` +
            `（等待时间可用环境变量 ${LOCK_WAIT_ENV} 设置，单位秒）`,
          EXIT.problems,
        );
      }
      if (!told && holder) {
        io.err(`工作簿“${file}”正在被 ${describeHolder(holder)} 修改，等待其完成…`);
        told = true;
      }
      await sleep(100 + Math.floor(Math.random() * 150));
    }
  }
  const holder: LockHolder = {
    command,
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
  };
  const dropHolder = () => {
    try {
      if (readHolder(file)?.pid === process.pid) fs.rmSync(holderFile(file), { force: true });
    } catch {
      // the lock folder goes anyway
    }
  };
  // Exit paths that skip `finally` (process.exit on a signal): the holder file goes too.
  process.once("exit", dropHolder);
  try {
    writeHolder(file, holder);
    cleanTempFiles(resolved);
    return await fn(lock);
  } finally {
    dropHolder();
    process.removeListener("exit", dropHolder);
    try {
      await release();
    } catch {
      // compromised or already removed: nothing left to release
    }
  }
}

function writeHolder(file: string, holder: LockHolder): void {
  const target = holderFile(file);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(holder) + "\n");
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if (isWriteError(err))
      throw new UserFacingError(writeErrorMessage(err, target) + "。工作簿未被修改");
    throw err;
  }
}

/**
 * Remove a lock whose holder is gone (same host, PID not running), or an orphan lock folder
 * without a holder file left long ago. Serialised by a second mkdir lock, so two waiters never
 * both remove locks (the second would remove the first's fresh lock).
 */
async function takeOverStale(
  file: string,
  seen: LockHolder | null,
  io: CommandIO,
): Promise<boolean> {
  const deadHolder = seen && seen.host === os.hostname() && !processAlive(seen.pid);
  if (!deadHolder && !(seen === null && orphanAge(file) > ORPHAN_MS)) return false;
  const guard = `${lockDir(file)}.takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
    try {
      if (Date.now() - fs.statSync(guard).mtimeMs > ORPHAN_MS)
        fs.rmSync(guard, { force: true, recursive: true });
    } catch {
      // someone else finished their takeover meanwhile
    }
    return false;
  }
  try {
    const now = readHolder(file);
    if (seen) {
      if (!now || now.pid !== seen.pid || now.since !== seen.since || processAlive(now.pid))
        return false;
    } else if (now || orphanAge(file) <= ORPHAN_MS) return false;
    fs.rmSync(holderFile(file), { force: true });
    fs.rmSync(lockDir(file), { force: true, recursive: true });
    io.err(
      seen
        ? `说明：发现上次运行留下的锁：${describeHolder(seen)}，该进程已不存在（可能被强行中止），已接管`
        : `说明：发现上次运行留下的锁“${lockDir(file)}”（没有持有者记录、已超过 ${ORPHAN_MS / 1000} 秒未更新），已接管`,
    );
    return true;
  } finally {
    fs.rmSync(guard, { force: true, recursive: true });
  }
}

function orphanAge(file: string): number {
  try {
    return Date.now() - fs.statSync(lockDir(file)).mtimeMs;
  } catch {
    return 0;
  }
}
