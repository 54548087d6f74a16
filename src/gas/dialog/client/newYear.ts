/**
 * The 新建年度 dialog (dist/dialog-new-year.html): the year's missing rows are planned in the
 * browser by the CLI's use case (src/workflows/newYear.ts) over the sheets the server sends,
 * and written by the server's checked write.
 */
import { yearOf } from "../../../rules/dates";
import { formatNewYear, startNewYear } from "../../../workflows/newYear";
import { $, DialogWorkbook, busy, closeDialog, read } from "./host";

const SHEETS = ["人员", "单位", "年休假", "考核", "年休假计划", "体检", "单位考核"];

$("go").addEventListener("click", () =>
  busy(["go"], async () => {
    const data = await read(SHEETS);
    const next = yearOf(data.today) + 1;
    const text = $("year").value.trim();
    if (text !== "" && !/^\d{4}$/.test(text)) return `年度应为四位数字，如 ${next}。`;
    const book = new DialogWorkbook(data);
    const result = startNewYear(book, text === "" ? next : Number(text), data.today);
    const skipped = await book.save();
    return [...formatNewYear(result), ...skipped].join("\n");
  }),
);
$("close").addEventListener("click", closeDialog);
