/**
 * `cadre-care deadlines FILE.xlsx --date YYYY-MM-DD [--json]`: what is due, soon due and overdue
 * on that date. A Chinese table grouped by unit (units with overdue items first); with --json an
 * array of objects with exactly item, year, unit, personId, due, status, daysLeft.
 */
import { EXIT, parseDateOption, type CommandIO } from "../io";
import { openWorkbook } from "./workbook";
import { progress, readingSheets } from "../progress";
import { SHEETS } from "../../records/schema";
import { type Day, dayFromInstant, isoFromDay } from "../../rules/dates";
import { KIND_LABELS, PLAN_UNFILED, STATUS_LABELS } from "../../rules/deadlines";
import {
  type DeadlineItem,
  type DeadlineJson,
  type DeadlineScan,
  readDeadlineGrids,
  scanDeadlines,
} from "../../workflows/deadlines";
import { computedLeavePay } from "../../workflows/leavePay";

/** The day a command works on: --date, else today (Asia/Shanghai) from the IO clock. */
export function commandDay(date: string | undefined, io: CommandIO): Day {
  return dayFromInstant(parseDateOption(date) ?? io.now());
}

export function toJson(item: DeadlineItem): DeadlineJson {
  return {
    item: item.item,
    year: item.year,
    unit: item.unit,
    personId: item.personId,
    due: isoFromDay(item.due),
    status: item.status,
    daysLeft: item.daysLeft,
  };
}

/** Display width: CJK and full-width characters count 2. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function pad(text: string, columns: number): string {
  return text + " ".repeat(Math.max(0, columns - width(text)));
}

function daysText(item: DeadlineItem): string {
  if (item.unfiled) return "待备案";
  if (item.daysLeft < 0) return `逾期${-item.daysLeft}天`;
  if (item.daysLeft === 0) return "今天截止";
  return `剩${item.daysLeft}天`;
}

/** The table for people: open items grouped by unit, units with overdue items first. */
export function formatDeadlines(scan: DeadlineScan): string[] {
  // A leave plan made but not filed (已制定未备案) is done, and listed until it is filed.
  const open = scan.items.filter((i) => i.status !== "done" || i.unfiled);
  const lines: string[] = [`截至${isoFromDay(scan.today)}的期限事项（逾期在前，已完成的不列出）：`];
  if (open.length === 0) {
    lines.push("没有未完成的期限事项。");
  }
  const byUnit = new Map<string, DeadlineItem[]>();
  for (const item of open) byUnit.set(item.unit, [...(byUnit.get(item.unit) ?? []), item]);
  const count = (items: DeadlineItem[], s: string) => items.filter((i) => i.status === s).length;
  const units = [...byUnit.keys()].sort((a, b) => {
    const ia = byUnit.get(a)!;
    const ib = byUnit.get(b)!;
    return (
      count(ib, "overdue") - count(ia, "overdue") ||
      count(ib, "due-soon") - count(ia, "due-soon") ||
      a.localeCompare(b, "zh")
    );
  });
  const header = ["状态", "事项", "年度", "人员", "截止日期", "剩余"];
  const widths = [10, 24, 6, 18, 12, 10];
  for (const unit of units) {
    const items = byUnit.get(unit)!;
    lines.push("");
    lines.push(
      `【${unit || "（未填写单位）"}】逾期 ${count(items, "overdue")} 项，即将到期 ${count(items, "due-soon")} 项，未到期 ${count(items, "open")} 项`,
    );
    lines.push(
      "  " +
        header
          .map((h, i) => pad(h, widths[i]))
          .join(" ")
          .trimEnd(),
    );
    for (const item of items) {
      const who =
        item.item === "talk-followup"
          ? item.name
            ? `对象 ${item.name}`
            : ""
          : item.personId
            ? `${item.name} ${item.personId}`.trim()
            : "";
      const cells = [
        item.unfiled ? PLAN_UNFILED : STATUS_LABELS[item.status],
        KIND_LABELS[item.item],
        String(item.year),
        who,
        isoFromDay(item.due),
        daysText(item),
      ];
      lines.push(
        "  " +
          cells
            .map((c, i) => pad(c, widths[i]))
            .join(" ")
            .trimEnd(),
      );
    }
  }
  const done = scan.items.filter((i) => i.status === "done").length;
  lines.push("");
  lines.push(
    `合计：已逾期 ${open.filter((i) => i.status === "overdue").length} 项，即将到期 ${open.filter((i) => i.status === "due-soon").length} 项，未到期 ${open.filter((i) => i.status === "open").length} 项，已完成 ${done} 项。`,
  );
  for (const warning of scan.warnings) lines.push(`注意：${warning}`);
  return lines;
}

export async function deadlinesCommand(
  file: string,
  opts: { date?: string; json?: boolean },
  io: CommandIO,
): Promise<number> {
  const today = commandDay(opts.date, io);
  const bar = progress(io, "期限", SHEETS.length + 1);
  let scan;
  try {
    const workbook = await openWorkbook(file, readingSheets(bar));
    bar.tick("检查期限");
    scan = scanDeadlines(readDeadlineGrids(workbook), today, computedLeavePay);
  } finally {
    bar.done();
  }
  if (opts.json) io.out(JSON.stringify(scan.items.map(toJson), null, 2));
  else for (const line of formatDeadlines(scan)) io.out(line);
  return EXIT.ok;
}
