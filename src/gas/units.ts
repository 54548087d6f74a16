/**
 * The hub's unit spreadsheets (menu 生成单位表格 and 同步单位表格, DESIGN.md §8): one spreadsheet
 * per unit, created through the Sheets advanced service (v4) and shared with the unit's
 * 联系邮箱 through the Drive advanced service (v3 permissions.create), both under `drive.file`:
 * the script reaches only the spreadsheets it created. The split and the merge are the same
 * workflow as `cadre-care split/collect` (src/workflows/units.ts).
 *
 * Calls, designed around the Sheets API's per-minute quotas (60 read and 60 write requests per
 * minute per user, 300 per project: https://developers.google.com/workspace/sheets/api/limits;
 * a batch counts once) and the 6-minute run:
 * - creating a unit: one spreadsheets.create carrying every sheet, value, dropdown, hidden
 *   column and protected range (1 write), one Drive files.update into the folder, one
 *   permissions.create;
 * - syncing a unit: one values.batchGet of all its sheets (1 read), the merge into the hub
 *   (SpreadsheetApp: one write per changed sheet and run of input columns), one
 *   spreadsheets.batchUpdate writing the unit's rows, computed values, keys and snapshot back
 *   (1 write). However many rows a unit has, it costs one read and one write.
 * - A run takes at most UNITS_PER_RUN units (under 60 a minute) and stops after 4.5 minutes; a
 *   one-off trigger continues a minute later, as document batches do. The batch (which units are
 *   done) is a script property, written after each unit: a run cut off midway redoes at most the
 *   unit it was on, and that merge applies nothing twice (collect is idempotent).
 */
import type { Cell, Grid } from "../records/cells";
import { headerColumns } from "../records/codec";
import { SHEET } from "../records/schema";
import type { SheetSpec } from "../records/spec";
import { dayFromInstant, dayFromSerial, instantFromDay, serialFromDay } from "../rules/dates";
import type { Clock, KeyValueStore, Lock, Workbook } from "../workflows/ports";
import { DEFAULT_BUDGET_MS } from "../workflows/remind";
import {
  GUIDE_SHEET,
  type HandBack,
  KEY_COLUMN,
  META_SHEET,
  SNAPSHOT_SHEET,
  type SplitStamp,
  type UnitPayload,
  type UnitReport,
  UnitCollector,
  planSplit,
  reportHasProblems,
  splitRegister,
} from "../workflows/units";
import { type DriveApiLike, type DrivePermissionsLike, folderIn } from "./drive";
import {
  CONTINUE_UNITS_HANDLER,
  type Continuation,
  DocsContinuation,
  installUnitsDaily,
} from "./triggers";
import { SheetsWorkbook } from "./sheets";
import { ScriptLock, ScriptProperties } from "./daily";
import { effectiveUserEmail } from "./auth";
import { readUnits } from "../workflows/deadlines";
import { InputError } from "../rules/errors";

/** Units per run: one read and one write each, under the 60-a-minute quotas per user. */
export const UNITS_PER_RUN = 50;
/** Empty rows below a unit's data in its spreadsheet, for rows the contact adds. */
const SPARE_ROWS = 200;
/** Drive folder of the unit spreadsheets. */
export const UNITS_FOLDER_NAME = "干部关怀激励单位表格";
/** Script property of the batch a continuation picks up. */
export const UNITS_BATCH_KEY = "cadre-care.unitsBatch";
const LOCK_WAIT_MS = 30_000;
const DATE_FORMAT = { numberFormat: { type: "DATE", pattern: "yyyy-mm-dd" } };

// ---------------------------------------------------------------------------------------------
// The Sheets advanced service, as far as it is called
// ---------------------------------------------------------------------------------------------

