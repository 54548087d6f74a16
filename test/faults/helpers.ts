/**
 * Shared by the fault suite (test/faults, `npm run test:faults`) and its fast cases
 * (test/hardening, `npm test`): real workbooks on disk, the real CLI in child processes, and
 * what to compare afterwards — every typed cell, the computed cells, the 提醒 log, the .eml files.
 *
 * CADRE_BIN=/path/to/bin/cadre-care.cjs runs the suite against another build (how the defects
 * were confirmed on the code before the change).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { BIN } from "../build";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";
import { INPUT_SHEETS, inputColumns } from "../../src/records/schema";
import { headerKey } from "../../src/records/codec";
import type { Cell } from "../../src/records/cells";

export const CLI = process.env.CADRE_BIN ?? BIN;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/** Run the CLI; resolves when it exits. `env` adds to the environment. */
export function cli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      cwd,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("exit", (code, signal) =>
      resolve({ code, signal, stdout, stderr, pid: child.pid ?? 0 }),
    );
  });
}

/**
 * Run the CLI with a budget: a child still running after `budgetMs` is killed (SIGKILL) and the
 * result says `overBudget`. For a process that must exit on its own (no socket left open).
 */
export function cliWithin(
  args: string[],
  budgetMs: number,
  env: Record<string, string> = {},
): Promise<Run & { overBudget: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let overBudget = false;
    const timer = setTimeout(() => {
      overBudget = true;
      child.kill("SIGKILL");
    }, budgetMs);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid ?? 0, overBudget });
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cadre-${prefix}-`));
}

let sampleBytes: Buffer | null = null;

/** The sample county (11 units, 200 staff) as an .xlsx at `file`. */
export async function writeSample(file: string): Promise<void> {
  if (!sampleBytes) {
    const tmp = path.join(tempDir("sample"), "sample.xlsx");
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    await wb.save(tmp);
    sampleBytes = fs.readFileSync(tmp);
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  }
  fs.writeFileSync(file, sampleBytes);
}

export const sha = (file: string): string =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const cellText = (v: Cell | undefined): string =>
  v instanceof Date ? v.toISOString() : JSON.stringify(v ?? null);

/** Every non-blank cell under an input column of every input sheet: "sheet!row!column" → value. */
export async function typedCells(file: string): Promise<Map<string, string>> {
  const wb = await XlsxWorkbook.open(file);
  const cells = new Map<string, string>();
  for (const spec of INPUT_SHEETS) {
    const grid = wb.readSheet(spec.name) ?? [];
    const wanted = new Set(inputColumns(spec).map((c) => headerKey(c.name)));
    const header = (grid[0] ?? []).map((h) => headerKey(String(h ?? "")));
    for (let r = 1; r < grid.length; r++) {
      header.forEach((h, c) => {
        if (!wanted.has(h)) return;
        const v = grid[r][c];
        if (v === null || v === undefined || v === "") return;
        cells.set(`${spec.name}!${r + 1}!${h}`, cellText(v));
      });
    }
  }
  return cells;
}

/** Keys whose typed value differs between two snapshots (or that vanished or appeared). */
export function changedCells(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k));
}

/** The values of one column of a sheet, data rows only. */
export async function column(file: string, sheet: string, name: string): Promise<Cell[]> {
  const wb = await XlsxWorkbook.open(file);
  const grid = wb.readSheet(sheet) ?? [];
  const at = (grid[0] ?? []).findIndex((h) => String(h ?? "").trim() === name);
  return at < 0 ? [] : grid.slice(1).map((r) => r[at] ?? null);
}

export interface LogRow {
  key: string;
  status: string;
  record: string;
}

/** The 提醒 rows: key (日期|事项|单位|人员编号|截止日期), 状态, 发送记录. */
export async function reminderLog(file: string): Promise<LogRow[]> {
  const wb = await XlsxWorkbook.open(file);
  const grid = wb.readSheet("提醒") ?? [];
  const h = (grid[0] ?? []).map((x) => String(x ?? ""));
  const at = (n: string) => h.indexOf(n);
  return grid.slice(1).map((r) => ({
    key: ["日期", "事项", "单位", "人员编号", "截止日期"].map((n) => cellText(r[at(n)])).join("|"),
    status: String(r[at("状态")] ?? ""),
    record: String(r[at("发送记录")] ?? ""),
  }));
}

/** Each .eml's To and Subject (decoded), sorted: one entry per mail file. */
export function emlMails(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => mailKey(fs.readFileSync(path.join(dir, f), "utf8")))
    .sort();
}

/** A message's To and decoded Subject: the same key for an .eml and a mail sent over SMTP. */
export function mailKey(raw: string): string {
  const to = /^To: (.*?)\r?$/m.exec(raw)?.[1] ?? "";
  const subject = (/^Subject: (.*?)\r?$/m.exec(raw)?.[1] ?? "").replace(
    /=\?UTF-8\?B\?([^?]*)\?=/g,
    (_m, b64: string) => Buffer.from(b64, "base64").toString("utf8"),
  );
  return `${to} ${subject}`;
}

/** Hidden temporary files (ours: `.NAME.PID.MS.tmp`, partial archives) under a folder. */
export function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (/^\..*\.(tmp|partial\.xlsx)$/.test(e.name)) found.push(path.join(d, e.name));
    }
  };
  walk(dir);
  return found;
}

/** Try to mount a tmpfs of `sizeKb` at a new folder; null (with the reason) where it cannot. */
export function mountTmpfs(sizeKb: number): { dir: string; unmount: () => void } | string {
  const dir = tempDir("tmpfs");
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeKb}k`, "tmpfs", dir], {
    encoding: "utf8",
  });
  if (r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${(r.stderr || r.error?.message || "").trim() || "not root"})`;
  }
  return {
    dir,
    unmount: () => {
      spawnSync("umount", ["-l", dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Remount a tmpfs read-only (EROFS for every write). */
export function remountReadOnly(dir: string): boolean {
  return spawnSync("mount", ["-o", "remount,ro", dir]).status === 0;
}

/** The 参数 SMTP timeouts, in seconds. */
export interface SmtpTimeouts {
  connect: number;
  greeting: number;
  reply: number;
}

/**
 * The sample at `file` with 参数 pointing at an SMTP server on 127.0.0.1:`port`, timeouts of 1 s
 * unless `timeouts` says otherwise.
 */
export async function smtpWorkbook(
  file: string,
  port: number,
  timeouts: SmtpTimeouts = { connect: 1, greeting: 1, reply: 1 },
): Promise<void> {
  await writeSample(file);
  const wb = await XlsxWorkbook.open(file);
  const settings: [string, string][] = [
    ["SMTP服务器", "127.0.0.1"],
    ["SMTP端口", String(port)],
    ["发件人", "zzb@example.gov.cn"],
    ["SMTP连接超时秒数", String(timeouts.connect)],
    ["SMTP问候超时秒数", String(timeouts.greeting)],
    ["SMTP应答超时秒数", String(timeouts.reply)],
  ];
  const keys = (wb.readSheet("参数") ?? []).map((r) => String(r[0] ?? ""));
  for (const [key, value] of settings) {
    const row = keys.indexOf(key);
    if (row > 0) wb.writeRange("参数", row + 1, 2, [[value]]);
    else wb.appendRows("参数", [[key, value, ""]]);
  }
  await wb.save(file);
}
