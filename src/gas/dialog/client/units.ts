/**
 * The dialogs of 生成单位表格 and 同步单位表格 (dist/dialog-units-create.html,
 * dist/dialog-units-sync.html): the server runs the creation or the sync (dialogUnits, the same
 * run as the daily trigger's), and the page writes its text (src/gas/unitsReport.ts).
 */
import { describeUnitRun } from "../../unitsReport";
import type { UnitRunResult, WireUnitRun } from "../../units";
import { $, busy, call, closeDialog } from "./host";

/** The run as the server sent it, each { d: ms } a Date again. */
function dates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dates);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).join() === "d" && typeof o.d === "number") return new Date(o.d);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, dates(v)]));
  }
  return value;
}

export function unitsDialog(mode: "create" | "sync"): void {
  busy(["close"], async () => {
    const run = await call<WireUnitRun>("dialogUnits", mode);
    const text = run.text ?? describeUnitRun(dates(run.result) as UnitRunResult);
    return text + (run.daily ? "\n已安装每天 7:00 的单位表格同步。" : "");
  });
  $("close").addEventListener("click", closeDialog);
}
