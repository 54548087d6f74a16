/**
 * A progress bar on a terminal for work that takes longer than a second; nothing when the
 * output is piped or the work is quick.
 */
import cliProgress from "cli-progress";
import type { CommandIO } from "./io";

export interface Progress {
  tick(step?: string): void;
  /** Add steps learnt of on the way (the documents, once they are known). */
  expect(more: number): void;
  done(): void;
}

const SHOW_AFTER_MS = 1000;

export function progress(
  io: CommandIO,
  label: string,
  total: number,
  /** Where the bar is drawn and the clock it starts by (tests pass their own). */
  terminal: { stream?: NodeJS.WritableStream; now?: () => number } = {},
): Progress {
  if (!io.isTTY) return { tick() {}, expect() {}, done() {} };
  const now = terminal.now ?? Date.now;
  const started = now();
  let value = 0;
  let bar: cliProgress.SingleBar | null = null;
  return {
    tick(step = "") {
      value++;
      if (value > total) total = value;
      if (!bar && now() - started > SHOW_AFTER_MS) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} {step}`,
            hideCursor: true,
            clearOnComplete: true,
            ...(terminal.stream ? { stream: terminal.stream, noTTYOutput: true } : {}),
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, value, { step });
      }
      bar?.setTotal(total);
      bar?.update(value, { step });
    },
    expect(more: number) {
      total += more;
    },
    done() {
      bar?.stop();
      bar = null;
    },
  };
}

/** A step per sheet read, for `openWorkbook`'s `onSheet`. */
export function readingSheets(bar: Progress): (sheet: string) => void {
  return (sheet) => bar.tick(`读取「${sheet}」`);
}
