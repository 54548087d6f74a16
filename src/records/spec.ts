/**
 * The shape of a sheet as the system sets it up: columns by header name, which of them people
 * type and which the system computes, their types, dropdown values and formats. Adapters
 * (Sheets, xlsx) apply a SheetSpec; nothing outside src/records hard-codes a column position.
 */
import type { Cell } from "./cells";

export type ColumnKind = "text" | "integer" | "number" | "money" | "date" | "year" | "enum";

export interface ColumnSpec {
  /** Header text in row 1, exactly as users see it. */
  name: string;
  kind: ColumnKind;
  /** Written by the system (protected, warning-only); people never type here. */
  computed: boolean;
  /** A data row must have a value here. */
  required: boolean;
  /** Dropdown values for `enum` columns (data validation). */
  options?: readonly string[];
  /** Dropdown shows these but also allows other text (e.g. several green-channel conditions). */
  allowOther?: boolean;
  /** Column width in characters. */
  width: number;
  /**
   * A `date` column that also takes a month (2016.07, 2016年7月, 201607 → the 1st of that month),
   * as cadre records write 参加工作时间. Every other date column is day-precision.
   */
  monthPrecision?: boolean;
  /** Number format: "yyyy-mm-dd", "#,##0.00", "0", "@" (text). */
  format?: string;
  /** Header note in Chinese: what to type here. */
  note?: string;
  /**
   * Sheets only: the one formula placed in row 2 that fills the whole column. `ref(column)`
   * gives the A1 range of a column of this sheet from row 2 down (e.g. "F2:F"); `ref(column,
   * sheet)` of another sheet, quoted as needed ("'人员'!A2:A").
   */
  formula?: (ref: ColumnRef) => string;
}

export type ColumnRef = (column: string, sheet?: string) => string;

export interface SheetSpec {
  name: string;
  /** A system sheet (提醒, 文档, 日志): only the system writes it. Absent: people fill it in. */
  system?: boolean;
  columns: readonly ColumnSpec[];
  /** Rows written once when the sheet is created empty (参数, 奖励标准 defaults), in column order. */
  defaults?: readonly (readonly Cell[])[];
  /**
   * The year or date column that says which year a row belongs to. Rows of years before the
   * previous one can be archived out of the live record; sheets without it (参数, 单位, 人员 …)
   * are reference data and stay whole.
   */
  yearColumn?: string;
}
