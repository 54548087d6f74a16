/**
 * collect's check of a local unit file's name (`cadre-care collect`, ./units.ts): a file named
 * as one unit's file (split names them fileStem(unit).xlsx) that records another unit was
 * likely sent by mistake, and is refused whole. Unit spreadsheets (Sheets) have no file name to
 * check, so this stays out of the Apps Script bundle.
 */
import { fileStem } from "./publish";

/** The stem of a file path: no folders, no .xlsx. */
function stemOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.xlsx$/i, "");
}

/** CollectOptions.fileName over the hub's units (UnitCollector.unitNames). */
export function fileNameCheck(
  units: Iterable<string>,
): (file: string, unit: string) => string | null {
  const stems = new Map<string, string>();
  for (const u of units) stems.set(fileStem(u), u);
  return (file, unit) => {
    const named = stems.get(stemOf(file));
    return named !== undefined && named !== unit
      ? `文件名对应单位“${named}”，但文件记录的单位是“${unit}”：可能发错了文件，请核实后把文件改回“${fileStem(unit)}.xlsx”再收回`
      : null;
  };
}
