/**
 * The menu items of the yearly cycle in Sheets: 导入人员名单 (a roster sheet the user pasted or
 * imported into the spreadsheet), 新建年度, 导入放假通知 (the notice pasted into a text box). Each
 * asks in a prompt, runs the same use case as the CLI over the Sheets workbook, and returns the
 * dialog text; what the user can fix (a sheet that is not there, a notice that cannot be read)
 * is a message, not a failure.
 */
import { SheetsWorkbook } from "./sheets";
import { dayInTimeZone } from "./timezone";
import { formatNewYear, startNewYear } from "../workflows/newYear";
import { formatHolidayImport, importHolidayNotice } from "../workflows/holidays";
import { formatRosterImport, importRoster } from "../workflows/importRoster";
import { SHEETS } from "../records/schema";
import { mapRoster } from "../records/roster";
import { DASHBOARD_SHEET } from "./dashboard";
import { type Day, yearOf } from "../rules/dates";
import { InputError } from "../rules/errors";

type Ui = GoogleAppsScript.Base.Ui;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

function today(ss: Spreadsheet): Day {
  return dayInTimeZone(new Date(), ss.getSpreadsheetTimeZone()).day;
}

/** The text typed in a prompt, or null when the user cancelled. */
function ask(ui: Ui, title: string, text: string): string | null {
  const answer = ui.prompt(title, text, ui.ButtonSet.OK_CANCEL);
  return answer.getSelectedButton() === ui.Button.OK ? answer.getResponseText().trim() : null;
}

/** What the user can fix is the dialog's text; anything else is left to the caller. */
function userMessage(run: () => string): string {
  try {
    return run();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
}

/** 新建年度: the year (blank: next year), then the rows created. */
export function newYearMenu(ui: Ui, ss: Spreadsheet): string {
  const day = today(ss);
  const next = yearOf(day) + 1;
  const text = ask(ui, "新建年度", `要新建的年度（留空为 ${next}）：`);
  if (text === null) return "已取消。";
  if (text !== "" && !/^\d{4}$/.test(text)) return `年度应为四位数字，如 ${next}。`;
  const year = text === "" ? next : Number(text);
  return userMessage(() =>
    formatNewYear(startNewYear(new SheetsWorkbook(ss), year, day)).join("\n"),
  );
}

/** 导入放假通知: the notice's full text pasted into the box, then the 节假日 rows. */
export function holidaysMenu(ui: Ui, ss: Spreadsheet): string {
  const text = ask(ui, "导入放假通知", "请粘贴国务院办公厅放假通知的全文（含标题）：");
  if (text === null || text === "") return "未粘贴通知，「节假日」未改动。";
  return userMessage(() =>
    formatHolidayImport(importHolidayNotice(new SheetsWorkbook(ss), text)).join("\n"),
  );
}

/** Most lines of a report a dialog shows before it says how many more there are. */
const DIALOG_LINES = 40;

function clipped(lines: string[]): string {
  if (lines.length <= DIALOG_LINES) return lines.join("\n");
  const rest = lines.length - DIALOG_LINES + 1;
  return [...lines.slice(0, DIALOG_LINES - 1), `……另有 ${rest} 行未显示`].join("\n");
}

/**
 * 导入人员名单: a roster sheet the user pasted, or imported (文件 > 导入 > 插入新工作表), into the
 * spreadsheet — the active sheet unless another is named — read as `cadre-care import` reads a
 * file. A preview (the mapping, the counts, every problem and conflict) comes first; only on 是
 * are the new people added and blank cells filled. A typed value is never overwritten, and
 * importing the same sheet again changes nothing.
 */
export function importMenu(ui: Ui, ss: Spreadsheet): string {
  const book = new SheetsWorkbook(ss);
  const system = new Set([...SHEETS.map((s) => s.name), DASHBOARD_SHEET]);
  const own = book.sheetNames().filter((n) => !system.has(n));
  const rosters = own.filter((n) => mapRoster(book.readSheet(n) ?? []) !== null);
  if (!own.length) {
    return "没有可导入的工作表：请先把花名册粘贴到一个新工作表（或用“文件 > 导入”插入为新工作表），再点“导入人员名单”。";
  }
  const active = ss.getActiveSheet()?.getName() ?? "";
  const fallback = rosters.includes(active) ? active : (rosters[0] ?? "");
  const text = ask(
    ui,
    "导入人员名单",
    `花名册所在的工作表${fallback ? `（留空为「${fallback}」）` : ""}；可选：${own.join("、")}`,
  );
  if (text === null) return "已取消。";
  const name = text || fallback;
  if (system.has(name)) return `「${name}」是台账自己的工作表，不能作为花名册导入。`;
  const grid = name ? book.readSheet(name) : null;
  if (!grid) return `没有名为「${name}」的工作表；可选：${own.join("、")}`;
  return userMessage(() => {
    const preview = importRoster(book, grid, { dryRun: true });
    const lines = formatRosterImport(preview, true).slice(0, -1);
    if (!preview.added.length && !preview.filled) {
      return clipped([...lines, "台账没有需要改动的地方，未写入。"]);
    }
    const answer = ui.alert(
      "导入人员名单",
      `${clipped(lines)}\n\n是否导入？（台账中已填的值不会被覆盖）`,
      ui.ButtonSet.YES_NO,
    );
    if (answer !== ui.Button.YES) return "未导入，台账未改动。";
    return clipped(formatRosterImport(importRoster(book, grid)));
  });
}
