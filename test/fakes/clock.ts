/** A settable clock for workflow tests: now() returns the set instant; advance() moves it. */
import type { Clock } from "../../src/workflows/ports";

export interface FakeClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
  /** How many times now() was read. */
  reads: number;
}

export function createFakeClock(start: Date | string = "2027-01-01T08:00:00+08:00"): FakeClock {
  let t = new Date(start).getTime();
  const clock: FakeClock = {
    reads: 0,
    now() {
      clock.reads++;
      return new Date(t);
    },
    set(instant) {
      t = new Date(instant).getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
  return clock;
}
