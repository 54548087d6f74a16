/**
 * The ports the use cases are written against. Each has an Apps Script implementation
 * (src/gas) and a Node implementation (src/local). All calls are synchronous: Apps Script
 * services are, and the Node adapters load a workbook into memory first and save it after.
 */
import type { Grid } from "../records/cells";
import type { SheetSpec } from "../records/spec";
import type { DocumentModel } from "../documents/model";

export interface Workbook {
  /** Names of the sheets present, in order. */
  sheetNames(): string[];
  /**
   * The whole used range of a sheet, header row first, in one read; trailing empty rows are
   * dropped. null when the sheet does not exist.
   */
  readSheet(name: string): Grid | null;
  /** Write a rectangular block in one call; row and column are 1-based, as users see them. */
  writeRange(sheet: string, row: number, column: number, values: Grid): void;
  /** Append rows after the last non-empty row, in one call. */
  appendRows(sheet: string, rows: Grid): void;
  /**
   * Create the sheet or complete it to match the spec: headers (missing ones appended at the
   * right, existing ones kept where people moved them), frozen header row, widths, formats,
   * dropdowns, computed-column protection and formulas, conditional formatting, and the
   * defaults when the sheet was empty. Never changes a value people typed. Idempotent.
   */
  ensureSheet(spec: SheetSpec): void;
}

export interface Clock {
  /** The current instant; policy derives the civil day in Asia/Shanghai from it. */
  now(): Date;
}

export interface Lock {
  /** Try to take the script-wide lock, waiting at most `timeoutMs`. */
  tryLock(timeoutMs: number): boolean;
  release(): void;
}

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export interface Mail {
  to: string[];
  subject: string;
  body: string;
}

export interface Mailer {
  /** How many more recipients may be sent to today (MailApp's daily quota). */
  remainingQuota(): number;
  send(mail: Mail): void;
}

export interface DocumentSink {
  /**
   * Render a document and return its link (Google Docs) or path (local). `replaces` is the
   * link or path of an earlier version of the same document, which the sink replaces.
   */
  write(doc: DocumentModel, fileName: string, replaces: string | null): string;
}
