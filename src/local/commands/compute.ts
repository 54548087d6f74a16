import { EXIT, type CommandIO } from "../io";
import { COMPUTE_ORDER, computeWorkbook } from "../../workflows/compute";
import { progress, readingSheets } from "../progress";
import { commandDay } from "./deadlines";
import { openCadreWorkbook, saveWithBackup } from "./workbook";
import { withWorkbookLock } from "../lock";
import { faultPoint } from "../faults";
import { SHEETS } from "../../records/schema";

/**
 * `cadre-care compute FILE.xlsx [--date D]`: fill every computed column as of D (default today);
 * keeps a backup first, named after the time of the backup (never after --date).
 */
export async function computeCommand(
  file: string,
  io: CommandIO,
  opts: { date?: string } = {},
): Promise<number> {
  const today = commandDay(opts.date, io);
  // A bar on a terminal when the work takes over a second: a step per sheet read, one per
  // sheet computed, one to save.
  const bar = progress(io, "计算", SHEETS.length + COMPUTE_ORDER.length + 1);
  let result;
  let backup;
  try {
    [result, backup] = await withWorkbookLock(file, "compute", io, async (lock) => {
      const workbook = await openCadreWorkbook(file, readingSheets(bar));
      const computed = computeWorkbook(workbook, today, (sheet) => bar.tick(sheet));
      faultPoint("compute:computed");
      bar.tick("保存");
      return [computed, await saveWithBackup(workbook, file, io, lock)] as const;
    });
  } finally {
    bar.done();
  }
  for (const s of result.sheets) {
    io.out(`「${s.sheet}」${s.rows} 行${s.errors ? `，${s.errors} 个单元格有错误` : ""}`);
  }
  io.out(`已写入计算结果：${file}；修改前的副本：${backup}`);
  if (result.errors) {
    io.out(
      `共有 ${result.errors} 个计算列单元格显示“错误：…”，请运行 cadre-care check ${file}${opts.date ? ` --date ${opts.date}` : ""} 查看原因`,
    );
    return EXIT.problems;
  }
  return EXIT.ok;
}
