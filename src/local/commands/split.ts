/**
 * `cadre-care split 台账.xlsx --out 单位/ [--due YYYY-MM-DD]`: one workbook per unit holding only
 * that unit's rows (src/workflows/units.ts decides which). The hub itself is only read; each
 * unit's latest split (id, time, the secret keying its checksum) goes into the split register,
 * a JSON file beside the hub (台账.拆分记录.json), which `collect` checks files against.
 *
 * A unit file: 说明 first; the unit's sheets with the hub's headers, dropdowns and formats; the
 * computed columns carrying the hub's values, locked; the hidden, locked 行键 column; 参数 (no
 * mail settings), 奖励标准 and 节假日 locked whole; hidden 拆分信息 and 拆分快照 sheets. The
 * sheets are protected without a password (Excel/LibreOffice: 审阅 → 撤销工作表保护), so that a
 * contact who must sort across locked columns can; collection ignores computed columns anyway.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { runWorkerPool } from "../workerPool";
import type { UnitJob } from "../unitWorker";
import type ExcelJS from "exceljs";
import { EXIT, UserFacingError, type CommandIO } from "../io";
import { progress, readingSheets } from "../progress";
import { ensureWritableDir, openCadreWorkbook } from "./workbook";
import { withWorkbookLock } from "../lock";
import { XlsxWorkbook } from "../xlsx";
import JSZip from "jszip";
import {
  type CellPatch,
  type StyleContext,
  dateStyles,
  patchWorksheet,
  usesDate1904,
  workbookSheets,
} from "../xlsxPackage";
import { shanghaiStamp, writeFileAtomic } from "../files";
import { SHEET } from "../../records/schema";
import type { Cell, Grid } from "../../records/cells";
import type { KeyValueStore } from "../../workflows/ports";
import {
  GUIDE_SHEET,
  type HandBack,
  KEY_COLUMN,
  META_SHEET,
  SNAPSHOT_SHEET,
  type SplitStamp,
  type UnitPayload,
  planSplit,
  splitRegister,
} from "../../workflows/units";
import { fileStem } from "../../workflows/publish";

export interface SplitOptions {
  out: string;
  due?: string;
}

/** 台账.xlsx → 台账.拆分记录.json beside it. */
export function registerPath(hub: string): string {
  const ext = path.extname(hub);
  return `${ext ? hub.slice(0, -ext.length) : hub}.拆分记录.json`;
}

/**
 * A KeyValueStore over a JSON file, each set written through a temporary file and a rename;
 * inside `batch`, the changes are written once at its end (one rename: all or none).
 */
export function jsonFileStore(file: string): KeyValueStore & { batch(changes: () => void): void } {
  let values: Record<string, string> = {};
  if (fs.existsSync(file)) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
      if (parsed && typeof parsed === "object") values = parsed as Record<string, string>;
    } catch {
      throw new UserFacingError(`拆分记录文件“${file}”已损坏（不是有效的 JSON），请从备份恢复`);
    }
  }
  let batching = false;
  const write = (): void => {
    if (batching) return;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(values, null, 2) + "\n");
    fs.renameSync(tmp, file);
  };
  return {
    get: (k) => (typeof values[k] === "string" ? values[k] : null),
    set: (k, v) => {
      values[k] = v;
      write();
    },
    delete: (k) => {
      delete values[k];
      write();
    },
    batch: (changes) => {
      batching = true;
      try {
        changes();
      } finally {
        batching = false;
      }
      write();
    },
  };
}

const LOCKED_SHEET: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  autoFilter: true,
};
const OWN_SHEET: Partial<ExcelJS.WorksheetProtection> = {
  ...LOCKED_SHEET,
  insertRows: true,
  deleteRows: true,
  sort: true,
};

/** How a 说明 line is set: the title, a heading (一、二、三、) or body text. */
type GuideStyle = "title" | "heading" | "text";

function guideStyle(line: readonly Cell[], i: number): GuideStyle {
  if (i === 0) return "title";
  return /^[一二三]、/.test(String(line[0] ?? "")) ? "heading" : "text";
}

/**
 * The full exceljs model of a unit's file. `blank`: the layout and the reference sheets only,
 * with 说明's cells styled but empty: the split's template (unitTemplate).
 */
