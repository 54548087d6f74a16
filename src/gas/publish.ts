/**
 * The menu item 生成文档: asks for the year, then generates every filing and notice as Google
 * Docs in the Drive folder 干部关怀激励文档/YEAR and registers them in the 文档 sheet.
 * `generateDocuments` is the testable core (ports in, Chinese summary out); `menuDocs` binds
 * the Apps Script globals at call time.
 *
 * A county's documents take longer than one Apps Script run (6 minutes): a run stops itself
 * after 4.5 minutes, keeps the batch in a script property and leaves a one-off trigger that
 * runs `continueDocuments` a minute later, until every document is written. All runs of a
 * batch write the same 生成时间, which is how a run knows what the earlier ones did.
 */
import { SheetsWorkbook } from "./sheets";
import { ROOT_FOLDER_NAME } from "./docs";
import { TemplateDocError, TemplateDocsSink } from "./templateSink";
import { TemplateDocs, appsScriptTemplateServices } from "./templateDocs";
import { DocumentLock, ScriptProperties } from "./daily";
import { dayInTimeZone } from "./timezone";
import { CONTINUE_AFTER_MS, type Continuation, DocsContinuation } from "./triggers";
import { requireAuthorization } from "./auth";
import { type Day, dayFromInstant, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";
import { type PublishResult, publishDocuments } from "../workflows/publish";
import { DEFAULT_BUDGET_MS } from "../workflows/remind";
import type { Clock, DocumentSink, KeyValueStore, Lock, Workbook } from "../workflows/ports";

/** A sink that may want to know the batch and the end of each run (TemplateDocsSink does). */
export interface BatchSink extends DocumentSink {
  startBatch?(id: string): void;
  endRun?(batchDone: boolean): void;
}

export interface DocumentServices {
  workbook: Workbook;
  sink: BatchSink;
  clock: Clock;
  /** The script lock: one generation (and one register write) at a time. */
  lock?: Lock | null;
  /** Today's civil day; default the Asia/Shanghai day of clock.now(). */
  today?: Day;
  /**
   * Where a batch cut short by the run-time limit is kept, and the trigger that continues it.
   * Without them (tests of the core) every document is generated in one run.
   */
  store?: KeyValueStore | null;
  continuation?: Continuation | null;
  /** The template Google Docs this run created (first use, or re-created after the trash). */
  templatesCreated?: () => string[];
}

/** How many warnings the dialog lists before saying how many more there are. */
const DIALOG_WARNINGS = 15;
const LOCK_WAIT_MS = 30_000;
/** Script property holding the batch a continuation run picks up. */
export const DOCS_BATCH_KEY = "cadre-care.docsBatch";
/**
 * After Google's daily "Documents created" quota stops a batch, how long until the next try.
 * Quotas reset 24 hours after the day's first request (a time the script cannot know), so the
 * batch looks again every 3 hours: it resumes within 3 hours of the reset, and each try that
 * is still refused creates nothing and stops at its first document.
 */
export const QUOTA_RETRY_MS = 3 * 3_600_000;

/** When the batch's next run is due (ms since the epoch): how the daily trigger sees a stall. */
export const DOCS_NEXT_KEY = "cadre-care.docsBatch.next";
/** A continuation this late is taken for lost (refused for the day's trigger run time, deleted). */
const STALLED_AFTER_MS = 30 * 60_000;

/** Google's answer when a daily quota is used up. */
export function isDailyQuotaError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /Service invoked too many times for one day/i.test(message);
}

/** A batch of documents: the options every run of it uses (`now` is also its 生成时间). */
interface Batch {
  date: number;
  now: string;
  year: number | null;
}

/** The stored batch, checked field by field (a hand-edited or older property is dropped). */
function readBatch(value: unknown): Batch | null {
  if (!value || typeof value !== "object") return null;
  const { date, now, year } = value as Record<string, unknown>;
  if (!Number.isInteger(date) || typeof now !== "string") return null;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(now) || Number.isNaN(Date.parse(now)))
    return null;
  if (year !== null && !Number.isInteger(year)) return null;
  return { date: date as number, now, year: year as number | null };
}

/** Generate and register every document for `year` (null: each type's default year). */
export function generateDocuments(services: DocumentServices, year: number | null): string {
  const started = services.clock.now();
  // Whole seconds: the 生成时间 a continuation recognises its batch's documents by.
  const now = new Date(Math.floor(started.getTime() / 1000) * 1000);
  const date = services.today ?? dayFromInstant(now);
  return runBatch(services, { date, now: now.toISOString(), year }, false, started);
}

