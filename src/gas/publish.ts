/**
 * The menu item 生成文档: asks for the year, then generates every filing and notice as Google
 * Docs in the Drive folder 干部关怀激励文档/YEAR and registers them in the 文档 sheet.
 * `generateDocuments` is the testable core (ports in, Chinese summary out); `menuDocs` binds
 * the Apps Script globals at call time.
 */
import { SheetsWorkbook } from "./sheets";
import { GoogleDocsSink, ROOT_FOLDER_NAME } from "./docs";
import { ScriptLock, dayInTimeZone } from "./daily";
import { type Day, dayFromInstant, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";
import { publishDocuments } from "../workflows/publish";
import type { Clock, DocumentSink, Lock, Workbook } from "../workflows/ports";

export interface DocumentServices {
  workbook: Workbook;
  sink: DocumentSink;
  clock: Clock;
  /** The script lock: one generation (and one register write) at a time. */
  lock?: Lock | null;
  /** Today's civil day; default the Asia/Shanghai day of clock.now(). */
  today?: Day;
}

/** How many warnings the dialog lists before saying how many more there are. */
const DIALOG_WARNINGS = 15;
const LOCK_WAIT_MS = 30_000;

/** Generate and register every document for `year` (null: each type's default year). */
export function generateDocuments(services: DocumentServices, year: number | null): string {
  const lock = services.lock ?? null;
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) {
    return "另一项操作（生成文档或发送提醒）正在进行，请稍后再试。";
  }
  try {
    const now = services.clock.now();
    const date = services.today ?? dayFromInstant(now);
    let result;
    try {
      result = publishDocuments(services.workbook, services.sink, { date, now, year });
    } catch (err) {
      if (err instanceof InputError) return `未能生成文档：${err.message}`;
      throw err;
    }
    const counts = new Map<string, number>();
    for (const d of result.documents) counts.set(d.type, (counts.get(d.type) ?? 0) + 1);
    const lines = [
      `已生成 ${result.documents.length} 份文档，保存在云端硬盘“${ROOT_FOLDER_NAME}”文件夹，并登记在「文档」工作表：`,
      ...[...counts].map(([type, n]) => `· ${type} ${n} 份`),
    ];
    const replaced = result.documents.filter((d) => d.replaced).length;
    if (replaced) lines.push(`其中 ${replaced} 份替换了之前生成的同一文档，文号不变。`);
    for (const note of result.notes) lines.push(`说明：${note}`);
    if (result.warnings.length) {
      lines.push(`有 ${result.warnings.length} 处数据需要核实：`);
      lines.push(...result.warnings.slice(0, DIALOG_WARNINGS).map((w) => `· ${w}`));
      if (result.warnings.length > DIALOG_WARNINGS) {
        lines.push(`……另有 ${result.warnings.length - DIALOG_WARNINGS} 处`);
      }
    }
    return lines.join("\n");
  } finally {
    lock?.release();
  }
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

/** Menu 生成文档: prompt for the year, generate, report in a dialog. */
export function menuDocs(): void {
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
    message = generateDocuments(
      {
        workbook: new SheetsWorkbook(spreadsheet),
        sink: new GoogleDocsSink(),
        clock: { now: () => now },
        lock: new ScriptLock(LockService),
        today: day,
      },
      year,
    );
  } catch (err) {
    message = `操作未完成：${err instanceof Error ? err.message : String(err)}。已生成的文档和「文档」登记不受影响，请稍后重试或联系管理员。`;
  }
  ui.alert(title, message, ui.ButtonSet.OK);
}
