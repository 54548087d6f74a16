/**
 * Publish documents (menu 生成文档, `cadre-care docs`): build every filing and notice from the
 * record, give the notices their 发文字号, render each through a DocumentSink and list them in
 * the 文档 sheet.
 *
 * - The workbook's computed columns are read as they are: in Sheets the formulas keep them
 *   current; locally the caller runs computeWorkbook first (the docs command does).
 * - Each sheet is read once. The register is written with at most two calls: one writeRange over
 *   the rows of documents generated again, one appendRows for the new ones.
 * - A filing is identified by (类型, 年度, 单位), a notice (通报表扬, 通报批评) by (类型, 年度,
 *   成文日期): one register row per issuance. Generating it again replaces the earlier file (the
 *   sink gets the earlier link) and its register row, and keeps its 文号; never a second row. A
 *   notice issued on a new date is a new document with the next 文号; the earlier one stays.
 * - 发文字号 (notices only; forms carry none): 参数 发文字号前缀 + 〔year of the 成文日期〕 + the
 *   next number after every 文号 of that prefix and year in the register.
 * - 通报表扬 of year Y: the units whose every item of Y (年休假计划备案, 体检方案备案, 体检情况备案,
 *   and 未休年休假报酬支付 where the unit owed any) was done by its deadline — the deadline scan
 *   run on each deadline day says so. 通报批评: the scan on the date, items overdue.
 */
import type { Cell, Grid } from "../records/cells";
import { readText, readYear } from "../records/cells";
import { decodeTable, encodeRow, headerColumns } from "../records/codec";
import { sheetSpec } from "../records/schema";
import { type Day, dayFromInstant, instantFromDay, isoFromDay, yearOf } from "../rules/dates";
import {
  type DeadlineKind,
  healthPlanDue,
  healthReportDue,
  leavePayDeadline,
  leavePlanDue,
} from "../rules/deadlines";
import { formatDocNumber, nextSequence, parseDocNumber } from "../documents/numbering";
import { withNumber } from "../documents/template";
import {
  type BuiltDocument,
  DOCUMENT_TYPES,
  type DocumentType,
  FILING_BUILDERS,
  NOTICE_KINDS,
  NOTICE_TYPES,
  type PraisedUnit,
  RECORD_SHEETS,
  buildCriticismNotice,
  buildPraiseNotice,
  documentYear,
  readDocumentRecord,
  unitNames,
} from "../documents/builders";
import {
  DEADLINE_SHEETS,
  type DeadlineGrids,
  type DeadlineScan,
  type LeavePayDerivation,
  readSettings,
  scanDeadlines,
} from "./deadlines";
import type { DocumentSink, Workbook } from "./ports";

export const REGISTER_SHEET = "文档";
/** What the register's 链接 says for a document a stopped batch has not written yet. */
export const PENDING_LINK = "待生成";
/** What the register's 单位 column says for a county-wide notice. */
export const COUNTY_WIDE = "全县";

export interface PublishOptions {
  /** 成文日期 of every document, and the day deadlines are judged on. */
  date: Day;
  /** 生成时间 written to the register. */
  now: Date;
  /** One year for every document (通报批评 excepted); default per type (see documentYear). */
  year?: number | null;
  /** Only these types; default all. */
  types?: readonly DocumentType[];
  /** Called after each document is rendered. */
  onDocument?: (done: number, total: number) => void;
  /**
   * Asked before each document after the first; true leaves the rest for a later run
   * (`remaining` in the result). Apps Script uses it to stop well inside its 6-minute limit.
   */
  shouldStop?: () => boolean;
  /**
   * Asked when the sink throws: a reason (Chinese) turns the error into a stop, as shouldStop
   * does (the documents written so far are registered, this one and the rest are left for a
   * later run, and the register lists them as pending); null rethrows. Apps Script uses it for
   * Google's daily quota ("Service invoked too many times for one day").
   */
  stopOn?: (err: unknown) => string | null;
  /**
   * Asked when the sink throws and stopOn gave no reason: a reason (Chinese) skips this
   * document (not written, not registered, the reason once in `notes`) and goes on with the
   * next. Apps Script uses it for a county-edited template Doc whose placeholders do not fit.
   */
  skipOn?: (err: unknown) => string | null;
  /**
   * Continue a batch started at `now`: documents whose register row already carries this
   * 生成时间 (to the second) were written by an earlier run of the batch and are skipped.
   */
  resume?: boolean;
  /** How deadline scans derive 其中另行支付 where a cell holds no number (scanDeadlines). */
  leavePay?: LeavePayDerivation;
}

