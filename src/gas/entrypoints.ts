/**
 * Entry points that Sheets calls: the simple onOpen trigger, menu items, and the installable
 * triggers. Each is a thin adapter: it builds the Apps Script ports and runs a workflow.
 */
const MENU_TITLE = "干部关怀激励";

const MENU: readonly [label: string, handler: string][] = [
  ["初始化/检查表格", "menuSetup"],
  ["重新计算", "menuRecompute"],
  ["检查并发送提醒", "menuRemind"],
  ["生成文档", "menuDocs"],
  ["安装定时任务", "menuInstallTriggers"],
];

function ui(): GoogleAppsScript.Base.Ui {
  return SpreadsheetApp.getUi();
}

/** Show a message; never throw from a menu. */
function alert(title: string, message: string): void {
  ui().alert(title, message, ui().ButtonSet.OK);
}

function notYet(feature: string): void {
  alert(MENU_TITLE, `「${feature}」功能尚未上线，将在后续版本中提供。当前表格数据不受影响。`);
}

export const ENTRY_POINTS = {
  onOpen(): void {
    const menu = ui().createMenu(MENU_TITLE);
    for (const [label, handler] of MENU) menu.addItem(label, handler);
    menu.addToUi();
  },
  menuSetup(): void {
    notYet("初始化/检查表格");
  },
  menuRecompute(): void {
    notYet("重新计算");
  },
  menuRemind(): void {
    notYet("检查并发送提醒");
  },
  menuDocs(): void {
    notYet("生成文档");
  },
  menuInstallTriggers(): void {
    notYet("安装定时任务");
  },
};
