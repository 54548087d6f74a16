/**
 * Entry points that Sheets calls: the simple onOpen trigger, menu items, and the installable
 * triggers. Each is a thin adapter: it builds the Apps Script ports from the globals, at call
 * time, and runs a workflow. A menu item never fails: problems are shown in a dialog.
 */
import { SheetsWorkbook } from "./sheets";
import { logEdit } from "./audit";
import { installTriggers, removeTriggers } from "./triggers";
import { refreshCalculationDate, setupWorkbook } from "../workflows/setup";
import { SHEETS, headerOfFormula } from "../records/schema";
import { dayFromInstant } from "../rules/dates";
import { DocumentProperties, dailyDeadlineCheck, dialogRemind } from "./daily";
import { continueDocumentsTrigger, menuDocs, reviveDocumentsTrigger } from "./publish";
import { activeUserEmail, requireAuthorization } from "./auth";
import { ensureProjectZone } from "./timezone";
import {
  DIALOG_FILES,
  dialogDashboard,
  dialogRead,
  dialogSuggestions,
  dialogWrite,
  showDialog,
} from "./dialog/server";
import type { WireRecompute, WireSetup, WireTriggers } from "./dialog/wire";
import { InputError, messageOf } from "../rules/errors";
import { continueUnitSheets, dialogUnits, syncUnitSheetsDaily } from "./units";

export const MENU_TITLE = "干部关怀激励";

export const MENU: readonly (readonly [label: string, handler: string])[] = [
  ["初始化/检查表格", "menuSetup"],
  ["重新计算", "menuRecompute"],
  ["接受奖励建议", "menuAcceptAwards"],
  ["检查并发送提醒", "menuRemind"],
  ["生成文档", "menuDocs"],
  ["安装定时任务", "menuInstallTriggers"],
  ["导入人员名单", "menuImport"],
  ["新建年度", "menuNewYear"],
  ["导入放假通知", "menuImportHolidays"],
  ["生成单位表格", "menuCreateUnits"],
  ["同步单位表格", "menuSyncUnits"],
];

function ui(): GoogleAppsScript.Base.Ui {
  return SpreadsheetApp.getUi();
}

function alert(message: string): void {
  ui().alert(MENU_TITLE, message, ui().ButtonSet.OK);
}

/** Open a dialog (consent first, as every menu item); a failure to open is a dialog too. */
function dialog(file: string, title: string, height?: number): void {
  requireAuthorization();
  try {
    showDialog(file, title, height);
  } catch (err) {
    alert(`操作未完成：${messageOf(err)}。`);
  }
}

/**
 * A server call from a dialog: what the user can fix (InputError, or a request zod refused)
 * comes back as { problem }, which the dialog shows; anything else fails the call.
 */
function answer<T>(run: () => T): T | { problem: string } {
  requireAuthorization();
  try {
    return run();
  } catch (err) {
    if (err instanceof InputError) return { problem: err.message };
    if (err instanceof Error && err.name === "$ZodError")
      return { problem: `对话框发送的数据有误，未写入：${err.message}` };
    throw err;
  }
}

/** A dialog's server call about the active spreadsheet, `run(spreadsheet, request)`, answered. */
function onActive(
  run: (ss: GoogleAppsScript.Spreadsheet.Spreadsheet, request: unknown) => unknown,
  request: unknown,
): unknown {
  return answer(() => run(SpreadsheetApp.getActiveSpreadsheet(), request));
}

function workbook(): SheetsWorkbook {
  return new SheetsWorkbook(SpreadsheetApp.getActiveSpreadsheet());
}

/**
 * 初始化/检查表格's server part, called by its dialog (./dialog/client/setup.ts), which then
 * computes the dashboard's cells (dialogDashboard writes them) and checks every row in the
 * browser: the time zone, the sheets and 计算日期.
 */
function setUp(): WireSetup {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const zoneWas = ensureProjectZone(ss);
  const book = workbook();
  const { created } = setupWorkbook(book);
  refreshCalculationDate(book, dayFromInstant(new Date()));
  return { zoneWas, created };
}

/**
 * 安装定时任务's server part: install the triggers, or (another user installed them, and
 * `takeOver` is false) say who; the dialog (./dialog/client/triggers.ts) asks and writes the text.
 */
function installFromDialog(takeOver: boolean): WireTriggers {
  const user = activeUserEmail();
  const report = installTriggers({
    ScriptApp,
    spreadsheet: SpreadsheetApp.getActiveSpreadsheet(),
    store: new DocumentProperties(PropertiesService),
    user,
    takeOver,
  });
  return { installedBy: report.installedBy, installed: report.installed.length, user };
}

/** 重新计算's server part: the sheets, 计算日期, and every system formula entered again. */
function recompute(): WireRecompute {
  const book = workbook();
  setupWorkbook(book);
  refreshCalculationDate(book, dayFromInstant(new Date()));
  return {
    count: recalculate(SpreadsheetApp.getActiveSpreadsheet(), () => SpreadsheetApp.flush()),
  };
}

/**
 * Make Sheets recompute every system formula: Sheets caches a custom function's result until
 * its arguments change, so each header-cell formula is cleared and entered again (two calls per
 * computed column, whatever the number of rows). Returns how many formulas were re-entered.
 */
