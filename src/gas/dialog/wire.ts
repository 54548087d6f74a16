/**
 * What the dialogs (HTML service pages, ./client) and the server (./server.ts) send each other
 * through google.script.run. Google's reference for google.script.run
 * (https://developers.google.com/apps-script/guides/html/reference/run, myFunction(...)):
 * "Legal parameters are JavaScript primitives like a Number, Boolean, String, or null, as well
 * as JavaScript objects and arrays that are composed of primitives, objects and arrays.
 * [...] Requests fail if you attempt to pass a Date, Function, DOM element besides a form, or
 * other prohibited type, including prohibited types inside objects or arrays", and a return
 * value "is subject to the same restrictions as parameter types". So a cell travels as a
 * WireCell: a Date becomes { d: its instant in ms }, everything else is a primitive.
 *
 * Shared by both sides; the zod schemas are the server's only trust in what a browser sends.
 */
import * as z from "zod/mini";
import type { Cell, Grid } from "../../records/cells";
import { lazy } from "../../records/parse";
import type { RunAccount } from "../../workflows/remind";
import type { TriggerOwner } from "../triggers";

export type WireCell = string | number | boolean | null | { d: number };

/** A WireCell: a primitive, or { d } with a finite instant; text at most 5,000 characters. */
export function isWireCell(v: unknown): v is WireCell {
  if (v === null || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v === "string") return v.length <= 5000;
  return (
    typeof v === "object" &&
    Object.keys(v as object).join() === "d" &&
    Number.isFinite((v as { d: unknown }).d)
  );
}

export function toWire(value: Cell): WireCell {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return { d: value.getTime() };
  return value;
}

export function fromWire(value: WireCell): Cell {
  if (value !== null && typeof value === "object") return new Date(value.d);
  return value;
}

export const gridToWire = (grid: Grid): WireCell[][] => grid.map((r) => r.map(toWire));
export const gridFromWire = (grid: readonly (readonly WireCell[])[]): Grid =>
  grid.map((r) => r.map(fromWire));

/** The answer of dialogRead: the spreadsheet's sheets, the sheets asked for, and the day. */
export interface WireRead {
  names: string[];
  active: string;
  /** Today in the spreadsheet's zone, as a Day (days since 1970-01-01). */
  today: number;
  sheets: Record<string, WireCell[][] | null>;
}

const name = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 100;

/** dialogRead's argument: the names of at most 40 sheets. */
export const readRequest = lazy(() =>
  z.array(z.string()).check(z.refine((names) => names.length <= 40 && names.every(name))),
);

/**
 * A write a dialog asks for, the changes its use case made to the workbook it was given:
 * - append: new rows, each a record by column name (the server places them under the header it
 *   finds, so a column moved meanwhile is still right);
 * - fill: one blank cell of the row whose key columns hold `match` (the server writes it only if
 *   it is still blank: nothing typed is overwritten).
 */
export type WireOp =
  | { op: "append"; sheet: string; records: Record<string, WireCell>[] }
  | {
      op: "fill";
      sheet: string;
      match: Record<string, WireCell>;
      column: string;
      value: WireCell;
    };

/** A record by column name: each name a column's, each value a WireCell. */
const isRecord = (v: unknown): v is Record<string, WireCell> =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.entries(v).every(([k, c]) => name(k) && isWireCell(c));

/**
 * dialogWrite's argument. zod/mini's object, array and custom checks are the ones the record
 * parser already ships (src/records/parse.ts), so the check adds no schema classes to Code.js.
 */
export const writeRequest = lazy(() =>
  z.object({
    ops: z.array(
      z.custom<WireOp>((v) => {
        const op = v as Partial<Record<string, unknown>> | null;
        if (!op || !name(op.sheet)) return false;
        if (op.op === "append")
          return (
            Array.isArray(op.records) && op.records.length <= 100_000 && op.records.every(isRecord)
          );
        return op.op === "fill" && isRecord(op.match) && name(op.column) && isWireCell(op.value);
      }, "对话框发送的数据格式不对"),
    ),
  }),
);

/** dialogDashboard's argument (初始化/检查表格): the 仪表盘 cells its page computed. */
export const dashboardRequest = lazy(() =>
  z.object({
    grid: z.array(
      z.custom<(string | number)[]>(
        (row) =>
          Array.isArray(row) &&
          row.every(
            (v) =>
              (typeof v === "string" && v.length <= 50_000) ||
              (typeof v === "number" && Number.isFinite(v)),
          ),
        "对话框发送的数据格式不对",
      ),
    ),
  }),
);

/** dialogSuggestions' argument (重新计算): the 奖励建议 rows the dialog computed. */
export const suggestionsRequest = lazy(() =>
  z.object({
    rows: z.array(z.custom<Record<string, WireCell>>(isRecord, "对话框发送的数据格式不对")),
  }),
);

/** What the server wrote: rows per sheet, cells filled, and what it left out and why. */
export interface WireWritten {
  appended: Record<string, number>;
  filled: number;
  /** Rows or cells not written because the sheet already had them (in Chinese). */
  skipped: string[];
}

/** The answer of dialogSetup (初始化/检查表格): the time zone and what setup did. */
export interface WireSetup {
  /** The zone ensureProjectZone changed from ("" none), null when it was Beijing time already. */
  zoneWas: string | null;
  /** The sheets setup created. */
  created: string[];
}

/** The answer of dialogRecompute (重新计算): how many formulas were entered again. */
export interface WireRecompute {
  count: number;
}

/** The answer of dialogRemind (检查并发送提醒): the run as describeRun reads it, and who ran it. */
export interface WireRemind {
  run: RunAccount;
  /** The user's address; empty when Google withholds it. */
  user: string;
}

/** The answer of dialogInstallTriggers (安装定时任务). */
export interface WireTriggers {
  /** Who installed them, when nothing was installed because another user had. */
  installedBy: TriggerOwner | null;
  /** How many triggers this call installed. */
  installed: number;
  /** The user's address; empty when Google withholds it. */
  user: string;
}