/**
 * The continuation trigger: generate what the last batch left, then schedule another run or,
 * when all are done, clear the batch. Returns the summary (the trigger's log).
 */
export function continueDocuments(services: DocumentServices): string {
  const raw = services.store?.get(DOCS_BATCH_KEY) ?? null;
  const batch = raw === null ? null : readBatch(safeJson(raw));
  if (!batch) {
    services.store?.delete(DOCS_BATCH_KEY);
    services.continuation?.cancel();
    return "没有待继续生成的文档。";
  }
  return runBatch(services, batch, true, services.clock.now());
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One run of a batch, stopping inside the Apps Script run-time limit when it can continue. */
function runBatch(
  services: DocumentServices,
  batch: Batch,
  resume: boolean,
  started: Date,
): string {
  const { store, continuation } = services;
  // Without a store and a trigger a batch cannot continue: then it runs to the end.
  const batching = store && continuation ? { store, continuation } : null;
  const lock = services.lock ?? null;
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) {
    if (resume) {
      continuation?.schedule();
      return "另一项操作正在进行，稍后继续生成文档。";
    }
    return "另一项操作（生成文档或发送提醒）正在进行，请稍后再试。";
  }
  let result: PublishResult | null = null;
  try {
    services.sink.startBatch?.(batch.now);
    try {
      result = publishDocuments(services.workbook, services.sink, {
        date: batch.date,
        now: new Date(batch.now),
        year: batch.year,
        resume,
        shouldStop: batching
          ? () => services.clock.now().getTime() - started.getTime() >= DEFAULT_BUDGET_MS
          : undefined,
        // Google's daily quota: keep the place, register what is pending, go on another day.
        stopOn: batching
          ? (err) => (isDailyQuotaError(err) ? "今日 Google 文档创建配额已用完" : null)
          : undefined,
        // A county-edited template Doc that does not fit: that type is skipped, the rest go on.
        skipOn: (err) => (err instanceof TemplateDocError ? err.message : null),
      });
    } catch (err) {
      if (err instanceof InputError) return `未能生成文档：${err.message}`;
      throw err;
    }
    if (batching && result.remaining > 0) {
      const after = result.stoppedBy ? QUOTA_RETRY_MS : CONTINUE_AFTER_MS;
      batching.store.set(DOCS_BATCH_KEY, JSON.stringify(batch));
      batching.store.set(DOCS_NEXT_KEY, String(services.clock.now().getTime() + after));
      batching.continuation.schedule(after);
    } else if (batching) {
      batching.store.delete(DOCS_BATCH_KEY);
      batching.store.delete(DOCS_NEXT_KEY);
      batching.continuation.cancel();
    }
    return summary(result, resume, services.templatesCreated?.() ?? []);
  } finally {
    try {
      services.sink.endRun?.(result !== null && result.remaining === 0);
    } finally {
      lock?.release();
    }
  }
}

/** The Chinese summary of a run: the dialog's text, or the continuation's log (counts only). */
function summary(result: PublishResult, resume: boolean, templates: string[]): string {
  const counts = new Map<string, number>();
  for (const d of result.documents) counts.set(d.type, (counts.get(d.type) ?? 0) + 1);
  const done = result.documents.length;
  const lines = [
    resume
      ? `继续生成了 ${done} 份文档（此前已生成 ${result.alreadyDone} 份），保存在云端硬盘“${ROOT_FOLDER_NAME}”文件夹，并登记在「文档」工作表：`
      : `已生成 ${done} 份文档，保存在云端硬盘“${ROOT_FOLDER_NAME}”文件夹，并登记在「文档」工作表：`,
    ...[...counts].map(([type, n]) => `· ${type} ${n} 份`),
  ];
  if (result.remaining > 0 && result.stoppedBy) {
    lines.push(
      `还有 ${result.remaining} 份未生成：${result.stoppedBy}，已在「文档」中登记为“待生成”；` +
        `每 3 小时自动重试，配额恢复后接着生成，不会重复。`,
    );
  } else if (result.remaining > 0) {
    lines.push(
      `还有 ${result.remaining} 份：Apps Script 每次最多运行 6 分钟，其余文档将在约 1 分钟后自动在后台继续生成，` +
        `直到全部完成；进度可在「文档」工作表查看（同一批文档的生成时间相同），期间无需再次点击“生成文档”。`,
    );
  }
  const replaced = result.documents.filter((d) => d.replaced).length;
  if (replaced) lines.push(`其中 ${replaced} 份替换了之前生成的同一文档，文号不变。`);
  if (templates.length) {
    lines.push(
      `新建了模板：${templates.join("、")}（在云端硬盘“${ROOT_FOLDER_NAME}/模板”中，可直接修改）。`,
    );
  }
  for (const note of result.notes) lines.push(`说明：${note}`);
  if (result.warnings.length && resume) {
    // A continuation's summary goes to the Apps Script log, which never names people.
    lines.push(`有 ${result.warnings.length} 处数据需要核实，再次点“生成文档”时对话框会逐条列出。`);
  } else if (result.warnings.length) {
    lines.push(`有 ${result.warnings.length} 处数据需要核实：`);
    lines.push(...result.warnings.slice(0, DIALOG_WARNINGS).map((w) => `· ${w}`));
    if (result.warnings.length > DIALOG_WARNINGS) {
      lines.push(`……另有 ${result.warnings.length - DIALOG_WARNINGS} 处`);
    }
  }
  return lines.join("\n");
}

