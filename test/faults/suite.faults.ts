/**
 * The long randomized fault suite: `npm run test:faults` (vitest.faults.config.ts). Real
 * workbooks, the built CLI in real processes, real kill -9, a real SMTP server on 127.0.0.1.
 *
 * - two writers started together, CADRE_FAULT_RUNS times (default 20) for each pair;
 * - kill -9 at a random moment of compute, remind and docs, then the same command again,
 *   CADRE_FAULT_KILLS times each (default CADRE_FAULT_RUNS, so 20: the issue asks for 20);
 * - kill -9 at each named step of remind and docs (and at a random mail / .docx of the run);
 * - remind over SMTP against a server that accepts some mails, then drops before the 250,
 *   drops the connection or hangs, at random, until a healthy server takes the rest.
 *
 * Each case counts lost updates (a writer's work missing afterwards), duplicate reminders (a
 * mail written or delivered twice, a 提醒 row twice) and lost reminders (a reminder of the
 * undisturbed reference run never written nor delivered), and the typed cells changed, leftover
 * temporary files, broken documents and unexpected exit codes ("other"). The table of counts is
 * printed at the end; every count but runs must be 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import {
  changedCells,
  cli,
  column,
  leftovers,
  mailKey,
  reminderLog,
  smtpWorkbook,
  tempDir,
  typedCells,
  writeSample,
} from "./helpers";
import {
  DAY,
  computeAndRemind,
  docsAndCompute,
  docsAndRemind,
  reference,
  remindAndCompute,
  remindAndRemind,
  type PairOutcome,
  type Reference,
} from "./writers";
import { docsKilled, killAfter, remindKilled } from "./kills";
import { startSmtpServer, type AfterData } from "./smtpServer";

/** Runs of each pair of writers (the issue asks for 20). */
const RUNS = Math.max(1, Number(process.env.CADRE_FAULT_RUNS ?? 20));
/** Runs of each random kill and of the misbehaving SMTP server (as many as RUNS by default). */
const KILLS = Math.max(1, Number(process.env.CADRE_FAULT_KILLS ?? RUNS));
/** Kept for a look afterwards when set; removed otherwise. */
const KEEP = process.env.CADRE_FAULT_KEEP === "1";

interface Tally {
  runs: number;
  lostUpdates: number;
  duplicateReminders: number;
  lostReminders: number;
  typedChanged: number;
  other: number;
  notes: string[];
}
const tallies = new Map<string, Tally>();
function tally(name: string): Tally {
  let t = tallies.get(name);
  if (!t) {
    t = {
      runs: 0,
      lostUpdates: 0,
      duplicateReminders: 0,
      lostReminders: 0,
      typedChanged: 0,
      other: 0,
      notes: [],
    };
    tallies.set(name, t);
  }
  return t;
}
function note(t: Tally, text: string): void {
  t.other++;
  if (t.notes.length < 5) t.notes.push(text);
}
const bad = (t: Tally) =>
  t.lostUpdates + t.duplicateReminders + t.lostReminders + t.typedChanged + t.other;

let dir: string;
let ref: Reference;
/** How long an undisturbed run of each command takes here: the range random kills fall in. */
const spans: Record<string, number> = {};
/** 1-based random integer up to n (Math.random: a different run each time, printed on failure). */
const upTo = (n: number) => 1 + Math.floor(Math.random() * n);

async function timed(args: string[]): Promise<number> {
  const started = Date.now();
  const r = await cli(args);
  expect([0, 1], r.stdout + r.stderr).toContain(r.code);
  return Date.now() - started;
}

beforeAll(async () => {
  build();
  dir = tempDir("faults");
  ref = await reference(dir);
  expect(ref.mails.length).toBeGreaterThan(0);
  const file = path.join(dir, "spans.xlsx");
  await writeSample(file);
  spans.compute = await timed(["compute", file, "--date", DAY]);
  await writeSample(file);
  spans.remind = await timed(["remind", file, "--date", DAY, "--out", path.join(dir, "spans-m")]);
  await writeSample(file);
  spans.docs = await timed(["docs", file, "--out", path.join(dir, "spans-d"), "--date", DAY]);
}, 600_000);

