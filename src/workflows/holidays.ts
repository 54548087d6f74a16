/**
 * `holidays`: the State Council's notice, pasted or saved as text, into 节假日 rows (日期, 类型
 * 休/班, 名称). The reader (src/records/holidayNotice.ts) checks the notice against itself;
 * here the rows are checked against what the workbook and the built-in calendar already say:
 * a date the 节假日 sheet has with the same type is left as it is, one it has with the other
 * type is a conflict (listed, never overwritten), and for a year the built-in calendar knows, a
 * day on which the notice and the calendar disagree is listed and not written — the built-in
 * data includes later notices (2020's extended Spring Festival), which a row would override.
 * Importing the same notice twice writes nothing the second time. The CLI and the Sheets menu
 * item 导入放假通知 share this use case.
 */
import { type Cell, readText } from "../records/cells";
import { decodeTable, encodeRow } from "../records/codec";
import { type NoticeEntry, noticeEntries, parseHolidayNotice } from "../records/holidayNotice";
import { readColumnValue } from "../records/parse";
import { columnSpec, sheetSpec } from "../records/schema";
import { officialCalendar } from "../rules/calendar";
import { type Day, dayFromYmd, instantFromDay, isoFromDay, weekday, yearEnd } from "../rules/dates";
import { InputError } from "../rules/errors";
import type { Workbook } from "./ports";

export interface HolidayConflict {
  entry: NoticeEntry;
  /** Where the other value is: 「节假日」第 N 行, or 内置日历. */
  where: string;
  other: string;
}

export interface HolidayImport {
  year: number;
  entries: NoticeEntry[];
  /** Rows written (or, in a dry run, to be written). */
  added: NoticeEntry[];
  /** Rows the sheet already had, the same. */
  same: number;
  conflicts: HolidayConflict[];
  /** The built-in calendar knows the year and agrees with every day of the notice. */
  matchesBuiltIn: boolean | null;
}

const SHEET = "节假日";

/** Read the notice and write its rows (unless `dryRun`). */
export function importHolidayNotice(
  workbook: Workbook,
  text: string,
  options: { dryRun?: boolean } = {},
): HolidayImport {
  const notice = parseHolidayNotice(text);
  const entries = noticeEntries(notice);
  const grid = workbook.readSheet(SHEET);
  if (!grid || grid.length === 0) {
    throw new InputError(`缺少工作表「${SHEET}」，请先运行 init 补全工作表和表头`);
  }
  const spec = sheetSpec(SHEET);
  const table = decodeTable(spec, grid);
  const existing = new Map<Day, { type: string; row: number }>();
  for (const r of table.rows) {
    try {
      const day = readColumnValue(columnSpec(SHEET, "日期"), r.get("日期")) as Day | undefined;
      if (day !== undefined) existing.set(day, { type: readText(r.get("类型")), row: r.row });
    } catch {
      // A row check reports; it cannot match a notice day.
    }
  }

  const official = officialCalendar();
  const known = official.knownYears.has(notice.year);
  const conflicts: HolidayConflict[] = [];
  const added: NoticeEntry[] = [];
  let same = 0;
  let agrees = true;
  for (const entry of entries) {
    if (known) {
      const worked = official.isWorkday(entry.day);
      if (worked !== (entry.type === "班")) {
        agrees = false;
        conflicts.push({ entry, where: "内置日历", other: worked ? "工作日" : "休息日" });
        continue;
      }
    }
    const had = existing.get(entry.day);
    if (had && had.type === entry.type) same++;
    else if (had)
      conflicts.push({ entry, where: `「${SHEET}」第 ${had.row} 行`, other: had.type || "空白" });
    else added.push(entry);
  }
  if (known) {
    // Official days of the year the notice does not give (a later notice's).
    const given = new Set(entries.map((e) => e.day));
    for (let day = dayFromYmd(notice.year, 1, 1); day <= yearEnd(notice.year); day++) {
      if (given.has(day)) continue;
      const weekend = weekday(day) === 0 || weekday(day) === 6;
      if (official.isWorkday(day) === weekend) agrees = false;
    }
  }
  if (added.length && !options.dryRun) {
    const rows: Cell[][] = added.map((e) =>
      encodeRow(spec, grid[0], { 日期: instantFromDay(e.day), 类型: e.type, 名称: e.name }),
    );
    workbook.appendRows(SHEET, rows);
  }
  return {
    year: notice.year,
    entries,
    added,
    same,
    conflicts,
    matchesBuiltIn: known ? agrees : null,
  };
}

/** The Chinese report of an import, for the CLI and the Sheets dialog. */
export function formatHolidayImport(r: HolidayImport, dryRun = false): string[] {
  const off = r.entries.filter((e) => e.type === "休").length;
  const worked = r.entries.length - off;
  const lines = [`${r.year}年：放假 ${off} 天（含周末）、调休上班 ${worked} 天`];
  const byName = new Map<string, NoticeEntry[]>();
  for (const e of r.entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const firstOff = (list: NoticeEntry[]) =>
    Math.min(...list.filter((e) => e.type === "休").map((e) => e.day));
  for (const [name, list] of [...byName].sort((a, b) => firstOff(a[1]) - firstOff(b[1]))) {
    const days = list.filter((e) => e.type === "休").map((e) => e.day);
    const work = list.filter((e) => e.type === "班").map((e) => isoFromDay(e.day));
    lines.push(
      `  ${name}：${isoFromDay(Math.min(...days))} 至 ${isoFromDay(Math.max(...days))} 放假 ${days.length} 天` +
        (work.length ? `；${work.join("、")} 上班` : ""),
    );
  }
  lines.push(
    `${dryRun ? "将写入" : "已写入"}「${SHEET}」${r.added.length} 行` +
      (r.same ? `；已有相同的 ${r.same} 行，未改动` : ""),
  );
  for (const c of r.conflicts) {
    lines.push(
      `  未写入 ${isoFromDay(c.entry.day)}（通知为“${c.entry.type}”）：${c.where}为“${c.other}”` +
        (c.where === "内置日历" ? "（内置日历含后续通知）" : ""),
    );
  }
  if (r.matchesBuiltIn === true) lines.push(`与内置的${r.year}年国务院节假日安排逐日一致`);
  if (r.matchesBuiltIn === false) lines.push(`与内置的${r.year}年安排不完全一致（见上）`);
  if (r.matchesBuiltIn === null) lines.push(`内置日历尚无${r.year}年的安排，计算时将使用这些行`);
  return lines;
}
