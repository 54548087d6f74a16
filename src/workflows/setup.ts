/**
 * Setup (menu 初始化/检查表格, `cadre-care init`): every sheet of the schema with its headers,
 * formats, dropdowns, protections and defaults. Idempotent: a second run changes nothing, and
 * values people typed are never touched (the adapters' ensureSheet guarantees both).
 */
import { SHEETS } from "../records/schema";
import type { Workbook } from "./ports";

export interface SetupResult {
  created: string[];
  completed: string[];
}

export function setupWorkbook(workbook: Workbook): SetupResult {
  const before = new Set(workbook.sheetNames());
  const result: SetupResult = { created: [], completed: [] };
  for (const spec of SHEETS) {
    workbook.ensureSheet(spec);
    (before.has(spec.name) ? result.completed : result.created).push(spec.name);
  }
  return result;
}

/** Input sheets the workbook lacks (system sheets are created on demand). */
export function missingSheets(workbook: Workbook): string[] {
  const present = new Set(workbook.sheetNames());
  return SHEETS.filter((s) => !s.system && !present.has(s.name)).map((s) => s.name);
}