type ApiValue = string | number | boolean;
interface CellData {
  userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean };
  userEnteredFormat?: typeof DATE_FORMAT;
  dataValidation?: {
    condition: { type: "ONE_OF_LIST"; values: { userEnteredValue: string }[] };
    strict: boolean;
    showCustomUi: boolean;
  };
}
interface ProtectedRange {
  range: {
    sheetId: number;
    startRowIndex?: number;
    endRowIndex?: number;
    startColumnIndex?: number;
    endColumnIndex?: number;
  };
  description: string;
  warningOnly: boolean;
  editors: { users: string[] };
}
interface SheetResource {
  properties: {
    sheetId: number;
    title: string;
    hidden?: boolean;
    gridProperties: { rowCount: number; columnCount: number; frozenRowCount?: number };
  };
  data: {
    startRow: number;
    startColumn: number;
    rowData: { values: CellData[] }[];
    columnMetadata?: { hiddenByUser?: boolean; pixelSize?: number }[];
  }[];
  protectedRanges: ProtectedRange[];
}
type Request =
  | {
      updateCells: {
        start: { sheetId: number; rowIndex: number; columnIndex: number };
        rows: { values: CellData[] }[];
        fields: string;
      };
    }
  | { appendDimension: { sheetId: number; dimension: "ROWS"; length: number } };

export interface SheetsApiLike {
  Spreadsheets: {
    create(resource: {
      properties: { title: string; locale?: string; timeZone?: string };
      sheets: SheetResource[];
    }): {
      spreadsheetId?: string;
      spreadsheetUrl?: string;
    };
    batchUpdate(resource: { requests: Request[] }, spreadsheetId: string): unknown;
    Values: {
      batchGet(
        spreadsheetId: string,
        optionalArgs: { ranges: string[]; valueRenderOption: string; dateTimeRenderOption: string },
      ): { valueRanges?: { range?: string; values?: ApiValue[][] }[] };
    };
  };
}

