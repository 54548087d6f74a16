/**
 * The hub and the units (DESIGN.md §8): split the county record (the hub, held by the
 * departments) into one file per unit holding only that unit's rows, and collect the units'
 * typed changes back. The same workflow serves `cadre-care split/collect` (.xlsx files) and the
 * Sheets hub's 生成单位表格/同步单位表格 (one spreadsheet per unit).
 *
 * How a split is recorded, so that collection can tell what changed where:
 * - Every row of a unit's own sheets carries a key (column 行键, hidden and protected) that is
 *   unique within the file: K1, K2 ….
 * - The hidden sheet 拆分快照 holds, per key, the sheet, the hub row it came from and the hub's
 *   input values at split time. So a cell the unit changed is one whose value differs from the
 *   snapshot, and a cell the hub changed since the split is one whose hub value differs from it;
 *   both at once, with different values, is a conflict (the hub keeps its value).
 * - The hidden sheet 拆分信息 records the unit, the split id, the split time and a checksum over
 *   all of that keyed with a secret that only the hub's split register holds (KeyValueStore:
 *   a JSON file beside the local hub, the script's properties in Sheets). A file whose unit,
 *   split or snapshot was edited, or whose split is not the unit's latest, is refused.
 * - Hub rows are found again by the row number recorded at split time, verified by the row's
 *   values or its natural key (IDENTITY); failing that, by those anywhere in the sheet (the hub
 *   may have sorted or inserted rows since).
 *
 * Nothing is deleted: a row the unit deleted is reported. A row about another unit (its 单位 or
 * its 人员编号 belongs elsewhere) is refused. New rows are added once: a new row equal to a hub
 * row of the unit that no key claims is taken as already collected, so collecting the same file
 * twice, or a run cut off midway and repeated, changes nothing.
 */
import { type Cell, type Grid, isBlank, normalizeText, readText } from "../records/cells";
import { columnLetter, headerColumns, headerKey } from "../records/codec";
import { INPUT_SHEETS, SHEET } from "../records/schema";
import { RECORD_KEYS } from "../records/keys";
import type { SheetSpec } from "../records/spec";
import { isoFromDay, dayFromInstant } from "../rules/dates";
import { readUnits } from "./deadlines";
import { digest } from "./digest";
import type { KeyValueStore, Workbook } from "./ports";
import { fileStem } from "./publish";

export const KEY_COLUMN = "行键";
export const META_SHEET = "拆分信息";
export const SNAPSHOT_SHEET = "拆分快照";
export const GUIDE_SHEET = "说明";
export const SNAPSHOT_HEADER = ["工作表", "行键", "台账行号", "原值"];
const FORMAT_VERSION = "1";

const UNIT_SHEET = "单位";
const PEOPLE_SHEET = "人员";
const PERSON_ID = "人员编号";
const UNIT = "单位";
const UNIT_NAME = "单位名称";

/** Sheets a unit receives whole, read-only: nothing in them belongs to one unit. */
const REFERENCE_SHEETS = ["参数", "奖励标准", "节假日"];

/** 参数 keys that stay in the hub: where and how mail is sent. */
export function hubOnlyParam(key: string): boolean {
  return /邮箱|SMTP|发件人|密码/i.test(key);
}

/** The natural key of a row per sheet: what identifies it when its hub row has moved. */
const IDENTITY = RECORD_KEYS;

export interface UnitSheet {
  spec: SheetSpec;
  /** own: rows belong to units (keyed, collected); reference: whole, read-only. */
  kind: "own" | "reference";
}

const hasColumn = (spec: SheetSpec, name: string): boolean =>
  spec.columns.some((c) => c.name === name);

/**
 * The sheets of a unit file, in the hub's order: every input sheet whose rows belong to a unit
 * (单位, or a 人员编号 or 单位 column) and the reference sheets. System sheets (提醒, 文档, 日志,
 * 奖励建议 …) and input sheets of neither kind stay in the hub.
 */
export function unitSheets(): UnitSheet[] {
  return INPUT_SHEETS.flatMap((spec): UnitSheet[] => {
    if (REFERENCE_SHEETS.includes(spec.name)) return [{ spec, kind: "reference" }];
    if (spec.name === UNIT_SHEET || hasColumn(spec, PERSON_ID) || hasColumn(spec, UNIT))
      return [{ spec, kind: "own" }];
    return [];
  });
}

const inputNames = (spec: SheetSpec): string[] =>
  spec.columns.filter((c) => !c.computed).map((c) => c.name);

// ---------------------------------------------------------------------------------------------
// Cell values as compared and stored in the snapshot
// ---------------------------------------------------------------------------------------------

/** A cell as compared: blank "", text normalized (NFKC, trimmed), dates by instant. */
export function canon(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return `d${value.getTime()}`;
  if (typeof value === "number") return `n${value}`;
  if (typeof value === "boolean") return `b${value}`;
  const text = String(value);
  const normal = NORMAL_TEXT.test(text) ? text : normalizeText(text);
  return normal === "" ? "" : `s${normal}`;
}

/**
 * Text normalizeText leaves as it is: printable ASCII and CJK unified ideographs (which NFKC
 * maps to themselves), single spaces between them. Most cells are; checking this first spares
 * NFKC on every cell of every unit file (split and collect compare each input cell).
 */
const NORMAL_TEXT = /^[!-~\u4e00-\u9fff]+(?: [!-~\u4e00-\u9fff]+)*$/;

/** isBlank, sparing NFKC for text already normal (which is never blank). */
function blankCell(value: Cell): boolean {
  if (value === null || value === undefined) return true;
  return typeof value === "string" && !NORMAL_TEXT.test(value) && normalizeText(value) === "";
}

/** The cell a canonical form stands for. */
export function uncanon(text: string): Cell {
  if (text === "") return null;
  const body = text.slice(1);
  switch (text[0]) {
    case "d":
      return new Date(Number(body));
    case "n":
      return Number(body);
    case "b":
      return body === "true";
    default:
      return body;
  }
}