export interface PublishedDocument {
  type: DocumentType;
  year: number;
  /** null for county-wide notices. */
  unit: string | null;
  /** The title on one line. */
  title: string;
  /** 发文字号, null for forms. */
  number: string | null;
  /** 成文日期. */
  date: Day;
  /** What the sink returned: a Google Docs link or a path relative to the output folder. */
  link: string;
  /** True when an earlier version was replaced. */
  replaced: boolean;
}

export interface PublishResult {
  documents: PublishedDocument[];
  /** Values the documents could not show (待核实 cells), in Chinese. */
  warnings: string[];
  /** Documents not written because there was nothing to put in them, in Chinese. */
  notes: string[];
  /** Documents left for a later run because `shouldStop` (or `stopOn`) said so. */
  remaining: number;
  /** The reason `stopOn` gave when a sink error stopped the run; null otherwise. */
  stoppedBy: string | null;
  /** Documents skipped because an earlier run of the batch wrote them (`resume`). */
  alreadyDone: number;
}

/**
 * One entry of documents.json (type, year, unit, title, number, file, date) or one row of 文档.
 */
export interface DocumentEntry {
  type: string;
  year: number | null;
  unit: string | null;
  title: string;
  /** 发文字号; null for forms. */
  number: string | null;
  /** Relative to the documents folder (documents.json) or a full link (文档 sheet). */
  file: string;
  /** 成文日期 (YYYY-MM-DD). */
  date: string;
}

/** The documents.json entries of a publish run. */
export function documentEntries(result: PublishResult): DocumentEntry[] {
  return result.documents.map((d) => ({
    type: d.type,
    year: d.year,
    unit: d.unit,
    title: d.title,
    number: d.number,
    file: d.link,
    date: isoFromDay(d.date),
  }));
}

/** The key of a documents.json entry: as the register's (notices by 成文日期). */
export function entryKey(e: DocumentEntry): string {
  const notice = (NOTICE_TYPES as readonly string[]).includes(e.type);
  return registerKey(e.type, e.year ?? 0, notice ? null : e.unit, notice ? e.date : null);
}

/**
 * The list a documents folder keeps: this run's entries, and the earlier ones this run did not
 * generate again (an earlier 通报批评 issued on another date stays listed), earlier first.
 */
export function mergeEntries(earlier: readonly DocumentEntry[], now: readonly DocumentEntry[]) {
  const regenerated = new Set(now.map(entryKey));
  const files = new Set(now.map((e) => e.file));
  return [...earlier.filter((e) => !regenerated.has(entryKey(e)) && !files.has(e.file)), ...now];
}

/**
 * The file name of a document: year, type, unit, and for a notice its 成文日期 (one file per
 * issuance); no folders (Drive names the folder by year).
 */
export function documentFileName(
  type: DocumentType,
  year: number,
  unit: string | null,
  date: Day | null = null,
): string {
  const stem = fileStem(unit ?? COUNTY_WIDE);
  return `${year}-${type}-${stem}${date === null ? "" : `-${isoFromDay(date)}`}.docx`;
}

