/**
 * A durable KeyValueStore in a file beside the workbook, for the reminder outbox: every `set`
 * and `delete` is one JSON line appended and fsync'd before it returns, so the state recorded
 * before and after each send survives a kill, a power cut or a full disk (the append then
 * fails and the send does not happen). Opening replays the lines (the last value of a key wins;
 * a line cut short by a kill is ignored). When no key is left the file is removed.
 */
import * as fs from "node:fs";
import type { KeyValueStore } from "../workflows/ports";

/** FILE.xlsx → FILE.xlsx.outbox.jsonl */
export function journalPath(workbookFile: string): string {
  return `${workbookFile}.outbox.jsonl`;
}

export class JournalStore implements KeyValueStore {
  private readonly map = new Map<string, string>();

  constructor(readonly file: string) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { k?: unknown; v?: unknown; d?: unknown };
        if (typeof entry.k !== "string") continue;
        if (entry.d) this.map.delete(entry.k);
        else if (typeof entry.v === "string") this.map.set(entry.k, entry.v);
      } catch {
        // the last line of a killed run may be cut short
      }
    }
  }

  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.append({ k: key, v: value });
    this.map.set(key, value);
  }

  delete(key: string): void {
    if (!this.map.has(key)) return;
    this.map.delete(key);
    if (this.map.size === 0) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    this.append({ k: key, d: 1 });
  }

  private append(entry: object): void {
    const fd = fs.openSync(this.file, "a");
    try {
      // A previous line cut short by a kill must not swallow this one.
      fs.writeSync(fd, "\n" + JSON.stringify(entry) + "\n");
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
