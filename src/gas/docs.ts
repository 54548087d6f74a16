/**
 * What the Google Docs of 生成文档 share across runs: the Drive folder they are filed in and
 * #11's combined groups (one Google Doc per document type, year and 50 units, each unit's form
 * a section, so a county's documents fit the daily "Documents created" quota). The sink that
 * fills the template Google Docs is ./templateSink.ts; the template Docs are ./templateDocs.ts.
 */
import type { KeyValueStore } from "../workflows/ports";
import { type DriveApiLike, trash } from "./drive";

export const ROOT_FOLDER_NAME = "干部关怀激励文档";

/** Units per combined Doc: keeps a Doc of the largest form far below Docs' size limit. */
export const UNITS_PER_DOCUMENT = 50;
/** Store key of a combined group: its Docs and how far this batch has filled them. */
export const COMBINED_KEY_PREFIX = "cadre-care.docsGroup.";

export interface CombinedGroup {
  /** The batch that last wrote the group. */
  batch: string;
  /** The group's Docs (links), in order; reused batch after batch. */
  parts: string[];
  /** Parts this batch has started, and sections in the last of them. */
  used: number;
  sections: number;
}

/** A combined group as the store keeps it, checked field by field (null when unreadable). */
export function readGroup(store: KeyValueStore, key: string): CombinedGroup | null {
  const raw = store.get(COMBINED_KEY_PREFIX + key);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<CombinedGroup>;
    if (!Array.isArray(v.parts) || typeof v.batch !== "string") return null;
    return {
      batch: v.batch,
      parts: v.parts.filter((p): p is string => typeof p === "string"),
      used: Number(v.used) || 0,
      sections: Number(v.sections) || 0,
    };
  } catch {
    return null;
  }
}

/** At the end of a batch: trash the parts of the `touched` groups that `batch` no longer used. */
export function trashUnusedParts(
  drive: DriveApiLike,
  store: KeyValueStore,
  touched: Iterable<string>,
  batch: string,
): void {
  for (const key of touched) {
    const group = readGroup(store, key);
    if (!group || group.batch !== batch) continue;
    for (const url of group.parts.slice(group.used)) {
      const id = /\/d\/([^/]+)/.exec(url)?.[1];
      if (id) {
        try {
          trash(drive, id);
        } catch {
          // already gone
        }
      }
    }
    group.parts = group.parts.slice(0, group.used);
    store.set(COMBINED_KEY_PREFIX + key, JSON.stringify(group));
  }
}
