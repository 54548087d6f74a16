/**
 * An in-memory LockService: one script lock shared by every getScriptLock() call, and one
 * document lock (of the bound spreadsheet) shared by every getDocumentLock() call; the two are
 * independent, as in Apps Script (https://developers.google.com/apps-script/reference/lock/lock-service).
 * JavaScript in a test is single-threaded, so a tryLock while another run holds the lock cannot
 * be released by waiting: it returns false at once and records the timeout it was asked to wait.
 */
export interface FakeLockService {
  LockService: Pick<GoogleAppsScript.Lock.LockService, "getScriptLock" | "getDocumentLock">;
  /** Is the script lock held right now. */
  held: () => boolean;
  /** Is the document lock held right now. */
  documentHeld: () => boolean;
  /** Timeouts passed to tryLock/waitLock, in order. */
  waits: number[];
  /** tryLock calls that failed because another run held the lock. */
  refused: number;
  calls: Record<string, number>;
}

export function createFakeLockService(): FakeLockService {
  const owners: { script: object | null; document: object | null } = {
    script: null,
    document: null,
  };
  const fake: FakeLockService = {
    held: () => owners.script !== null,
    documentHeld: () => owners.document !== null,
    waits: [],
    refused: 0,
    calls: {},
    LockService: undefined as unknown as FakeLockService["LockService"],
  };
  const count = (name: string) => {
    fake.calls[name] = (fake.calls[name] ?? 0) + 1;
  };
  const newLock = (which: "script" | "document") => {
    const me = {};
    const lock = {
      tryLock(timeoutMs: number): boolean {
        count("tryLock");
        fake.waits.push(timeoutMs);
        if (owners[which] === null || owners[which] === me) {
          owners[which] = me;
          return true;
        }
        fake.refused++;
        return false;
      },
      waitLock(timeoutMs: number): void {
        if (!lock.tryLock(timeoutMs))
          throw new Error("Lock timeout: another process was holding the lock for too long.");
      },
      hasLock(): boolean {
        return owners[which] === me;
      },
      releaseLock(): void {
        count("releaseLock");
        if (owners[which] === me) owners[which] = null;
      },
    };
    return lock;
  };
  const service = {
    getScriptLock() {
      count("getScriptLock");
      return newLock("script");
    },
    getDocumentLock() {
      count("getDocumentLock");
      return newLock("document");
    },
  };
  fake.LockService = service as unknown as FakeLockService["LockService"];
  return fake;
}
