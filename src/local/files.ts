/**
 * File helpers for the local workbook: a timestamped backup copy before changes, and writes
 * through a temporary file in the same folder followed by a rename, so a crash never leaves a
 * half-written workbook behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SHANGHAI_OFFSET_MS } from "../rules/dates";

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

/** Copy `file` to its backup name and return the backup path; never overwrites a backup. */
export function backupFile(file: string, now: Date): string {
  for (let attempt = 1; ; attempt++) {
    const target = backupPath(file, now, attempt);
    try {
      fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && attempt < 100) continue;
      throw err;
    }
  }
}

/** Write `data` to `file` atomically: temporary file in the same folder, fsync, rename. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.promises.open(tmp, "wx");
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
