/**
 * Fault points for the fault suite (test/faults): `CADRE_FAULT_AT=NAME` (or `NAME#N` for the
 * N-th time the point is reached) makes the process SIGKILL itself there, so a test can stop a
 * command at a named step exactly (after planning, after the log save, mid-send…).
 * `CADRE_FAULT_SIGNAL=SIGTERM` (or SIGINT, SIGHUP) sends that signal instead and then holds the
 * step where it is (a worker thread blocks; the main thread's `await faultPoint(…)` never
 * resolves), so the signal's handler meets the files exactly as they are at that step. Unset in
 * every real run; reaching a point then costs two environment lookups.
 */
import * as fs from "node:fs";
import { isMainThread } from "node:worker_threads";

export const FAULT_ENV = "CADRE_FAULT_AT";
export const FAULT_SIGNAL_ENV = "CADRE_FAULT_SIGNAL";
/**
 * `CADRE_FAULT_PAUSE=NAME` (or `NAME#N`) with `CADRE_FAULT_PAUSE_FILE=PATH`: at that point the
 * process writes PATH (its PID) and stops there, synchronously, until PATH is removed. A test
 * holds one writer inside its read-modify-write span (the workbook lock held) for as long as it
 * needs: a second writer started meanwhile is certain to start inside that span, with no timing
 * to get lucky with. A pause gives up after PAUSE_LIMIT_MS, so a forgotten one cannot hang.
 */
export const PAUSE_ENV = "CADRE_FAULT_PAUSE";
export const PAUSE_FILE_ENV = "CADRE_FAULT_PAUSE_FILE";
const PAUSE_LIMIT_MS = 10 * 60_000;

const hits = new Map<string, number>();

/** Whether `wanted` (NAME or NAME#N) names this passage through the point `name`. */
function reached(wanted: string | undefined, name: string, counter: string): boolean {
  if (!wanted) return false;
  const [point, nth] = wanted.split("#");
  if (point !== name) return false;
  const key = `${counter}:${name}`;
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n === Number(nth ?? "1");
}

function pause(file: string): void {
  fs.writeFileSync(file, `${process.pid}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + PAUSE_LIMIT_MS;
  while (fs.existsSync(file) && Date.now() < until) Atomics.wait(cell, 0, 0, 20);
}

export function faultPoint(name: string): Promise<never> | undefined {
  const pauseFile = process.env[PAUSE_FILE_ENV];
  if (pauseFile && reached(process.env[PAUSE_ENV], name, "pause")) pause(pauseFile);
  if (!reached(process.env[FAULT_ENV], name, "fault")) return undefined;
  const signal = (process.env[FAULT_SIGNAL_ENV] || "SIGKILL") as NodeJS.Signals;
  process.kill(process.pid, signal);
  if (signal === "SIGKILL") return undefined;
  if (!isMainThread) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  // A timer keeps the event loop alive (signal listeners do not) until the handler exits.
  return new Promise<never>(() => setInterval(() => {}, 60_000));
}
