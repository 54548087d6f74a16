/**
 * The 导入人员名单 dialog (dist/dialog-roster.html): a roster sheet the user pasted or imported
 * (文件 > 导入 > 插入新工作表) into the spreadsheet is mapped and matched in the browser by the
 * CLI's use case (src/workflows/importRoster.ts): first a preview (the mapping, the counts,
 * every problem and conflict), then, on 导入, the same run again whose changes — new people,
 * blank cells filled, units added by name — go to the server's checked write, which never
 * overwrites a typed value. Importing the same sheet again changes nothing.
 */
import type { WireRead } from "../wire";
import { SHEETS } from "../../../records/schema";
import { mapRoster } from "../../../records/roster";
import { gridFromWire } from "../wire";
import { formatRosterImport, importRoster } from "../../../workflows/importRoster";
import { $, DialogWorkbook, busy, closeDialog, element, read, show } from "./host";

/** The sheets the system owns (and the dashboard): never a roster. */
const SYSTEM = new Set([...SHEETS.map((s) => s.name), "仪表盘"]);

const select = $("sheet");
let preview: WireRead | null = null;

function start(data: WireRead): void {
  const own = data.names.filter((n) => !SYSTEM.has(n));
  if (!own.length) {
    show(
      "没有可导入的工作表：请先把花名册粘贴到一个新工作表（或用“文件 > 导入”插入为新工作表），再点“导入人员名单”。",
    );
    return;
  }
  const rosters = own.filter((n) => mapRoster(gridFromWire(data.sheets[n] ?? [])) !== null);
  for (const name of own) {
    const option = element("option");
    option.value = name;
    option.textContent = name;
    select.appendChild(option);
  }
  select.value = rosters.includes(data.active) ? data.active : (rosters[0] ?? own[0]);
  $("go").hidden = false;
  show(`请选择花名册所在的工作表，再点“预览”。可选：${own.join("、")}`);
}

$("go").addEventListener("click", () =>
  busy(["go", "confirm"], async () => {
    $("confirm").hidden = true;
    const name = select.value;
    preview = await read([name, "人员", "单位"]);
    const grid = preview.sheets[name];
    if (!grid) return `没有名为「${name}」的工作表`;
    const r = importRoster(new DialogWorkbook(preview), gridFromWire(grid), { dryRun: true });
    const lines = formatRosterImport(r, true).slice(0, -1);
    if (!r.added.length && !r.filled)
      return [...lines, "台账没有需要改动的地方，未写入。"].join("\n");
    $("confirm").hidden = false;
    return [...lines, "", "是否导入？（台账中已填的值不会被覆盖）"].join("\n");
  }),
);

$("confirm").addEventListener("click", () =>
  busy(["go", "confirm"], async () => {
    $("confirm").hidden = true;
    const data = preview as WireRead;
    const book = new DialogWorkbook(data);
    const result = importRoster(book, gridFromWire(data.sheets[select.value] ?? []));
    const skipped = await book.save();
    return [...formatRosterImport(result), ...skipped].join("\n");
  }),
);

$("close").addEventListener("click", closeDialog);

// The sheets to choose from, each read once to tell a roster from other sheets.
read([])
  .then((names) => read(names.names.filter((n) => !SYSTEM.has(n)).slice(0, 40)))
  .then(start, (err) => show(String(err instanceof Error ? err.message : err)));
