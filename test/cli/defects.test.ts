/**
 * The defects found trying the CLI as a new user would (issue 15), each reproduced on real
 * files: the messages in Chinese, check's count once, check reporting what compute would
 * show as 错误, npm start keeping the user's files, backups named by the time of the backup,
 * and a refusal on the data exiting 1.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { start } from "../../src/local/start";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";

let dir: string;
let good: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-defects-"));
  good = path.join(dir, "台账.xlsx");
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  await wb.save(good);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], now = new Date("2026-11-26T04:00:00Z")) {
  const io = memoryIO(now);
  const code = await main(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

const copy = (name: string): string => {
  const p = path.join(dir, name);
  fs.copyFileSync(good, p);
  return p;
};

/** Latin words other than the file names and option names a message quotes. */
const english = (text: string) =>
  text
    .replace(/“[^”]*”/g, "")
    .replace(/--[a-z-]+( <[A-Z-]+>)?/g, "")
    .replace(/cadre-care( [a-z-]+)?/g, "")
    .match(/[A-Za-z]{3,}/g)
    ?.filter((w) => !["xlsx", "Excel", "WPS"].includes(w)) ?? [];

describe("messages in Chinese", () => {
  it("docs without --out", async () => {
    const r = await run(["docs", good]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("错误：缺少必需的选项 --out <DIR>");
    expect(r.err).not.toMatch(/required option|not specified/);
  });

  it("a corrupt .xlsx: the whole message is Chinese", async () => {
    const data = fs.readFileSync(good);
    const broken = path.join(dir, "损坏.xlsx");
    fs.writeFileSync(broken, data.subarray(0, Math.floor(data.length / 2)));
    for (const verb of ["check", "compute", "new-year"]) {
      const r = await run(verb === "new-year" ? [verb, broken, "--year", "2027"] : [verb, broken]);
      expect(r.code, verb).toBe(2);
      expect(r.err).toContain("不是有效的 .xlsx 工作簿");
      expect(r.err).not.toMatch(/Corrupted|zip|central directory/i);
      expect(english(r.err), r.err).toEqual([]);
    }
  });
});

describe("check", () => {
  it("prints 共发现 N 个问题 once", async () => {
    const wb = await XlsxWorkbook.open(good);
    wb.writeRange("人员", 2, 5, [["2026-02-30"]]);
    const bad = path.join(dir, "一个问题.xlsx");
    await wb.save(bad);
    const r = await run(["check", bad, "--date", "2026-11-26"]);
    expect(r.code).toBe(1);
    expect(r.out.match(/共发现/g)).toHaveLength(1);
    expect(r.out.split("\n").at(-1)).toBe("共发现 1 个问题");
    // The 年休假 rows whose computed cells that date makes 错误 are named with it.
    expect(r.out).toMatch(
      /不是真实存在的日期.*（因此「年休假」第 \d+(、\d+)* 行的计算列将显示错误）/,
    );
  });

  it("reports every cell compute would fill with 错误 (a 2027 休假记录, --date 2027-01-10)", async () => {
    const file = copy("2027休假.xlsx");
    const wb = await XlsxWorkbook.open(file);
    const people = wb.readSheet("人员")!;
    const [id, name] = [people[1][0], people[1][1]];
    wb.appendRows("休假记录", [[id, name, "2027-01-05", "2027-01-08", null]]);
    await wb.save(file);
    const row = wb.readSheet("休假记录")!.length;

    const computed = await run(["compute", file, "--date", "2027-01-10"]);
    expect(computed.code).toBe(1);
    expect(computed.out).toContain(`请运行 cadre-care check ${file} --date 2027-01-10 查看原因`);
    const checked = await run(["check", file, "--date", "2027-01-10", "--json"]);
    expect(checked.code).toBe(1);
    const problems = JSON.parse(checked.out) as { sheet: string; row: number; message: string }[];
    const here = problems.filter((p) => p.sheet === "休假记录");
    expect(here).toEqual([
      {
        sheet: "休假记录",
        row,
        column: "休假天数",
        message: expect.stringMatching(/^计算列「休假天数」将显示错误：2027年的节假日安排未知/),
      },
    ]);
    // The 年休假 row that sums it would show the error too (once 2027 rows exist).
  });

  it("names each gap of the year's record and says to run new-year", async () => {
    const file = copy("缺行.xlsx");
    const wb = await XlsxWorkbook.open(file);
    const leave = wb.readSheet("年休假")!;
    const yearCol = leave[0].indexOf("年度");
    const idCol = leave[0].indexOf("人员编号");
    const row2026 = leave.findIndex((r, i) => i > 0 && r[yearCol] === 2026);
    const gone = leave[row2026][idCol];
    wb.writeRange("年休假", row2026 + 1, 1, [leave[0].map(() => "")]);
    const plans = wb.readSheet("年休假计划")!;
    const planRow = plans.findIndex((r, i) => i > 0 && r[0] === 2026);
    const unit = plans[planRow][1];
    wb.writeRange("年休假计划", planRow + 1, 1, [plans[0].map(() => "")]);
    await wb.save(file);

    const r = await run(["check", file, "--date", "2026-11-26"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      new RegExp(
        `「年休假」：缺少 2026 年度 \\S+（人员编号 ${gone}，\\S+）的年休假行，请运行 cadre-care new-year 台账\\.xlsx --year 2026`,
      ),
    );
    expect(r.out).toContain(`「年休假计划」：缺少 2026 年度“${unit}”的年休假计划行`);
    expect(r.out.split("\n").at(-1)).toBe("共发现 2 个问题");

    const fixed = await run(["new-year", file, "--year", "2026"]);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain("「年休假」新建 2026 年度 1 行");
    expect(fixed.out).toContain("「年休假计划」新建 2026 年度 1 行");
    expect((await run(["check", file, "--date", "2026-11-26"])).code).toBe(0);
  });
});

describe("backups", () => {
  it("are named after the time of the backup, not --date; two runs on one day never collide", async () => {
    const file = copy("备份.xlsx");
    const at = new Date("2026-12-01T02:03:04Z"); // 10:03:04 in Shanghai
    expect((await run(["compute", file, "--date", "2027-03-25"], at)).code).toBe(0);
    expect((await run(["compute", file, "--date", "2027-03-25"], at)).code).toBe(0);
    const backups = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith("备份.bak-"))
      .sort();
    expect(backups).toEqual(["备份.bak-20261201100304-2.xlsx", "备份.bak-20261201100304.xlsx"]);
  });
});

describe("archive", () => {
  it("refusing because items are open exits 1", async () => {
    const file = copy("未办结.xlsx");
    const r = await run(["archive", file, "--date", "2027-04-01"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2025 年度还有未办结的事项/);
  });
});

describe("npm start", () => {
  it("never deletes or overwrites what it did not write; a second run replaces its own", async () => {
    const out = path.join(dir, "out");
    const mine = path.join(out, "mail", "2027-03-25-001-我的提醒.eml");
    const myDoc = path.join(out, "docs", "我的公文.docx");
    fs.mkdirSync(path.dirname(mine), { recursive: true });
    fs.mkdirSync(path.dirname(myDoc), { recursive: true });
    fs.writeFileSync(mine, "用户自己的邮件");
    fs.writeFileSync(myDoc, "用户自己的公文");

    const io = memoryIO(new Date("2026-11-26T04:00:00Z"));
    await expect(start({ outDir: out }, io)).rejects.toThrow(
      /不是示例运行生成、或生成后被改动过的文件.*示例未运行/,
    );
    expect(fs.readFileSync(mine, "utf8")).toBe("用户自己的邮件");
    expect(fs.readFileSync(myDoc, "utf8")).toBe("用户自己的公文");
    expect(fs.existsSync(path.join(out, "台账.xlsx"))).toBe(false);

    // Moved away, the sample runs; run again, it replaces exactly its own files.
    fs.rmSync(path.join(out, "mail"), { recursive: true });
    fs.rmSync(path.join(out, "docs"), { recursive: true });
    expect(await start({ outDir: out }, memoryIO(new Date("2026-11-26T04:00:00Z")))).toBe(0);
    const first = fs.readdirSync(path.join(out, "mail")).sort();
    expect(first.length).toBeGreaterThan(0);
    expect(await start({ outDir: out }, memoryIO(new Date("2026-11-26T04:00:00Z")))).toBe(0);
    expect(fs.readdirSync(path.join(out, "mail")).sort()).toEqual(first);

    // A file the user changed afterwards counts as theirs.
    fs.appendFileSync(path.join(out, "台账.xlsx"), "");
    const edited = path.join(out, "台账.xlsx");
    fs.utimesSync(edited, new Date(), new Date(Date.now() + 60_000));
    await expect(
      start({ outDir: out }, memoryIO(new Date("2026-11-26T04:00:00Z"))),
    ).rejects.toThrow(/台账\.xlsx/);
  }, 180_000);
});
