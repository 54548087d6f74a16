/**
 * Two writers on one workbook, started together, as real processes: the scenarios of the fault
 * suite, run a few times in `npm test` (test/hardening/lock.test.ts) and 20 times each in
 * `npm run test:faults`. Each returns what was lost or doubled (all zero when the lock works).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";
import {
  CLI,
  changedCells,
  cli,
  column,
  emlMails,
  reminderLog,
  typedCells,
  writeSample,
  type Run,
} from "./helpers";

export const DAY = "2027-03-01";

export interface Reference {
  typed: Map<string, string>;
  /** Non-blank computed cells of 年休假「应休天数」 after compute. */
  computed: number;
  /** 提醒 keys after remind, and the mails it writes. */
  reminders: string[];
  mails: string[];
}

/** compute, then remind, one after the other, on a fresh sample in `dir`: what both leave. */
export async function reference(dir: string): Promise<Reference> {
  const file = path.join(dir, "reference.xlsx");
  await writeSample(file);
  const typed = await typedCells(file);
  expect((await cli(["compute", file, "--date", DAY])).code).toBe(0);
  const r = await cli(["remind", file, "--date", DAY, "--out", path.join(dir, "reference-mail")]);
  expect(r.code, r.stderr).toBe(0);
  return {
    typed,
    computed: (await column(file, "年休假", "应休天数")).filter((v) => v !== null && v !== "")
      .length,
    reminders: (await reminderLog(file)).map((r) => r.key).sort(),
    mails: emlMails(path.join(dir, "reference-mail")),
  };
}

export interface PairOutcome {
  runs: Run[];
  lostUpdates: number;
  duplicateReminders: number;
  lostReminders: number;
  typedChanged: number;
}

/** Count how the workbook and mail folder differ from the reference. */
export async function assess(
  file: string,
  mailDir: string,
  ref: Reference,
  runs: Run[],
  expect: { computed: boolean; reminded: boolean },
): Promise<PairOutcome> {
  const typedChanged = changedCells(ref.typed, await typedCells(file)).length;
  const computed = (await column(file, "年休假", "应休天数")).filter(
    (v) => v !== null && v !== "",
  ).length;
  const log = await reminderLog(file);
  const keys = log.map((r) => r.key);
  const mails = emlMails(mailDir);
  let lostUpdates = 0;
  if (expect.computed && computed !== ref.computed) lostUpdates++;
  if (expect.reminded && !ref.reminders.every((k) => keys.includes(k))) lostUpdates++;
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(m, (counts.get(m) ?? 0) + 1);
  const duplicateReminders =
    [...counts.values()].reduce((s, n) => s + Math.max(0, n - 1), 0) +
    (keys.length - new Set(keys).size);
  const lostReminders = expect.reminded ? ref.mails.filter((m) => !counts.has(m)).length : 0;
  return { runs, lostUpdates, duplicateReminders, lostReminders, typedChanged };
}

/** Every document docs listed in documents.json (at least one) is registered in 「文档」. */
async function allRegistered(file: string, docsDir: string): Promise<boolean> {
  const listed = JSON.parse(fs.readFileSync(path.join(docsDir, "documents.json"), "utf8")) as {
    file: string;
  }[];
  const registered = (await column(file, "文档", "链接")).filter((v) => v !== null && v !== "");
  return listed.length > 0 && registered.length === listed.length;
}

/** A child process of the CLI, its output so far, and its end. */
interface Child {
  output: () => { stdout: string; stderr: string };
  done: Promise<Run>;
}

function start(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  return {
    output: () => ({ stdout, stderr }),
    done: new Promise((resolve) =>
      child.on("exit", (code, signal) =>
        resolve({ code, signal, stdout, stderr, pid: child.pid ?? 0 }),
      ),
    ),
  };
}