afterAll(() => {
  const rows = [...tallies].map(([name, t]) => [
    name,
    t.runs,
    t.lostUpdates,
    t.duplicateReminders,
    t.lostReminders,
    t.typedChanged,
    t.other,
  ]);
  const sum = (i: number) => rows.reduce((s, r) => s + Number(r[i]), 0);
  rows.push(["total", sum(1), sum(2), sum(3), sum(4), sum(5), sum(6)]);
  const head = ["case", "runs", "lost updates", "duplicate reminders", "lost reminders"];
  const table = [[...head, "typed changed", "other"], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  const lines = table.map((r) =>
    r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))),
  );
  const text = [
    `fault suite: ${RUNS} runs per pair of writers, ${KILLS} per random kill and SMTP case; spans of undisturbed runs (ms): ` +
      `compute ${spans.compute}, remind ${spans.remind}, docs ${spans.docs}`,
    ...lines.map((l) => l.join("  ")),
    ...[...tallies]
      .filter(([, t]) => t.notes.length)
      .map(([name, t]) => `${name}: ${t.notes.join(" | ")}`),
  ].join("\n");
  process.stdout.write(`\n${text}\n`);
  if (process.env.CADRE_FAULT_SUMMARY)
    fs.writeFileSync(process.env.CADRE_FAULT_SUMMARY, text + "\n");
  if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`files kept in ${dir}\n`);
});

function addPair(t: Tally, o: PairOutcome, codes: number[]): void {
  t.runs++;
  t.lostUpdates += o.lostUpdates;
  t.duplicateReminders += o.duplicateReminders;
  t.lostReminders += o.lostReminders;
  t.typedChanged += o.typedChanged;
  const got = o.runs.map((r) => r.code ?? -1);
  if (got.some((c) => !codes.includes(c)))
    note(t, `exit ${got.join("/")}: ${o.runs.map((r) => r.stderr.trim()).join(" / ")}`);
}

describe("two writers started together", () => {
  const pairs: [string, typeof computeAndRemind, number[]][] = [
    ["compute & remind", computeAndRemind, [0]],
    ["remind & compute", remindAndCompute, [0]],
    ["remind & remind", remindAndRemind, [0]],
    // docs exits 1 when some data needs checking (待核实), as on the sample.
    ["docs & compute", docsAndCompute, [0, 1]],
    ["docs & remind", docsAndRemind, [0, 1]],
  ];
  for (const [name, pair, codes] of pairs) {
    it(`${name}, ${RUNS} times: no update lost, no reminder twice or lost`, async () => {
      const t = tally(name);
      for (let i = 0; i < RUNS; i++) addPair(t, await pair(dir, i, ref), codes);
      expect(bad(t), t.notes.join("\n")).toBe(0);
    }, 3_600_000);
  }
});

