/**
 * The Workbook port over an .xlsx file in the full exceljs model. The whole workbook is loaded
 * into memory by `open`, changed through the port, and written back by `save` (temporary file
 * + rename). `init` uses it to lay sheets out; the commands that only change values use the
 * lighter PatchedWorkbook (xlsxPatch.ts), which falls back to this for unusual files.
 *
 * Values in a Grid are what Sheets would give: numbers, strings, booleans, and Dates at the
 * instant of midnight Asia/Shanghai. exceljs reads a date cell as the wall-clock time taken
 * as UTC, so reading subtracts 8 hours and writing adds them back; Excel then shows the same
 * calendar date a Sheets user sees. Strings are always written as text cells, never formulas.
 *
 * xlsx has no warning-only protection: computed columns are marked by a light-blue header and
 * the header note "系统计算，请勿手工填写" instead.
 */
import * as fs from "node:fs";
import ExcelJS from "exceljs";
import type { Cell, Grid } from "../records/cells";
import type { ColumnSpec, SheetSpec } from "../records/spec";
import type { Workbook } from "../workflows/ports";
import { SHANGHAI_OFFSET_MS } from "../rules/dates";
import { ERROR_PREFIX } from "../rules/errors";
import { columnLetter } from "../records/codec";
import {
  COLORS,
  SYSTEM_MARK,
  completeHeaders,
  headerNote,
  isDeadlineColumn,
  overdueCondition,
  denseGrid,
} from "../records/layout";
import { writeFileAtomic } from "./files";
import { isDateFormatCode } from "./xlsxPackage";

/** The workbook file cannot be opened; the message is Chinese and names the file. */
export class WorkbookFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = "WorkbookFileError";
  }
}

/** Parts of an exceljs worksheet that its type declarations leave out. */
interface WorksheetInternals {
  conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
  dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> };
}

/** What a date-formatted cell holding a number beyond any date reads as (Excel shows ####). */
export const INVALID_DATE_TEXT = "无效日期（超出范围的数字）";

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EXCEL_LAST_ROW = 1_048_576;

const argb = (hex: string): string => "FF" + hex.replace("#", "").toUpperCase();

function startsWithBytes(data: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => data[i] === b);
}

/** An exceljs cell value as a Grid cell. */
export function fromExcel(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  if (value instanceof Date) {
    // A number too large for a date in a date-formatted cell: keep it visible as a problem
    // instead of reading it as blank (nothing typed is ever lost).
    if (Number.isNaN(value.getTime())) return INVALID_DATE_TEXT;
    return new Date(value.getTime() - SHANGHAI_OFFSET_MS);
  }
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText))
      return value.richText.map((t) => t.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: unknown }).result;
      if (result !== null && typeof result === "object" && !(result instanceof Date)) {
        return "error" in result ? null : fromExcel(result as ExcelJS.CellValue);
      }
      return fromExcel(result as ExcelJS.CellValue);
    }
    if ("hyperlink" in value) {
      const text = (value as { text?: unknown }).text;
      return fromExcel(text as ExcelJS.CellValue) ?? (value as { hyperlink: string }).hyperlink;
    }
    if ("error" in value) return null;
  }
  return null;
}

/** A Grid cell as exceljs should store it; "" clears the cell, as it does in Sheets. */
export function toExcel(value: Cell): ExcelJS.CellValue {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return new Date(value.getTime() + SHANGHAI_OFFSET_MS);
  return value;
}

/** Whether a cell may take the column's number format without changing how its value reads. */
function formatFits(format: string, value: ExcelJS.CellValue): boolean {
  if (value === null || value === undefined) return true;
  if (format === "@") return typeof value === "string";
  if (isDateFormatCode(format)) return value instanceof Date;
  return typeof value === "number";
}

function listFormula(options: readonly string[]): string {
  return `"${options.join(",")}"`;
}

/**
 * The bytes of an .xlsx file, checked to be a zip package; WorkbookFileError (Chinese message
 * naming the file) for a missing, unreadable, empty, encrypted or non-xlsx file.
 */
