import { removeActiveTemps, stopWorkersAndRemoveTemps, workersRunning } from "./files";

/**
 * What a CLI command may touch besides its files: where to print, whether a person watches a
 * terminal (progress bars only then), and the current instant (overridable with --date).
 */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** stdout is a terminal: show progress bars. Piped output gets none. */
  isTTY: boolean;
  now(): Date;
}

/** Exit codes (DESIGN.md §7): 0 fine, 1 problems found, 2 bad usage or unreadable file. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** A failure the user can fix, with a Chinese message and an exit code; never a stack trace. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

/**
 * Ctrl-C, a terminal closing, a cron timeout (SIGTERM): remove this process's temporary files,
 * then exit (the exit hooks release the workbook lock). kill -9 cannot be caught: the next
 * writer cleans up (files.ts cleanTempFiles, lock.ts stale takeover).
 */
function exitOnSignals(): void {
  const codes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  let stopping = false;
  for (const [signal, code] of Object.entries(codes)) {
    // `on`, not `once`: a second signal while the first is handled (Ctrl-C pressed again, a
    // supervisor repeating SIGTERM, two workers' fault points) is ignored, instead of finding
    // no listener and killing the process by the default action in the middle of the cleanup.
    // The cleanup itself ends within 3 s.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Worker threads (docs, split) are stopped before the last sweep of their folders, so
      // none can start a temporary file after it; the exit hook sweeps once more.
      process.once("exit", removeActiveTemps);
      const exit = () => {
        process.stderr.write(`\n已中止（${signal}）：临时文件已删除，工作簿保持上次保存时的状态\n`);
        process.exit(code);
      };
      if (!workersRunning()) {
        removeActiveTemps();
        return exit();
      }
      setTimeout(exit, 3000).unref();
      void stopWorkersAndRemoveTemps().finally(exit);
    });
  }
}

/** The CommandIO of a real process. */
export function processIO(): CommandIO {
  exitOnSignals();
  // A reader that stops early (`| head`) is not an error worth a stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
    isTTY: Boolean(process.stdout.isTTY),
    now: () => new Date(),
  };
}

/** A CommandIO that records what it prints, for tests. */
export function memoryIO(
  now: Date = new Date(),
): CommandIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    isTTY: false,
    now: () => now,
  };
}

/** A --date option: YYYY-MM-DD → that day's noon in Shanghai as "now" (never ambiguous). */
export function parseDateOption(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T12:00:00+08:00`) : null;
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== `${m![1]}-${m![2]}-${m![3]}`
  ) {
    throw new UserFacingError(
      `--date 应为 YYYY-MM-DD 格式的有效日期，如 2027-03-25，收到“${text}”`,
    );
  }
  return date;
}
