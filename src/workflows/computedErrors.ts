/**
 * What `check` adds on the command line: every computed cell `compute` would fill with 错误 on
 * the day checked, as problems. Passed to checkWorkbook as `computedErrors`.
 */
import type { Grid } from "../records/cells";
import type { Problem } from "../records/codec";
import type { Day } from "../rules/dates";
import { ERROR_PREFIX, isErrorText } from "../rules/errors";
import { computeRows } from "./compute";

/**
 * The cells `compute` would fill with 错误 on `today`, one problem per row and reason (naming
 * every column it fills). A reason that repeats a problem already listed on that row is not
 * listed again; one that repeats a problem of another sheet (年休假 rows of a person whose
 * 参加工作时间 is wrong) is added to that problem's message, so every such cell is named.
 */
export function computedErrorProblems(
  read: (sheet: string) => Grid | null,
  today: Day,
  known: Problem[],
): Problem[] {
  const said = new Set(known.map((p) => `${p.sheet}\u0000${p.row}\u0000${p.message}`));
  const byMessage = new Map<string, Problem>();
  for (const p of known) if (!byMessage.has(p.message)) byMessage.set(p.message, p);
  // A reason that names a column already reported on that row is the same problem again.
  const columnsOf = new Map<string, string[]>();
  for (const p of known) {
    if (!p.column) continue;
    const k = `${p.sheet}\u0000${p.row}`;
    columnsOf.set(k, [...(columnsOf.get(k) ?? []), p.column]);
  }
  const cascades = new Map<Problem, Map<string, number[]>>();
  const problems: Problem[] = [];
  for (const [sheet, rows] of computeRows(read, today)) {
    for (const [row, values] of rows) {
      const byReason = new Map<string, string[]>();
      for (const [column, value] of Object.entries(values)) {
        if (!isErrorText(value)) continue;
        const reason = String(value).slice(ERROR_PREFIX.length);
        byReason.set(reason, [...(byReason.get(reason) ?? []), column]);
      }
      for (const [reason, columns] of byReason) {
        if (said.has(`${sheet}\u0000${row}\u0000${reason}`)) continue;
        if (columnsOf.get(`${sheet}\u0000${row}`)?.some((c) => reason.includes(c))) continue;
        const root = byMessage.get(reason.replace(/^「[^」]+」/, ""));
        if (root) {
          const sheets = cascades.get(root) ?? new Map<string, number[]>();
          sheets.set(sheet, [...(sheets.get(sheet) ?? []), row]);
          cascades.set(root, sheets);
          continue;
        }
        problems.push({
          sheet,
          row,
          column: columns[0],
          message: `计算列${columns.map((c) => `「${c}」`).join("")}将显示错误：${reason}`,
        });
      }
    }
  }
  for (const [root, sheets] of cascades) {
    const where = [...sheets].map(([sheet, rows]) => `「${sheet}」第 ${rows.join("、")} 行`);
    root.message += `（因此${where.join("，")}的计算列将显示错误）`;
  }
  return problems;
}
