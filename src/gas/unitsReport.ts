/**
 * The text of a run of 生成单位表格 or 同步单位表格 (./units.ts), with each unit's report
 * (formatReport, as `cadre-care collect` prints it). Written in the menu items' dialog pages
 * (src/gas/dialog/client/units.ts), not in dist/Code.js: the daily trigger logs counts only.
 */
import { formatReport, reportHasProblems } from "../workflows/units";
import { UNITS_FOLDER_NAME, type UnitRunResult } from "./units";

/** The dialog text of a run. */
export function describeUnitRun(result: UnitRunResult | string): string {
  if (typeof result === "string") return result;
  const lines: string[] = [];
  if (result.mode === "create") {
    lines.push(
      `已生成 ${result.processed.length} 个单位表格，保存在云端硬盘“${UNITS_FOLDER_NAME}”文件夹，并共享给各单位联系邮箱（只能编辑本单位的表格）。`,
    );
  } else {
    const problems = result.reports.filter(reportHasProblems).length;
    lines.push(
      `已同步 ${result.processed.length} 个单位表格` +
        (problems ? `，其中 ${problems} 个有拒收或冲突：` : "。"),
    );
    for (const r of result.reports) {
      if (!reportHasProblems(r) && r.changed.length + r.added.length === 0) continue;
      lines.push(...formatReport(r).slice(0, 12));
    }
  }
  if (result.remaining > 0) {
    lines.push(
      `还有 ${result.remaining} 个单位：Google 表格 API 每分钟最多 60 次读写、Apps Script 每次最多运行 6 分钟，` +
        `其余将在约 1 分钟后自动在后台继续，直到全部完成，期间无需再次点击。`,
    );
  }
  lines.push(...result.notes);
  return lines.join("\n");
}
