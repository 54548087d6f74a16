/**
 * HtmlService and the browser side of a dialog, so tests drive the real dialog pages
 * (dist/dialog-*.html) against the real server functions of dist/Code.js.
 *
 * Server side: `HtmlService.createHtmlOutputFromFile(name)` returns the project's HTML file
 * `name` (dist/<name>.html, which clasp pushes as an HTML file) as an HtmlOutput; a missing file
 * throws. Ui.showModalDialog (./spreadsheetApp.ts) records it.
 *
 * Browser side (`openDialog`): the page's script runs in a realm of its own (a vm context: no
 * Apps Script globals, as in the browser), with a small DOM made from the page's elements that
 * carry an id, and `google.script.run` / `google.script.host` modelled on Google's reference
 * (https://developers.google.com/apps-script/guides/html/reference/run):
 * - "google.script.run is an asynchronous client-side JavaScript API": a call returns nothing
 *   at once; the server function runs later, as a new execution with the user's authorization
 *   (here `world.run("menu", …)`), and its outcome goes to a handler.
 * - withSuccessHandler: "Sets a callback function to run if the server-side function returns
 *   successfully. The server's return value is passed to the function as the first argument".
 * - withFailureHandler: "Sets a callback function to run if the server-side function throws an
 *   exception. The Error object is passed to the function as the first argument"; without one
 *   the failure is only logged.
 * - Arguments: "Legal parameters are JavaScript primitives like a Number, Boolean, String, or
 *   null, as well as JavaScript objects and arrays that are composed of primitives, objects and
 *   arrays. [...] Requests fail if you attempt to pass a Date, Function, DOM element besides a
 *   form, or other prohibited type, including prohibited types inside objects or arrays.
 *   Objects that create circular references will also fail, and undefined fields within arrays
 *   become null. Note that an object passed to the server becomes a copy of the original."
 *   Return values: "subject to the same restrictions as parameter types".
 * - Only top-level functions of the script can be called; another name fails.
 * Not modelled: the limit of 10 concurrent calls (the dialogs make one call at a time).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import vm from "node:vm";
import type { AppsScriptWorld, EntryPoint } from "./appsScript";

const DIST = path.resolve(__dirname, "..", "..", "dist");

export class FakeHtmlOutput {
  width = 0;
  height = 0;
  constructor(
    readonly file: string,
    private readonly content: string,
  ) {}
  getContent(): string {
    return this.content;
  }
  setWidth(width: number): FakeHtmlOutput {
    this.width = width;
    return this;
  }
  setHeight(height: number): FakeHtmlOutput {
    this.height = height;
    return this;
  }
}

/**
 * HtmlService over the project's HTML files: dist/<name>.html (what clasp pushes), or the given
 * map of file name → content. getContent() returns the file's text unchanged, as Google's
 * include() pattern relies on: "function include(filename) { return
 * HtmlService.createHtmlOutputFromFile(filename).getContent(); }" "injects the file content
 * directly" (https://developers.google.com/apps-script/guides/html/best-practices).
 */
export function createFakeHtmlService(files?: ReadonlyMap<string, string>) {
  return {
    createHtmlOutputFromFile(name: string): FakeHtmlOutput {
      let content: string | undefined;
      try {
        content = files ? files.get(name) : readFileSync(path.join(DIST, `${name}.html`), "utf8");
      } catch {
        content = undefined;
      }
      if (content === undefined) throw new Error(`No HTML file named ${name} was found.`);
      return new FakeHtmlOutput(name, content);
    },
  };
}

export const FakeHtmlService = createFakeHtmlService();