describe("kill -9 at a random moment, then the same command again", () => {
  it(`compute, ${KILLS} times: the workbook is the old or the new one, nothing typed changed`, async () => {
    const t = tally("kill compute (random)");
    for (let i = 0; i < KILLS; i++) {
      const file = path.join(dir, `kc-${i}.xlsx`);
      await writeSample(file);
      const args = ["compute", file, "--date", DAY];
      await killAfter(args, Math.floor(Math.random() * spans.compute));
      const typedAfterKill = changedCells(ref.typed, await typedCells(file)).length;
      const rerun = await cli(args, { CADRE_LOCK_WAIT_SECONDS: "10" });
      t.runs++;
      t.typedChanged += typedAfterKill + changedCells(ref.typed, await typedCells(file)).length;
      const computed = (await column(file, "年休假", "应休天数")).filter(
        (v) => v !== null && v !== "",
      ).length;
      if (computed !== ref.computed) t.lostUpdates++;
      if (rerun.code !== 0) note(t, `rerun exit ${rerun.code}: ${rerun.stderr.trim()}`);
      const left = leftovers(dir).filter((f) => path.basename(f).includes(`kc-${i}.`));
      if (left.length) note(t, `left ${left.join(", ")}`);
    }
    expect(bad(t), t.notes.join("\n")).toBe(0);
  }, 3_600_000);

  it(`remind, ${KILLS} times: every reminder once`, async () => {
    const t = tally("kill remind (random)");
    for (let i = 0; i < KILLS; i++) {
      const o = await remindKilled(dir, `kr-${i}`, ref, {
        ms: Math.floor(Math.random() * spans.remind),
      });
      addKill(t, o, [0]);
    }
    expect(bad(t), t.notes.join("\n")).toBe(0);
  }, 3_600_000);

  it(`docs, ${KILLS} times: no half or empty document, every one registered`, async () => {
    const t = tally("kill docs (random)");
    for (let i = 0; i < KILLS; i++) {
      const o = await docsKilled(dir, `kd-${i}`, ref, {
        ms: Math.floor(Math.random() * spans.docs),
      });
      addDocs(t, o);
    }
    expect(bad(t), t.notes.join("\n")).toBe(0);
  }, 3_600_000);
});

function addKill(
  t: Tally,
  o: Awaited<ReturnType<typeof remindKilled>>,
  codes: (number | null)[],
): void {
  t.runs++;
  t.duplicateReminders += o.duplicateReminders;
  t.lostReminders += o.lostReminders;
  t.typedChanged += o.typedChanged;
  if (!codes.includes(o.rerunCode)) note(t, `rerun exit ${o.rerunCode}: ${o.rerunOutput.trim()}`);
  if (o.leftovers.length) note(t, `left ${o.leftovers.join(", ")}`);
  if (o.unsettled) note(t, `${o.unsettled} 提醒 rows not 已写入文件`);
  if (o.journalLeft) note(t, "journal left after the rerun");
}

function addDocs(t: Tally, o: Awaited<ReturnType<typeof docsKilled>>): void {
  t.runs++;
  t.typedChanged += o.typedChanged;
  // A document written but not registered in 文档 is an update lost.
  if (o.registerDiff !== 0) t.lostUpdates++;
  if (o.rerunCode !== 0 && o.rerunCode !== 1)
    note(t, `rerun exit ${o.rerunCode}: ${o.rerunOutput.trim()}`);
  if (o.leftovers.length) note(t, `left ${o.leftovers.join(", ")}`);
  if (o.broken.length) note(t, `broken ${o.broken.slice(0, 3).join(", ")}`);
}

describe("kill -9 at each named step, then the same command again", () => {
  const mails = () => upTo(ref.mails.length);
  const remindSteps: [string, () => string][] = [
    ["after planning", () => "remind:planned"],
    ["after the log save", () => "remind:logged"],
    ["mid-send: a mail marked sending", () => `remind:sending#${mails()}`],
    // The log save is the 1st atomic write; the k-th mail file the (k+1)-th.
    ["mid-send: a mail file half-written", () => `atomic:written#${1 + mails()}`],
    ["mid-send: after a mail", () => `remind:sent-one#${mails()}`],
    ["after sending, before the outcomes are saved", () => "remind:sent"],
  ];
  for (const [label, fault] of remindSteps) {
    it(`remind ${label}: every reminder once`, async () => {
      const t = tally(`kill remind: ${label}`);
      // The fixed steps are deterministic: two runs each; the random ones KILLS / 2.
      const n = fault() === fault() ? 2 : Math.max(2, Math.ceil(KILLS / 2));
      for (let i = 0; i < n; i++) {
        const o = await remindKilled(dir, `ks-${label.replace(/\W+/g, "")}-${i}`, ref, {
          fault: fault(),
        });
        if (!o.killed) note(t, "the fault point was not reached");
        addKill(t, o, [0]);
      }
      expect(bad(t), t.notes.join("\n")).toBe(0);
    }, 3_600_000);
  }

  const docSteps: [string, () => string][] = [
    ["after computing", () => "docs:computed"],
    ["while writing the .docx files", () => `docs:writing#${upTo(30)}`],
    // Each worker thread counts its own writes: a low N is reached in every run.
    ["a .docx half-written", () => `atomic:written#${upTo(12)}`],
    ["after the .docx, before documents.json", () => "docs:written"],
    ["after documents.json, before the workbook save", () => "docs:listed"],
  ];
  docSteps.forEach(([label, fault], k) => {
    it(`docs ${label}: no half or empty document, every one registered`, async () => {
      const t = tally(`kill docs: ${label}`);
      const n = fault() === fault() ? 2 : Math.max(2, Math.ceil(KILLS / 2));
      for (let i = 0; i < n; i++) {
        const o = await docsKilled(dir, `kds-${k}-${i}`, ref, { fault: fault() });
        if (!o.killed) note(t, "the fault point was not reached");
        addDocs(t, o);
      }
      expect(bad(t), t.notes.join("\n")).toBe(0);
    }, 3_600_000);
  });
});

