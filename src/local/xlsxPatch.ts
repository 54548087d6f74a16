/**
 * The Workbook port over an .xlsx file for the commands that change values, not layout
 * (compute, remind, docs, check, the whole job). Cell values are scanned straight from the
 * package's XML into grids (xlsxPackage, read as exceljs would read them), and `save` rewrites
 * only the cells written: every other byte of the package, people's own formatting included,
 * stays as it was. This keeps a county workbook of 140,000 rows within seconds and a few
 * hundred MB, where the full exceljs model takes a gigabyte.
 *
 * A package laid out in a way the scanner does not take falls back to the full exceljs model
 * (XlsxWorkbook): `load` returns null, and `save` replays the same changes through the full
 * model when a sheet cannot be patched. exceljs's own streaming reader is not used: it
 * decodes each chunk separately and garbles a Chinese character split across two chunks.
 */
import JSZip from "jszip";
import { type Cell, type Grid, isBlank } from "../records/cells";
import type { SheetSpec } from "../records/spec";
import { denseGrid, hasAllHeaders } from "../records/layout";
import { type LocalWorkbook, XlsxWorkbook, fromExcel } from "./xlsx";
import { writeFileAtomic } from "./files";
import {
  type CellPatch,
  type SheetPart,
  type StyleContext,
  dateStyles,
  patchWorksheet,
  readSharedStrings,
  readWorksheet,
  usesDate1904,
  withoutCalcChain,
  workbookSheets,
} from "./xlsxPackage";

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const STYLES = "xl/styles.xml";
const SHARED_STRINGS = "xl/sharedStrings.xml";
const CALC_CHAIN = "xl/calcChain.xml";
const CONTENT_TYPES = "[Content_Types].xml";

export class PatchedWorkbook implements LocalWorkbook {
  /** The cells written since loading, by sheet. */
  private readonly written = new Map<string, CellPatch>();

  private constructor(
    private readonly data: Uint8Array,
    private readonly file: string,
    private readonly parts: readonly SheetPart[],
    private readonly rows: Map<string, Cell[][]>,
    /** Date styles and date system, read once at load; saving patches with the same. */
    private readonly context: StyleContext,
  ) {}

  /**
   * Read an .xlsx file's bytes (from `readWorkbookFile`), calling `onSheet` after each sheet.
   * null when the package is laid out in a way this reader does not take, or cannot be read by
   * it: load it with XlsxWorkbook then, which also gives the Chinese error for a damaged file.
   */
  static async load(
    data: Uint8Array,
    file: string,
    onSheet: (name: string) => void = () => {},
    /** Read only these sheets; the others read as null (for a caller that only reads). */
    only?: ReadonlySet<string>,
  ): Promise<PatchedWorkbook | null> {
    try {
      const zip = await JSZip.loadAsync(data);
      const workbookXml = await zip.file(WORKBOOK)?.async("string");
      const rels = await zip.file(WORKBOOK_RELS)?.async("string");
      if (workbookXml === undefined || rels === undefined) return null;
      const parts = workbookSheets(workbookXml, rels);
      if (!parts) return null;
      const text = async (name: string): Promise<string> =>
        (await zip.file(name)?.async("string")) ?? "";
      const strings = readSharedStrings(await text(SHARED_STRINGS));
      if (!strings) return null;
      const context: StyleContext = {
        dateStyles: dateStyles(await text(STYLES)),
        date1904: usesDate1904(workbookXml),
      };
      const rows = new Map<string, Cell[][]>();
      for (const part of parts) {
        if (only && !only.has(part.name)) continue;
        const sheet = readWorksheet(await text(part.path), strings, context, fromExcel);
        if (!sheet) return null;
        rows.set(part.name, sheet);
        onSheet(part.name);
      }
      return new PatchedWorkbook(data, file, parts, rows, context);
    } catch {
      return null;
    }
  }

  sheetNames(): string[] {
    return this.parts.map((p) => p.name);
  }

  readSheet(name: string): Grid | null {
    const rows = this.rows.get(name);
    return rows ? denseGrid(rows) : null;
  }

  private sheetRows(name: string): Cell[][] {
    const rows = this.rows.get(name);
    if (!rows) throw new Error(`工作表“${name}”不存在，请先运行 init 初始化工作簿`);
    return rows;
  }

  writeRange(sheet: string, row: number, column: number, values: Grid): void {
    const rows = this.sheetRows(sheet);
    let patch = this.written.get(sheet);
    if (!patch) this.written.set(sheet, (patch = new Map()));
    for (let i = 0; i < values.length; i++) {
      const r = row + i;
      const line = rows[r - 1] ?? (rows[r - 1] = []);
      let cells = patch.get(r);
      if (!cells) patch.set(r, (cells = new Map()));
      const source = values[i];
      for (let j = 0; j < source.length; j++) {
        // "" clears the cell, as in Sheets and in XlsxWorkbook.
        const value = source[j] === "" ? null : (source[j] ?? null);
        line[column + j - 1] = value;
        cells.set(column + j, value);
      }
    }
  }

  appendRows(sheet: string, rows: Grid): void {
    if (rows.length === 0) return;
    const existing = this.sheetRows(sheet);
    let last = existing.length;
    while (last > 0 && !(existing[last - 1] ?? []).some((v) => !isBlank(v))) last--;
    this.writeRange(sheet, last + 1, 1, rows);
  }

  /**
   * Layout is `init`'s work (XlsxWorkbook); a patched workbook is only opened when every
   * sheet already has its headers, so here there is nothing to do.
   */
  ensureSheet(spec: SheetSpec): void {
    const header = this.readSheet(spec.name)?.[0];
    if (header === undefined || !hasAllHeaders(header, spec)) {
      throw new Error(`sheet ${spec.name} needs setup; open the workbook with XlsxWorkbook`);
    }
  }

  /** Save by patching the written cells into the package, or through exceljs when it must. */
  async save(file: string): Promise<void> {
    const patched = await this.patchedPackage();
    if (patched) {
      await writeFileAtomic(file, patched);
      return;
    }
    const full = await XlsxWorkbook.load(this.data, this.file);
    for (const [sheet, patch] of this.written) {
      for (const [r, cells] of patch) {
        for (const [c, value] of cells) full.writeRange(sheet, r, c, [[value]]);
      }
    }
    await full.save(file);
  }

  /** The package with the written cells patched in; null when a sheet cannot be patched. */
  private async patchedPackage(): Promise<Uint8Array | null> {
    if (this.written.size === 0) return this.data;
    const zip = await JSZip.loadAsync(this.data);
    const text = async (name: string): Promise<string> =>
      (await zip.file(name)?.async("string")) ?? "";
    for (const [sheet, patch] of this.written) {
      const part = this.parts.find((p) => p.name === sheet) as SheetPart;
      const xml = patchWorksheet(await text(part.path), patch, this.context);
      if (xml === null) return null;
      zip.file(part.path, xml);
    }
    // Excel rebuilds a missing calculation chain; a stale one makes it "repair" the file.
    if (zip.file(CALC_CHAIN)) {
      const cleaned = withoutCalcChain(await text(CONTENT_TYPES), await text(WORKBOOK_RELS));
      zip.remove(CALC_CHAIN);
      zip.file(CONTENT_TYPES, cleaned.contentTypes);
      zip.file(WORKBOOK_RELS, cleaned.workbookRels);
    }
    // Parts not rewritten keep their compressed bytes; level 1 for the rewritten ones.
    return zip.generateAsync({
      type: "uint8array",
      compression: "DEFLATE",
      compressionOptions: { level: 1 },
    });
  }
}
