import { EXIT, type CommandIO } from "../io";
import { checkWorkbook, formatProblems } from "../../workflows/check";
import { openWorkbook } from "./workbook";

/** `cadre-care check FILE.xlsx [--json]`: every problem by sheet, row and column; exit 1 if any. */
export async function checkCommand(
  file: string,
  opts: { json?: boolean },
  io: CommandIO,
): Promise<number> {
  const workbook = await openWorkbook(file);
  const problems = checkWorkbook((sheet) => workbook.readSheet(sheet));
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
