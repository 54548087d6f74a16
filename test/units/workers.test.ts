/**
 * split of more units than it writes in-process (16): the files are patched into the split's
 * template in worker threads (dist/node/unit-worker.cjs), through the built bin. Each holds
 * its unit's people, and collect takes them back (read in worker threads too): nothing when
 * nothing changed, an edit once, a damaged file refused whole.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, build } from "../build";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { generateCounty } from "../../src/sample/sample";
import { col, hash, openPatched, records } from "./helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-split-workers-"));
const hub = path.join(dir, "台账.xlsx");
const out = path.join(dir, "单位");
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r;
};

beforeAll(async () => {
  build();
  expect(fs.existsSync("dist/node/unit-worker.cjs")).toBe(true);
  const wb = XlsxWorkbook.create();
  loadRows(wb, generateCounty({ units: 24, staff: 600, leaveRecords: 1_200, seed: 3 }));
  await wb.save(hub);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("split through the built bin, in worker threads", () => {
  it("writes each unit its own people, and collect takes the files back", async () => {
    const split = cli("split", hub, "--out", out);
    expect(split.status, split.stderr).toBe(0);
    const files = fs.readdirSync(out).filter((f) => f.endsWith(".xlsx"));
    expect(files).toHaveLength(24);
    const people = records((await openPatched(hub)).readSheet("人员"));
    for (const f of files) {
      const wb = await openPatched(path.join(out, f));
      const unit = new Map(records(wb.readSheet("拆分信息")).map((r) => [r["项目"], r["值"]])).get(
        "单位",
      );
      expect(
        records(wb.readSheet("人员")).map((p) => p["人员编号"]),
        f,
      ).toEqual(people.filter((p) => p["单位"] === unit).map((p) => p["人员编号"]));
    }
    const paths = files.map((f) => path.join(out, f));
    const before = hash(hub);
    const none = cli("collect", hub, ...paths);
    expect(none.status, none.stdout).toBe(0);
    expect(none.stdout).toContain("没有需要收回的修改");
    expect(hash(hub)).toBe(before);

    const edited = await openPatched(paths[0]);
    const leave = edited.readSheet("年休假")!;
    edited.writeRange("年休假", 2, col(leave, "事假（天）"), [[3]]);
    await edited.save(paths[0]);
    // A damaged file among them is refused whole; the others are still collected.
    const damaged = path.join(out, "损坏.xlsx");
    fs.writeFileSync(damaged, "不是工作簿");
    const once = cli("collect", hub, ...paths.slice(0, 10), damaged, ...paths.slice(10));
    expect(once.status, once.stdout).toBe(1);
    expect(once.stdout).toContain("修改 1 处");
    expect(once.stdout).toContain("整份拒收 1 个文件");
    expect(once.stdout).toContain(`文件“${damaged}”不是有效的 .xlsx 工作簿`);
  }, 180_000);
});