describe("remind over a misbehaving SMTP server on 127.0.0.1", () => {
  it(`${KILLS} times: up to 3 bad runs, then a healthy one: none twice, none lost`, async () => {
    const t = tally("smtp (random drops/hangs)");
    for (let i = 0; i < KILLS; i++) {
      // Per mail: mostly accepted; sometimes the connection drops before the 250, or hangs.
      const odds = Math.random();
      const server = await startSmtpServer({
        greeting: Math.random() < 0.15 ? (Math.random() < 0.5 ? "drop" : "hang") : "ok",
        afterData: (): AfterData => {
          const x = Math.random();
          return x < odds * 0.3 ? "drop" : x < odds * 0.45 ? "hang" : "ok";
        },
      });
      try {
        const file = path.join(dir, `smtp-${i}.xlsx`);
        await smtpWorkbook(file, server.port);
        const typed = await typedCells(file);
        const args = ["remind", file, "--date", DAY];
        const badRuns = upTo(3);
        for (let r = 0; r < badRuns; r++) {
          const run = await cli(args);
          if (run.code !== 0 && run.code !== 1)
            note(t, `bad-server run exit ${run.code}: ${run.stderr.trim()}`);
          server.behaviour.greeting = Math.random() < 0.15 ? "drop" : "ok";
        }
        server.behaviour = {};
        const last = await cli(args);
        t.runs++;
        const received = new Map<string, number>();
        for (const m of server.received) {
          const key = mailKey(m.data);
          received.set(key, (received.get(key) ?? 0) + 1);
        }
        t.duplicateReminders += [...received.values()].reduce((s, n) => s + n - 1, 0);
        // Lost: a reminder the server never received (a 待确认 one did arrive, unconfirmed).
        t.lostReminders += ref.mails.filter((m) => !received.has(m)).length;
        const log = await reminderLog(file);
        const keys = log.map((r) => r.key);
        t.duplicateReminders += keys.length - new Set(keys).size;
        if (!ref.reminders.every((k) => keys.includes(k))) t.lostUpdates++;
        t.typedChanged += changedCells(typed, await typedCells(file)).length;
        const unconfirmed = log.filter((r) => r.status === "待确认").length;
        const waiting = log.filter((r) => r.status === "待发送" || r.status === "发送失败");
        if (waiting.length) note(t, `${waiting.length} 提醒 rows still unsent after a healthy run`);
        // Nothing fails against the healthy server; earlier 待确认 mails stay for a person.
        if (last.code !== 0)
          note(t, `healthy run exit ${last.code} (${unconfirmed} 待确认): ${last.stdout.trim()}`);
        if (server.open() !== 0) note(t, `${server.open()} sockets left open`);
      } finally {
        await server.close();
      }
    }
    expect(bad(t), t.notes.join("\n")).toBe(0);
  }, 3_600_000);
});