export async function readWorkbookFile(file: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new WorkbookFileError(`找不到文件“${file}”，请检查路径`, file);
    if (code === "EISDIR")
      throw new WorkbookFileError(`“${file}”是文件夹，不是 .xlsx 工作簿`, file);
    if (code === "EACCES" || code === "EPERM")
      throw new WorkbookFileError(`没有权限读取文件“${file}”`, file);
    throw new WorkbookFileError(`无法读取文件“${file}”：${(err as Error).message}`, file);
  }
  if (data.length === 0)
    throw new WorkbookFileError(`文件“${file}”是空文件，不是有效的 .xlsx 工作簿`, file);
  if (startsWithBytes(data, OLE_MAGIC)) {
    throw new WorkbookFileError(
      `文件“${file}”设有打开密码（已加密）或是旧版 .xls 格式，无法读取；请在 Excel 中取消密码并另存为 .xlsx 后重试`,
      file,
    );
  }
  if (!startsWithBytes(data, ZIP_MAGIC)) {
    throw new WorkbookFileError(
      `文件“${file}”不是有效的 .xlsx 工作簿（可能已损坏，或只是改了扩展名）`,
      file,
    );
  }
  // OpenDocument keeps an uncompressed "mimetype" entry first: an .ods with its name changed.
  if (
    /^mimetypeapplication\/vnd\.oasis\.opendocument/.test(data.subarray(30, 90).toString("latin1"))
  ) {
    throw new WorkbookFileError(
      `文件“${file}”是 OpenDocument 表格（.ods），只是扩展名改成了 .xlsx：请在 WPS、Excel 或 LibreOffice 中打开它，另存为 Excel 工作簿（.xlsx）后重试`,
      file,
    );
  }
  return data;
}

/** Printed footer of every sheet: the sheet name left, 第 N 页，共 M 页 right. */
export const PRINT_FOOTER = "&L&A&R第 &P 页，共 &N 页";

/** A workbook the local commands open, change through the port, and save to a file. */
export interface LocalWorkbook extends Workbook {
  /** Write the workbook to `file` through a temporary file in the same folder and a rename. */
  save(file: string): Promise<void>;
}

export class XlsxWorkbook implements LocalWorkbook {
  private constructor(readonly workbook: ExcelJS.Workbook) {}

  /** A new, empty workbook. */
  static create(): XlsxWorkbook {
    const wb = new ExcelJS.Workbook();
    wb.creator = "cadre-care";
    return new XlsxWorkbook(wb);
  }

  /** Load an .xlsx file; WorkbookFileError (Chinese message) when it cannot be read. */
  static async open(file: string): Promise<XlsxWorkbook> {
    return XlsxWorkbook.load(await readWorkbookFile(file), file);
  }

