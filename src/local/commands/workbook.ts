/**
 * Opening and saving the user's workbook for a command: Chinese errors with exit code 2 for
 * a file that cannot be used, a backup before every write, and an atomic save.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type LocalWorkbook, WorkbookFileError, XlsxWorkbook, readWorkbookFile } from "../xlsx";
import { PatchedWorkbook } from "../xlsxPatch";
import { backupFile, isWriteError, writeErrorMessage } from "../files";
import { headerColumns } from "../../records/codec";
import { INPUT_SHEETS } from "../../records/schema";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import type { WorkbookLock } from "../lock";
import { layoutComplete, missingSheets } from "../../workflows/setup";

/**
 * Open an .xlsx to read and change values; an unreadable file becomes a UserFacingError
 * (exit 2). A workbook whose sheets all have their headers is read from its XML and saved by patching
 * (fast, every other byte kept); any other goes through the full exceljs model, as `init` does.
 * `onSheet` follows the reading sheet by sheet (progress bars).
 */
export async function openWorkbook(
  file: string,
  onSheet?: (name: string) => void,
): Promise<LocalWorkbook> {
  return openAs(file, async (data) => {
    const patched = await PatchedWorkbook.load(data, file, onSheet);
    return patched && layoutComplete(patched) ? patched : XlsxWorkbook.load(data, file);
  });
}

/** Open an .xlsx in the full exceljs model, to change its layout (`init`). */
export async function openWorkbookModel(file: string): Promise<XlsxWorkbook> {
  return openAs(file, (data) => XlsxWorkbook.load(data, file));
}

async function openAs<W>(file: string, load: (data: Buffer) => Promise<W>): Promise<W> {
  if (!/\.xlsx$/i.test(file)) {
    throw new UserFacingError(`“${file}”不是 .xlsx 文件，请指定扩展名为 .xlsx 的工作簿`);
  }
  try {
    return await load(await readWorkbookFile(file));
  } catch (err) {
    if (err instanceof WorkbookFileError) throw new UserFacingError(err.message);
    throw err;
  }
}

/** Open a workbook that must have every input sheet (a workbook from another tool may not). */
export async function openCadreWorkbook(
  file: string,
  onSheet?: (name: string) => void,
): Promise<LocalWorkbook> {
  const workbook = await openWorkbook(file, onSheet);
  const missing = missingSheets(workbook);
  if (missing.length) {
    const hints = misspelledSheets(workbook.sheetNames(), missing);
    throw new UserFacingError(
      `工作簿“${file}”缺少工作表：${missing.join("、")}。` +
        (hints.length
          ? `${hints.join("；")}，请在 Excel/WPS 中把工作表改成正确的名称后重新运行`
          : `如果这是其他软件导出的表格，请先运行 cadre-care init ${file} 补全工作表和表头（已有数据不会改动）`),
    );
  }
  // Required columns, by header name (only row 1 is read here).
  const gaps: string[] = [];
  for (const spec of INPUT_SHEETS) {
    const header = workbook.readSheet(spec.name)?.[0] ?? [];
    const found = headerColumns(spec, header);
    const lacking = spec.columns.filter((c) => c.required && !found.has(c.name)).map((c) => c.name);
    if (lacking.length) gaps.push(`「${spec.name}」缺少列：${lacking.join("、")}`);
  }
  if (gaps.length) {
    throw new UserFacingError(
      `工作簿“${file}”的表头不完整：${gaps.join("；")}。` +
        `请补上这些列标题（列的顺序不限），或运行 cadre-care init ${file} 补全表头（已有数据不会改动）`,
    );
  }
  return workbook;
}

/**
 * Sheet names that differ from a missing one only by spaces (「单位 」 with a trailing space, a
 * full-width space): a hint naming both, for each such sheet.
 */
export function misspelledSheets(present: readonly string[], missing: readonly string[]): string[] {
  const squeeze = (s: string) => s.replace(/[\s\u3000]+/g, "");
  const hints: string[] = [];
  for (const name of missing) {
    const near = present.find((p) => p !== name && squeeze(p) === name);
    if (near !== undefined) hints.push(`工作表“${near}”的名称含有多余的空格（应为“${name}”）`);
  }
  return hints;
}

/** Keep a backup of the file as it was, then save atomically. Returns the backup's path. */
export async function saveWithBackup(
  workbook: LocalWorkbook,
  file: string,
  io: CommandIO,
  lock?: WorkbookLock,
): Promise<string | null> {
  lock?.assertHeld();
  let backup: string | null = null;
  try {
    backup = fs.existsSync(file) ? backupFile(file, io.now()) : null;
  } catch (err) {
    if (isWriteError(err))
      throw new UserFacingError(`${writeErrorMessage(err)}。工作簿“${file}”未被修改`);
    throw err;
  }
  await save(workbook, file);
  return backup;
}

/** Save, turning an unwritable destination or a full disk into a Chinese error. */
export async function save(
  workbook: LocalWorkbook,
  file: string,
  lock?: WorkbookLock,
): Promise<void> {
  lock?.assertHeld();
  try {
    await workbook.save(file);
  } catch (err) {
    if (isWriteError(err)) {
      throw new UserFacingError(
        `${writeErrorMessage(err, file)}。“${file}”保持原样（未保存本次的修改）`,
      );
    }
    throw err;
  }
}

/** Make sure an output folder exists and can be written. */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(path.resolve(dir));
    fs.accessSync(dir, fs.constants.W_OK);
    if ((fs.statSync(dir).mode & 0o222) === 0) throw new Error("read-only folder");
  } catch (err) {
    if (isWriteError(err) && err.code !== "ENOENT")
      throw new UserFacingError(writeErrorMessage(err, dir), EXIT.usage);
    throw new UserFacingError(
      `无法写入输出文件夹“${path.resolve(dir)}”：请检查路径和写入权限`,
      EXIT.usage,
    );
  }
}

/**
 * mkdir -p, one level at a time. Node's recursive mkdir never returns for a path under /proc
 * (it retries ENOENT forever), so the CLI would hang on `--out /proc/x`.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!fs.existsSync(current)) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!fs.statSync(current).isDirectory()) throw new Error(`${current} is not a folder`);
  for (const d of missing.reverse()) fs.mkdirSync(d);
}
