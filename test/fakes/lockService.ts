/**
 * An in-memory LockService: one script lock shared by every getScriptLock() call. JavaScript in
 * a test is single-threaded, so a tryLock while another run holds the lock cannot be released by
 * waiting: it returns false at once and records the timeout it was asked to wait.
 */
export interface FakeLockService {
  LockService: Pick<GoogleAppsScript.Lock.LockService, "getScriptLock">;
  /** Is the script lock held right now. */
  held: () => boolean;
  /** Timeouts passed to tryLock/waitLock, in order. */
  waits: number[];
  /** tryLock calls that failed because another run held the lock. */
  refused: number;
  calls: Record<string, number>;
}

export function createFakeLockService(): FakeLockService {
  let owner: object | null = null;
  const fake: FakeLockService = {
    held: () => owner !== null,
    waits: [],
    refused: 0,
    calls: {},
    LockService: undefined as unknown as FakeLockService["LockService"],
  };
  const count = (name: string) => {
    fake.calls[name] = (fake.calls[name] ?? 0) + 1;
  };
  const service = {
    getScriptLock() {
      count("getScriptLock");
      const me = {};
      const lock = {
        tryLock(timeoutMs: number): boolean {
          count("tryLock");
          fake.waits.push(timeoutMs);
          if (owner === null || owner === me) {
            owner = me;
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
          return owner === me;
        },
        releaseLock(): void {
          count("releaseLock");
          if (owner === me) owner = null;
        },
      };
      return lock;
    },
  };
  fake.LockService = service as unknown as FakeLockService["LockService"];
  return fake;
}
