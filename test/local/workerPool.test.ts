/**
 * The one worker pool that `docs` and `split` write their files in (src/local/workerPool.ts),
 * with real worker threads running a small script: every job once, the first failure ends it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runWorkerPool } from "../../src/local/workerPool";
import { ROOT } from "../build";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-pool-"));
// Answers job n with its id, after writing n.txt; a job whose text is "fail" fails.
const script = path.join(dir, "worker.cjs");
fs.writeFileSync(
  script,
  `const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
parentPort.on("message", (job) => {
  if (job.text === "fail") return parentPort.postMessage({ id: job.id, error: "磁盘已满", code: "ENOSPC" });
  fs.writeFileSync(path.join(${JSON.stringify(dir)}, job.id + ".txt"), job.text);
  parentPort.postMessage({ id: job.id });
});
`,
);

describe("runWorkerPool", () => {
  it("is the one place in src/ that starts worker threads (docs and split both use it)", () => {
    const starts: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && /new Worker\(/.test(fs.readFileSync(p, "utf8")))
          starts.push(path.relative(ROOT, p));
      }
    };
    walk(path.join(ROOT, "src"));
    expect(starts).toEqual([path.join("src", "local", "workerPool.ts")]);
    for (const user of ["src/local/docx.ts", "src/local/commands/split.ts"]) {
      expect(fs.readFileSync(path.join(ROOT, user), "utf8"), user).toContain("runWorkerPool(");
    }
  });

  it("runs every job exactly once and lets the caller drop its copy when posted", async () => {
    const jobs: (string | null)[] = Array.from({ length: 40 }, (_, i) => `第${i}份`);
    const done: number[] = [];
    await runWorkerPool(script, {
      count: jobs.length,
      message(id) {
        const text = jobs[id];
        jobs[id] = null;
        return { id, text };
      },
      done: (id) => done.push(id),
      failed: (m) => new Error(String(m.error)),
    });
    expect(done.sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i));
    expect(jobs.every((j) => j === null)).toBe(true);
    for (let i = 0; i < 40; i++) {
      expect(fs.readFileSync(path.join(dir, `${i}.txt`), "utf8")).toBe(`第${i}份`);
    }
  });

  it("rejects with the caller's error at the first failure, carrying the worker's code", async () => {
    const texts = ["甲", "乙", "fail", "丁", "戊"];
    const run = runWorkerPool(script, {
      count: texts.length,
      message: (id) => ({ id, text: texts[id] }),
      done: () => undefined,
      failed: (m) =>
        Object.assign(new Error(`写入第 ${m.id} 份失败：${m.error}`), { code: m.code }),
    });
    await expect(run).rejects.toMatchObject({
      message: "写入第 2 份失败：磁盘已满",
      code: "ENOSPC",
    });
  });
});
