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
