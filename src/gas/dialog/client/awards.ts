/**
 * The 接受奖励建议 dialog (dist/dialog-awards.html): the rows of 奖励建议 are copied into 奖励
 * here by the use case `cadre-care accept-awards` runs (src/workflows/awards.ts), and appended by
 * the server's checked write (a row 奖励 already holds is skipped there too).
 */
import { acceptAwardSuggestions } from "../../../workflows/awards";
import { $, DialogWorkbook, busy, closeDialog, read } from "./host";

busy(["close"], async () => {
  const book = new DialogWorkbook(await read(["奖励建议", "奖励", "人员"]));
  const r = acceptAwardSuggestions(book);
  const skipped = await book.save();
  return [
    `已把 ${r.added} 条奖励建议加入「奖励」${r.skipped ? `，${r.skipped} 条已有` : ""}。`,
    ...skipped,
  ].join("\n");
});
$("close").addEventListener("click", closeDialog);
