/**
 * A worker thread that writes unit workbooks for `split`, so that 300 units use every core.
 * Built as dist/node/unit-worker.cjs.
 */
import { parentPort } from "node:worker_threads";
import { writeFileAtomic } from "./files";
import { type UnitTemplate, unitFileBytes } from "./commands/split";
import type { UnitPayload } from "../workflows/units";

export interface UnitJob {
  id: number;
  file: string;
  payload: UnitPayload;
  /** The split's template, when the unit's file can be patched into it. */
  template: UnitTemplate | null;
}

parentPort?.on("message", (job: UnitJob) => {
  unitFileBytes(job.template, job.payload)
    .then((data) => writeFileAtomic(job.file, data))
    .then(
      () => parentPort?.postMessage({ id: job.id }),
      (err: unknown) =>
        parentPort?.postMessage({
          id: job.id,
          error: err instanceof Error ? err.message : String(err),
        }),
    );
});