export function recalculate(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  flush: () => void,
): number {
  const cells: [GoogleAppsScript.Spreadsheet.Range, string][] = [];
  for (const spec of SHEETS) {
    const sheet = ss.getSheetByName(spec.name);
    const width = sheet?.getLastColumn() ?? 0;
    if (!sheet || width === 0 || !spec.columns.some((c) => c.formula)) continue;
    sheet
      .getRange(1, 1, 1, width)
      .getFormulas()[0]
      .forEach((formula, i) => {
        // The system's formulas sit in the header cells (headerFormula).
        if (headerOfFormula(formula) !== null) cells.push([sheet.getRange(1, i + 1), formula]);
      });
  }
  for (const [cell] of cells) cell.setFormula("");
  flush();
  for (const [cell, formula] of cells) cell.setFormula(formula);
  return cells.length;
}

export const ENTRY_POINTS = {
  onOpen(): void {
    const menu = ui().createMenu(MENU_TITLE);
    for (const [label, handler] of MENU) menu.addItem(label, handler);
    menu.addToUi();
  },

  /** Menu 初始化/检查表格: its dialog sets the sheets up (dialogSetup), then checks every row. */
  menuSetup(): void {
    dialog(DIALOG_FILES.setup, "初始化/检查表格");
  },

  /**
   * Computed columns are formulas in Sheets: re-entering them makes Sheets compute afresh. Its
   * dialog then works out 奖励建议 from the values Sheets has computed (dialogRecompute, then
   * dialogRead and dialogSuggestions).
   */
  menuRecompute(): void {
    dialog(DIALOG_FILES.recompute, "重新计算", 300);
  },

  /** Menu 接受奖励建议: its dialog appends 奖励建议 rows to 奖励 (dialogWrite), skipping held ones. */
  menuAcceptAwards(): void {
    dialog(DIALOG_FILES.awards, "接受奖励建议", 300);
  },

  /** Menu 检查并发送提醒: its dialog runs the daily check now (dialogRemind) and says what it sent. */
  menuRemind(): void {
    dialog(DIALOG_FILES.remind, "检查并发送提醒", 420);
  },
  dialogRemind(): unknown {
    return answer(dialogRemind);
  },

  /** The daily time-driven trigger (08:00 Asia/Shanghai); it also revives a stalled batch. */
  dailyDeadlineCheck(): void {
    try {
      dailyDeadlineCheck();
    } finally {
      reviveDocumentsTrigger();
    }
  },

  /** Menu 生成文档: asks for the year, generates every filing and notice as Google Docs. */
  menuDocs,

  /** One-off trigger: continues a document batch that one run could not finish. */
  continueDocuments: continueDocumentsTrigger,

  /** Menu 安装定时任务: its dialog installs them (dialogInstallTriggers), or asks to take over. */
  menuInstallTriggers(): void {
    dialog(DIALOG_FILES.triggers, "安装定时任务", 300);
  },
  dialogInstallTriggers(takeOver: unknown): unknown {
    return answer(() => installFromDialog(takeOver === true));
  },

  installTriggers(): void {
    installTriggers({
      ScriptApp,
      spreadsheet: SpreadsheetApp.getActiveSpreadsheet(),
      store: new DocumentProperties(PropertiesService),
      user: activeUserEmail(),
    });
  },

  removeTriggers(): void {
    removeTriggers({ ScriptApp, store: new DocumentProperties(PropertiesService) });
  },

  /** Menu 导入人员名单, 新建年度, 导入放假通知: dialogs whose work runs in the browser (./dialog). */
  menuImport(): void {
    dialog(DIALOG_FILES.roster, "导入人员名单");
  },
  menuNewYear(): void {
    dialog(DIALOG_FILES.newYear, "新建年度", 420);
  },
  menuImportHolidays(): void {
    dialog(DIALOG_FILES.holidays, "导入放假通知");
  },

  /** google.script.run from the dialogs: the sheets they ask for, and their checked writes. */
  dialogRead(request: unknown): unknown {
    return onActive(dialogRead, request);
  },
  dialogSetup(): unknown {
    return answer(setUp);
  },
  dialogWrite(request: unknown): unknown {
    return onActive(dialogWrite, request);
  },
  dialogDashboard(request: unknown): unknown {
    return onActive(dialogDashboard, request);
  },
  dialogRecompute(): unknown {
    return answer(recompute);
  },
  dialogSuggestions(request: unknown): unknown {
    return onActive(dialogSuggestions, request);
  },

  /** Menu 生成单位表格, 同步单位表格: dialogs that run dialogUnits; their triggers (./units.ts). */
  menuCreateUnits(): void {
    dialog(DIALOG_FILES.unitsCreate, "生成单位表格", 420);
  },
  menuSyncUnits(): void {
    dialog(DIALOG_FILES.unitsSync, "同步单位表格");
  },
  dialogUnits(mode: unknown): unknown {
    return answer(() => dialogUnits(mode));
  },
  syncUnitSheetsDaily,
  continueUnitSheets,

  /** The installable onEdit trigger (not named onEdit, so the simple trigger does not log twice). */
  auditEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
    logEdit(e);
  },
};
