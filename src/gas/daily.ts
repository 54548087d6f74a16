/**
 * The daily deadline check in Apps Script: the time-driven trigger `dailyDeadlineCheck` (08:00)
 * and the menu item 检查并发送提醒. The cores take the services as parameters so tests run them
 * on fakes; the two entry points bind the real globals at call time.
 *
 * - LockService script lock, waiting at most 30 s; otherwise log and exit.
 * - Each sheet read once (SheetsWorkbook.readSheet: one getValues per sheet); one append to 提醒.
 * - MailApp.getRemainingDailyQuota(): mails that do not fit are logged 待发送 and go next run.
 * - Stops sending before 5 minutes of run time (budget 4.5 min); the rest goes next run.
 * - "Today" is the civil date in the spreadsheet's time zone.
 */
import { SheetsWorkbook, type SpreadsheetServices } from "./sheets";
import { activeUserEmail } from "./auth";
import { SHEET } from "../records/schema";
import { dayInTimeZone } from "./timezone";
import { InputError, messageOf } from "../rules/errors";
import { isoFromDay } from "../rules/dates";
import type { WireRemind } from "./dialog/wire";
import type { Clock, KeyValueStore, Lock, Mail, Mailer } from "../workflows/ports";
import { refreshCalculationDate } from "../workflows/setup";
import {
  DEFAULT_BUDGET_MS,
  REMINDER_SHEET,
  type RemindResult,
  type RunAccount,
  describeRun,
  runReminders,
} from "../workflows/remind";

export interface DailyServices {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  MailApp: Pick<GoogleAppsScript.Mail.MailApp, "getRemainingDailyQuota" | "sendEmail">;
  LockService: Pick<GoogleAppsScript.Lock.LockService, "getScriptLock">;
  PropertiesService: Pick<GoogleAppsScript.Properties.PropertiesService, "getScriptProperties">;
  /** SpreadsheetApp's builders, used only to create a missing 提醒 sheet (default: the global). */
  SpreadsheetApp?: SpreadsheetServices;
  /** The current instant (default: new Date()). */
  now?: () => Date;
  /** Where to log (default: console.log, which Apps Script sends to its execution log). */
  log?: (message: string) => void;
}

export interface DailyOptions {
  budgetMs?: number;
  /** When the execution started; default: the call. */
  startedAt?: Date;
}

const SENDER_NAME = "干部关怀激励台账";

export { dayInTimeZone };

export class MailAppMailer implements Mailer {
  constructor(private readonly app: DailyServices["MailApp"]) {}
  remainingQuota(): number {
    return this.app.getRemainingDailyQuota();
  }
  send(mail: Mail): void {
    this.app.sendEmail({
      to: mail.to.join(","),
      subject: mail.subject,
      body: mail.body,
      name: SENDER_NAME,
    });
  }
}

/**
 * The script lock: reminder runs (the 08:00 trigger, the menu) exclude each other. Document
 * batches take the document lock instead (DocumentLock, ./publish.ts), so a batch that runs for
 * hours never keeps the daily check from its lock.
 */
export class ScriptLock implements Lock {
  protected readonly lock: GoogleAppsScript.Lock.Lock;
  constructor(service: DailyServices["LockService"]) {
    this.lock = service.getScriptLock();
  }
  tryLock(timeoutMs: number): boolean {
    return this.lock.tryLock(timeoutMs);
  }
  release(): void {
    this.lock.releaseLock();
  }
}

/** The lock of the bound spreadsheet (LockService.getDocumentLock), separate from the script lock. */
export class DocumentLock implements Lock {
  private readonly lock: GoogleAppsScript.Lock.Lock;
  constructor(service: Pick<GoogleAppsScript.Lock.LockService, "getDocumentLock">) {
    this.lock = service.getDocumentLock();
  }
  tryLock(timeoutMs: number): boolean {
    return this.lock.tryLock(timeoutMs);
  }
  release(): void {
    this.lock.releaseLock();
  }
}

/** A KeyValueStore over one Apps Script Properties object. */
export class PropertiesStore implements KeyValueStore {
  constructor(private readonly props: GoogleAppsScript.Properties.Properties) {}
  get(key: string): string | null {
    return this.props.getProperty(key);
  }
  set(key: string, value: string): void {
    this.props.setProperty(key, value);
  }
  delete(key: string): void {
    this.props.deleteProperty(key);
  }
}

/** The script's properties (shared by every user of the script). */
export class ScriptProperties extends PropertiesStore {
  constructor(service: DailyServices["PropertiesService"]) {
    super(service.getScriptProperties());
  }
}