/** Google's rule for what google.script.run carries; a copy, undefined in arrays as null. */
export function scriptRunCopy(value: unknown, seen = new Set<unknown>()): unknown {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return value;
  if (typeof value !== "object") {
    throw new Error(`google.script.run: a ${typeof value} is not a legal parameter`);
  }
  const tag = Object.prototype.toString.call(value);
  if (tag === "[object Date]")
    throw new Error("google.script.run: a Date is not a legal parameter");
  if (seen.has(value)) throw new Error("google.script.run: circular reference");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((v) => (v === undefined ? null : scriptRunCopy(v, seen)));
    }
    if (tag !== "[object Object]" || value instanceof FakeElement) {
      throw new Error(`google.script.run: ${tag} is not a legal parameter`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = scriptRunCopy(v, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The DOM the dialog scripts use (src/gas/dialog/client/host.ts `Element`). */
export class FakeElement {
  value = "";
  textContent: string | null = "";
  hidden = false;
  disabled = false;
  readonly children: FakeElement[] = [];
  private readonly listeners: (() => void)[] = [];
  private chosen: string | null = null;
  constructor(
    readonly tag: string,
    readonly id = "",
  ) {
    if (tag === "select") {
      Object.defineProperty(this, "value", {
        get: () => this.chosen ?? this.children[0]?.value ?? "",
        set: (v: string) => {
          this.chosen = this.children.some((c) => c.value === v) ? v : "";
        },
      });
    }
  }
  addEventListener(type: string, listener: () => void): void {
    if (type === "click") this.listeners.push(listener);
  }
  appendChild(child: FakeElement): void {
    this.children.push(child);
  }
  /** A user's click: nothing happens on a hidden or disabled button. */
  click(): void {
    if (this.hidden || this.disabled) throw new Error(`#${this.id} cannot be clicked now`);
    for (const l of this.listeners) l();
  }
}

export interface OpenDialog {
  title: string;
  file: string;
  el(id: string): FakeElement;
  /** The text of the output box. */
  output(): string;
  /** Wait until every server call (and what its handlers started) is done. */
  settle(): Promise<void>;
  closed: boolean;
  /** Server functions called, in order. */
  calls: string[];
}

/**
 * Open the dialog the last menu item showed: run its page script as a browser would, with
 * google.script.run calling `bundle`'s top-level functions in `world`.
 */
export async function openDialog(
  world: AppsScriptWorld,
  bundle: Record<string, EntryPoint>,
  /** How the server calls run (the user who opened the dialog); default: the world's user. */
  options?: Parameters<AppsScriptWorld["run"]>[2],
): Promise<OpenDialog> {
  const shown = world.sheetsApp.ui.dialogs.at(-1);
  if (!shown || !(shown.output instanceof FakeHtmlOutput)) throw new Error("no dialog was shown");
  const html = shown.output.getContent();
  const elements = new Map<string, FakeElement>();
  for (const m of html.matchAll(/<(\w+)\b([^>]*)>/g)) {
    const id = /\bid="([^"]+)"/.exec(m[2])?.[1];
    if (!id) continue;
    const e = new FakeElement(m[1], id);
    e.hidden = /\bhidden\b/.test(m[2]);
    elements.set(id, e);
  }
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  if (scripts.length !== 1) throw new Error(`expected one inline script, found ${scripts.length}`);

  const pending = new Set<Promise<void>>();
  const dialog: OpenDialog = {
    title: shown.title,
    file: shown.output.file,
    el(id) {
      const e = elements.get(id);
      if (!e) throw new Error(`the page has no #${id}`);
      return e;
    },
    output: () => elements.get("out")?.textContent ?? "",
    async settle() {
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 0));
        if (pending.size === 0) {
          await new Promise((r) => setTimeout(r, 0));
          if (pending.size === 0) return;
        }
        await Promise.all([...pending]);
      }
      throw new Error("the dialog never settled");
    },
    closed: false,
    calls: [],
  };

  type Handler = ((value: unknown) => void) | null;
  const runner = (success: Handler, failure: Handler): unknown =>
    new Proxy(
      {},
      {
        get(_t, prop) {
          if (prop === "withSuccessHandler") return (f: Handler) => runner(f, failure);
          if (prop === "withFailureHandler") return (f: Handler) => runner(success, f);
          if (prop === "withUserObject") return () => runner(success, failure);
          if (typeof prop !== "string") return undefined;
          return (...args: unknown[]): void => {
            dialog.calls.push(prop);
            let copies: unknown[];
            let problem: Error | null = null;
            try {
              copies = args.map((a) => scriptRunCopy(a));
            } catch (err) {
              copies = [];
              problem = err as Error;
            }
            const job = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
              let outcome: { ok: true; value: unknown } | { ok: false; error: Error };
              const fn = bundle[prop];
              if (problem) outcome = { ok: false, error: problem };
              else if (typeof fn !== "function")
                outcome = { ok: false, error: new Error(`Script function not found: ${prop}`) };
              else {
                const run = world.run("menu", () => fn(...copies), options);
                if (run.error) outcome = { ok: false, error: new Error(run.error.message) };
                else {
                  try {
                    outcome = { ok: true, value: scriptRunCopy(run.result ?? null) };
                  } catch (err) {
                    outcome = { ok: false, error: err as Error };
                  }
                }
              }
              if (outcome.ok) success?.(outcome.value);
              else if (failure) failure(outcome.error);
              else console.error(outcome.error);
            });
            pending.add(job);
            void job.finally(() => pending.delete(job));
          };
        },
      },
    );

  const context = vm.createContext({
    document: {
      getElementById: (id: string) => elements.get(id) ?? null,
      createElement: (tag: string) => new FakeElement(tag),
    },
    google: {
      script: {
        run: runner(null, null),
        host: {
          close: () => {
            dialog.closed = true;
          },
        },
      },
    },
    console,
    setTimeout,
  });
  vm.runInContext(scripts[0], context, { filename: `${dialog.file}.html` });
  await dialog.settle();
  return dialog;
}
