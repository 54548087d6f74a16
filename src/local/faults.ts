/**
 * Fault points for the fault suite (test/faults): `CADRE_FAULT_AT=NAME` (or `NAME#N` for the
 * N-th time the point is reached) makes the process SIGKILL itself there, so a test can stop a
 * command at a named step exactly (after planning, after the log save, mid-send…).
 * `CADRE_FAULT_SIGNAL=SIGTERM` (or SIGINT, SIGHUP) sends that signal instead and then holds the
 * step where it is (a worker thread blocks; the main thread's `await faultPoint(…)` never
 * resolves), so the signal's handler meets the files exactly as they are at that step. Unset in
 * every real run; reaching a point then costs one environment lookup.
 */
import { isMainThread } from "node:worker_threads";

export const FAULT_ENV = "CADRE_FAULT_AT";
export const FAULT_SIGNAL_ENV = "CADRE_FAULT_SIGNAL";

const hits = new Map<string, number>();

export function faultPoint(name: string): Promise<never> | undefined {
  const wanted = process.env[FAULT_ENV];
  if (!wanted) return undefined;
  const [point, nth] = wanted.split("#");
  if (point !== name) return undefined;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n !== Number(nth ?? "1")) return undefined;
  const signal = (process.env[FAULT_SIGNAL_ENV] || "SIGKILL") as NodeJS.Signals;
  process.kill(process.pid, signal);
  if (signal === "SIGKILL") return undefined;
  if (!isMainThread) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  // A timer keeps the event loop alive (signal listeners do not) until the handler exits.
  return new Promise<never>(() => setInterval(() => {}, 60_000));
}
