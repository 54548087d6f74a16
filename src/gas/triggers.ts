/**
 * The installable triggers: one daily time-driven trigger for the deadline check at 08:00
 * Asia/Shanghai and one onEdit trigger for the audit log. Installing is idempotent: running
 * it twice leaves exactly one of each; extra copies found are removed.
 */
export const DAILY_HANDLER = "dailyDeadlineCheck";
export const EDIT_HANDLER = "auditEdit";
/** The one-off trigger that continues a document batch cut short by the run-time limit. */
export const CONTINUE_DOCS_HANDLER = "continueDocuments";
/** How long after one batch run the next starts. */
const CONTINUE_AFTER_MS = 60_000;
const DAILY_HOUR = 8;
const TIME_ZONE = "Asia/Shanghai";

type Services = {
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
};

export interface TriggerReport {
  installed: string[];
  kept: string[];
  removed: number;
}

/** Keep one trigger per handler, remove duplicates, create what is missing. */
export function installTriggers({ ScriptApp, spreadsheet }: Services): TriggerReport {
  const report: TriggerReport = { installed: [], kept: [], removed: 0 };
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
  return report;
}

/** Remove this system's triggers (and only those, a pending document continuation included). */
export function removeTriggers({ ScriptApp }: Pick<Services, "ScriptApp">): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const handler = trigger.getHandlerFunction();
    if (
      handler === DAILY_HANDLER ||
      handler === EDIT_HANDLER ||
      handler === CONTINUE_DOCS_HANDLER
    ) {
      ScriptApp.deleteTrigger(trigger);
      removed++;
    }
  }
  return removed;
}

/** Schedules the next run of a long job (one pending one-off trigger at most). */
export interface Continuation {
  schedule(): void;
  cancel(): void;
}

/** The continuation of document generation, as a one-off time-driven trigger. */
export class DocsContinuation implements Continuation {
  constructor(private readonly scriptApp: Services["ScriptApp"]) {}

  /** Replace any pending continuation with one a minute from now. */
  schedule(): void {
    this.cancel();
    this.scriptApp.newTrigger(CONTINUE_DOCS_HANDLER).timeBased().after(CONTINUE_AFTER_MS).create();
  }

  /** Remove pending and spent continuation triggers (one-off triggers stay listed once run). */
  cancel(): void {
    for (const trigger of this.scriptApp.getProjectTriggers()) {
      if (trigger.getHandlerFunction() === CONTINUE_DOCS_HANDLER)
        this.scriptApp.deleteTrigger(trigger);
    }
  }
}
