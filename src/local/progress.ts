/**
 * A progress bar on a terminal for work that takes longer than a second; nothing when the
 * output is piped or the work is quick.
 */
import cliProgress from "cli-progress";
import type { CommandIO } from "./io";

export interface Progress {
  tick(step?: string): void;
  done(): void;
}

const SHOW_AFTER_MS = 1000;

export function progress(io: CommandIO, label: string, total: number): Progress {
  if (!io.isTTY) return { tick() {}, done() {} };
  const started = Date.now();
  let value = 0;
  let bar: cliProgress.SingleBar | null = null;
  return {
    tick(step = "") {
      value++;
      if (!bar && Date.now() - started > SHOW_AFTER_MS) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} {step}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, value, { step });
      }
      bar?.update(value, { step });
    },
    done() {
      bar?.stop();
    },
  };
}
