import { EXIT, type CommandIO } from "../io";
import { checkWorkbook, formatProblems } from "../../workflows/check";
import { openWorkbook } from "./workbook";
import { progress, readingSheets } from "../progress";
import { SHEETS } from "../../records/schema";

/** `cadre-care check FILE.xlsx [--json]`: every problem by sheet, row and column; exit 1 if any. */
export async function checkCommand(
  file: string,
  opts: { json?: boolean },
  io: CommandIO,
): Promise<number> {
  // A bar on a terminal when the work takes over a second: a step per sheet read, one to check.
  const bar = progress(io, "检查", SHEETS.length + 1);
  let problems;
  try {
    const workbook = await openWorkbook(file, readingSheets(bar));
    bar.tick("检查");
    problems = checkWorkbook((sheet) => workbook.readSheet(sheet));
  } finally {
    bar.done();
  }
  if (opts.json) {
    io.out(JSON.stringify(problems, null, 2));
  } else if (problems.length === 0) {
    io.out(`检查通过：${file} 没有发现问题`);
  } else {
    io.out(formatProblems(problems));
    io.out(`共发现 ${problems.length} 个问题`);
  }
  return problems.length ? EXIT.problems : EXIT.ok;
}
