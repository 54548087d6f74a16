/**
 * `cadre-care holidays FILE.xlsx --notice NOTICE.txt [--dry-run]`: the State Council's holiday
 * notice (text saved from gov.cn or a newspaper, UTF-8 or GBK) into 节假日 rows; a backup first.
 * A notice the reader cannot check is refused, naming the sentence (exit 1).
 */
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { openCadreWorkbook, saveWithBackup } from "./workbook";
import { withWorkbookLock } from "../lock";
import { readTextFile } from "../text";
import { formatHolidayImport, importHolidayNotice } from "../../workflows/holidays";
import { InputError } from "../../rules/errors";

export async function holidaysCommand(
  file: string,
  opts: { notice: string; dryRun?: boolean },
  io: CommandIO,
): Promise<number> {
  const { text } = readTextFile(opts.notice, "通知文件");
  return withWorkbookLock(
    file,
    "holidays",
    io,
    async (lock) => {
      const workbook = await openCadreWorkbook(file);
      let result;
      try {
        result = importHolidayNotice(workbook, text, { dryRun: opts.dryRun });
      } catch (err) {
        // The notice cannot be read for sure: a problem with the data, not with the command.
        if (err instanceof InputError) throw new UserFacingError(err.message, EXIT.problems);
        throw err;
      }
      for (const line of formatHolidayImport(result, opts.dryRun)) io.out(line);
      if (!opts.dryRun && result.added.length) {
        const backup = await saveWithBackup(workbook, file, io, lock);
        io.out(`已写入：${file}；修改前的副本：${backup}`);
      }
      return result.conflicts.length ? EXIT.problems : EXIT.ok;
    },
    { dryRun: opts.dryRun },
  );
}
