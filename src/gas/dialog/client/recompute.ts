/**
 * The 重新计算 dialog (dist/dialog-recompute.html): the server enters every system formula
 * again (dialogRecompute); then 奖励建议 is worked out here from the values Sheets computed, by
 * the use case `cadre-care compute` runs (src/workflows/awards.ts), and the server writes the
 * rows into 奖励建议 (dialogSuggestions, which checks each value against its column).
 */
import { awardSuggestions } from "../../../workflows/awards";
import { toWire, type WireRecompute } from "../wire";
import { $, DialogWorkbook, busy, call, closeDialog, read } from "./host";

busy(["close"], async () => {
  const { count } = await call<WireRecompute>("dialogRecompute", null);
  const book = new DialogWorkbook(await read(["参数", "人员", "考核", "奖励", "奖励标准"]));
  const rows = awardSuggestions((sheet) => book.readSheet(sheet));
  const records = rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([column, value]) => [column, toWire(value)])),
  );
  const suggested = await call<number>("dialogSuggestions", { rows: records });
  return `已重新计算 ${count} 个计算列；奖励建议 ${suggested} 条。`;
});
$("close").addEventListener("click", closeDialog);
