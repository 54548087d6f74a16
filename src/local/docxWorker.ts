/**
 * A worker thread that renders .docx files for DocxSink.flush, so that a county's hundreds of
 * documents use every core. Built as dist/node/docx-worker.cjs.
 */
import { parentPort } from "node:worker_threads";
import { renderDocument } from "./docx";
import { TemplateSet } from "./docxTemplate";
import { writeFileAtomic } from "./files";
import type { DocumentModel } from "../documents/model";

export interface RenderJob {
  id: number;
  file: string;
  doc: DocumentModel;
  /** The folder of the templates (built-in or a county's, already checked by the sink). */
  templatesDir: string;
}

/** Each template compiled once per worker, reused for every document of its type. */
const sets = new Map<string, TemplateSet>();
function templates(dir: string): TemplateSet {
  let set = sets.get(dir);
  if (!set) {
    set = new TemplateSet(dir);
    sets.set(dir, set);
  }
  return set;
}

parentPort?.on("message", (job: RenderJob) => {
  renderDocument(job.doc, () => templates(job.templatesDir))
    .then((buffer) => writeFileAtomic(job.file, buffer))
    .then(
      () => parentPort?.postMessage({ id: job.id }),
      (err: unknown) =>
        parentPort?.postMessage({
          id: job.id,
          error: err instanceof Error ? err.message : String(err),
          // A full disk or a permission problem keeps its code, for a Chinese message.
          code: (err as NodeJS.ErrnoException).code,
          path: (err as NodeJS.ErrnoException).path,
        }),
    );
});