async function unitModel(payload: UnitPayload, blank: boolean): Promise<XlsxWorkbook> {
  const book = XlsxWorkbook.create();
  const wb = book.workbook;
  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 110;
  payload.guide.forEach((line, i) => {
    const cell = guide.getCell(i + 1, 1);
    cell.value = blank ? null : String(line[0] ?? "");
    cell.alignment = { wrapText: true, vertical: "top" };
    const style = guideStyle(line, i);
    if (style === "title") cell.font = { bold: true, size: 14 };
    else if (style === "heading") cell.font = { bold: true };
  });
  await guide.protect("", LOCKED_SHEET);

  for (const sheet of payload.sheets) {
    const spec = SHEET[sheet.name];
    book.ensureSheet(spec);
    const ws = wb.getWorksheet(sheet.name) as ExcelJS.Worksheet;
    const keyAt = sheet.header.indexOf(KEY_COLUMN) + 1;
    if (keyAt > 0) {
      const head = ws.getCell(1, keyAt);
      head.value = KEY_COLUMN;
      head.note = "系统用于对应台账中的行，请勿修改";
      ws.getColumn(keyAt).hidden = true;
    }
    // Input columns unlocked through the column style, which the cells written next and the
    // empty rows below them take.
    if (sheet.kind === "own") {
      spec.columns.forEach((col, j) => {
        if (!col.computed) ws.getColumn(j + 1).protection = { locked: false };
      });
    }
    // The hub's rows replace the defaults ensureSheet wrote into the new sheet (参数, 奖励标准).
    const rows: Grid = blank && sheet.kind === "own" ? [] : sheet.rows.slice();
    while (rows.length < (spec.defaults?.length ?? 0)) rows.push(sheet.header.map(() => null));
    book.writeRange(sheet.name, 2, 1, rows);
    if (sheet.kind === "own") {
      await ws.protect("", OWN_SHEET);
    } else {
      await ws.protect("", LOCKED_SHEET);
    }
  }

  for (const [name, grid] of [
    [META_SHEET, payload.meta],
    [SNAPSHOT_SHEET, payload.snapshot],
  ] as const) {
    const ws = wb.addWorksheet(name, { state: "hidden" });
    if (!blank) {
      grid.forEach((row, i) =>
        row.forEach((value, j) => {
          // Text stays text (a value starting with = is never a formula).
          ws.getCell(i + 1, j + 1).value = value === null || value === undefined ? null : value;
        }),
      );
    }
    await ws.protect("", LOCKED_SHEET);
  }
  wb.views = [{ activeTab: 0 } as ExcelJS.WorkbookView];
  return book;
}

