/**
 * The 初始化/检查表格 dialog (dist/dialog-setup.html): the server sets the sheets up
 * (dialogSetup: time zone, headers, 计算日期); the 仪表盘 cells are computed here from the
 * sheets the server sends (dashboardGrid) and written by dialogDashboard; then every row is
 * checked here by the CLI's `check` (src/workflows/check.ts) and the problems are listed. The
 * check only reads.
 */
import { INPUT_SHEETS } from "../../../records/schema";
import { checkWorkbook, formatProblems } from "../../../workflows/check";
import { DASHBOARD_SHEET, dashboardGrid } from "../../dashboard";
import type { WireSetup } from "../wire";
import { $, DialogWorkbook, busy, call, closeDialog, read, show } from "./host";

/** Most problems the dialog lists before it says how many more there are. */
const SHOWN = 30;

/** What setup did: the time zone (ensureProjectZone) and the sheets. */
function setupText({ zoneWas, created }: WireSetup): string {
  const zone =
    zoneWas === null
      ? "表格时区：北京时间（Asia/Shanghai）。"
      : `表格时区原为 ${zoneWas || "未设置"}，已改为北京时间（Asia/Shanghai）：` +
        "日期、截止日期和每天 8:00 的提醒都按北京时间计算，已填写的日期不变。";
  const head = created.length
    ? `已创建工作表：${created.join("、")}。`
    : "全部工作表已就绪，已有数据未改动。";
  return `${zone}\n${head}`;
}

busy(["close"], async () => {
  const setup = { message: setupText(await call<WireSetup>("dialogSetup", null)) };
  show(`${setup.message}\n正在检查每一行……`);
  const data = await read([...INPUT_SHEETS.map((s) => s.name), DASHBOARD_SHEET]);
  const book = new DialogWorkbook(data);
  const grid = dashboardGrid((sheet) => book.readSheet(sheet), data.today);
  await call<null>("dialogDashboard", { grid });
  // As of today (formula errors show in the sheet's red cells already).
  const problems = checkWorkbook((sheet) => book.readSheet(sheet), { today: data.today });
  if (problems.length === 0) return `${setup.message}\n检查通过，没有发现问题。`;
  const more = problems.length > SHOWN ? `\n……另有 ${problems.length - SHOWN} 个问题` : "";
  return `${setup.message}\n发现 ${problems.length} 个问题：\n${formatProblems(problems.slice(0, SHOWN))}${more}`;
});
$("close").addEventListener("click", closeDialog);