/** A name as a file name (no folders): unsafe characters replaced, long names shortened. */
export function fileStem(name: string): string {
  return shortened(name.replace(/[\\/:*?"<>|\s]/g, "_"));
}

/** Most characters of a unit name kept in a file name (file systems allow 255 bytes). */
const NAME_CHARS = 40;

/** A long name cut to NAME_CHARS with a short hash of the whole, so distinct names stay distinct. */
function shortened(name: string): string {
  if (name.length <= NAME_CHARS) return name;
  let hash = 5381;
  for (let i = 0; i < name.length; i++) hash = ((hash * 33) ^ name.charCodeAt(i)) >>> 0;
  return `${name.slice(0, NAME_CHARS)}~${hash.toString(16)}`;
}

/** The register key of a document: notices by 成文日期 (ISO), filings by unit. */
export function registerKey(
  type: string,
  year: number,
  unit: string | null,
  date: string | null = null,
): string {
  return `${type}\u0000${year}\u0000${unit ?? ""}\u0000${date ?? ""}`;
}

/** The register key of a built document. */
function builtKey(doc: BuiltDocument, date: Day): string {
  return NOTICE_TYPES.includes(doc.type)
    ? registerKey(doc.type, doc.year, null, isoFromDay(date))
    : registerKey(doc.type, doc.year, doc.unit);
}

interface RegisterEntry {
  /** Index into the data rows (0 = sheet row 2). */
  index: number;
  number: string;
  link: string;
  /** 生成时间 in whole seconds since the epoch; null when blank or unreadable. */
  generatedAt: number | null;
}

/** An instant in whole seconds: Sheets keeps a date-time to the second. */
const seconds = (instant: Date): number => Math.floor(instant.getTime() / 1000);

interface Register {
  header: Cell[];
  rows: Cell[][];
  byKey: Map<string, RegisterEntry>;
  numbers: string[];
}

function readRegister(workbook: Workbook): Register {
  const spec = sheetSpec(REGISTER_SHEET);
  let grid = workbook.readSheet(REGISTER_SHEET);
  if (!grid || grid.length === 0) {
    workbook.ensureSheet(spec);
    grid = workbook.readSheet(REGISTER_SHEET) ?? [spec.columns.map((c) => c.name)];
  }
  const header = [...grid[0]];
  const width = Math.max(header.length, ...grid.map((r) => r.length));
  const rows = grid.slice(1).map((r) => {
    const row = [...r];
    while (row.length < width) row.push(null);
    return row;
  });
  const table = decodeTable(spec, grid);
  const byKey = new Map<string, RegisterEntry>();
  const numbers: string[] = [];
  for (const r of table.rows) {
    const number = readText(r.get("文号"));
    if (number) numbers.push(number);
    const type = readText(r.get("类型"));
    let year: number;
    try {
      year = readYear(r.get("年度"), "年度");
    } catch {
      continue;
    }
    const unitText = readText(r.get("单位"));
    const unit = unitText === "" || unitText === COUNTY_WIDE ? null : unitText;
    const issued = r.get("成文日期");
    const key = (NOTICE_TYPES as readonly string[]).includes(type)
      ? registerKey(
          type,
          year,
          null,
          issued instanceof Date ? isoFromDay(dayFromInstant(issued)) : "",
        )
      : registerKey(type, year, unit);
    // A duplicate left by hand: the first row is the document's row.
    if (!byKey.has(key)) {
      const stamp = r.get("生成时间");
      byKey.set(key, {
        index: r.row - 2,
        number,
        link: readText(r.get("链接")),
        generatedAt: stamp instanceof Date ? seconds(stamp) : null,
      });
    }
  }
  return { header, rows, byKey, numbers };
}

/**
 * The units that finished every item of `year` on time, in 单位 order, with the items they had.
 * An item is on time when the scan on its deadline day (or on `date`, if earlier) finds it done.
 */
export function praisedUnits(
  grids: DeadlineGrids,
  year: number,
  date: Day,
  leavePay?: LeavePayDerivation,
): PraisedUnit[] {
  const settings = readSettings(grids);
  const due: Record<DeadlineKind, Day | null> = {
    "leave-plan": leavePlanDue(year, settings.leavePlanDue),
    "health-plan": healthPlanDue(year, settings.healthPlanDue),
    "health-report": healthReportDue(year, settings.healthReportDue),
    "leave-pay": leavePayDeadline(year),
    "talk-followup": null,
  };
  const scans = new Map<Day, DeadlineScan>();
  const scanOn = (day: Day): DeadlineScan => {
    let scan = scans.get(day);
    if (!scan) {
      scan = scanDeadlines(grids, day, leavePay);
      scans.set(day, scan);
    }
    return scan;
  };
  const state = new Map<string, { kinds: Set<DeadlineKind>; onTime: boolean }>();
  let order: string[] = [];
  for (const kind of NOTICE_KINDS) {
    const deadline = due[kind];
    if (deadline === null) continue;
    const scan = scanOn(Math.min(deadline, date));
    if (order.length === 0) order = [...scan.units.keys()];
    for (const item of scan.items) {
      if (item.item !== kind || item.year !== year || !item.unit) continue;
      const s = state.get(item.unit) ?? { kinds: new Set<DeadlineKind>(), onTime: true };
      s.kinds.add(kind);
      if (item.status !== "done") s.onTime = false;
      state.set(item.unit, s);
    }
  }
  const required: DeadlineKind[] = ["leave-plan", "health-plan", "health-report"];
  const out: PraisedUnit[] = [];
  for (const unit of new Set([...order, ...state.keys()])) {
    const s = state.get(unit);
    if (!s || !s.onTime || !required.every((k) => s.kinds.has(k))) continue;
    out.push({ unit, kinds: NOTICE_KINDS.filter((k) => s.kinds.has(k)) });
  }
  return out;
}

/** Build every document asked for, without numbers, from grids read once. */
export function buildDocuments(
  grid: (sheet: string) => Grid | null,
  options: Pick<PublishOptions, "date" | "year" | "types" | "leavePay">,
): { built: BuiltDocument[]; notes: string[]; prefix: string } {
  const wanted = new Set<DocumentType>(options.types ?? DOCUMENT_TYPES);
  const dateYear = yearOf(options.date);
  const asked = options.year ?? null;
  const record = readDocumentRecord(grid);
  const units = unitNames(record);
  const built: BuiltDocument[] = [];
  const notes: string[] = [];
  for (const [type, build] of FILING_BUILDERS) {
    if (!wanted.has(type)) continue;
    const year = documentYear(type, dateYear, asked);
    let count = 0;
    for (const unit of units) {
      const doc = build(record, { unit, year, date: options.date });
      if (doc) {
        built.push(doc);
        count++;
      }
    }
    if (count === 0) notes.push(`${year}年度没有可填报的${type}（记录中没有该年度的数据）`);
  }
  const deadlineGrids: DeadlineGrids = {};
  const needScan = wanted.has("通报表扬") || wanted.has("通报批评");
  if (needScan) for (const name of DEADLINE_SHEETS) deadlineGrids[name] = grid(name);
  if (wanted.has("通报表扬")) {
    const year = documentYear("通报表扬", dateYear, asked);
    const doc = buildPraiseNotice({
      params: record.params,
      year,
      date: options.date,
      units: praisedUnits(deadlineGrids, year, options.date, options.leavePay),
    });
    if (doc) built.push(doc);
    else notes.push(`${year}年度没有按时完成全部事项的单位，未生成通报表扬`);
  }
  if (wanted.has("通报批评")) {
    const scan = scanDeadlines(deadlineGrids, options.date, options.leavePay);
    const doc = buildCriticismNotice({
      params: record.params,
      date: options.date,
      items: scan.items,
    });
    if (doc) built.push(doc);
    else notes.push("截至成文日期没有逾期未完成的事项，未生成通报批评");
  }
  return { built, notes, prefix: record.params.docPrefix };
}

/** Generate, number, render and register every document. */
export function publishDocuments(
  workbook: Workbook,
  sink: DocumentSink,
  options: PublishOptions,
): PublishResult {
  const cache = new Map<string, Grid | null>();
  const grid = (name: string): Grid | null => {
    if (!cache.has(name)) cache.set(name, workbook.readSheet(name));
    return cache.get(name) ?? null;
  };
  for (const name of RECORD_SHEETS) grid(name);
  const { built, notes, prefix } = buildDocuments(grid, options);
  const register = readRegister(workbook);
  const numberYear = yearOf(options.date);
  const numbers = [...register.numbers];
  const spec = sheetSpec(REGISTER_SHEET);
  const columns = headerColumns(spec, register.header);

  const documents: PublishedDocument[] = [];
  const warnings: string[] = [];
  const replacedIndexes = new Set<number>();
  const appended: Cell[][] = [];
  const batch = seconds(options.now);
  let remaining = 0;
  let alreadyDone = 0;
  let stoppedBy: string | null = null;
  /** Documents left by a stop, to list in the register as pending. */
  const pending: { key: string; cells: Record<string, Cell> }[] = [];
  const leave = (doc: BuiltDocument, key: string): void => {
    remaining++;
    pending.push({
      key,
      cells: {
        类型: doc.type,
        年度: doc.year,
        单位: doc.unit ?? COUNTY_WIDE,
        标题: doc.model.title.replace(/\n/g, ""),
        成文日期: instantFromDay(options.date),
      },
    });
  };
  built.forEach((doc, i) => {
    const key = builtKey(doc, options.date);
    const earlier = register.byKey.get(key) ?? null;
    if (options.resume && earlier?.generatedAt === batch) {
      alreadyDone++;
      return;
    }
    if (remaining > 0 || (documents.length > 0 && options.shouldStop?.())) {
      leave(doc, key);
      return;
    }
    let number: string | null = null;
    let freshNumber = false;
    if (doc.model.kind === "notice") {
      if (earlier && parseDocNumber(earlier.number)) number = earlier.number;
      else {
        number = formatDocNumber(prefix, numberYear, nextSequence(numbers, prefix, numberYear));
        numbers.push(number);
        freshNumber = true;
      }
    }
    const model = withNumber(doc.model, number);
    const title = model.title.replace(/\n/g, "");
    const notice = NOTICE_TYPES.includes(doc.type);
    let link: string;
    try {
      link = sink.write(
        model,
        documentFileName(doc.type, doc.year, doc.unit, notice ? options.date : null),
        earlier && earlier.link ? earlier.link : null,
      );
    } catch (err) {
      const reason = options.stopOn?.(err) ?? null;
      const skip = reason === null ? (options.skipOn?.(err) ?? null) : null;
      if (skip !== null) {
        if (freshNumber) numbers.pop();
        if (!notes.includes(skip)) notes.push(skip);
        return;
      }
      if (reason === null) throw err;
      stoppedBy = reason;
      if (freshNumber) numbers.pop();
      leave(doc, key);
      return;
    }
    const cells: Record<string, Cell> = {
      生成时间: options.now,
      类型: doc.type,
      年度: doc.year,
      单位: doc.unit ?? COUNTY_WIDE,
      标题: title,
      文号: number ?? (earlier?.number || null),
      链接: link,
      成文日期: instantFromDay(options.date),
    };
    if (earlier) {
      const row = register.rows[earlier.index];
      for (const [name, value] of Object.entries(cells)) {
        const p = columns.get(name);
        if (p !== undefined) row[p] = value;
      }
      replacedIndexes.add(earlier.index);
    } else {
      appended.push(encodeRow(spec, register.header, cells));
      // A second document with the same key in this run (cannot happen from the builders) would
      // find this one's row only after the append; keep the key so it is not numbered twice.
      register.byKey.set(key, { index: -1, number: number ?? "", link, generatedAt: batch });
    }
    warnings.push(...doc.warnings);
    documents.push({
      type: doc.type,
      year: doc.year,
      unit: doc.unit,
      title,
      number,
      date: options.date,
      link,
      replaced: earlier !== null,
    });
    options.onDocument?.(i + 1, built.length);
  });

  const indexes = [...replacedIndexes].filter((i) => i >= 0);
  if (indexes.length > 0) {
    const first = Math.min(...indexes);
    const last = Math.max(...indexes);
    workbook.writeRange(REGISTER_SHEET, first + 2, 1, register.rows.slice(first, last + 1));
  }
  // A stop by `stopOn` lists what is pending: a row without 生成时间 (so a resumed batch does
  // not take it for done) whose 链接 says why, for each document not registered yet.
  if (stoppedBy !== null) {
    for (const p of pending) {
      if (register.byKey.has(p.key)) continue;
      appended.push(
        encodeRow(spec, register.header, { ...p.cells, 链接: `${PENDING_LINK}（${stoppedBy}）` }),
      );
    }
  }
  if (appended.length > 0) workbook.appendRows(REGISTER_SHEET, appended);
  return { documents, warnings, notes, remaining, alreadyDone, stoppedBy };
}