/** A cell as a report shows it. */
export function display(value: Cell): string {
  if (isBlank(value)) return "（空）";
  if (value instanceof Date) return isoFromDay(dayFromInstant(value));
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// The hub's tables and who owns a row
// ---------------------------------------------------------------------------------------------

interface Table {
  spec: SheetSpec;
  header: Cell[];
  columns: Map<string, number>;
  /** Data rows: rows[i] is sheet row i + 2. */
  rows: Cell[][];
  /** Input columns of the spec present in the header. */
  inputs: string[];
  identity: string[];
}

function readTable(workbook: Pick<Workbook, "readSheet">, spec: SheetSpec): Table | null {
  const grid = workbook.readSheet(spec.name);
  if (!grid || grid.length === 0) return null;
  const header = grid[0];
  const columns = headerColumns(spec, header);
  const inputs = inputNames(spec).filter((n) => columns.has(n));
  const identity = (
    IDENTITY[spec.name] ?? spec.columns.filter((c) => c.required).map((c) => c.name)
  ).filter((n) => columns.has(n));
  return { spec, header, columns, rows: grid.slice(1), inputs, identity };
}

const cellOf = (table: Table, row: readonly Cell[], column: string): Cell => {
  const p = table.columns.get(column);
  return p === undefined ? null : (row[p] ?? null);
};

const blankRow = (table: Table, row: readonly Cell[]): boolean =>
  table.inputs.every((n) => blankCell(cellOf(table, row, n)));

/** Which unit each person (人员编号) belongs to, by 人员. */
class Owners {
  private readonly personUnit = new Map<string, string>();

  constructor(people: Table | null) {
    if (!people) return;
    for (const row of people.rows) {
      const id = readText(cellOf(people, row, PERSON_ID));
      if (id && !this.personUnit.has(id)) {
        this.personUnit.set(id, readText(cellOf(people, row, UNIT)));
      }
    }
  }

  unitOf(id: string): string | undefined {
    return this.personUnit.get(id);
  }

  set(id: string, unit: string): void {
    this.personUnit.set(id, unit);
  }

  /** The unit a row belongs to ("" when none can be told), read through `get`. */
  rowUnit(spec: SheetSpec, get: (column: string) => Cell): string {
    if (spec.name === UNIT_SHEET) return readText(get(UNIT_NAME));
    if (spec.name === PEOPLE_SHEET) return readText(get(UNIT));
    if (hasColumn(spec, PERSON_ID)) {
      const id = readText(get(PERSON_ID));
      const unit = id ? this.personUnit.get(id) : undefined;
      if (unit !== undefined) return unit;
    }
    return hasColumn(spec, UNIT) ? readText(get(UNIT)) : "";
  }
}

/** Units of the hub, in the order of 单位 (read as the daily check reads them). */
function hubUnits(units: Table | null): string[] {
  return [...readUnits({ 单位: units && [units.header, ...units.rows] }).keys()];
}

// ---------------------------------------------------------------------------------------------
// The split register: each unit's latest split, kept by the hub
// ---------------------------------------------------------------------------------------------

export interface SplitStamp {
  splitId: string;
  /** ISO instant of the split. */
  at: string;
  /** Keys the file's checksum; never written into a unit file. */
  secret: string;
  /** Where the unit's copy lives: a file name, or a spreadsheet id in Sheets. */
  target?: string;
  /** Sheets: each sheet's id and row count in the unit spreadsheet. */
  grid?: Record<string, [number, number]>;
  /**
   * Sheets: the stamp the unit spreadsheet still carries while a sync's write-back of the new
   * one is under way (a run cut off there leaves either; both are accepted).
   */
  previous?: { splitId: string; at: string; secret: string };
}

export interface SplitRegister {
  get(unit: string): SplitStamp | null;
  set(unit: string, stamp: SplitStamp): void;
}

const REGISTER_PREFIX = "单位拆分:";

/** The register over a KeyValueStore: one JSON value per unit. */
export function splitRegister(store: KeyValueStore): SplitRegister {
  return {
    get(unit) {
      const text = store.get(REGISTER_PREFIX + unit);
      if (!text) return null;
      try {
        const v = JSON.parse(text) as Partial<SplitStamp>;
        return typeof v.splitId === "string" &&
          typeof v.at === "string" &&
          typeof v.secret === "string"
          ? {
              splitId: v.splitId,
              at: v.at,
              secret: v.secret,
              ...(typeof v.target === "string" ? { target: v.target } : {}),
              ...(v.grid && typeof v.grid === "object" ? { grid: v.grid } : {}),
              ...(v.previous && typeof v.previous.secret === "string"
                ? { previous: v.previous }
                : {}),
            }
          : null;
      } catch {
        return null;
      }
    },
    set(unit, stamp) {
      store.set(REGISTER_PREFIX + unit, JSON.stringify(stamp));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Split
// ---------------------------------------------------------------------------------------------

export interface UnitSheetData {
  name: string;
  kind: "own" | "reference";
  /** The spec's columns in order, then 行键 for own sheets. */
  header: string[];
  /** Data rows under `header`. */
  rows: Grid;
}

export interface UnitPayload {
  unit: string;
  /** The unit's file name without extension (long names shortened as documents' are). */
  fileStem: string;
  stamp: SplitStamp;
  /** 说明 first, then the unit's sheets in the hub's order. */
  sheets: UnitSheetData[];
  /** 拆分信息: 项目, 值. */
  meta: Grid;
  /** 拆分快照: SNAPSHOT_HEADER, then one row per key. */
  snapshot: Grid;
  /** 说明: one column of text lines. */
  guide: Grid;
}

export interface SplitPlan {
  units: string[];
  /** Rows of own sheets whose unit is not in 单位 (not in any unit's file), per sheet. */
  unassigned: { sheet: string; rows: number }[];
  /** The payload of one unit; stamps it in the register. */
  payload(unit: string, stamp: SplitStamp): UnitPayload;
}

/**
 * 说明's words on giving the records back: `when` begins 二、什么时候交, `how(contact)` is
 * 三、怎样交回. Each caller brings its own, so only the Sheets words ship in dist/Code.js: an .xlsx
 * file is saved and sent back by a day (src/local/commands/split.ts), a unit spreadsheet in
 * Google Sheets (生成单位表格) is edited in place and collected by the daily sync (src/gas/units.ts).
 */
export interface HandBack {
  when: string;
  how: (contact: string) => string;
}

export interface SplitOptions {
  /** How units give their records back (说明). */
  handBack: HandBack;
  /** Now (the split time written into the files). */
  now: Date;
  /** The hub's name as 说明 and 拆分信息 show it. */
  hubName: string;
}

/** The snapshot's checksum, keyed with the register's secret. */
export function snapshotChecksum(
  secret: string,
  unit: string,
  splitId: string,
  at: string,
  snapshotRows: Grid,
): string {
  return digest([
    secret,
    FORMAT_VERSION,
    unit,
    splitId,
    at,
    ...snapshotRows.map((r) => r.map((v) => canon(v)).join("\t")),
  ]);
}

/** Read the hub once and plan every unit's file. */
export function planSplit(
  hub: Pick<Workbook, "readSheet">,
  opts: SplitOptions,
  /** Row indexes of a sheet by unit, when the caller keeps them (UnitCollector): no scan. */
  index?: (sheet: string, unit: string) => readonly number[],
): SplitPlan {
  const sheets = unitSheets();
  const tables = new Map<string, Table | null>(
    sheets.map((s) => [s.spec.name, readTable(hub, s.spec)]),
  );
  const owners = new Owners(tables.get(PEOPLE_SHEET) ?? null);
  const units = hubUnits(tables.get(UNIT_SHEET) ?? null);
  const known = new Set(units);
  // Row indexes of each own sheet by unit.
  const byUnit = new Map<string, Map<string, number[]>>();
  const unassigned: { sheet: string; rows: number }[] = [];
  for (const { spec, kind } of sheets) {
    if (kind !== "own" || index) continue;
    const table = tables.get(spec.name);
    const map = new Map<string, number[]>();
    byUnit.set(spec.name, map);
    if (!table) continue;
    let lost = 0;
    table.rows.forEach((row, i) => {
      if (blankRow(table, row)) return;
      const unit = owners.rowUnit(spec, (c) => cellOf(table, row, c));
      if (!known.has(unit)) {
        lost++;
        return;
      }
      const list = map.get(unit);
      if (list) list.push(i);
      else map.set(unit, [i]);
    });
    if (lost) unassigned.push({ sheet: spec.name, rows: lost });
  }
  const params = readParams(tables.get("参数") ?? null);
  // The reference sheets, the same in every unit's file: built once, shared by every payload.
  const reference = new Map<string, UnitSheetData>();
  for (const { spec, kind } of sheets) {
    if (kind !== "reference") continue;
    const table = tables.get(spec.name) ?? null;
    const names = spec.columns.map((c) => c.name);
    const rows: Grid = [];
    for (const row of table?.rows ?? []) {
      if (!table || blankRow(table, row)) continue;
      if (spec.name === "参数" && hubOnlyParam(readText(cellOf(table, row, "参数")))) continue;
      rows.push(names.map((n) => cellOf(table, row, n)));
    }
    reference.set(spec.name, { name: spec.name, kind, header: names, rows });
  }

  return {
    units,
    unassigned,
    payload(unit, stamp) {
      let next = 1;
      const snapshot: Grid = [SNAPSHOT_HEADER.slice()];
      const data: UnitSheetData[] = [];
      for (const { spec, kind } of sheets) {
        const table = tables.get(spec.name) ?? null;
        const names = spec.columns.map((c) => c.name);
        const rows: Grid = [];
        if (kind === "reference") {
          data.push(reference.get(spec.name) as UnitSheetData);
          continue;
        }
        for (const i of index ? index(spec.name, unit) : (byUnit.get(spec.name)?.get(unit) ?? [])) {
          const row = (table as Table).rows[i];
          const key = `K${next++}`;
          rows.push([...names.map((n) => cellOf(table as Table, row, n)), key]);
          const values: Record<string, string> = {};
          for (const n of (table as Table).inputs) {
            const v = canon(cellOf(table as Table, row, n));
            if (v !== "") values[n] = v;
          }
          snapshot.push([spec.name, key, i + 2, JSON.stringify(values)]);
        }
        data.push({ name: spec.name, kind, header: [...names, KEY_COLUMN], rows });
      }
      const checksum = snapshotChecksum(
        stamp.secret,
        unit,
        stamp.splitId,
        stamp.at,
        snapshot.slice(1),
      );
      const meta: Grid = [
        ["项目", "值"],
        ["单位", unit],
        ["拆分编号", stamp.splitId],
        ["拆分时间", stamp.at],
        ["台账", opts.hubName],
        ["格式", FORMAT_VERSION],
        ["校验码", checksum],
      ];
      const unitRow = (tables.get(UNIT_SHEET) as Table | null)?.rows.find(
        (r) => readText(cellOf(tables.get(UNIT_SHEET) as Table, r, UNIT_NAME)) === unit,
      );
      const authority = unitRow
        ? readText(cellOf(tables.get(UNIT_SHEET) as Table, unitRow, "管理权限"))
        : "";
      const guide = guideLines(unit, stamp, opts, params, authority, data);
      return {
        unit,
        fileStem: fileStem(unit),
        stamp,
        sheets: data,
        meta,
        snapshot,
        guide: guide.map((line) => [line]),
      };
    },
  };
}

function readParams(table: Table | null): Map<string, string> {
  const values = new Map<string, string>();
  for (const row of table?.rows ?? []) {
    const key = readText(cellOf(table as Table, row, "参数"));
    if (key && !values.has(key)) values.set(key, readText(cellOf(table as Table, row, "值")));
  }
  return values;
}

const monthDay = (text: string | undefined, fallback: string): string => {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text ?? "") ?? /^(\d{1,2})-(\d{1,2})$/.exec(fallback);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : fallback;
};

/** The 说明 sheet: what to fill, by when, how to send it back. */
function guideLines(
  unit: string,
  stamp: SplitStamp,
  opts: SplitOptions,
  params: Map<string, string>,
  authority: string,
  sheets: readonly UnitSheetData[],
): string[] {
  const own = sheets.filter((s) => s.kind === "own").map((s) => `「${s.name}」`);
  const department = authority === "人社部门" ? "县人社局" : "县委组织部";
  const address = params.get(authority === "人社部门" ? "人社部门邮箱" : "组织部门邮箱") ?? "";
  const contact = department + (address ? `（${address}）` : "");
  const at = isoFromDay(dayFromInstant(new Date(stamp.at)));
  return [
    `${unit} 单位表格`,
    `${at} 由${params.get("县名") ?? ""}干部关怀激励台账生成，只含本单位的人员和记录（拆分编号 ${stamp.splitId}）。`,
    "一、填写什么",
    `在${own.join("")}中填写、更正本单位的记录：浅灰色表头的列由您填写；浅蓝色表头的列由系统计算、已锁定，收回后重新计算。`,
    "可以排序、插入或在表末追加行；新增行的“单位”为本单位（可留空），人员编号须为本单位人员（新调入人员先在「人员」中添加）。",
    "隐藏的“行键”列和隐藏工作表用于对应台账，请勿改动。删除的行不会从台账删除，只会报告；其他单位的记录不会被收回。「参数」「奖励标准」「节假日」只供参考。",
    "二、什么时候交",
    opts.handBack.when +
      `年休假计划${monthDay(params.get("年休假计划截止"), "03-31")}前备案；体检方案${monthDay(params.get("体检方案备案截止"), "05-31")}前、体检情况${monthDay(params.get("体检情况备案截止"), "11-30")}前备案；上一年度未休年休假报酬的另行支付部分3月31日前支付并填写“实际支付日期”。`,
    "三、怎样交回",
    opts.handBack.how(contact),
  ];
}

// ---------------------------------------------------------------------------------------------
// Collect
// ---------------------------------------------------------------------------------------------

/** The sheets of a unit file that collecting reads; a reader may leave the others out. */
export function collectedSheets(): string[] {
  return [
    META_SHEET,
    SNAPSHOT_SHEET,
    ...unitSheets()
      .filter((s) => s.kind === "own")
      .map((s) => s.spec.name),
  ];
}

/** Where a unit file's sheets are read from: an .xlsx, or a unit spreadsheet's batchGet. */
export interface UnitSource {
  sheetNames(): string[];
  readSheet(name: string): Grid | null;
}

export interface ChangeItem {
  sheet: string;
  hubRow: number;
  fileRow: number;
  column: string;
  before: Cell;
  after: Cell;
}

export interface ConflictItem {
  sheet: string;
  /** null when the hub row is no longer there. */
  hubRow: number | null;
  fileRow: number;
  column: string;
  hubValue: Cell;
  unitValue: Cell;
  splitValue: Cell;
}

export interface RowItem {
  sheet: string;
  /** Row in the unit file; null for a row the unit deleted. */
  fileRow: number | null;
  hubRow: number | null;
  label: string;
}

export interface RefusedItem {
  sheet: string;
  fileRow: number;
  column: string;
  reason: string;
}

export interface UnitReport {
  file: string;
  /** The unit the file records ("" when unreadable). */
  unit: string;
  /** Why the whole file was refused; null when it was collected. */
  refusedFile: string | null;
  changed: ChangeItem[];
  added: RowItem[];
  deleted: RowItem[];
  refused: RefusedItem[];
  conflicts: ConflictItem[];
  /** New rows found in the hub already (collected before). */
  alreadyPresent: number;
}

/** Whether a report asks for the exit code 1. */
export function reportHasProblems(report: UnitReport): boolean {
  return report.refusedFile !== null || report.refused.length > 0 || report.conflicts.length > 0;
}

interface SnapshotRow {
  sheet: string;
  hubRow: number;
  values: Map<string, string>;
}

interface FileMeta {
  unit: string;
  splitId: string;
  at: string;
  checksum: string;
}

function readMeta(source: UnitSource): FileMeta | null {
  const grid = source.readSheet(META_SHEET);
  if (!grid) return null;
  const values = new Map<string, string>();
  for (const row of grid.slice(1)) values.set(readText(row[0]), readText(row[1]));
  const unit = values.get("单位");
  const splitId = values.get("拆分编号");
  const at = values.get("拆分时间");
  const checksum = values.get("校验码");
  if (!unit || !splitId || !at || !checksum) return null;
  return { unit, splitId, at, checksum };
}

class Refusal extends Error {}

export interface CollectOptions {
  /**
   * Why the file's name says it is another unit's file (local files, fileNameCheck in
   * ./unitFileName.ts), or null; unit spreadsheets are not checked.
   */
  fileName?: (file: string, unit: string) => string | null;
}

/**
 * Collects unit files into the hub, one after another, against one reading of the hub. Each
 * file is planned whole and then applied to the in-memory tables; `flush` writes what changed
 * to the hub workbook (one write per sheet and run of adjacent input columns, re-reading the
 * sheet first so that cells changed meanwhile are kept).
 */
export class UnitCollector {
  private readonly tables = new Map<string, Table>();
  private readonly owners: Owners;
  private readonly units: Set<string>;
  private readonly seen = new Set<string>();
  /** Data row indexes of each sheet by the unit they belong to (kept as rows are added). */
  private readonly byUnit = new Map<string, Map<string, number[]>>();
  /** Dirty cells per sheet: data row index → column names. */
  private readonly dirty = new Map<string, Map<number, Set<string>>>();

  constructor(
    private readonly hub: Workbook,
    private readonly register: SplitRegister,
  ) {
    for (const { spec, kind } of unitSheets()) {
      if (kind !== "own") continue;
      const table = readTable(hub, spec);
      if (table) this.tables.set(spec.name, table);
    }
    this.owners = new Owners(this.tables.get(PEOPLE_SHEET) ?? null);
    for (const [name, table] of this.tables) {
      const map = new Map<string, number[]>();
      this.byUnit.set(name, map);
      table.rows.forEach((row, i) => {
        if (blankRow(table, row)) return;
        const unit = this.owners.rowUnit(table.spec, (c) => cellOf(table, row, c));
        const list = map.get(unit);
        if (list) list.push(i);
        else map.set(unit, [i]);
      });
    }
    this.units = new Set(hubUnits(this.tables.get(UNIT_SHEET) ?? null));
  }

  /**
   * The hub as this collection has it (applied changes included): the unit sheets from memory,
   * the others as read from the hub once. A split planned on it gives the units' new files.
   */
  readSheet(name: string): Grid | null {
    const table = this.tables.get(name);
    if (table) return [table.header, ...table.rows];
    if (!this.others.has(name)) this.others.set(name, this.hub.readSheet(name));
    return this.others.get(name) ?? null;
  }

  private readonly others = new Map<string, Grid | null>();

  /** Data row indexes of a unit's rows in a sheet (planSplit's index). */
  rowsOf(sheet: string, unit: string): readonly number[] {
    const table = this.tables.get(sheet);
    return (this.byUnit.get(sheet)?.get(unit) ?? []).filter(
      (i) => table && !blankRow(table, table.rows[i]),
    );
  }

  /** The units of the hub's 单位, in its order. */
  get unitNames(): ReadonlySet<string> {
    return this.units;
  }

  /** Whether anything was applied that `flush` has not written yet. */
  get pending(): boolean {
    return this.dirty.size > 0;
  }

  collect(source: UnitSource, file: string, opts: CollectOptions): UnitReport {
    const report: UnitReport = {
      file,
      unit: "",
      refusedFile: null,
      changed: [],
      added: [],
      deleted: [],
      refused: [],
      conflicts: [],
      alreadyPresent: 0,
    };
    try {
      const plan = this.plan(source, file, opts, report);
      this.apply(plan, report);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      report.refusedFile = err.message;
      report.changed = [];
      report.added = [];
      report.deleted = [];
      report.refused = [];
      report.conflicts = [];
      report.alreadyPresent = 0;
    }
    return report;
  }

  private checkFile(source: UnitSource, file: string, opts: CollectOptions): FileMeta {
    const meta = readMeta(source);
    if (!meta) {
      throw new Refusal(
        "不是由 cadre-care split 生成的单位文件（缺少隐藏的「拆分信息」工作表），无法收回",
      );
    }
    const unit = meta.unit;
    if (!this.units.has(unit)) {
      throw new Refusal(`文件记录的单位“${unit}”不在台账的「单位」中，无法收回`);
    }
    const named = opts.fileName?.(file, unit);
    if (named) throw new Refusal(named);
    for (const other of this.units) {
      if (other === unit) continue;
      if (this.register.get(other)?.splitId === meta.splitId) {
        throw new Refusal(
          `这是单位“${other}”的单位文件（拆分编号 ${meta.splitId}），却记录为单位“${unit}”：不是本单位的文件，已拒收`,
        );
      }
    }
    const latest = this.register.get(unit);
    if (!latest) {
      throw new Refusal(`台账没有为单位“${unit}”拆分的记录，无法核对该文件；请重新运行 split`);
    }
    const stamp =
      latest.previous?.splitId === meta.splitId ? { ...latest, ...latest.previous } : latest;
    if (stamp.splitId !== meta.splitId) {
      if (meta.at < stamp.at) {
        throw new Refusal(
          `这是 ${meta.at.slice(0, 10)} 拆分的旧文件；单位“${unit}”已于 ${stamp.at.slice(0, 10)} 重新拆分（拆分编号 ${stamp.splitId}），请让该单位在新文件中填写后交回`,
        );
      }
      throw new Refusal(
        `拆分编号 ${meta.splitId} 与台账记录的 ${stamp.splitId} 不符：该文件不是从本台账拆分的，或拆分信息被改动`,
      );
    }
    if (this.seen.has(unit)) {
      throw new Refusal(`单位“${unit}”的文件本次已收回一份，同一单位每次只收回一份文件`);
    }
    const snapshot = source.readSheet(SNAPSHOT_SHEET);
    if (!snapshot) throw new Refusal("缺少隐藏的「拆分快照」工作表，无法核对修改，已拒收");
    const rows = snapshot.slice(1).filter((r) => !r.every(blankCell));
    const check = snapshotChecksum(stamp.secret, unit, meta.splitId, meta.at, rows);
    if (check !== meta.checksum) {
      throw new Refusal(
        "隐藏的「拆分信息」或「拆分快照」被改动过（校验码不符），已拒收；请使用下发的原文件",
      );
    }
    return meta;
  }

  private plan(source: UnitSource, file: string, opts: CollectOptions, report: UnitReport): Plan {
    const meta = this.checkFile(source, file, opts);
    const unit = meta.unit;
    report.unit = unit;
    const snapshot = new Map<string, SnapshotRow>();
    for (const row of (source.readSheet(SNAPSHOT_SHEET) ?? []).slice(1)) {
      if (row.every(blankCell)) continue;
      const values = new Map<string, string>(
        Object.entries(JSON.parse(String(row[3] ?? "{}")) as Record<string, string>),
      );
      snapshot.set(readText(row[1]), {
        sheet: readText(row[0]),
        hubRow: Number(row[2]),
        values,
      });
    }
    const plan: Plan = { unit, writes: [], appends: [], newPeople: [] };
    const seenKeys = new Set<string>();
    const filePeople = new Set<string>();

    for (const { spec, kind } of unitSheets()) {
      if (kind !== "own") continue;
      const table = this.tables.get(spec.name);
      if (!table) continue;
      const grid = source.readSheet(spec.name);
      const header = grid?.[0] ?? [];
      const columns = headerColumns(spec, header);
      const keyAt = header.findIndex((h) => headerKey(h) === KEY_COLUMN);
      const inputs = table.inputs.filter((n) => columns.has(n));
      const fileGet = (row: readonly Cell[], n: string): Cell => {
        const p = columns.get(n);
        return p === undefined ? null : (row[p] ?? null);
      };
      const hasSnapshotRows = [...snapshot.values()].some((s) => s.sheet === spec.name);
      if (grid && keyAt < 0 && hasSnapshotRows) {
        throw new Refusal(
          `「${spec.name}」缺少隐藏的“${KEY_COLUMN}”列，无法对应台账中的行；请使用下发的原文件`,
        );
      }
      // Keyed rows (the occurrence most like the snapshot keeps a copied key) and new rows.
      type Entry = { fileRow: number; row: Cell[]; canon: (column: string) => string };
      const keyed = new Map<string, Entry>();
      const fresh: Entry[] = [];
      (grid ?? []).slice(1).forEach((row, i) => {
        if (inputs.every((n) => blankCell(fileGet(row, n)))) return;
        // The row's canonical cells, each computed once (locating and comparing both use them).
        const forms = new Map<string, string>();
        const entry: Entry = {
          fileRow: i + 2,
          row,
          canon: (n) => {
            let form = forms.get(n);
            if (form === undefined) forms.set(n, (form = canon(fileGet(row, n))));
            return form;
          },
        };
        const key = keyAt >= 0 ? readText(row[keyAt]) : "";
        if (!key) {
          fresh.push(entry);
          return;
        }
        const snap = snapshot.get(key);
        if (!snap || snap.sheet !== spec.name) {
          throw new Refusal(
            `「${spec.name}」第 ${i + 2} 行的行键“${key}”不是下发时的行键（被改动过），已拒收；请使用下发的原文件`,
          );
        }
        const earlier = keyed.get(key);
        if (!earlier) {
          keyed.set(key, entry);
          return;
        }
        const score = (r: readonly Cell[]) =>
          inputs.filter((n) => canon(fileGet(r, n)) === (snap.values.get(n) ?? "")).length;
        if (score(row) > score(earlier.row)) {
          keyed.set(key, entry);
          fresh.push(earlier);
        } else fresh.push(entry);
      });

      const claimed = new Set<number>();
      const located = new Map<string, number | null>();
      for (const [key, entry] of keyed) {
        seenKeys.add(key);
        const snap = snapshot.get(key) as SnapshotRow;
        const at = this.locate(table, snap, entry.canon, claimed);
        if (at !== null) claimed.add(at);
        located.set(key, at);
      }

      // Changed cells of keyed rows.
      for (const [key, entry] of keyed) {
        const snap = snapshot.get(key) as SnapshotRow;
        const at = located.get(key) ?? null;
        const hubRow = at === null ? null : table.rows[at];
        const changes: ChangeItem[] = [];
        const conflicts: ConflictItem[] = [];
        for (const n of inputs) {
          const unitValue = fileGet(entry.row, n);
          const u = entry.canon(n);
          const s = snap.values.get(n) ?? "";
          if (u === s) continue;
          const hubValue = hubRow ? cellOf(table, hubRow, n) : null;
          const h = canon(hubValue);
          if (hubRow && h === u) continue;
          const item = { sheet: spec.name, fileRow: entry.fileRow, column: n };
          if (hubRow && h === s) {
            changes.push({
              ...item,
              hubRow: (at as number) + 2,
              before: hubValue,
              after: unitValue,
            });
          } else {
            conflicts.push({
              ...item,
              hubRow: at === null ? null : at + 2,
              hubValue: hubRow ? hubValue : null,
              unitValue,
              splitValue: uncanon(s),
            });
          }
        }
        if (changes.length === 0 && conflicts.length === 0) continue;
        // A row about another unit, before or after the change, is refused whole.
        const after = (n: string): Cell => {
          const c = changes.find((x) => x.column === n);
          return c ? c.after : hubRow ? cellOf(table, hubRow, n) : fileGet(entry.row, n);
        };
        const reason =
          (hubRow
            ? this.foreign(spec, (n) => cellOf(table, hubRow, n), unit, filePeople, "hub")
            : null) ??
          this.foreign(
            spec,
            after,
            unit,
            filePeople,
            "edit",
            new Set(changes.map((c) => c.column)),
          );
        if (reason) {
          report.refused.push({
            sheet: spec.name,
            fileRow: entry.fileRow,
            column: reason.column,
            reason: reason.text,
          });
          continue;
        }
        for (const c of changes)
          plan.writes.push({ table, index: c.hubRow - 2, column: c.column, value: c.after });
        report.changed.push(...changes);
        report.conflicts.push(...conflicts);
      }

      // Rows the unit deleted (or emptied): reported, never deleted.
      for (const [key, snap] of snapshot) {
        if (snap.sheet !== spec.name || seenKeys.has(key)) continue;
        const at = this.locate(table, snap, null, claimed);
        report.deleted.push({
          sheet: spec.name,
          fileRow: null,
          hubRow: at === null ? null : at + 2,
          label: this.label(table, (n) => uncanon(snap.values.get(n) ?? "")),
        });
      }

      // New rows: added once, when they are about this unit.
      const unclaimed = new Map<string, number>();
      for (const i of this.byUnit.get(spec.name)?.get(unit) ?? []) {
        const row = table.rows[i];
        if (claimed.has(i) || blankRow(table, row)) continue;
        if (this.owners.rowUnit(spec, (n) => cellOf(table, row, n)) !== unit) continue;
        const fp = inputs.map((n) => canon(cellOf(table, row, n))).join("\u0001");
        unclaimed.set(fp, (unclaimed.get(fp) ?? 0) + 1);
      }
      for (const entry of fresh) {
        const record: Record<string, Cell> = {};
        for (const n of inputs) record[n] = fileGet(entry.row, n);
        if (spec.name !== UNIT_SHEET && hasColumn(spec, UNIT) && isBlank(record[UNIT])) {
          record[UNIT] = unit;
        }
        const refuse = (column: string, text: string): void =>
          void report.refused.push({
            sheet: spec.name,
            fileRow: entry.fileRow,
            column,
            reason: text,
          });
        const fp = inputs.map((n) => canon(record[n])).join("\u0001");
        const seen = unclaimed.get(fp) ?? 0;
        const reason = this.foreign(spec, (n) => record[n] ?? null, unit, filePeople, "new");
        if (reason) {
          if (seen === 0) refuse(reason.column, reason.text);
          else {
            unclaimed.set(fp, seen - 1);
            report.alreadyPresent++;
          }
          continue;
        }
        if (seen > 0) {
          unclaimed.set(fp, seen - 1);
          report.alreadyPresent++;
          continue;
        }
        if (spec.name === PEOPLE_SHEET) {
          const id = readText(record[PERSON_ID]);
          filePeople.add(id);
          plan.newPeople.push(id);
        }
        plan.appends.push({ table, record });
        report.added.push({
          sheet: spec.name,
          fileRow: entry.fileRow,
          hubRow: null,
          label: this.label(table, (n) => record[n] ?? null),
        });
      }
    }
    this.seen.add(unit);
    return plan;
  }

  /**
   * Why a row is about another unit, or null. `hub`: the hub's row as it is now (a row the hub
   * moved to another unit since the split); `edit`: a keyed row with the unit's changes (its
   * 人员编号 now of another unit, or its 单位 changed to another); `new`: a new row, whose
   * 人员编号 must be one of the unit's people and whose 单位 must be the unit.
   */
  private foreign(
    spec: SheetSpec,
    get: (column: string) => Cell,
    unit: string,
    filePeople: ReadonlySet<string>,
    mode: "hub" | "edit" | "new",
    changed: ReadonlySet<string> = new Set(),
  ): { column: string; text: string } | null {
    if (mode === "hub") {
      const owner = this.owners.rowUnit(spec, get);
      return owner === unit
        ? null
        : { column: "", text: `该行在台账中现属单位“${owner}”（拆分后由主管部门调整），不能收回` };
    }
    if (spec.name === UNIT_SHEET) {
      if (mode === "new")
        return {
          column: UNIT_NAME,
          text: "新增单位须由主管部门在台账中添加，单位表格中新增的单位行不收回",
        };
      const name = readText(get(UNIT_NAME));
      return name === unit
        ? null
        : { column: UNIT_NAME, text: `单位名称改为“${name}”：单位名称须由主管部门修改，不能收回` };
    }
    const stated = hasColumn(spec, UNIT) ? readText(get(UNIT)) : "";
    const checkStated = mode === "new" || changed.has(UNIT) || spec.name === PEOPLE_SHEET;
    if (hasColumn(spec, PERSON_ID)) {
      const id = readText(get(PERSON_ID));
      const hubOwner = id ? this.owners.unitOf(id) : undefined;
      if (spec.name === PEOPLE_SHEET) {
        if (stated !== unit)
          return { column: UNIT, text: `单位为“${stated}”，不是本单位；人员调动须由主管部门办理` };
        if (!id) return { column: PERSON_ID, text: "缺少人员编号，无法收回" };
        if (hubOwner !== undefined && hubOwner !== unit)
          return {
            column: PERSON_ID,
            text: `人员编号“${id}”在台账中属于单位“${hubOwner}”，人员调动须由主管部门办理`,
          };
        if (mode === "new" && (hubOwner === unit || filePeople.has(id)))
          return {
            column: PERSON_ID,
            text: `人员编号“${id}”已在本单位人员中，请修改原有的行，不要重复新增`,
          };
        return null;
      }
      const owner = filePeople.has(id) ? unit : hubOwner;
      if (owner !== undefined && owner !== unit)
        return {
          column: PERSON_ID,
          text: `人员编号“${id}”属于单位“${owner}”，不是本单位人员，不能收回`,
        };
      if (owner === undefined && (mode === "new" || changed.has(PERSON_ID)))
        return {
          column: PERSON_ID,
          text: id
            ? `人员编号“${id}”不在本单位的「人员」中（新调入人员请先在「人员」中添加）`
            : "缺少人员编号，无法判断是否本单位人员",
        };
    }
    if (hasColumn(spec, UNIT) && checkStated && stated !== unit) {
      return { column: UNIT, text: `单位为“${stated}”，不是本单位，不能收回` };
    }
    return null;
  }

  /** The hub row (data index) of a keyed row, or null when it is no longer there. */
  private locate(
    table: Table,
    snap: SnapshotRow,
    /** The file row's cells by column, canonical; null for a row the unit deleted. */
    fileCanon: ((column: string) => string) | null,
    claimed: ReadonlySet<number>,
  ): number | null {
    const wanted = (names: readonly string[]): string[] => {
      const forms = [names.map((n) => snap.values.get(n) ?? "").join("\u0001")];
      if (fileCanon) forms.push(names.map(fileCanon).join("\u0001"));
      return forms;
    };
    const of = (row: readonly Cell[], names: readonly string[]): string =>
      names.map((n) => canon(cellOf(table, row, n))).join("\u0001");
    const full = wanted(table.inputs);
    const identity = table.identity.length ? wanted(table.identity) : [];
    const fits = (i: number, names: readonly string[], forms: readonly string[]): boolean =>
      !claimed.has(i) && forms.includes(of(table.rows[i], names));
    const at = snap.hubRow - 2;
    if (at >= 0 && at < table.rows.length) {
      if (fits(at, table.inputs, full) || (identity.length && fits(at, table.identity, identity)))
        return at;
    }
    // The hub moved rows since the split: the nearest row with the same values, or key.
    for (const [names, forms] of [
      [table.inputs, full],
      [table.identity, identity],
    ] as const) {
      if (forms.length === 0) continue;
      let best: number | null = null;
      for (let i = 0; i < table.rows.length; i++) {
        if (fits(i, names, forms) && (best === null || Math.abs(i - at) < Math.abs(best - at)))
          best = i;
      }
      if (best !== null) return best;
    }
    return null;
  }

  private label(table: Table, get: (n: string) => Cell): string {
    const names = [...table.identity];
    if (table.columns.has("姓名") && !names.includes("姓名")) names.push("姓名");
    return names
      .map((n) => get(n))
      .filter((v) => !isBlank(v))
      .map(display)
      .join(" ");
  }

  private apply(plan: Plan, report: UnitReport): void {
    for (const w of plan.writes) {
      w.table.rows[w.index][w.table.columns.get(w.column) as number] = w.value ?? null;
      this.markDirty(w.table, w.index, w.column);
    }
    for (const a of plan.appends) {
      const { table } = a;
      let last = table.rows.length;
      while (last > 0 && (table.rows[last - 1] ?? []).every(isBlank)) last--;
      const row: Cell[] = new Array<Cell>(table.header.length).fill(null);
      for (const n of table.inputs) {
        if (a.record[n] === undefined) continue;
        row[table.columns.get(n) as number] = a.record[n] ?? null;
        this.markDirty(table, last, n);
      }
      table.rows[last] = row;
      const units = this.byUnit.get(table.spec.name) as Map<string, number[]>;
      const list = units.get(plan.unit);
      if (list) list.push(last);
      else units.set(plan.unit, [last]);
      const item = report.added.find((x) => x.hubRow === null && x.sheet === table.spec.name);
      if (item) item.hubRow = last + 2;
    }
    for (const id of plan.newPeople) this.owners.set(id, plan.unit);
  }

  private markDirty(table: Table, index: number, column: string): void {
    let sheet = this.dirty.get(table.spec.name);
    if (!sheet) this.dirty.set(table.spec.name, (sheet = new Map()));
    let cells = sheet.get(index);
    if (!cells) sheet.set(index, (cells = new Set()));
    cells.add(column);
  }

  /**
   * Write what was applied to the hub workbook: per sheet, one write per run of adjacent input
   * columns over the rows that changed. The sheet is read again first, and a cell this
   * collection did not change is written back with the value it has now, so an edit made in
   * the hub during the collection is kept.
   */
  flush(): void {
    for (const [name, rows] of this.dirty) {
      const table = this.tables.get(name) as Table;
      const now = this.hub.readSheet(name) ?? [];
      const columns = headerColumns(table.spec, now[0] ?? table.header);
      const dirtyColumns = new Set<string>();
      for (const cells of rows.values()) for (const c of cells) dirtyColumns.add(c);
      const positions = table.inputs
        .map((n) => ({ n, p: columns.get(n) }))
        .filter((x): x is { n: string; p: number } => x.p !== undefined)
        .sort((a, b) => a.p - b.p);
      const runs: { n: string; p: number }[][] = [];
      for (const x of positions) {
        const last = runs[runs.length - 1];
        if (last && x.p === last[last.length - 1].p + 1) last.push(x);
        else runs.push([x]);
      }
      const indexes = [...rows.keys()];
      const first = Math.min(...indexes);
      const lastRow = Math.max(...indexes);
      for (const run of runs) {
        if (!run.some((x) => dirtyColumns.has(x.n))) continue;
        const block: Grid = [];
        for (let i = first; i <= lastRow; i++) {
          const changed = rows.get(i);
          const current = now[i + 1] ?? [];
          block.push(
            run.map((x) =>
              changed?.has(x.n)
                ? (table.rows[i][table.columns.get(x.n) as number] ?? null)
                : (current[x.p] ?? null),
            ),
          );
        }
        this.hub.writeRange(name, first + 2, run[0].p + 1, block);
      }
    }
    this.dirty.clear();
  }
}

interface Plan {
  unit: string;
  writes: { table: Table; index: number; column: string; value: Cell }[];
  appends: { table: Table; record: Record<string, Cell> }[];
  newPeople: string[];
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

const where = (sheet: string, hubRow: number | null, fileRow: number | null, column?: string) =>
  `「${sheet}」` +
  (hubRow !== null ? `台账第 ${hubRow} 行` : "") +
  (fileRow !== null
    ? `${hubRow !== null ? "（" : ""}单位文件第 ${fileRow} 行${hubRow !== null ? "）" : ""}`
    : "") +
  (column ? `「${column}」` : "");

/** The report of one file, in Chinese, one line per item. */
export function formatReport(report: UnitReport): string[] {
  const title = `${report.unit || "（未知单位）"}（${report.file}）`;
  if (report.refusedFile) return [`${title}：已拒收。${report.refusedFile}`];
  const lines = [
    `${title}：修改 ${report.changed.length} 处，新增 ${report.added.length} 行，单位删除 ${report.deleted.length} 行，拒收 ${report.refused.length} 行，冲突 ${report.conflicts.length} 处` +
      (report.alreadyPresent ? `，${report.alreadyPresent} 行新增已在台账中（此前已收回）` : ""),
  ];
  for (const c of report.changed)
    lines.push(
      `  修改 ${where(c.sheet, c.hubRow, c.fileRow, c.column)}：${display(c.before)} → ${display(c.after)}`,
    );
  for (const a of report.added)
    lines.push(`  新增 ${where(a.sheet, a.hubRow, a.fileRow)}：${a.label}`);
  for (const d of report.deleted)
    lines.push(`  单位删除 ${where(d.sheet, d.hubRow, null)}：${d.label}（台账中未删除，请核实）`);
  for (const r of report.refused)
    lines.push(`  拒收 ${where(r.sheet, null, r.fileRow, r.column)}：${r.reason}`);
  for (const c of report.conflicts)
    lines.push(
      c.hubRow === null
        ? `  冲突 ${where(c.sheet, null, c.fileRow, c.column)}：台账中已找不到该行（拆分后被删除或改动），单位填写的“${display(c.unitValue)}”未收回`
        : `  冲突 ${where(c.sheet, c.hubRow, c.fileRow, c.column)}：拆分后台账改为“${display(c.hubValue)}”，单位改为“${display(c.unitValue)}”（拆分时为“${display(c.splitValue)}”），保留台账的值`,
    );
  return lines;
}

/** A1 of a cell (reports in Sheets). */
export function a1(sheet: string, row: number, column: number): string {
  return `'${sheet}'!${columnLetter(column)}${row}`;
}

/** Whether a sheet name is one of the unit file's own (collected) sheets. */
export function isOwnSheet(name: string): boolean {
  return unitSheets().some((s) => s.kind === "own" && s.spec.name === name) && !!SHEET[name];
}
