/**
 * How a custom formula maps over ranges. Sheets passes a single cell as a value and a range as
 * a 2-D array; one formula in row 2 fills a whole column, so every argument may be either.
 * Single values broadcast against ranges and the result has the range's shape. A row that
 * cannot be computed gets `错误：…` text in that row only; the formula never throws.
 */
import { type Cell, type Grid, isBlank } from "../records/cells";
import { ERROR_PREFIX, errorText, isErrorText } from "../rules/errors";

export type Arg = Cell | Grid;

const isGrid = (a: Arg): a is Grid => Array.isArray(a);

/** A 1×1 range behaves as the single value it holds. */
function unwrap(a: Arg): Arg {
  return isGrid(a) && a.length === 1 && Array.isArray(a[0]) && a[0].length === 1 ? a[0][0] : a;
}

/**
 * Apply `compute` to each position of the argument ranges. `compute` receives one cell per
 * argument and may throw; its error becomes that cell's `错误：` text.
 */
export function broadcast(args: readonly Arg[], compute: (cells: Cell[]) => Cell): Cell | Grid {
  const values = args.map(unwrap);
  let rows = -1;
  let cols = -1;
  for (const v of values) {
    if (!isGrid(v)) continue;
    const r = v.length;
    const c = r > 0 ? v[0].length : 0;
    if (rows === -1) {
      rows = r;
      cols = c;
    } else if (r !== rows || c !== cols) {
      return (
        ERROR_PREFIX +
        `各区域大小不一致（${rows}行×${cols}列 与 ${r}行×${c}列），请选择行数、列数相同的区域`
      );
    }
  }
  const safe = (cells: Cell[]): Cell => {
    try {
      return compute(cells);
    } catch (err) {
      return errorText(err);
    }
  };
  if (rows === -1) return safe(values as Cell[]);
  const out: Grid = new Array(rows);
  const cells: Cell[] = new Array(values.length);
  for (let i = 0; i < rows; i++) {
    const row: Cell[] = new Array(cols);
    for (let j = 0; j < cols; j++) {
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        cells[k] = isGrid(v) ? v[i][j] : v;
      }
      row[j] = safe(cells);
    }
    out[i] = row;
  }
  return out;
}

/**
 * A row function that gives a blank result when every one of its `required` leading cells is
 * blank (blank input rows stay blank), and otherwise computes. An argument that is already an
 * `错误：` text (an earlier computed column's error, or a lookup's) is the result unchanged, as
 * `compute` passes an upstream error on, so the sheet shows the same text as `compute` writes.
 */
export function blankUnless(required: number, compute: (cells: Cell[]) => Cell) {
  return (cells: Cell[]): Cell => {
    for (let i = 0; i < required; i++) {
      if (isBlank(cells[i])) continue;
      const upstream = cells.find(isErrorText);
      return upstream === undefined ? compute(cells) : upstream;
    }
    return "";
  };
}

/** The rows of a table argument (a range such as 奖励标准 or 节假日); a single value is one row. */
export function tableRows(a: Arg): Grid {
  if (a === undefined || a === null || a === "") return [];
  return isGrid(a) ? a : [[a]];
}