/** The bound spreadsheet's document properties: kept with the spreadsheet, for every user. */
export class DocumentProperties extends PropertiesStore {
  constructor(
    service: Pick<GoogleAppsScript.Properties.PropertiesService, "getDocumentProperties">,
  ) {
    super(service.getDocumentProperties());
  }
}

/** The check with injected services: lock, read, plan, log, send. */
export function runDailyCheck(services: DailyServices, options: DailyOptions = {}): RemindResult {
  const now = services.now ?? (() => new Date());
  const log = services.log ?? ((m: string) => console.log(m));
  const clock: Clock = { now };
  const startedAt = options.startedAt ?? now();
  const { day, offsetMs } = dayInTimeZone(startedAt, services.spreadsheet.getSpreadsheetTimeZone());
  const workbook = new SheetsWorkbook(services.spreadsheet, services.SpreadsheetApp);
  // 参数 计算日期: the date the sheet's formulas count to (they may not call TODAY() inside a
  // custom function), kept current by this daily run. One cell, written only when it changes.
  refreshCalculationDate(workbook, day);
  const lock = new ScriptLock(services.LockService);
  // The log sheet must exist before the append; created once, with its header.
  const guarded: Lock = {
    tryLock: (ms) => {
      if (!lock.tryLock(ms)) return false;
      try {
        if (!services.spreadsheet.getSheetByName(REMINDER_SHEET))
          workbook.ensureSheet(SHEET[REMINDER_SHEET]);
      } catch (err) {
        lock.release();
        throw err;
      }
      return true;
    },
    release: () => lock.release(),
  };
  const result = runReminders(
    {
      workbook,
      mailer: new MailAppMailer(services.MailApp),
      clock,
      store: new ScriptProperties(services.PropertiesService),
      lock: guarded,
    },
    { today: day, startedAt, budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS, offsetMs },
  );
  log(`期限提醒：${remindCounts(result)}`);
  return result;
}

/**
 * What the check logs: counts only. The full account (describeRun) is written by the dialog
 * page of 检查并发送提醒 (src/gas/dialog/client/remind.ts), with a person there, and by the CLI.
 */
export function remindCounts(result: RemindResult): string {
  if (!result.ran) return "另一次提醒检查正在运行，本次未执行";
  const counts = [
    `发送 ${result.sent.length} 封`,
    `发送失败 ${result.failed.length} 封`,
    `待确认 ${result.unconfirmed.length + (result.recovery?.unconfirmed.length ?? 0)} 封`,
    `待发送 ${result.deferred.length} 封`,
    `无法判断的记录 ${result.scan?.warnings.length ?? 0} 条`,
  ];
  return `${isoFromDay(result.today)} ${counts.join("，")}`;
}

/** The part of a run that the dialog's account needs, as google.script.run carries it. */
export function runAccount(result: RemindResult): RunAccount {
  const { recovery, scan } = result;
  return {
    ...result,
    sent: result.sent.map(({ recipient, summary }) => ({ recipient, summary })),
    recovery: recovery && {
      sent: recovery.sent,
      requeued: recovery.requeued,
      unconfirmed: recovery.unconfirmed,
    },
    scan: scan && { warnings: scan.warnings },
  };
}

/**
 * The menu's logic: run now, return the Chinese account of what was sent, as the dialog of
 * 检查并发送提醒 writes it from what dialogRemind sends (runAccount).
 */
export function menuRemindCore(services: DailyServices, options: DailyOptions = {}): string {
  return describeRun(runAccount(runDailyCheck(services, options)));
}

function globalServices(): DailyServices {
  return {
    spreadsheet: SpreadsheetApp.getActiveSpreadsheet(),
    MailApp,
    LockService,
    PropertiesService,
  };
}

/** Time-driven trigger (08:00 Asia/Shanghai). A failure is logged and rethrown, so Apps Script notifies the owner. */
export function dailyDeadlineCheck(): void {
  try {
    runDailyCheck(globalServices());
  } catch (err) {
    console.error(`期限提醒运行失败：${messageOf(err)}`);
    throw err;
  }
}

/**
 * google.script.run dialogRemind(), from the dialog of 检查并发送提醒: run the same check now;
 * the page writes the account of what it sent (describeRun) and who ran it. A failure is the
 * dialog's problem text, 运行失败：….
 */
export function dialogRemind(): WireRemind {
  try {
    return { run: runAccount(runDailyCheck(globalServices())), user: activeUserEmail() };
  } catch (err) {
    throw new InputError(`运行失败：${messageOf(err)}`);
  }
}
