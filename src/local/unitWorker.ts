/**
 * A worker thread for `split` and `collect`, so that 300 units use every core: it writes unit
 * files (split) and reads them (collect). Built as dist/node/unit-worker.cjs.
 */
import { parentPort } from "node:worker_threads";
import { writeFileAtomic } from "./files";
import { type UnitTemplate, unitFileBytes } from "./commands/split";
import { type UnitFileData, readUnitFileData } from "./commands/collect";
import type { WorkerReply } from "./workerPool";
import type { UnitPayload } from "../workflows/units";

/** Write one unit's file. */
export interface UnitJob {
  id: number;
  file: string;
  payload: UnitPayload;
  /** The split's template, when the unit's file can be patched into it. */
  template: UnitTemplate | null;
}

/** Read one unit file for collect. */
export interface UnitReadJob {
  id: number;
  read: string;
}

export interface UnitReadReply extends WorkerReply {
  data?: UnitFileData;
}

const answer = (id: number, work: Promise<Omit<UnitReadReply, "id">>): void => {
  work.then(
    (reply) => parentPort?.postMessage({ id, ...reply }),
    (err: unknown) =>
      parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
};

parentPort?.on("message", (job: UnitJob | UnitReadJob) => {
  if ("read" in job) {
    answer(
      job.id,
      readUnitFileData(job.read).then((data) => ({ data })),
    );
  } else {
    answer(
      job.id,
      unitFileBytes(job.template, job.payload)
        .then((data) => writeFileAtomic(job.file, data))
        .then(() => ({})),
    );
  }
});
