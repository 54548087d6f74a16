/**
 * A worker thread that renders .docx files for DocxSink.flush, so that a county's hundreds of
 * documents use every core. Built as dist/node/docx-worker.cjs.
 */
import { writeFile } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import { renderDocx } from "./docx";
import type { DocumentModel } from "../documents/model";

export interface RenderJob {
  id: number;
  file: string;
  doc: DocumentModel;
}

parentPort?.on("message", (job: RenderJob) => {
  renderDocx(job.doc)
    .then((buffer) => writeFile(job.file, buffer))
    .then(
      () => parentPort?.postMessage({ id: job.id }),
      (err: unknown) =>
        parentPort?.postMessage({
          id: job.id,
          error: err instanceof Error ? err.message : String(err),
        }),
    );
});