export interface UnitServices {
  /** The hub (the spreadsheet with the script). */
  workbook: Workbook;
  sheets: SheetsApiLike;
  drive: DriveApiLike & { Permissions: DrivePermissionsLike };
  store: KeyValueStore;
  clock: Clock;
  lock?: Lock | null;
  continuation?: Continuation | null;
  /** Who may edit the protected ranges of a unit spreadsheet: the hub's owners. */
  editors: string[];
  /** A fresh random id (Utilities.getUuid in Apps Script). */
  uuid: () => string;
  hubName: string;
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

function cellData(value: Cell): CellData {
  if (value === null || value === undefined || value === "") return {};
  if (value instanceof Date) {
    return {
      userEnteredValue: { numberValue: serialFromDay(dayFromInstant(value)) },
      userEnteredFormat: DATE_FORMAT,
    };
  }
  if (typeof value === "number") return { userEnteredValue: { numberValue: value } };
  if (typeof value === "boolean") return { userEnteredValue: { boolValue: value } };
  // stringValue is taken literally: text starting with = stays text.
  return { userEnteredValue: { stringValue: String(value) } };
}

/** Values read back (UNFORMATTED_VALUE, SERIAL_NUMBER): date columns' serials become Dates. */
function fromApi(spec: SheetSpec | undefined, values: ApiValue[][]): Grid {
  const grid: Grid = values.map((r) => r.map((v) => (v === "" ? null : v)));
  if (!spec || grid.length === 0) return grid;
  const columns = headerColumns(spec, grid[0]);
  const dates = spec.columns.filter((c) => c.kind === "date").map((c) => columns.get(c.name));
  for (const row of grid.slice(1)) {
    for (const p of dates) {
      if (p !== undefined && typeof row[p] === "number") {
        row[p] = instantFromDay(dayFromSerial(row[p] as number));
      }
    }
  }
  return grid;
}

const quoted = (title: string): string => `'${title.replace(/'/g, "''")}'`;

// ---------------------------------------------------------------------------------------------
// A unit's spreadsheet
// ---------------------------------------------------------------------------------------------

interface Layout {
  title: string;
  sheetId: number;
  grid: Grid;
  hidden: boolean;
  /** own: keyed rows with computed and key columns locked; else the whole sheet is locked. */
  own: boolean;
  spec?: SheetSpec;
}

function layouts(payload: UnitPayload): Layout[] {
  const list: Layout[] = [
    { title: GUIDE_SHEET, sheetId: 0, grid: payload.guide, hidden: false, own: false },
  ];
  payload.sheets.forEach((s, i) =>
    list.push({
      title: s.name,
      sheetId: i + 1,
      grid: [s.header, ...s.rows],
      hidden: false,
      own: s.kind === "own",
      spec: SHEET[s.name],
    }),
  );
  const next = list.length;
  list.push({ title: META_SHEET, sheetId: next, grid: payload.meta, hidden: true, own: false });
  list.push({
    title: SNAPSHOT_SHEET,
    sheetId: next + 1,
    grid: payload.snapshot,
    hidden: true,
    own: false,
  });
  return list;
}

const widthOf = (grid: Grid): number => Math.max(1, ...grid.map((r) => r.length));

/** The protected ranges of a sheet: everything but the unit's input cells. */
function protections(l: Layout, editors: string[]): ProtectedRange[] {
  const base = { warningOnly: false, editors: { users: editors } };
  if (!l.own || !l.spec) {
    return [{ ...base, range: { sheetId: l.sheetId }, description: `${l.title}：只供参考` }];
  }
  const header = l.grid[0].map((h) => String(h ?? ""));
  const ranges: ProtectedRange[] = [
    {
      ...base,
      range: { sheetId: l.sheetId, startRowIndex: 0, endRowIndex: 1 },
      description: "表头",
    },
  ];
  header.forEach((name, j) => {
    const col = l.spec?.columns.find((c) => c.name === name);
    if (name === KEY_COLUMN || col?.computed) {
      ranges.push({
        ...base,
        range: { sheetId: l.sheetId, startColumnIndex: j, endColumnIndex: j + 1 },
        description: name === KEY_COLUMN ? "行键（系统用，请勿修改）" : `${name}：系统计算`,
      });
    }
  });
  return ranges;
}

function rowsOf(l: Layout, height: number): { values: CellData[] }[] {
  const width = widthOf(l.grid);
  const header = l.grid[0].map((h) => String(h ?? ""));
  const options = header.map((name) => {
    const col = l.own ? l.spec?.columns.find((c) => c.name === name) : undefined;
    return col?.kind === "enum" && col.options?.length ? col : undefined;
  });
  const rows: { values: CellData[] }[] = [];
  for (let r = 0; r < height; r++) {
    const source = l.grid[r] ?? [];
    const values: CellData[] = [];
    for (let c = 0; c < width; c++) {
      const cell = cellData(source[c] ?? null);
      const col = r > 0 ? options[c] : undefined;
      if (col) {
        cell.dataValidation = {
          condition: {
            type: "ONE_OF_LIST",
            values: (col.options ?? []).map((v) => ({ userEnteredValue: v })),
          },
          strict: !col.allowOther,
          showCustomUi: true,
        };
      }
      values.push(cell);
    }
    rows.push({ values });
  }
  return rows;
}

/** The spreadsheets.create body of a unit: every sheet, value, dropdown and protection. */
export function spreadsheetResource(payload: UnitPayload, editors: string[]) {
  const sheets: SheetResource[] = layouts(payload).map((l) => {
    const rowCount = l.grid.length + (l.own ? SPARE_ROWS : 0);
    const width = widthOf(l.grid);
    const keyAt = l.own ? l.grid[0].findIndex((h) => h === KEY_COLUMN) : -1;
    return {
      properties: {
        sheetId: l.sheetId,
        title: l.title,
        ...(l.hidden ? { hidden: true } : {}),
        gridProperties: { rowCount, columnCount: width, ...(l.spec ? { frozenRowCount: 1 } : {}) },
      },
      data: [
        {
          startRow: 0,
          startColumn: 0,
          rowData: rowsOf(l, l.own ? rowCount : l.grid.length),
          ...(keyAt >= 0
            ? {
                columnMetadata: Array.from({ length: width }, (_, j) =>
                  j === keyAt ? { hiddenByUser: true } : {},
                ),
              }
            : {}),
        },
      ],
      protectedRanges: protections(l, editors),
    };
  });
  return {
    properties: { title: `${payload.unit} 单位表格`, locale: "zh_CN", timeZone: "Asia/Shanghai" },
    sheets,
  };
}

/** Each sheet's id and row count, as created. */
function gridOf(
  resource: ReturnType<typeof spreadsheetResource>,
): Record<string, [number, number]> {
  return Object.fromEntries(
    resource.sheets.map((s) => [
      s.properties.title,
      [s.properties.sheetId, s.properties.gridProperties.rowCount],
    ]),
  );
}

/** The batchUpdate that writes a new payload over a unit spreadsheet (one write request). */
function writeBackRequests(
  payload: UnitPayload,
  grid: Record<string, [number, number]>,
  previousHeights: ReadonlyMap<string, number>,
): { requests: Request[]; grid: Record<string, [number, number]> } {
  const requests: Request[] = [];
  const next: Record<string, [number, number]> = { ...grid };
  for (const l of layouts(payload)) {
    const known = grid[l.title];
    if (!known) continue;
    const [sheetId, rowCount] = known;
    const height = Math.max(l.grid.length, previousHeights.get(l.title) ?? 0);
    if (height > rowCount) {
      const grow = height - rowCount + (l.own ? SPARE_ROWS : 0);
      requests.push({ appendDimension: { sheetId, dimension: "ROWS", length: grow } });
      next[l.title] = [sheetId, rowCount + grow];
    }
    requests.push({
      updateCells: {
        start: { sheetId, rowIndex: 0, columnIndex: 0 },
        rows: rowsOf({ ...l, own: false }, height),
        fields: "userEnteredValue,userEnteredFormat.numberFormat",
      },
    });
  }
  return { requests, grid: next };
}

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

interface Batch {
  mode: "create" | "sync";
  startedAt: string;
  done: string[];
}
/** 说明 of a unit spreadsheet: edited in place, collected by the daily sync (planSplit). */
const IN_PLACE: HandBack = {
  when: "直接在本表格中填写，无需交回：中心台账每天 7:00 收回修改并写回计算结果。",
  how: (contact) =>
    `不必下载或发送文件；有疑问请联系${contact}。本表格含本单位人员的身份证号和工资，请勿共享给他人。`,
};

function readBatch(store: KeyValueStore): Batch | null {
  try {
    const v = JSON.parse(store.get(UNITS_BATCH_KEY) ?? "null") as Partial<Batch> | null;
    if (v && (v.mode === "create" || v.mode === "sync") && Array.isArray(v.done)) {
      return { mode: v.mode, startedAt: String(v.startedAt ?? ""), done: v.done.map(String) };
    }
  } catch {
    // A damaged batch starts afresh: each step is idempotent.
  }
  return null;
}

const isQuotaError = (err: unknown): boolean =>
  /Quota exceeded|Too many requests|429|Rate Limit/i.test(String((err as Error)?.message ?? err));

/** dialogUnits' answer: the run (Dates as { d: ms }), or why it did not run; daily: installed. */
export interface WireUnitRun {
  text?: string;
  result?: unknown;
  daily: boolean;
}

export interface UnitRunResult {
  mode: "create" | "sync";
  processed: string[];
  remaining: number;
  reports: UnitReport[];
  notes: string[];
}

/** The units of the hub with their 联系邮箱 (as the daily check reads 单位). */
function unitContacts(workbook: Pick<Workbook, "readSheet">): Map<string, string> {
  const units = readUnits({ 单位: workbook.readSheet("单位") });
  return new Map([...units].map(([name, unit]) => [name, unit.email]));
}

/**
 * One run of 生成单位表格 or 同步单位表格 (mode), resuming the stored batch when `resume`.
 * Returns what it did; the batch continues by trigger while units remain.
 */
export function runUnits(
  services: UnitServices,
  mode: "create" | "sync",
  resume: boolean,
): UnitRunResult | string {
  const lock = services.lock ?? null;
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) {
    if (resume) services.continuation?.schedule();
    return "另一项操作正在进行，请稍后再试。";
  }
  try {
    const started = services.clock.now().getTime();
    const stored = readBatch(services.store);
    const batch: Batch =
      resume && stored ? stored : { mode, startedAt: new Date(started).toISOString(), done: [] };
    const register = splitRegister(services.store);
    const collector = new UnitCollector(services.workbook, register);
    const contacts = unitContacts(collector);
    const todo = [...contacts.keys()].filter((u) => {
      if (batch.done.includes(u)) return false;
      const has = Boolean(register.get(u)?.target);
      return batch.mode === "create" ? !has : has;
    });
    const result: UnitRunResult = {
      mode: batch.mode,
      processed: [],
      remaining: 0,
      reports: [],
      notes: [],
    };
    let folder: string | null = null;
    let stoppedBy: string | null = null;
    for (const unit of todo) {
      if (result.processed.length >= UNITS_PER_RUN) break;
      if (services.clock.now().getTime() - started >= DEFAULT_BUDGET_MS) break;
      try {
        if (batch.mode === "create") {
          folder ??= folderIn(services.drive, UNITS_FOLDER_NAME, "root");
          createOne(services, collector, unit, contacts.get(unit) ?? "", folder, result);
        } else {
          syncOne(services, collector, unit, result);
        }
      } catch (err) {
        if (!isQuotaError(err)) throw err;
        stoppedBy = "已达到 Google 表格 API 每分钟的请求上限";
        break;
      }
      batch.done.push(unit);
      result.processed.push(unit);
      services.store.set(UNITS_BATCH_KEY, JSON.stringify(batch));
    }
    result.remaining = todo.length - result.processed.length;
    if (result.remaining > 0 && services.continuation) {
      services.store.set(UNITS_BATCH_KEY, JSON.stringify(batch));
      services.continuation.schedule();
      if (stoppedBy) result.notes.push(stoppedBy);
    } else {
      services.store.delete(UNITS_BATCH_KEY);
      services.continuation?.cancel();
    }
    return result;
  } finally {
    lock?.release();
  }
}

