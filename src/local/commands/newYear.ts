/**
 * `cadre-care new-year FILE.xlsx --year Y [--date D]`: the year's 年休假 and 考核 rows per 在职
 * person and 年休假计划, 体检, 单位考核 rows per unit, only where missing; a backup first when
 * anything is created. Refuses a year more than one ahead of D (default today).
 */
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { openCadreWorkbook, saveWithBackup } from "./workbook";
import { commandDay } from "./deadlines";
import { withWorkbookLock } from "../lock";
import { formatNewYear, startNewYear } from "../../workflows/newYear";
import { InputError } from "../../rules/errors";

export async function newYearCommand(
  file: string,
  opts: { year: string; date?: string },
  io: CommandIO,
): Promise<number> {
  const today = commandDay(opts.date, io);
  if (!/^\s*\d{4}\s*$/.test(opts.year)) {
    throw new UserFacingError(`--year 应为四位年份，如 2027，收到“${opts.year}”`);
  }
  return withWorkbookLock(file, "new-year", io, async (lock) => {
    const workbook = await openCadreWorkbook(file);
    let result;
    try {
      result = startNewYear(workbook, Number(opts.year), today);
    } catch (err) {
      if (err instanceof InputError) throw new UserFacingError(err.message);
      throw err;
    }
    for (const line of formatNewYear(result)) io.out(line);
    if (result.sheets.some((s) => s.created > 0)) {
      const backup = await saveWithBackup(workbook, file, io, lock);
      io.out(`已写入：${file}；修改前的副本：${backup}`);
      io.out(`下一步：运行 cadre-care compute ${file} 计算各计算列`);
    }
    return EXIT.ok;
  });
}
