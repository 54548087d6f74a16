/**
 * The dialog of 安装定时任务 (dist/dialog-triggers.html): the server installs the triggers
 * (dialogInstallTriggers). When another administrator installed them, nothing is installed and
 * the page asks whether to take over (是: the server installs them for this user, 否: nothing).
 */
import { chineseDate, dayFromInstant } from "../../../rules/dates";
import type { TriggerOwner } from "../../triggers";
import type { WireTriggers } from "../wire";
import { $, busy, call, closeDialog, show } from "./host";

/** "hr@…（2027年3月1日安装）", "另一位管理员（…）" when Google gave no address. */
function ownerText(owner: TriggerOwner): string {
  const at = new Date(owner.installedAt);
  const day = Number.isNaN(at.getTime()) ? "" : `（${chineseDate(dayFromInstant(at))}安装）`;
  return `${owner.email || "另一位管理员"}${day}`;
}

function ask(yes: boolean): void {
  $("yes").hidden = !yes;
  $("no").hidden = !yes;
}

function text(r: WireTriggers): string {
  if (r.installedBy) {
    const by = ownerText(r.installedBy);
    ask(true);
    $("no").addEventListener("click", () => {
      ask(false);
      show(`未安装：定时任务由 ${by} 负责。`);
    });
    return (
      `定时任务已由 ${by} 安装，每天 8:00 以其身份运行。再装一套会使提醒每天检查两次、编辑记录两行。\n` +
      `只有 ${by} 已不能使用此表格时才选“是”。是否改由您安装？`
    );
  }
  const me = r.user ? `（安装人：${r.user}）` : "";
  return r.installed
    ? `已安装定时任务${me}：每天 8:00 检查期限并发送提醒；编辑记录写入「日志」。`
    : "定时任务已安装，无需重复安装。";
}

busy(["close"], async () => text(await call<WireTriggers>("dialogInstallTriggers", false)));
$("yes").addEventListener("click", () => {
  ask(false);
  busy(["close"], async () => text(await call<WireTriggers>("dialogInstallTriggers", true)));
});
$("close").addEventListener("click", closeDialog);
