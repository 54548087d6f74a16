/**
 * The installable onEdit audit: every edit of an input sheet appends one row to 日志
 * (时间, 用户, 工作表, 单元格, 原值, 新值). System sheets are not logged. Values of private
 * columns (身份证号, 上年度工资收入（元）) are never written in clear, because the log may be
 * mailed or shared: they read （已隐藏）.
 */
import { toSheetValue } from "./sheets";
import { activeUserEmail } from "./auth";

export const LOG_SHEET = "日志";
export const LOG_HEADERS = ["时间", "用户", "工作表", "单元格", "原值", "新值"] as const;
/** Sheets only the system writes: edits there are not audited. */
export const SYSTEM_SHEETS: readonly string[] = ["提醒", "文档", "日志"];
/** Columns whose values never appear in the log. */
export const PRIVATE_COLUMNS: readonly string[] = ["身份证号", "上年度工资收入（元）"];
export const HIDDEN = "（已隐藏）";
export const UNKNOWN_USER = "未知";

export interface LogEditOptions {
  /** The time stamp (default: now). */
  now?: Date;
  /** The editor's e-mail when the event does not carry it (default: Session, if available). */
  user?: string;
}

function editorEmail(e: GoogleAppsScript.Events.SheetsOnEdit, fallback?: string): string {
  try {
    const email = e.user ? e.user.getEmail() : "";
    if (email) return email;
  } catch {
    // The user object may refuse access under some authorization modes.
  }
  if (fallback) return fallback;
  return activeUserEmail() || UNKNOWN_USER;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return String(value);
}

/**
 * Log one edit. Returns true when a row was appended. `ss` defaults to the event's spreadsheet.
 */
export function logEdit(
  e: GoogleAppsScript.Events.SheetsOnEdit,
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet = e.source,
  options: LogEditOptions = {},
): boolean {
  const range = e.range;
  const sheet = range.getSheet();
  const sheetName = sheet.getName();
  if (SYSTEM_SHEETS.includes(sheetName)) return false;

  const row = range.getRow();
  const column = range.getColumn();
  const numColumns = range.getNumColumns();
  const single = range.getNumRows() === 1 && numColumns === 1;

  // Hide values when any edited column is private (headers read from row 1 of those columns).
  let hidden = false;
  if (row > 1) {
    const headers = sheet.getRange(1, column, 1, numColumns).getValues()[0];
    hidden = headers.some((h) => PRIVATE_COLUMNS.includes(String(h).trim()));
  }
  let oldValue = cellText(e.oldValue);
  let newValue = single
    ? cellText(e.value)
    : `（批量编辑 ${range.getNumRows() * numColumns} 个单元格）`;
  if (hidden) {
    oldValue = oldValue === "" ? "" : HIDDEN;
    newValue = HIDDEN;
  }

  let log = ss.getSheetByName(LOG_SHEET);
  if (!log) {
    log = ss.insertSheet(LOG_SHEET);
    log.appendRow([...LOG_HEADERS]);
  }
  const entry: Record<(typeof LOG_HEADERS)[number], string | Date> = {
    时间: options.now ?? new Date(),
    用户: editorEmail(e, options.user),
    工作表: sheetName,
    单元格: range.getA1Notation(),
    原值: oldValue,
    新值: newValue,
  };
  // One appendRow: atomic against concurrent edits. Text is guarded so a typed "=…" stays text.
  log.appendRow(LOG_HEADERS.map((h) => toSheetValue(entry[h])));
  return true;
}
