/**
 * `cadre-care import ROSTER.xlsx|.csv --into FILE.xlsx [--sheet NAME] [--dry-run]`: people from
 * a roster with its own column names. .xlsx from Excel, WPS or LibreOffice; .csv in UTF-8 or
 * GBK. Exit 0 when every row was new or the same, 1 when rows were rejected or differ from the
 * workbook (listed), 2 for a file that cannot be read.
 */
import * as path from "node:path";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { openCadreWorkbook, saveWithBackup } from "./workbook";
import { withWorkbookLock } from "../lock";
import { WorkbookFileError, XlsxWorkbook, readWorkbookFile } from "../xlsx";
import { readTextFile } from "../text";
import { parseCsv } from "../csv";
import type { Grid } from "../../records/cells";
import { mapRoster } from "../../records/roster";
import { formatRosterImport, importRoster } from "../../workflows/importRoster";
import { InputError } from "../../rules/errors";

/** The roster's grid: the named sheet, else the first sheet with a roster header. */
async function readRoster(file: string, sheet: string | undefined): Promise<Grid> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") {
    if (sheet) throw new UserFacingError("--sheet 只用于 .xlsx 花名册，.csv 文件只有一张表");
    return parseCsv(readTextFile(file, "花名册").text);
  }
  if (ext !== ".xlsx") {
    throw new UserFacingError(
      `“${file}”不是 .xlsx 或 .csv 文件：旧版 .xls 或 .et 请在 Excel/WPS 中另存为 .xlsx（或 CSV）后再导入`,
    );
  }
  let book: XlsxWorkbook;
  try {
    book = await XlsxWorkbook.load(await readWorkbookFile(file), file);
  } catch (err) {
    if (err instanceof WorkbookFileError) throw new UserFacingError(err.message);
    throw err;
  }
  const names = book.sheetNames();
  if (sheet) {
    const grid = book.readSheet(sheet);
    if (!grid) {
      throw new UserFacingError(`花名册“${file}”中没有工作表“${sheet}”；有：${names.join("、")}`);
    }
    return grid;
  }
  const grids = names.map((n) => book.readSheet(n) ?? []);
  return grids.find((g) => mapRoster(g) !== null) ?? grids[0] ?? [];
}

export async function importCommand(
  roster: string,
  opts: { into: string; sheet?: string; dryRun?: boolean },
  io: CommandIO,
): Promise<number> {
  const grid = await readRoster(roster, opts.sheet);
  return withWorkbookLock(
    opts.into,
    "import",
    io,
    async (lock) => {
      const workbook = await openCadreWorkbook(opts.into);
      let result;
      try {
        result = importRoster(workbook, grid, { dryRun: opts.dryRun });
      } catch (err) {
        if (err instanceof InputError) throw new UserFacingError(err.message, EXIT.problems);
        throw err;
      }
      for (const line of formatRosterImport(result, opts.dryRun)) io.out(line);
      if (!opts.dryRun && (result.added.length || result.filled)) {
        const backup = await saveWithBackup(workbook, opts.into, io, lock);
        io.out(`已写入：${opts.into}；修改前的副本：${backup}`);
      }
      return result.rejected || result.conflicts.length ? EXIT.problems : EXIT.ok;
    },
    { dryRun: opts.dryRun },
  );
}
