/**
 * The pool of worker threads that `docs` (./docx.ts, dist/node/docx-worker.cjs) and `split`
 * (./commands/split.ts, dist/node/unit-worker.cjs) write their files in, and `collect`
 * (./commands/collect.ts, the same unit worker) reads the unit files in: one worker per core (at
 * most 4), each given the next job as soon as it answers the last. A worker answers each job
 * with `{ id }`, or `{ id, error, … }` when it failed; the first failure ends the pool.
 *
 * The workers write through temporary files (files.ts writeFileAtomic) that the main thread
 * cannot list: the `folders` they write in are swept for this process's temporary files when
 * the pool ends (a failure stops the other workers mid-write) and on Ctrl-C/SIGTERM.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { removeOwnTemps, trackTempDirs, trackWorkers } from "./files";

/** A worker's answer to job `id`. */
export interface WorkerReply {
  id: number;
  error?: string;
  code?: string;
  path?: string;
}

export interface WorkerPoolJobs<R extends WorkerReply = WorkerReply> {
  /** How many jobs there are (ids 0 … count-1). */
  count: number;
  /** Once aborted, no job is started; the pool ends when the workers answer those they have. */
  signal?: AbortSignal;
  /** The folders the workers write files in. */
  folders?: Iterable<string>;
  /** The message of job `id`; the caller may let its own copy of the job go here. */
  message(id: number): unknown;
  /** Job `id` is done; `reply` is the worker's answer. */
  done(id: number, reply: R): void;
  /** The error a failed job ends the pool with. */
  failed(reply: R): Error;
}

/** Run every job in `script`'s workers; resolves when all are done, rejects at the first failure. */
export async function runWorkerPool<R extends WorkerReply>(
  script: string,
  jobs: WorkerPoolJobs<R>,
): Promise<void> {
  const count = Math.max(1, Math.min(availableParallelism(), 4, jobs.count));
  let next = 0;
  const runOne = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const send = () => {
        if (next >= jobs.count || jobs.signal?.aborted) return resolve();
        const id = next++;
        worker.postMessage(jobs.message(id));
      };
      worker.on("message", (m: R) => {
        if (m.error) reject(jobs.failed(m));
        else {
          jobs.done(m.id, m);
          send();
        }
      });
      worker.on("error", reject);
      send();
    });
  const folders = new Set(jobs.folders ?? []);
  const untrack = trackTempDirs(folders);
  const workers = Array.from({ length: count }, () => new Worker(script));
  const untrackWorkers = trackWorkers(workers);
  try {
    await Promise.all(workers.map(runOne));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    for (const folder of folders) removeOwnTemps(folder);
    untrackWorkers();
    untrack();
  }
}
