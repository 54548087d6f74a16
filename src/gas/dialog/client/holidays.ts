/**
 * The 导入放假通知 dialog (dist/dialog-holidays.html): the notice pasted into the box is read in
 * the browser (src/records/holidayNotice.ts, src/workflows/holidays.ts, as `cadre-care
 * holidays` reads it) against 节假日 as the server sends it; the new rows go to the server's
 * checked write.
 */
import { formatHolidayImport, importHolidayNotice } from "../../../workflows/holidays";
import { $, DialogWorkbook, busy, closeDialog, read } from "./host";

$("go").addEventListener("click", () =>
  busy(["go"], async () => {
    const text = $("notice").value.trim();
    if (!text) return "未粘贴通知，「节假日」未改动。";
    const book = new DialogWorkbook(await read(["节假日"]));
    const result = importHolidayNotice(book, text);
    const skipped = await book.save();
    return [...formatHolidayImport(result), ...skipped].join("\n");
  }),
);
$("close").addEventListener("click", closeDialog);