function newStamp(services: UnitServices): SplitStamp {
  return {
    splitId: services.uuid(),
    at: services.clock.now().toISOString(),
    secret: services.uuid().replace(/-/g, "") + services.uuid().replace(/-/g, ""),
  };
}

function createOne(
  services: UnitServices,
  collector: UnitCollector,
  unit: string,
  email: string,
  folder: string,
  result: UnitRunResult,
): void {
  const stamp = newStamp(services);
  const plan = planSplit(
    collector,
    { handBack: IN_PLACE, now: services.clock.now(), hubName: services.hubName },
    (sheet, u) => collector.rowsOf(sheet, u),
  );
  const payload = plan.payload(unit, stamp);
  const resource = spreadsheetResource(payload, services.editors);
  const created = services.sheets.Spreadsheets.create(resource);
  const id = created.spreadsheetId;
  if (!id) throw new Error(`Google 表格未返回单位“${unit}”新表格的 ID`);
  services.drive.Files.update({}, id, null, {
    addParents: folder,
    removeParents: "root",
    fields: "id",
  });
  if (email) {
    services.drive.Permissions.create({ role: "writer", type: "user", emailAddress: email }, id, {
      sendNotificationEmail: true,
      emailMessage: `这是${unit}的干部关怀激励单位表格，只含本单位的人员和记录。请按「说明」工作表填写，无需交回：系统每天自动收回。`,
      fields: "id",
    });
  } else {
    result.notes.push(
      `单位“${unit}”没有联系邮箱，表格已生成但未共享；请在「单位」中填写联系邮箱后手动共享`,
    );
  }
  splitRegister(services.store).set(unit, { ...stamp, target: id, grid: gridOf(resource) });
}

