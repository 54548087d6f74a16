/**
 * Fault points for the fault suite (test/faults): `CADRE_FAULT_AT=NAME` (or `NAME#N` for the
 * N-th time the point is reached) makes the process SIGKILL itself there, so a test can stop a
 * command at a named step exactly (after planning, after the log save, mid-send…). Unset in
 * every real run; reaching a point then costs one environment lookup.
 */
export const FAULT_ENV = "CADRE_FAULT_AT";

const hits = new Map<string, number>();

export function faultPoint(name: string): void {
  const wanted = process.env[FAULT_ENV];
  if (!wanted) return;
  const [point, nth] = wanted.split("#");
  if (point !== name) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n === Number(nth ?? "1")) process.kill(process.pid, "SIGKILL");
}
