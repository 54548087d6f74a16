/**
 * The installable triggers: one daily time-driven trigger for the deadline check at 08:00
 * Asia/Shanghai and one onEdit trigger for the audit log. Installing is idempotent: running
 * it twice leaves exactly one of each; extra copies found are removed.
 *
 * Triggers belong to the user who installs them, and ScriptApp.getProjectTriggers() lists only
 * the current user's ("Gets all installable triggers associated with the current project and
 * current user"). So who installed them is recorded in the spreadsheet's document properties;
 * a second administrator is told who did instead of silently installing a second set (which
 * would run the daily check twice and log every edit twice). Taking over is a deliberate
 * choice (`takeOver`), for when the first administrator can no longer use the spreadsheet.
 */
import type { KeyValueStore } from "../workflows/ports";
export const DAILY_HANDLER = "dailyDeadlineCheck";
export const EDIT_HANDLER = "auditEdit";
/** The one-off trigger that continues a document batch cut short by the run-time limit. */
export const CONTINUE_DOCS_HANDLER = "continueDocuments";
/** The one-off trigger that continues creating or syncing unit spreadsheets. */
export const CONTINUE_UNITS_HANDLER = "continueUnitSheets";
/** The daily trigger of the unit spreadsheets' sync (before the 08:00 deadline check). */
export const UNITS_DAILY_HANDLER = "syncUnitSheetsDaily";
/** How long after one batch run the next starts. */
export const CONTINUE_AFTER_MS = 60_000;
const DAILY_HOUR = 8;
const TIME_ZONE = "Asia/Shanghai";

/** Document property recording who installed the triggers (JSON TriggerOwner). */
export const TRIGGER_OWNER_KEY = "cadre-care.triggers.owner";

export interface TriggerOwner {
  /** "" when Google did not give the installer's address. */
  email: string;
  /** ISO instant of the installation. */
  installedAt: string;
}

type Services = {
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** The document properties, where the owner is recorded (none: not recorded). */
  store?: KeyValueStore | null;
  /** The current user's e-mail ("" if unknown). */
  user?: string;
  now?: Date;
  /** Install even though another user installed them (the first one cannot any more). */
  takeOver?: boolean;
};

export interface TriggerReport {
  installed: string[];
  kept: string[];
  removed: number;
  /** Set when nothing was installed because this other user already did. */
  installedBy: TriggerOwner | null;
}

export function readTriggerOwner(store: KeyValueStore | null | undefined): TriggerOwner | null {
  const raw = store?.get(TRIGGER_OWNER_KEY) ?? null;
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<TriggerOwner>;
    if (typeof v.email !== "string" || typeof v.installedAt !== "string") return null;
    return { email: v.email, installedAt: v.installedAt };
  } catch {
    return null;
  }
}

/** Keep one trigger per handler, remove duplicates, create what is missing. */
export function installTriggers({
  ScriptApp,
  spreadsheet,
  store,
  user = "",
  now = new Date(),
  takeOver = false,
}: Services): TriggerReport {
  const report: TriggerReport = { installed: [], kept: [], removed: 0, installedBy: null };
  const seen = new Set<string>();
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const handler = trigger.getHandlerFunction();
    if (handler !== DAILY_HANDLER && handler !== EDIT_HANDLER) continue;
    if (seen.has(handler)) {
      ScriptApp.deleteTrigger(trigger);
      report.removed++;
    } else {
      seen.add(handler);
      report.kept.push(handler);
    }
  }
  const owner = readTriggerOwner(store);
  const someoneElse = owner !== null && (owner.email === "" || user === "" || owner.email !== user);
  if (seen.size === 0 && someoneElse && !takeOver) {
    // This user has none of the triggers, and another (or an unknown) user installed them.
    report.installedBy = owner;
    return report;
  }
  if (!seen.has(DAILY_HANDLER)) {
    ScriptApp.newTrigger(DAILY_HANDLER)
      .timeBased()
      .atHour(DAILY_HOUR)
      .everyDays(1)
      .inTimezone(TIME_ZONE)
      .create();
    report.installed.push(DAILY_HANDLER);
  }
  if (!seen.has(EDIT_HANDLER)) {
    ScriptApp.newTrigger(EDIT_HANDLER).forSpreadsheet(spreadsheet).onEdit().create();
    report.installed.push(EDIT_HANDLER);
  }
  if (store && (report.installed.length > 0 || owner === null)) {
    const record: TriggerOwner = { email: user, installedAt: now.toISOString() };
    store.set(TRIGGER_OWNER_KEY, JSON.stringify(record));
  }
  return report;
}

/**
 * Remove this user's triggers of this system (and only those, a pending document continuation
 * included); the owner record goes with them, so another administrator may install.
 */
export function removeTriggers({
  ScriptApp,
  store,
}: Pick<Services, "ScriptApp" | "store">): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const handler = trigger.getHandlerFunction();
    if (
      handler === DAILY_HANDLER ||
      handler === EDIT_HANDLER ||
      handler === CONTINUE_DOCS_HANDLER ||
      handler === CONTINUE_UNITS_HANDLER ||
      handler === UNITS_DAILY_HANDLER
    ) {
      ScriptApp.deleteTrigger(trigger);
      removed++;
    }
  }
  if (removed > 0) store?.delete(TRIGGER_OWNER_KEY);
  return removed;
}

/** Schedules the next run of a long job (one pending one-off trigger at most). */
export interface Continuation {
  schedule(afterMs?: number): void;
  cancel(): void;
}

/**
 * The continuation of a long job as a one-off time-driven trigger: document generation by
 * default, or the unit spreadsheets (CONTINUE_UNITS_HANDLER).
 */
export class DocsContinuation implements Continuation {
  constructor(
    private readonly scriptApp: Services["ScriptApp"],
    private readonly handler: string = CONTINUE_DOCS_HANDLER,
  ) {}

  /** Replace any pending continuation with one `afterMs` from now (default a minute). */
  schedule(afterMs: number = CONTINUE_AFTER_MS): void {
    this.cancel();
    this.scriptApp.newTrigger(this.handler).timeBased().after(afterMs).create();
  }

  /** Remove pending and spent continuation triggers (one-off triggers stay listed once run). */
  cancel(): void {
    for (const trigger of this.scriptApp.getProjectTriggers()) {
      if (trigger.getHandlerFunction() === this.handler) this.scriptApp.deleteTrigger(trigger);
    }
  }
}

/** Install the daily sync of the unit spreadsheets at 07:00 (once; idempotent). */
export function installUnitsDaily(scriptApp: Services["ScriptApp"]): boolean {
  if (scriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === UNITS_DAILY_HANDLER))
    return false;
  scriptApp
    .newTrigger(UNITS_DAILY_HANDLER)
    .timeBased()
    .atHour(DAILY_HOUR - 1)
    .everyDays(1)
    .inTimezone(TIME_ZONE)
    .create();
  return true;
}
