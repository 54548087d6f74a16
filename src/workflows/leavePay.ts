/**
 * 其中另行支付 derived by compute, for scans of a workbook whose computed columns are blank (an
 * .xlsx not computed yet): the very computation `compute` and the formulas do, run once for the
 * whole record. The Node side passes it to scanDeadlines; Sheets computes the column itself,
 * so the Apps Script bundle does without it (and without the compute code).
 */
import { ERROR_PREFIX } from "../rules/errors";
import { type ComputedSheet, computeRows } from "./compute";
import type { LeavePayDerivation } from "./deadlines";

export const computedLeavePay: LeavePayDerivation = (grids, today) => {
  let leave: ComputedSheet | undefined;
  return (row) => {
    leave ??= computeRows((name) => grids[name] ?? null, today).get("年休假") ?? new Map();
    const extra = leave.get(row.row)?.["其中另行支付"];
    if (typeof extra === "number") return extra;
    throw new Error(String(extra ?? "未能计算").replace(ERROR_PREFIX, ""));
  };
};