async function packageBytes(book: XlsxWorkbook): Promise<Uint8Array> {
  const buffer = await book.workbook.xlsx.writeBuffer({
    zip: { compression: "DEFLATE", compressionOptions: { level: 1 } },
  } as ExcelJS.XlsxWriteOptions);
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The .xlsx of one unit's payload, through the full exceljs model. */
export async function unitWorkbook(payload: UnitPayload): Promise<Uint8Array> {
  return packageBytes(await unitModel(payload, false));
}

/**
 * What every unit file of one split shares, written once by exceljs: the sheets with their
 * headers, column styles, dropdowns, protection and notes, the reference sheets whole, and
 * 说明's styled cells; no unit's value (its text is neutral). unitFile patches each unit's
 * cells into it, which costs a fraction of building the exceljs model per unit.
 */
export interface UnitTemplate {
  /** Tells templates apart (a worker keeps the last one it opened). */
  id: string;
  bytes: Uint8Array;
  guide: GuideStyle[];
}

/** The template of a split, from any payload of its plan (they share the reference sheets). */
export async function unitTemplate(payload: UnitPayload): Promise<UnitTemplate> {
  return {
    id: crypto.randomBytes(8).toString("hex"),
    bytes: await packageBytes(await unitModel(payload, true)),
    guide: payload.guide.map(guideStyle),
  };
}

/** A template read for patching: the worksheet parts of its sheets and their XML. */
interface OpenTemplate {
  id: string;
  parts: Map<string, { path: string; xml: string }>;
  context: StyleContext;
}

let lastOpened: OpenTemplate | null = null;

async function openTemplate(template: UnitTemplate): Promise<OpenTemplate | null> {
  if (lastOpened?.id === template.id) return lastOpened;
  const zip = await JSZip.loadAsync(template.bytes);
  const text = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const workbookXml = await text("xl/workbook.xml");
  const sheets = workbookSheets(workbookXml, await text("xl/_rels/workbook.xml.rels"));
  if (!sheets) return null;
  const parts = new Map<string, { path: string; xml: string }>();
  for (const sheet of sheets)
    parts.set(sheet.name, { path: sheet.path, xml: await text(sheet.path) });
  const context = {
    dateStyles: dateStyles(await text("xl/styles.xml")),
    date1904: usesDate1904(workbookXml),
  };
  return (lastOpened = { id: template.id, parts, context });
}

/** Cells of `grid` from sheet row `row`, column 1, as a patch ("" clears, as writeRange does). */
function gridPatch(grid: Grid, row: number): CellPatch {
  const patch: CellPatch = new Map();
  grid.forEach((line, i) => {
    const cells = new Map<number, Cell>();
    line.forEach((v, j) => cells.set(j + 1, v === "" || v === undefined ? null : v));
    patch.set(row + i, cells);
  });
  return patch;
}

/**
 * A unit's file: its 说明, rows, 拆分信息 and 拆分快照 patched into the template of its split
 * (../xlsxPackage.ts patchWorksheet), each new cell taking its column's style as in
 * unitWorkbook; the same cells and styles as unitWorkbook writes, with the text inline. Every
 * sheet that holds unit data is rewritten from the template's XML; the other parts keep the
 * template's bytes. null when a value needs the full model (a date in a column without a date
 * format, a character XML cannot carry): write that unit with unitWorkbook. The payload's
 * reference sheets must be the template's.
 */
export async function unitFile(
  template: UnitTemplate,
  payload: UnitPayload,
): Promise<Uint8Array | null> {
  const styles = payload.guide.map(guideStyle);
  if (styles.length !== template.guide.length || styles.some((s, i) => s !== template.guide[i]))
    return null;
  const open = await openTemplate(template);
  if (!open) return null;
  const patches: [string, CellPatch][] = [
    [GUIDE_SHEET, gridPatch(payload.guide, 1)],
    ...payload.sheets
      .filter((s) => s.kind === "own")
      .map((s): [string, CellPatch] => [s.name, gridPatch(s.rows, 2)]),
    [META_SHEET, gridPatch(payload.meta, 1)],
    [SNAPSHOT_SHEET, gridPatch(payload.snapshot, 1)],
  ];
  const zip = await JSZip.loadAsync(template.bytes);
  for (const [sheet, patch] of patches) {
    const part = open.parts.get(sheet);
    const xml = part && patchWorksheet(part.xml, patch, open.context);
    if (!part || !xml) return null;
    zip.file(part.path, xml);
  }
  return zip.generateAsync({
    type: "uint8array",
    compression: "DEFLATE",
    compressionOptions: { level: 1 },
  });
}

/** A unit's file: patched into the template when it can be, else through exceljs. */
export async function unitFileBytes(
  template: UnitTemplate | null,
  payload: UnitPayload,
): Promise<Uint8Array> {
  return (template && (await unitFile(template, payload))) ?? unitWorkbook(payload);
}

/** The built worker (dist/node/unit-worker.cjs) beside the running bundle, if there is one. */
export function workerScript(): string | null {
  if (typeof __dirname === "undefined") return null;
  const file = path.join(__dirname, "unit-worker.cjs");
  return fs.existsSync(file) ? file : null;
}

/** Below this many files the workers' start-up costs more than it saves (split and collect). */
export const WORKERS_FROM = 16;

/** Whether two payloads of one plan share their reference sheets (planSplit builds them once). */
function sameReference(a: UnitPayload, b: UnitPayload): boolean {
  return (
    a.sheets.length === b.sheets.length &&
    a.sheets.every((s, i) => s.kind !== "reference" || s === b.sheets[i])
  );
}

/** A unit file to write; its payload is made when the file is written, not all at once. */
interface UnitFileJob {
  file: string;
  payload: () => UnitPayload;
}

/**
 * Write every unit file, in the pool of worker threads (../workerPool.ts) when built: each
 * patched into the split's template (unitFile), or written whole by exceljs when it must be.
 * The main thread makes each payload as a worker asks for the next file.
 */
async function writeUnitFiles(jobs: UnitFileJob[], onWritten: () => void): Promise<void> {
  if (jobs.length === 0) return;
  const first = jobs[0].payload();
  const template = await unitTemplate(first);
  const payloadOf = (id: number): { payload: UnitPayload; template: UnitTemplate | null } => {
    const payload = id === 0 ? first : jobs[id].payload();
    return { payload, template: sameReference(payload, first) ? template : null };
  };
  const script = workerScript();
  if (!script || jobs.length < WORKERS_FROM) {
    for (const [id, job] of jobs.entries()) {
      const { payload, template } = payloadOf(id);
      await writeFileAtomic(job.file, await unitFileBytes(template, payload));
      onWritten();
    }
    return;
  }
  await runWorkerPool(script, {
    count: jobs.length,
    folders: jobs.map((j) => path.dirname(j.file)),
    message: (id): UnitJob => ({ id, file: jobs[id].file, ...payloadOf(id) }),
    done: onWritten,
    failed: (m) => new Error(`写入“${path.basename(jobs[m.id].file)}”失败：${m.error}`),
  });
}

function parseDue(text: string | undefined): string | null {
  if (text === undefined) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = m ? new Date(`${m[0]}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== m![0]) {
    throw new UserFacingError(`--due 应为 YYYY-MM-DD 格式的有效日期，如 2027-03-20，收到“${text}”`);
  }
  return `${Number(m![1])}年${Number(m![2])}月${Number(m![3])}日`;
}

/** 说明 of an .xlsx unit file: sent back by `due` (--due, in Chinese) or the notified day. */
export function fileHandBack(due: string | null): HandBack {
  return {
    when: due ? `请于 ${due} 前交回。` : "请在主管部门通知的日期前交回。",
    how: (contact) =>
      `保存为 .xlsx，发给${contact}。以最新下发的文件为准，旧文件交回将被拒收。本文件含本单位人员的身份证号和工资，请妥善保管，不要转给其他单位。`,
  };
}

export async function splitCommand(
  file: string,
  opts: SplitOptions,
  io: CommandIO,
): Promise<number> {
  const due = parseDue(opts.due);
  ensureWritableDir(opts.out);
  const bar = progress(io, "拆分", 20);
  const written: string[] = [];
  let replacedDir: string | null = null;
  let unassigned: { sheet: string; rows: number }[] = [];
  try {
    // Under the hub's lock: the split register beside it is written (collect reads it).
    await withWorkbookLock(
      file,
      "split",
      io,
      async () => {
        const hub = await openCadreWorkbook(file, readingSheets(bar));
        const now = io.now();
        const plan = planSplit(hub, {
          handBack: fileHandBack(due),
          now,
          hubName: path.basename(file),
        });
        unassigned = plan.unassigned;
        if (plan.units.length === 0) {
          throw new UserFacingError(`“${file}”的「单位」中没有单位，无法拆分`, EXIT.problems);
        }
        bar.expect(plan.units.length);
        const store = jsonFileStore(registerPath(file));
        const register = splitRegister(store);
        const run = `${shanghaiStamp(now)}-${crypto.randomBytes(3).toString("hex")}`;
        const stamps: [string, SplitStamp][] = [];
        const names = new Set<string>();
        const jobs: UnitFileJob[] = [];
        for (const [i, unit] of plan.units.entries()) {
          const stamp: SplitStamp = {
            splitId: `${run}-${i + 1}`,
            at: now.toISOString(),
            secret: crypto.randomBytes(16).toString("hex"),
          };
          const stem = fileStem(unit);
          let name = `${stem}.xlsx`;
          for (let n = 2; names.has(name.toLowerCase()); n++) name = `${stem}-${n}.xlsx`;
          names.add(name.toLowerCase());
          const target = path.join(opts.out, name);
          // A file already there may hold a unit's typed changes: it is moved aside, never lost.
          if (fs.existsSync(target)) {
            replacedDir ??= path.join(opts.out, `已替换-${shanghaiStamp(now)}`);
            fs.mkdirSync(replacedDir, { recursive: true });
            fs.renameSync(target, path.join(replacedDir, name));
          }
          jobs.push({ file: target, payload: () => plan.payload(unit, stamp) });
          written.push(target);
          stamps.push([unit, { ...stamp, target: name }]);
        }
        await writeUnitFiles(jobs, () => bar.tick());
        // The register last, in one write: a file of this run is accepted once all are written.
        store.batch(() => {
          for (const [unit, stamp] of stamps) register.set(unit, stamp);
        });
      },
      { keepsFile: true },
    );
  } finally {
    bar.done();
  }
  io.out(`已为 ${written.length} 个单位生成单位文件，保存在 ${opts.out}`);
  io.out(`拆分记录：${registerPath(file)}（收回时据此核对，请与台账一起保管）`);
  if (replacedDir) io.out(`原有的同名文件已移到 ${replacedDir}（未收回的修改不会丢失）`);
  for (const u of unassigned) {
    io.out(
      `注意：「${u.sheet}」有 ${u.rows} 行的单位不在「单位」中，未分发到任何单位文件（可运行 check 查看）`,
    );
  }
  io.out(
    `台账“${file}”未改动。各单位只收到本单位的文件；收回：cadre-care collect ${file} ${path.join(opts.out, "*.xlsx")}`,
  );
  return EXIT.ok;
}
