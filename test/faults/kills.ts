/**
 * kill -9 at named steps (CADRE_FAULT_AT, src/local/faults.ts) and at random moments, then the
 * same command again: what the two runs leave together must be what one undisturbed run leaves.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import {
  changedCells,
  cli,
  column,
  emlMails,
  leftovers,
  reminderLog,
  typedCells,
  writeSample,
} from "./helpers";
import type { Reference } from "./writers";
import { DAY } from "./writers";
import { spawn } from "node:child_process";
import { CLI } from "./helpers";

export interface KillOutcome {
  killed: boolean;
  rerunCode: number | null;
  rerunOutput: string;
  duplicateReminders: number;
  lostReminders: number;
  typedChanged: number;
  leftovers: string[];
  /** 提醒 rows not in a final state (待发送 / 发送失败) after the rerun. */
  unsettled: number;
  journalLeft: boolean;
}

/** Start the CLI and SIGKILL it after `ms`; resolves to whether the kill hit it. */
export function killAfter(args: string[], ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (_c, signal) => {
      clearTimeout(timer);
      resolve(signal === "SIGKILL");
    });
  });
}

/** remind killed at `fault` (a CADRE_FAULT_AT value) or after `ms`, then remind again. */
export async function remindKilled(
  dir: string,
  name: string,
  ref: Reference,
  how: { fault: string } | { ms: number },
): Promise<KillOutcome> {
  const file = path.join(dir, `${name}.xlsx`);
  const mailDir = path.join(dir, `${name}-mail`);
  await writeSample(file);
  const args = ["remind", file, "--date", DAY, "--out", mailDir];
  let killed: boolean;
  if ("fault" in how)
    killed = (await cli(args, { CADRE_FAULT_AT: how.fault })).signal === "SIGKILL";
  else killed = await killAfter(args, how.ms);
  const rerun = await cli(args, { CADRE_LOCK_WAIT_SECONDS: "10" });
  const mails = emlMails(mailDir);
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(m, (counts.get(m) ?? 0) + 1);
  const log = await reminderLog(file);
  const keys = log.map((r) => r.key);
  return {
    killed,
    rerunCode: rerun.code,
    rerunOutput: rerun.stdout + rerun.stderr,
    duplicateReminders:
      [...counts.values()].reduce((s, n) => s + n - 1, 0) + (keys.length - new Set(keys).size),
    lostReminders:
      ref.mails.filter((m) => !counts.has(m)).length +
      ref.reminders.filter((k) => !keys.includes(k)).length,
    typedChanged: changedCells(ref.typed, await typedCells(file)).length,
    leftovers: leftovers(dir).filter((f) => path.basename(f).includes(name)),
    unsettled: log.filter((r) => r.status !== "已写入文件").length,
    journalLeft: fs.existsSync(`${file}.outbox.jsonl`),
  };
}

export interface DocsKillOutcome {
  killed: boolean;
  rerunCode: number | null;
  rerunOutput: string;
  typedChanged: number;
  leftovers: string[];
  /** Listed documents that are missing, empty or not a zip package. */
  broken: string[];
  /** 文档 rows minus documents.json entries (0: every document registered once). */
  registerDiff: number;
}

/** docs killed at `fault` or after `ms`, then docs again. */
export async function docsKilled(
  dir: string,
  name: string,
  ref: Reference,
  how: { fault: string } | { ms: number },
): Promise<DocsKillOutcome> {
  const file = path.join(dir, `${name}.xlsx`);
  const out = path.join(dir, `${name}-docs`);
  await writeSample(file);
  const args = ["docs", file, "--out", out, "--date", DAY];
  let killed: boolean;
  if ("fault" in how)
    killed = (await cli(args, { CADRE_FAULT_AT: how.fault })).signal === "SIGKILL";
  else killed = await killAfter(args, how.ms);
  // What the kill left, before the rerun writes everything again: no empty or half .docx.
  const broken = (await brokenDocuments(out)).map((f) => `after the kill: ${f}`);
  const rerun = await cli(args, { CADRE_LOCK_WAIT_SECONDS: "10" });
  const listed = JSON.parse(fs.readFileSync(path.join(out, "documents.json"), "utf8")) as {
    file: string;
  }[];
  for (const d of listed) {
    const f = path.join(out, d.file);
    try {
      const bytes = fs.readFileSync(f);
      if (bytes.length === 0) broken.push(`${d.file} (0 bytes)`);
      else await JSZip.loadAsync(bytes);
    } catch {
      broken.push(d.file);
    }
  }
  // No 0-byte or unreadable .docx anywhere under the folder, listed or not.
  broken.push(...(await brokenDocuments(out)));
  const registered = (await column(file, "文档", "链接")).filter((v) => v !== null && v !== "");
  return {
    killed,
    rerunCode: rerun.code,
    rerunOutput: rerun.stdout + rerun.stderr,
    typedChanged: changedCells(ref.typed, await typedCells(file)).length,
    leftovers: leftovers(dir).filter((f) => f.includes(name)),
    broken,
    registerDiff: registered.length - listed.length,
  };
}

/** Every .docx under `dir` (listed or not) that is empty or not a readable zip package. */
export async function brokenDocuments(dir: string): Promise<string[]> {
  if (!fs.existsSync(dir)) return [];
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory()
          ? walk(path.join(d, e.name))
          : e.name.endsWith(".docx")
            ? [path.join(d, e.name)]
            : [],
      );
  const broken: string[] = [];
  for (const f of walk(dir)) {
    const bytes = fs.readFileSync(f);
    if (bytes.length === 0) broken.push(`${f} (0 bytes)`);
    else {
      try {
        await JSZip.loadAsync(bytes);
      } catch {
        broken.push(`${f} (not a zip package)`);
      }
    }
  }
  return broken;
}