/** The year typed in the prompt: blank → null (defaults), else a four-digit year. */
export function parseYearAnswer(text: string): number | null {
  const t = text
    .normalize("NFKC")
    .trim()
    .replace(/年度?$/, "");
  if (t === "") return null;
  if (!/^\d{4}$/.test(t) || Number(t) < 1900) {
    throw new InputError(`年度应为四位年份，如 2026，收到“${text}”`);
  }
  return Number(t);
}

/** The document services over the Apps Script globals, with a running clock. */
function globalDocumentServices(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): DocumentServices {
  const templates = new TemplateDocs(appsScriptTemplateServices());
  return {
    workbook: new SheetsWorkbook(spreadsheet),
    // One Doc per (type, year, 50 units): a county's documents fit any account's daily quota.
    sink: new TemplateDocsSink({
      templates: (type) => templates.documentId(type),
      combine: { store: new ScriptProperties(PropertiesService) },
    }),
    templatesCreated: () => templates.created,
    clock: { now: () => new Date() },
    // The document lock, not the script lock: the daily reminder check never waits for a batch.
    lock: new DocumentLock(LockService),
    store: new ScriptProperties(PropertiesService),
    continuation: new DocsContinuation(ScriptApp),
  };
}

/**
 * The daily trigger's second job: a batch whose next run never came (Google refuses to start
 * triggers once the day's trigger run time is used up — 90 minutes for a consumer account —
 * and the one-off trigger is spent) gets a new continuation. Returns true when it did.
 */
export function reviveDocumentBatch(
  store: KeyValueStore,
  continuation: Continuation,
  now: Date = new Date(),
): boolean {
  if (!store.get(DOCS_BATCH_KEY)) return false;
  const next = Number(store.get(DOCS_NEXT_KEY));
  if (Number.isFinite(next) && next > 0 && now.getTime() < next + STALLED_AFTER_MS) return false;
  store.set(DOCS_NEXT_KEY, String(now.getTime() + CONTINUE_AFTER_MS));
  continuation.schedule(CONTINUE_AFTER_MS);
  return true;
}

/** The daily trigger: revive a stalled document batch (see reviveDocumentBatch). */
export function reviveDocumentsTrigger(): void {
  if (reviveDocumentBatch(new ScriptProperties(PropertiesService), new DocsContinuation(ScriptApp)))
    console.log("生成文档：上次中断的一批文档将在约 1 分钟后继续生成。");
}

/** The one-off trigger `continueDocuments`: the next run of a document batch. */
export function continueDocumentsTrigger(): void {
  const message = continueDocuments(globalDocumentServices(SpreadsheetApp.getActiveSpreadsheet()));
  console.log(message);
}

/** Menu 生成文档: prompt for the year, generate, report in a dialog. */
export function menuDocs(): void {
  requireAuthorization();
  const ui = SpreadsheetApp.getUi();
  const title = "生成文档";
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const now = new Date();
  const { day } = dayInTimeZone(now, spreadsheet.getSpreadsheetTimeZone());
  const y = yearOf(day);
  const answer = ui.prompt(
    title,
    `请输入文档所属年度（如 ${y - 1}）。\n留空则按默认：年休假计划、体检、奖金审批按 ${y} 年度；` +
      `年休假执行及未休报酬、优秀等次名单、通报表扬按 ${y - 1} 年度；通报批评按今天的逾期情况。`,
    ui.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== ui.Button.OK) return;
  let message: string;
  try {
    const year = parseYearAnswer(answer.getResponseText());
    message = generateDocuments({ ...globalDocumentServices(spreadsheet), today: day }, year);
  } catch (err) {
    message = `操作未完成：${err instanceof Error ? err.message : String(err)}。已生成的文档和「文档」登记不受影响，请稍后重试或联系管理员。`;
  }
  ui.alert(title, message, ui.ButtonSet.OK);
}
