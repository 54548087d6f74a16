/**
 * `cadre-care remind FILE.xlsx --date YYYY-MM-DD [--out DIR]`: the reminders due that day, each
 * sent once. Mails are written as .eml files into DIR (default out/mail/), or sent over SMTP when
 * 参数 holds SMTP服务器 (password from CADRE_SMTP_PASSWORD).
 *
 * Under the workbook lock, from before the read until after the last save: replay the journal of
 * a run that was interrupted (FILE.xlsx.outbox.jsonl) into 提醒 and save; plan and append the
 * 提醒 rows (待发送) and save — the plan is on disk before the first mail goes out; send each
 * mail with its state journalled (fsync) before and after; write the outcomes into 提醒, save,
 * and forget the journal. Run twice on the same date, the second run writes nothing.
 */
import * as path from "node:path";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { ensureWritableDir, openWorkbook, save, saveWithBackup } from "./workbook";
import { commandDay } from "./deadlines";
import { EmlOutbox, SmtpOutbox, smtpSettings, type OutboxSender, type SmtpSettings } from "../mail";
import { SHEET, SHEETS } from "../../records/schema";
import { progress, readingSheets } from "../progress";
import { isoFromDay } from "../../rules/dates";
import type { KeyValueStore } from "../../workflows/ports";
import { readDeadlineGrids, readSettings } from "../../workflows/deadlines";
import {
  REMINDER_SHEET,
  describeRun,
  emptyResult,
  finishOutbox,
  forgetBatches,
  markOutcome,
  markSending,
  planOutbox,
  recoverOutbox,
  stopReasonOf,
  type SendOutcome,
} from "../../workflows/remind";
import { withWorkbookLock } from "../lock";
import { JournalStore, journalPath } from "../journal";
import { faultPoint } from "../faults";
import { cleanTempsUnder, isWriteError, writeErrorMessage } from "../files";
import { computedLeavePay } from "../../workflows/leavePay";

export const DEFAULT_MAIL_DIR = path.join("out", "mail");

/** A KeyValueStore that lives as long as the run (`npm start`, which writes a fresh workbook). */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k) ?? null,
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
  };
}

export async function remindCommand(
  file: string,
  opts: { date?: string; out?: string },
  io: CommandIO,
  senderFor?: (settings: SmtpSettings) => OutboxSender,
): Promise<number> {
  const today = commandDay(opts.date, io);
  const outDir = opts.out ?? DEFAULT_MAIL_DIR;
  return withWorkbookLock(file, "remind", io, async (lock) => {
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
    if (!smtp) {
      ensureWritableDir(outDir);
      cleanTempsUnder(outDir);
    }
    if (!workbook.readSheet(REMINDER_SHEET)) workbook.ensureSheet(SHEET[REMINDER_SHEET]);
    const sentStatus = smtp ? "已发送" : "已写入文件";
    const sender: OutboxSender = smtp
      ? (senderFor ?? ((s) => new SmtpOutbox(s, () => io.now())))(smtp)
      : new EmlOutbox(outDir, {
          from: (settings.values.get("发件人") ?? "").trim() || undefined,
          date: io.now(),
          prefix: isoFromDay(today),
        });
    const store = new JournalStore(journalPath(file));
    const result = emptyResult(today);
    let backup: string | null = null;

    // 1. A run that was interrupted: its outcome into 提醒 first.
    const recovery = recoverOutbox(workbook, store, sentStatus, (_b, _n, ref) =>
      sender.verdict(ref),
    );
    if (recovery.batches.length > 0) {
      result.recovery = recovery;
      backup = await saveWithBackup(workbook, file, io, lock);
      forgetBatches(store, recovery.batches);
    }

    // 2. The plan, saved before anything is sent.
    const { outbox } = planOutbox(
      {
        workbook,
        mailer: { remainingQuota: () => Number.MAX_SAFE_INTEGER, send() {} },
        clock: { now: () => io.now() },
        store,
      },
      { today, sentStatus, leavePay: computedLeavePay },
      result,
    );
    faultPoint("remind:planned");
    if (!outbox && result.writes === 0) {
      io.out(describeRun(result));
      if (recovery.batches.length > 0)
        io.out(`已在「提醒」工作表补记上次中断的发送结果；修改前的副本：${backup}`);
      return recovery.unconfirmed.length > 0 ? EXIT.problems : EXIT.ok;
    }
    try {
      backup = (await saveWithBackup(workbook, file, io, lock)) ?? backup;
    } catch (err) {
      // Nothing was sent: the plan is not kept, so the next run plans afresh.
      if (outbox) forgetBatches(store, [outbox.batch]);
      throw err;
    }
    faultPoint("remind:logged");

    // 3. Send, the state of each mail journalled before and after.
    let last: SendOutcome | undefined;
    if (outbox) {
      try {
        for (const m of outbox.mails) {
          lock.assertHeld();
          const ref = sender.reference(m);
          markSending(store, outbox, m.n, ref);
          faultPoint("remind:sending");
          last = await sender.send(m, ref);
          markOutcome(store, outbox, m.n, last);
          faultPoint("remind:sent-one");
          if (last.state !== "sent" && last.stop) break;
        }
      } catch (err) {
        if (isWriteError(err))
          throw new UserFacingError(
            `${writeErrorMessage(err)}。发送已停止；已发出的邮件记在“${store.file}”中，下次运行会先补记、不会重复发送`,
          );
        throw err;
      } finally {
        await sender.close();
      }
      faultPoint("remind:sent");

      // 4. The outcomes into 提醒; the journal goes once they are saved.
      result.stoppedEarly = outbox.outcomes.size < outbox.mails.length;
      finishOutbox(workbook, store, outbox, result, stopReasonOf(last, false));
      try {
        await save(workbook, file, lock);
      } catch (err) {
        if (err instanceof UserFacingError)
          throw new UserFacingError(
            `${err.message}。本次已发出 ${result.sent.length} 封，发送结果已记在“${store.file}”中：解决后再运行一次 remind，会先补记这些结果，不会重复发送`,
          );
        throw err;
      }
      forgetBatches(store, [outbox.batch]);
    }
    if (sender instanceof EmlOutbox && sender.files.length > 0)
      io.out(`已生成 ${sender.files.length} 个邮件文件：${path.resolve(outDir)}`);
    io.out(describeRun(result));
    io.out(`已在「提醒」工作表记录 ${result.rowsWritten} 行；修改前的副本：${backup ?? "（无）"}`);
    const problems = result.failed.length + result.unconfirmed.length + recovery.unconfirmed.length;
    const waiting = result.deferred.length;
    if (problems > 0 || waiting > 0) {
      io.err(
        `有 ${result.failed.length} 封发送失败、${result.unconfirmed.length + recovery.unconfirmed.length} 封待确认、${waiting} 封未发出（详见上文和「提醒」工作表）`,
      );
      return EXIT.problems;
    }
    return EXIT.ok;
  });
}