function syncOne(
  services: UnitServices,
  collector: UnitCollector,
  unit: string,
  result: UnitRunResult,
): void {
  const register = splitRegister(services.store);
  const stamp = register.get(unit) as SplitStamp;
  const id = stamp.target as string;
  const titles = Object.keys(stamp.grid ?? {});
  const got = services.sheets.Spreadsheets.Values.batchGet(id, {
    ranges: titles.map(quoted),
    valueRenderOption: "UNFORMATTED_VALUE",
    dateTimeRenderOption: "SERIAL_NUMBER",
  });
  const grids = new Map<string, Grid>();
  (got.valueRanges ?? []).forEach((vr, i) => {
    grids.set(titles[i], fromApi(SHEET[titles[i]], vr.values ?? []));
  });
  const report = collector.collect(
    { sheetNames: () => titles, readSheet: (name) => grids.get(name) ?? null },
    `${unit} 单位表格`,
    {},
  );
  result.reports.push(report);
  collector.flush();
  if (report.refusedFile) return;
  // Write the unit's rows as the hub now has them, under a new stamp; until the write is done
  // the spreadsheet's old stamp stays acceptable.
  const fresh = newStamp(services);
  const payload = planSplit(
    collector,
    { handBack: IN_PLACE, now: services.clock.now(), hubName: services.hubName },
    (sheet, u) => collector.rowsOf(sheet, u),
  ).payload(unit, fresh);
  const heights = new Map([...grids].map(([t, g]) => [t, g.length]));
  const { requests, grid } = writeBackRequests(payload, stamp.grid ?? {}, heights);
  register.set(unit, {
    ...fresh,
    target: id,
    grid: stamp.grid ?? {},
    previous: { splitId: stamp.splitId, at: stamp.at, secret: stamp.secret },
  });
  services.sheets.Spreadsheets.batchUpdate({ requests }, id);
  register.set(unit, { ...fresh, target: id, grid });
}