/** Resolves once `ready()` holds, or rejects once `ended` settles first. */
async function until(ready: () => boolean, ended: Promise<Run>, what: string): Promise<void> {
  let over: Run | null = null;
  void ended.then((r) => (over = r));
  while (!ready()) {
    if (over) {
      const r: Run = over;
      throw new Error(`${what}: the process ended first (exit ${r.code}): ${r.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What the lock prints while a writer waits for another (lock.ts). */
const WAITING = "等待其完成";

/**
 * Two writers, the second certain to start inside the first's read-modify-write span: the
 * first is held at the named step `at` (CADRE_FAULT_PAUSE, src/local/faults.ts: after it has
 * read the workbook, the lock held); the second starts then, and the first is let go only once
 * the second has either finished (no lock: it read and saved inside the first's span, so the
 * first's save then overwrites it) or says it waits for the lock. No timing decides the order.
 */
export async function heldPair(
  dir: string,
  name: string,
  first: string[],
  at: string,
  second: string[],
): Promise<Run[]> {
  const pauseFile = path.join(dir, `${name}.paused`);
  fs.rmSync(pauseFile, { force: true });
  const a = start(first, { CADRE_FAULT_PAUSE: at, CADRE_FAULT_PAUSE_FILE: pauseFile });
  try {
    await until(() => fs.existsSync(pauseFile), a.done, `${first[0]} never reached ${at}`);
    // The second may wait as long as the first needs (docs writes 56 files after its pause).
    const b = start(second, { CADRE_LOCK_WAIT_SECONDS: "600" });
    let bOver = false;
    void b.done.then(() => (bOver = true));
    await until(() => bOver || b.output().stderr.includes(WAITING), a.done, "first writer");
    fs.rmSync(pauseFile, { force: true });
    return await Promise.all([a.done, b.done]);
  } finally {
    fs.rmSync(pauseFile, { force: true });
  }
}

/**
 * compute held after its read while remind runs (the issue: remind's 提醒 rows lost although its
 * mails were written); reversed, remind held after planning while compute runs (compute's
 * cells back to their old values).
 */
export async function computeHeldRemind(dir: string, i: number, ref: Reference, reverse = false) {
  const name = `held-${reverse ? "rc" : "cr"}-${i}`;
  const file = path.join(dir, `${name}.xlsx`);
  const mailDir = path.join(dir, `${name}-mail`);
  await writeSample(file);
  const compute = ["compute", file, "--date", DAY];
  const remind = ["remind", file, "--date", DAY, "--out", mailDir];
  const runs = reverse
    ? await heldPair(dir, name, remind, "remind:planned", compute)
    : await heldPair(dir, name, compute, "compute:computed", remind);
  return assess(file, mailDir, ref, runs, { computed: true, reminded: true });
}

/** remind held after planning while a second remind for the same day runs (every mail twice). */
export async function remindHeldRemind(dir: string, i: number, ref: Reference) {
  const name = `held-rr-${i}`;
  const file = path.join(dir, `${name}.xlsx`);
  const mailDir = path.join(dir, `${name}-mail`);
  await writeSample(file);
  const remind = ["remind", file, "--date", DAY, "--out", mailDir];
  const runs = await heldPair(dir, name, remind, "remind:planned", remind);
  return assess(file, mailDir, ref, runs, { computed: false, reminded: true });
}

/**
 * compute held after its read while docs runs (the issue: 「文档」 left with 0 rows while the
 * .docx existed): every document written is registered in 文档.
 */
export async function computeHeldDocs(dir: string, i: number, ref: Reference) {
  const name = `held-cd-${i}`;
  const file = path.join(dir, `${name}.xlsx`);
  const docsDir = path.join(dir, `${name}-docs`);
  await writeSample(file);
  const runs = await heldPair(dir, name, ["compute", file, "--date", DAY], "compute:computed", [
    "docs",
    file,
    "--out",
    docsDir,
    "--date",
    DAY,
  ]);
  const outcome = await assess(file, path.join(dir, "none"), ref, runs, {
    computed: true,
    reminded: false,
  });
  if (!(await allRegistered(file, docsDir))) outcome.lostUpdates++;
  return outcome;
}

/** `compute` and `remind` on the same file, started together (remind first when `reverse`). */
export async function computeAndRemind(dir: string, i: number, ref: Reference, reverse = false) {
  const name = `pair-${reverse ? "rc" : "cr"}-${i}`;
  const file = path.join(dir, `${name}.xlsx`);
  const mailDir = path.join(dir, `${name}-mail`);
  await writeSample(file);
  const both = [
    ["compute", file, "--date", DAY],
    ["remind", file, "--date", DAY, "--out", mailDir],
  ];
  const runs = await Promise.all((reverse ? both.reverse() : both).map((args) => cli(args)));
  return assess(file, mailDir, ref, runs, { computed: true, reminded: true });
}

/** `remind` and `compute` started together, remind first (the reverse of computeAndRemind). */
export const remindAndCompute = (dir: string, i: number, ref: Reference) =>
  computeAndRemind(dir, i, ref, true);

/** `remind` twice on the same file and date, started together. */
export async function remindAndRemind(dir: string, i: number, ref: Reference) {
  const file = path.join(dir, `pair-rr-${i}.xlsx`);
  const mailDir = path.join(dir, `pair-rr-${i}-mail`);
  await writeSample(file);
  const runs = await Promise.all([
    cli(["remind", file, "--date", DAY, "--out", mailDir]),
    cli(["remind", file, "--date", DAY, "--out", mailDir]),
  ]);
  return assess(file, mailDir, ref, runs, { computed: false, reminded: true });
}

/** `docs` and a `compute` started just after it. */
export async function docsAndCompute(dir: string, i: number, ref: Reference) {
  const file = path.join(dir, `pair-dc-${i}.xlsx`);
  const docsDir = path.join(dir, `pair-dc-${i}-docs`);
  await writeSample(file);
  const runs = await Promise.all([
    cli(["docs", file, "--out", docsDir, "--date", DAY]),
    cli(["compute", file, "--date", DAY]),
  ]);
  const outcome = await assess(file, path.join(dir, "none"), ref, runs, {
    computed: true,
    reminded: false,
  });
  // Every document written is registered in 文档.
  if (!(await allRegistered(file, docsDir))) outcome.lostUpdates++;
  return outcome;
}

/** `docs` and `remind` started together: 文档 and 提醒 rows both kept, every mail once. */
export async function docsAndRemind(dir: string, i: number, ref: Reference) {
  const file = path.join(dir, `pair-dr-${i}.xlsx`);
  const docsDir = path.join(dir, `pair-dr-${i}-docs`);
  const mailDir = path.join(dir, `pair-dr-${i}-mail`);
  await writeSample(file);
  const runs = await Promise.all([
    cli(["docs", file, "--out", docsDir, "--date", DAY]),
    cli(["remind", file, "--date", DAY, "--out", mailDir]),
  ]);
  // docs computes too, so the computed cells are expected.
  const outcome = await assess(file, mailDir, ref, runs, { computed: true, reminded: true });
  if (!(await allRegistered(file, docsDir))) outcome.lostUpdates++;
  return outcome;
}
