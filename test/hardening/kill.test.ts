import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, build } from "../build";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { generateCounty } from "../../src/sample/sample";

let dir: string;
let county: string;

const hash = (file: string) =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

beforeAll(async () => {
  build();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-kill-"));
  county = path.join(dir, "county.xlsx");
  const wb = XlsxWorkbook.create();
  loadRows(wb, generateCounty({ units: 300, staff: 20_000, leaveRecords: 40_000, seed: 7 }));
  await wb.save(county);
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Run `compute FILE` and SIGKILL it: as soon as the atomic save's temporary file appears in
 * the folder (mid-write), or after `delayMs` when given. Resolves to how the process ended.
 */
function computeAndKill(
  file: string,
  delayMs: number | null,
): Promise<{ killed: boolean; sawTemp: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "compute", file, "--date", "2027-03-25"], {
      stdio: "ignore",
    });
    const base = path.basename(file);
    let sawTemp = false;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    const watcher = fs.watch(path.dirname(file), (_event, name) => {
      if (name && String(name).startsWith(`.${base}.`) && String(name).endsWith(".tmp")) {
        sawTemp = true;
        if (delayMs === null) kill();
      }
    });
    const timer = delayMs === null ? null : setTimeout(kill, delayMs);
    child.on("exit", (_code, signal) => {
      watcher.close();
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === "SIGKILL", sawTemp });
    });
  });
}

async function expectIntact(file: string, expectedHash: string): Promise<void> {
  expect(hash(file)).toBe(expectedHash);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.getWorksheet("人员")!.rowCount).toBeGreaterThan(20_000);
  // Only the workbook, its backups and at most a leftover hidden temporary file.
  for (const name of fs.readdirSync(path.dirname(file))) {
    expect(name).toMatch(
      /^(county\.xlsx|kill-\d\.xlsx|kill-\d\.bak-\d{14}(-\d+)?\.xlsx|\.kill-\d\.xlsx\.\d+\.\d+\.tmp|kill-\d\.xlsx\.lock|kill-\d\.xlsx\.lock\.json)$/,
    );
  }
}

describe("SIGKILL while compute writes", () => {
  it("mid-save (temporary file present): the original is unchanged and readable", async () => {
    const file = path.join(dir, "kill-1.xlsx");
    fs.copyFileSync(county, file);
    const original = hash(file);
    const result = await computeAndKill(file, null);
    expect(result.sawTemp).toBe(true);
    expect(result.killed).toBe(true);
    await expectIntact(file, original);
  }, 120_000);

  it("at other moments (while reading, while computing): the original is unchanged", async () => {
    for (const [i, delay] of [
      [2, 300],
      [3, 2500],
    ] as const) {
      const file = path.join(dir, `kill-${i}.xlsx`);
      fs.copyFileSync(county, file);
      const original = hash(file);
      const result = await computeAndKill(file, delay);
      if (result.killed) await expectIntact(file, original);
      else {
        // It finished before the kill: then the file is a complete, newer workbook.
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        expect(wb.getWorksheet("人员")!.rowCount).toBeGreaterThan(20_000);
      }
    }
  }, 120_000);
});

describe("piped output", () => {
  it("compute on 20,000 staff through the bin, not a TTY: no progress bar escape codes", () => {
    const file = path.join(dir, "kill-9.xlsx");
    fs.copyFileSync(county, file);
    const r = spawnSync(process.execPath, [BIN, "compute", file, "--date", "2027-03-25"], {
      encoding: "utf8",
    });
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toContain("「人员」20000 行");
    expect(r.stdout + r.stderr).not.toContain("\u001b[");
    expect(r.stdout + r.stderr).not.toMatch(/[░█]/);
  }, 120_000);
});
