import { EXIT, type CommandIO } from "../io";
import { checkWorkbook, formatProblem } from "../../workflows/check";
import { misspelledSheets, openWorkbook } from "./workbook";
import { progress, readingSheets } from "../progress";
import { SHEETS } from "../../records/schema";
import { commandDay } from "./deadlines";
import { computedErrorProblems } from "../../workflows/computedErrors";
import { completenessProblems } from "../../workflows/completeness";

/** `cadre-care check FILE.xlsx [--json]`: every problem by sheet, row and column; exit 1 if any. */
export async function checkCommand(
  file: string,
  opts: { json?: boolean; date?: string },
  io: CommandIO,
): Promise<number> {
  // A bar on a terminal when the work takes over a second: a step per sheet read, one to check.
  const bar = progress(io, "检查", SHEETS.length + 1);
  let problems;
  try {
    const workbook = await openWorkbook(file, readingSheets(bar));
    bar.tick("检查");
    // As of --date (default today): the year's completeness and what compute would show.
    problems = checkWorkbook((sheet) => workbook.readSheet(sheet), {
      today: commandDay(opts.date, io),
      completeness: completenessProblems,
      computedErrors: computedErrorProblems,
    });
    // 「单位 」 with a trailing space reads as 单位 missing: say which sheet is meant.
    for (const p of problems) {
      if (p.row !== 0 || p.column !== "" || workbook.readSheet(p.sheet)) continue;
      const [hint] = misspelledSheets(workbook.sheetNames(), [p.sheet]);
      if (hint)
        p.message = `缺少工作表「${p.sheet}」：${hint}，请在 Excel/WPS 中把工作表改成正确的名称`;
    }
  } finally {
    bar.done();
  }
  if (opts.json) {
    io.out(JSON.stringify(problems, null, 2));
  } else if (problems.length === 0) {
    io.out(`检查通过：${file} 没有发现问题`);
  } else {
    // One line per problem, then the count once.
    for (const p of problems) io.out(formatProblem(p));
    io.out(`共发现 ${problems.length} 个问题`);
  }
  return problems.length ? EXIT.problems : EXIT.ok;
}