  /** Load the bytes of an .xlsx file read by `readWorkbookFile`. */
  static async load(data: Uint8Array, file: string): Promise<XlsxWorkbook> {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } catch (err) {
      throw new WorkbookFileError(
        // The library's own reason ("Corrupted zip: …") is English and says nothing more to
        // the user than this does.
        `文件“${file}”不是有效的 .xlsx 工作簿（可能已损坏），请用 Excel 或 WPS 打开确认，或换用备份`,
        file,
      );
    }
    return new XlsxWorkbook(wb);
  }

  /** Write the workbook to `file` through a temporary file in the same folder and a rename. */
  async save(file: string): Promise<void> {
    // Deflate level 1: a large county workbook saves several times faster for ~10 % more bytes.
    const buffer = await this.workbook.xlsx.writeBuffer({
      zip: { compression: "DEFLATE", compressionOptions: { level: 1 } },
    } as ExcelJS.XlsxWriteOptions);
    await writeFileAtomic(file, new Uint8Array(buffer as ArrayBuffer));
  }

  sheetNames(): string[] {
    return this.workbook.worksheets.map((ws) => ws.name);
  }

  private worksheet(name: string): ExcelJS.Worksheet {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) throw new Error(`工作表“${name}”不存在，请先运行 init 初始化工作簿`);
    return ws;
  }

  readSheet(name: string): Grid | null {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) return null;
    const rows: Cell[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const line: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = fromExcel(cell.value);
        if (v !== null) line[c - 1] = v;
      });
      rows[r - 1] = line;
    });
    return denseGrid(rows);
  }

  writeRange(sheetName: string, row: number, column: number, values: Grid): void {
    if (values.length === 0) return;
    const ws = this.worksheet(sheetName);
    for (let i = 0; i < values.length; i++) {
      const source = values[i];
      const target = ws.getRow(row + i);
      for (let j = 0; j < source.length; j++) {
        const cell = target.getCell(column + j);
        const value = source[j];
        cell.value = toExcel(value);
        if (value instanceof Date && !(cell.numFmt && isDateFormatCode(cell.numFmt))) {
          const timeOfDay = (value.getTime() + SHANGHAI_OFFSET_MS) % 86_400_000 !== 0;
          cell.style = { ...cell.style, numFmt: timeOfDay ? "yyyy-mm-dd hh:mm:ss" : "yyyy-mm-dd" };
        }
      }
    }
  }

  /** The last row holding a value (0 when none). */
  private lastRow(ws: ExcelJS.Worksheet): number {
    for (let r = ws.rowCount; r >= 1; r--) {
      const row = ws.findRow(r);
      if (!row) continue;
      let found = false;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (
          !found &&
          fromExcel(cell.value) !== null &&
          !(typeof cell.value === "string" && cell.value.trim() === "")
        ) {
          found = true;
        }
      });
      if (found) return r;
    }
    return 0;
  }

  appendRows(sheetName: string, rows: Grid): void {
    if (rows.length === 0) return;
    const ws = this.worksheet(sheetName);
    this.writeRange(sheetName, this.lastRow(ws) + 1, 1, rows);
  }

  ensureSheet(spec: SheetSpec): void {
    const ws = this.workbook.getWorksheet(spec.name) ?? this.workbook.addWorksheet(spec.name);
    const internals = ws as unknown as WorksheetInternals;

    // Headers: keep those present where they are, append missing ones at the right.
    const headerRow = ws.getRow(1);
    const existing: string[] = [];
    for (let c = 1; c <= headerRow.cellCount; c++) {
      const v = fromExcel(headerRow.getCell(c).value);
      existing.push(v === null ? "" : String(v));
    }
    const { headers, added, positions } = completeHeaders(existing, spec);
    const firstNew = headers.length - added.length + 1;
    added.forEach((name, i) => {
      headerRow.getCell(firstNew + i).value = name;
    });
    const position = (col: ColumnSpec): number => positions.get(col.name) as number;
    const dataRows = this.lastRow(ws);

    for (const col of spec.columns) {
      const c = position(col);
      const cell = headerRow.getCell(c);
      const fill: ExcelJS.Fill = {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb: argb(col.computed ? COLORS.computedHeader : COLORS.inputHeader) },
      };
      cell.style = { ...cell.style, font: { ...(cell.style.font ?? {}), bold: true }, fill };
      const note = headerNote(col);
      if (note) cell.note = note;
      const column = ws.getColumn(c);
      column.width = col.width;
      if (col.format) {
        const format = col.format;
        column.style = { ...column.style, numFmt: format };
        column.eachCell({ includeEmpty: false }, (target, r) => {
          if (r < 2 || target.numFmt === format || !formatFits(format, target.value)) return;
          target.style = { ...target.style, numFmt: format };
        });
      }
    }

    // Printing: A4 landscape, one page wide (as many pages down as it takes), the header row
    // on every page, the sheet name and the page number in the footer. Kept by the patched save,
    // which rewrites only <sheetData>.
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:1",
      horizontalCentered: true,
    };
    ws.headerFooter = {
      ...ws.headerFooter,
      oddFooter: PRINT_FOOTER,
      evenFooter: PRINT_FOOTER,
    };

    // Frozen header row (columns people froze stay frozen).
    const view = ((ws.views ?? [])[0] ?? {}) as Partial<ExcelJS.WorksheetViewFrozen>;
    const xSplit = view.state === "frozen" ? (view.xSplit ?? 0) : 0;
    ws.views = [
      {
        ...(view as object),
        state: "frozen",
        xSplit,
        ySplit: 1,
        topLeftCell: `${columnLetter(xSplit + 1)}2`,
      } as ExcelJS.WorksheetViewFrozen,
    ];

    // Defaults, only into a sheet without data rows.
    let lastRow = dataRows;
    if (spec.defaults && spec.defaults.length > 0 && dataRows <= 1) {
      spec.defaults.forEach((values, i) => {
        const row = ws.getRow(2 + i);
        spec.columns.forEach((col, j) => {
          if (j < values.length && values[j] !== null && values[j] !== undefined) {
            row.getCell(position(col)).value = toExcel(values[j]);
          }
        });
      });
      lastRow = 1 + spec.defaults.length;
    }

    // Dropdowns: drop this system's list validations of this sheet, then add one per enum column.
    const validationEnd = Math.ceil((Math.max(lastRow, 1) + 1000) / 1000) * 1000;
    const enums = spec.columns.filter(
      (c) => c.kind === "enum" && c.options && c.options.length > 0,
    );
    const ours = new Set(enums.map((c) => listFormula(c.options as readonly string[])));
    const model = internals.dataValidations.model;
    for (const address of Object.keys(model)) {
      const dv = model[address];
      if (!dv) {
        delete model[address];
        continue;
      }
      if (dv.type === "list" && dv.formulae && ours.has(String(dv.formulae[0])))
        delete model[address];
    }
    for (const col of enums) {
      const options = col.options as readonly string[];
      const letter = columnLetter(position(col));
      model[`${letter}2:${letter}${validationEnd}`] = {
        type: "list",
        allowBlank: true,
        formulae: [listFormula(options)],
        showErrorMessage: !col.allowOther,
        errorStyle: "stop",
        errorTitle: "输入无效",
        error: `请从下拉列表中选择（${col.name}）`,
      };
    }

    // Conditional formats: replace this system's rules, keep the users'.
    const isOurs = (rule: ExcelJS.ConditionalFormattingRule): boolean =>
      rule.type === "expression" &&
      (rule.formulae ?? []).some((f) => String(f).includes(SYSTEM_MARK));
    const formats = (internals.conditionalFormattings ?? []).filter(
      (cf) => !cf.rules.every(isOurs),
    );
    let priority = formats.reduce(
      (p, cf) => Math.max(p, ...cf.rules.map((r) => r.priority ?? 0)),
      0,
    );
    /** One expression rule over `ref`: the system's fill and font colours where it holds. */
    const highlight = (ref: string, formula: string, fill: string, font: string): void => {
      formats.push({
        ref,
        rules: [
          {
            type: "expression",
            priority: ++priority,
            formulae: [formula],
            style: {
              fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(fill) } },
              font: { color: { argb: argb(font) } },
            },
          },
        ],
      });
    };
    for (const col of spec.columns) {
      const letter = columnLetter(position(col));
      const ref = `${letter}2:${letter}${EXCEL_LAST_ROW}`;
      if (col.computed) {
        highlight(
          ref,
          `AND(${SYSTEM_MARK},LEFT(${letter}2,${ERROR_PREFIX.length})="${ERROR_PREFIX}")`,
          COLORS.errorFill,
          COLORS.errorFont,
        );
      }
      if (col.kind === "date" && isDeadlineColumn(col.name)) {
        highlight(
          ref,
          overdueCondition(headers, position(col)),
          COLORS.overdueFill,
          COLORS.overdueFont,
        );
      }
    }
    internals.conditionalFormattings = formats;
  }
}
