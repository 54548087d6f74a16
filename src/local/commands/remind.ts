/**
 * `cadre-care remind FILE.xlsx --date YYYY-MM-DD [--out DIR]`: the reminders due that day, each
 * sent once. Mails are written as .eml files into DIR (default out/mail/), or sent over SMTP when
 * 参数 holds SMTP服务器 (password from CADRE_SMTP_PASSWORD). Log, then send: the workbook with
 * the new 提醒 rows is saved (after a backup) before any file is written or mail sent. Run twice
 * on the same date, the second run finds every reminder in 提醒 and writes nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { ensureWritableDir, openWorkbook, saveWithBackup } from "./workbook";
import { commandDay } from "./deadlines";
import {
  EmlMailer,
  SmtpMailer,
  createSmtpTransport,
  smtpSettings,
  type MailTransport,
} from "../mail";
import { SHEET, SHEETS } from "../../records/schema";
import { progress, readingSheets } from "../progress";
import { isoFromDay } from "../../rules/dates";
import type { KeyValueStore, Lock, Mail, Mailer } from "../../workflows/ports";
import { readDeadlineGrids, readSettings } from "../../workflows/deadlines";
import { REMINDER_SHEET, describeRun, markUndelivered, runReminders } from "../../workflows/remind";

export const DEFAULT_MAIL_DIR = path.join("out", "mail");

/** Collects mails during the run; they go out after the log is saved. */
class QueueMailer implements Mailer {
  readonly queue: Mail[] = [];
  remainingQuota(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  send(mail: Mail): void {
    this.queue.push(mail);
  }
}

/** A KeyValueStore that lives as long as the run (local runs have no script properties). */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k) ?? null,
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
  };
}

/** A lock file beside the workbook, so two remind runs on one file do not overlap. */
export class FileLock implements Lock {
  private held = false;
  constructor(
    private readonly file: string,
    private readonly staleMs = 10 * 60_000,
  ) {}
  tryLock(timeoutMs: number): boolean {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        fs.writeFileSync(this.file, String(process.pid), { flag: "wx" });
        this.held = true;
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        try {
          if (Date.now() - fs.statSync(this.file).mtimeMs > this.staleMs) {
            fs.rmSync(this.file, { force: true });
            continue;
          }
        } catch {
          continue;
        }
        if (Date.now() >= deadline) return false;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      }
    }
  }
  release(): void {
    if (this.held) fs.rmSync(this.file, { force: true });
    this.held = false;
  }
}

export async function remindCommand(
  file: string,
  opts: { date?: string; out?: string },
  io: CommandIO,
  transportFor?: (settings: NonNullable<ReturnType<typeof smtpSettings>>) => MailTransport,
): Promise<number> {
  const today = commandDay(opts.date, io);
  const outDir = opts.out ?? DEFAULT_MAIL_DIR;
  const bar = progress(io, "提醒", SHEETS.length);
  let workbook;
  try {
    workbook = await openWorkbook(file, readingSheets(bar));
  } finally {
    bar.done();
  }
  const settings = readSettings(readDeadlineGrids(workbook, ["参数"]));
  let smtp: ReturnType<typeof smtpSettings>;
  try {
    smtp = smtpSettings(settings.values);
  } catch (err) {
    throw new UserFacingError(err instanceof Error ? err.message : String(err));
  }
  if (!smtp) ensureWritableDir(outDir);
  if (!workbook.readSheet(REMINDER_SHEET)) workbook.ensureSheet(SHEET[REMINDER_SHEET]);

  const queue = new QueueMailer();
  const result = runReminders(
    {
      workbook,
      mailer: queue,
      clock: { now: () => io.now() },
      store: memoryStore(),
      lock: new FileLock(`${file}.lock`),
    },
    { today, sentStatus: smtp ? "已发送" : "已写入文件", budgetMs: Number.MAX_SAFE_INTEGER },
  );
  if (!result.ran) {
    io.err(`另一个 remind 正在处理“${file}”（存在 ${file}.lock），请稍后再试`);
    return EXIT.usage;
  }
  if (result.rowsWritten === 0) {
    io.out(describeRun(result));
    return EXIT.ok;
  }
  // Log first: the workbook with the new 提醒 rows, after a backup.
  const backup = await saveWithBackup(workbook, file, io);

  if (smtp) {
    const mailer = new SmtpMailer((transportFor ?? createSmtpTransport)(smtp), smtp.from);
    for (const mail of queue.queue) mailer.send(mail);
    const failed = await mailer.deliver();
    if (failed.length > 0) {
      const undelivered = failed.map((f) => result.sent[f.index]).filter((s) => s !== undefined);
      markUndelivered(workbook, undelivered, `发送失败（${failed[0].error}），下次运行时重试`);
      await saveWithBackup(workbook, file, io);
      io.err(`有 ${failed.length} 封邮件发送失败，已记为待发送：${failed[0].error}`);
    }
  } else {
    const eml = new EmlMailer(outDir, {
      from: smtpFromParams(settings.values),
      date: io.now(),
      prefix: isoFromDay(today),
    });
    for (const mail of queue.queue) eml.send(mail);
    io.out(`已生成 ${eml.files.length} 个邮件文件：${path.resolve(outDir)}`);
  }
  io.out(describeRun(result));
  io.out(`已在「提醒」工作表记录 ${result.rowsWritten} 行；修改前的副本：${backup ?? "（无）"}`);
  return EXIT.ok;
}

function smtpFromParams(values: ReadonlyMap<string, string>): string | undefined {
  return (values.get("发件人") ?? "").trim() || undefined;
}
