/**
 * The dialog of 检查并发送提醒 (dist/dialog-remind.html): the server runs the daily check now
 * (dialogRemind, the 08:00 trigger's run), and the page writes the account of what it sent
 * (describeRun, as `cadre-care remind` prints it) and who ran it. The account's texts stay out
 * of dist/Code.js: the trigger logs counts only (src/gas/daily.ts).
 */
import { describeRun } from "../../../workflows/remind";
import type { WireRemind } from "../wire";
import { $, busy, call, closeDialog } from "./host";

busy(["close"], async () => {
  const { run, user } = await call<WireRemind>("dialogRemind", null);
  const text = describeRun(run);
  return user ? `${text}\n\n操作人：${user}` : text;
});
$("close").addEventListener("click", closeDialog);
