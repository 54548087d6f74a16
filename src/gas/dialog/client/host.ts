/**
 * What every dialog page shares: calling the server through google.script.run, and a Workbook
 * port over the sheets the server sent, which records the use case's changes as the write the
 * server checks (../wire.ts, ../server.ts). Runs in the browser, never in Code.js.
 *
 * google.script.run (https://developers.google.com/apps-script/guides/html/reference/run) "is
 * an asynchronous client-side JavaScript API"; withSuccessHandler sets "a callback function to
 * run if the server-side function returns successfully", withFailureHandler one "to run if the
 * server-side function throws an exception", which receives the Error. `call` wraps the pair in
 * a Promise.
 */
import type { Cell, Grid } from "../../../records/cells";
import { isBlank } from "../../../records/cells";
import { headerColumns } from "../../../records/codec";
import { RECORD_KEYS } from "../../../records/keys";
import { SHEET } from "../../../records/schema";
import type { Workbook } from "../../../workflows/ports";
import { InputError } from "../../../rules/errors";
import {
  type WireCell,
  type WireOp,
  type WireRead,
  type WireWritten,
  gridFromWire,
  toWire,
} from "../wire";

interface ScriptRun {
  withSuccessHandler(f: (value: unknown) => void): ScriptRun;
  withFailureHandler(f: (error: Error) => void): ScriptRun;
}

declare const google: {
  script: { run: ScriptRun; host: { close(): void } };
};

/**
 * The part of the page's DOM the dialogs use (the HTML service serves the page as HTML5 to the
 * browser); test/fakes/htmlService.ts implements the same.
 */
export interface Element {
  value: string;
  textContent: string | null;
  hidden: boolean;
  disabled: boolean;
  addEventListener(type: "click", listener: () => void): void;
  appendChild(child: Element): void;
}

declare const document: {
  getElementById(id: string): Element | null;
  createElement(tag: string): Element;
};

/** A new element (an <option>). */
export const element = (tag: string): Element => document.createElement(tag);

/** Run a server function (a top-level function of Code.js) with one argument. */
export function call<T>(name: string, arg: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const run = google.script.run
      .withSuccessHandler((v) => {
        // What the user can fix comes back as { problem } (../server.ts), not as a failure.
        const problem = (v as { problem?: unknown } | null)?.problem;
        if (typeof problem === "string") reject(new InputError(problem));
        else resolve(v as T);
      })
      .withFailureHandler(reject) as unknown as Record<string, (a: unknown) => void>;
    run[name](arg);
  });
}

export const read = (sheets: string[]): Promise<WireRead> => call<WireRead>("dialogRead", sheets);

export function closeDialog(): void {
  google.script.host.close();
}

/** The page's element by id. */
export function $(id: string): Element {
  const found = document.getElementById(id);
  if (!found) throw new Error(`页面缺少 #${id}`);
  return found;
}

/** Show text in the page's output box. */
export function show(text: string): void {
  $("out").textContent = text;
}

/**
 * The workbook a use case runs over in the dialog: the sheets the server read, with every
 * appendRows and writeRange kept as a WireOp (and applied here, so later reads see them).
 */
export class DialogWorkbook implements Workbook {
  readonly ops: WireOp[] = [];
  private readonly grids = new Map<string, Grid>();

  constructor(private readonly data: WireRead) {
    for (const [name, grid] of Object.entries(data.sheets)) {
      if (grid) this.grids.set(name, gridFromWire(grid));
    }
  }

  sheetNames(): string[] {
    return this.data.names;
  }

  readSheet(name: string): Grid | null {
    return this.grids.get(name) ?? null;
  }

  private record(sheet: string, row: readonly Cell[], only?: readonly string[]) {
    const out: Record<string, WireCell> = {};
    const grid = this.grids.get(sheet) ?? [[]];
    for (const [name, p] of headerColumns(SHEET[sheet], grid[0])) {
      if ((!only || only.includes(name)) && !isBlank(row[p])) out[name] = toWire(row[p]);
    }
    return out;
  }

  appendRows(sheet: string, rows: Grid): void {
    this.ops.push({ op: "append", sheet, records: rows.map((r) => this.record(sheet, r)) });
    this.grids.get(sheet)?.push(...rows.map((r) => [...r]));
  }

  writeRange(sheet: string, row: number, column: number, values: Grid): void {
    const grid = this.grids.get(sheet) ?? [];
    values.forEach((line, i) =>
      line.forEach((value, j) => {
        const target = grid[row - 1 + i];
        this.ops.push({
          op: "fill",
          sheet,
          match: this.record(sheet, target, RECORD_KEYS[sheet]),
          column: String(grid[0][column - 1 + j]).trim(),
          value: toWire(value),
        });
        target[column - 1 + j] = value;
      }),
    );
  }

  ensureSheet(): void {
    throw new Error("对话框不能新建工作表");
  }

  /** Send the changes to the server's checked write; what it left out comes back as lines. */
  async save(): Promise<string[]> {
    if (!this.ops.length) return [];
    const done = await call<WireWritten>("dialogWrite", { ops: this.ops });
    return done.skipped;
  }
}

/** A failure as the dialog shows it (the menu items said the same). */
export function failure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof InputError
    ? message
    : `操作未完成：${message}。表格数据未被改动，请稍后重试或联系管理员。`;
}

/** Disable the buttons while `work` runs; its text, or the failure, goes to the output box. */
export function busy(buttons: string[], work: () => Promise<string>): void {
  for (const b of buttons) $(b).disabled = true;
  show("请稍候……");
  work()
    .then(show, (err) => show(failure(err)))
    .finally(() => {
      for (const b of buttons) $(b).disabled = false;
    });
}