/**
 * What the daily trigger and the continuation log: counts only. The full text of a run
 * (describeUnitRun, ./unitsReport.ts) is written in the menu's dialog page, with a person there.
 */
export function unitRunCounts(result: UnitRunResult | string): string {
  if (typeof result === "string") return result;
  const problems = result.reports.filter(reportHasProblems).length;
  return [
    `${result.mode === "create" ? "生成" : "同步"} ${result.processed.length} 个单位表格，有拒收或冲突 ${problems} 个，还有 ${result.remaining} 个`,
    ...result.notes,
  ].join("\n");
}

/** A run's result as google.script.run can carry it: each Date as { d: ms }. */
function wireDates(value: unknown): unknown {
  if (value instanceof Date) return { d: value.getTime() };
  if (Array.isArray(value)) return value.map(wireDates);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireDates(v)]));
  return value;
}

/** Modelled duration of a sync or creation of `units` units (README, bench): ms. */
export function modelledDuration(
  units: number,
  perUnitMs: number,
  perRunOverheadMs: number,
): { runs: number; ms: number } {
  const runs = Math.max(1, Math.ceil(units / UNITS_PER_RUN));
  const work = units * perUnitMs + runs * perRunOverheadMs;
  return { runs, ms: work + (runs - 1) * 60_000 };
}

// ---------------------------------------------------------------------------------------------
// Entry points (menu items and triggers), binding the Apps Script globals at call time
// ---------------------------------------------------------------------------------------------

function globalUnitServices(): UnitServices {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const me = effectiveUserEmail();
  return {
    workbook: new SheetsWorkbook(spreadsheet),
    sheets: Sheets as unknown as SheetsApiLike,
    drive: Drive as unknown as UnitServices["drive"],
    store: new ScriptProperties(PropertiesService),
    clock: { now: () => new Date() },
    lock: new ScriptLock(LockService),
    continuation: new DocsContinuation(ScriptApp, CONTINUE_UNITS_HANDLER),
    editors: me ? [me] : [],
    uuid: () => Utilities.getUuid(),
    hubName: spreadsheet.getName(),
  };
}

/**
 * google.script.run dialogUnits(mode), from the dialog of 生成单位表格 ("create", which also
 * installs the daily sync) or 同步单位表格 ("sync"): the run, for the page to describe.
 */
export function dialogUnits(mode: unknown): WireUnitRun {
  if (mode !== "create" && mode !== "sync") throw new InputError("对话框发送的数据有误");
  const result = runUnits(globalUnitServices(), mode, false);
  const daily = mode === "create" && installUnitsDaily(ScriptApp);
  return typeof result === "string"
    ? { text: result, daily }
    : { result: wireDates(result), daily };
}

/** The daily trigger (07:00), before the 08:00 deadline check sends reminders from the hub. */
export function syncUnitSheetsDaily(): void {
  console.log(unitRunCounts(runUnits(globalUnitServices(), "sync", false)));
}

/** The one-off trigger continuing a creation or a sync. */
export function continueUnitSheets(): void {
  const services = globalUnitServices();
  const batch = readBatch(services.store);
  if (!batch) {
    services.continuation?.cancel();
    console.log("没有待继续的单位表格。");
    return;
  }
  console.log(unitRunCounts(runUnits(services, batch.mode, true)));
}
