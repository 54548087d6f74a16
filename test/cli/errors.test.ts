import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, build } from "../build";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";

const VERBS = ["init", "check", "compute", "deadlines", "remind", "docs", "archive"] as const;
const CJK = /[\u4e00-\u9fff]/;

let dir: string;
let good: string;

beforeAll(async () => {
  build();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-cli-"));
  good = path.join(dir, "台账.xlsx");
  const wb = XlsxWorkbook.create();
  loadRows(wb, buildSample());
  await wb.save(good);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run the built CLI as a user would (not a TTY). */
function bin(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function run(args: string[]) {
  const io = memoryIO(new Date("2027-03-25T04:00:00Z"));
  const code = await main(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

/** A clear Chinese message, never a stack trace. */
function expectClean(r: { out: string; err: string }): void {
  expect(r.err + r.out).not.toMatch(/^\s+at /m);
  expect(r.err).not.toMatch(/Error:|TypeError|ENOENT|EISDIR|ENOTDIR/);
  expect(r.err).toMatch(CJK);
}

const file = (name: string, data: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

describe("help in Chinese", () => {
  it("cadre-care --help lists every verb with examples and exit codes", () => {
    const r = bin(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^用法：cadre-care/m);
    expect(r.out).toMatch(/^选项：/m);
    expect(r.out).toMatch(/^命令：/m);
    expect(r.out).toMatch(/^示例：/m);
    expect(r.out).toContain("退出码：0 正常，1 发现问题，2 用法错误或文件无法读取");
    for (const verb of VERBS) expect(r.out).toMatch(new RegExp(`^\\s+${verb} `, "m"));
    expect(r.out).not.toMatch(/Usage:|Options:|Commands:|display help/);
  });

  it("no arguments shows the help and exits 2", () => {
    const r = bin([]);
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/用法：cadre-care/);
  });

  for (const verb of VERBS) {
    it(`${verb} --help: 用法, 选项 and 示例 in Chinese`, async () => {
      const r = await run([verb, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^用法：cadre-care ${verb} \\[选项\\] <FILE\\.xlsx>`, "m"));
      expect(r.out).toMatch(/^选项：/m);
      expect(r.out).toMatch(/^示例：\n {2}cadre-care /m);
      expect(r.out).toContain("显示帮助");
      expect(r.out).not.toMatch(/Usage:|Options:|Arguments:|display help/);
    });
  }

  it("compute --help through the built bin", () => {
    const r = bin(["compute", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^用法：cadre-care compute/m);
    expect(r.out).toMatch(/^示例：/m);
  });
});

describe("bad usage: exit 2 with a Chinese message", () => {
  it("an unknown verb", () => {
    const r = bin(["comput", "台账.xlsx"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("错误：没有“comput”这个命令");
    expect(r.err).toContain("（是否想输入 compute？）");
    expectClean(r);
  });

  it("an unknown option", async () => {
    const r = await run(["check", good, "--fast"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("错误：没有“--fast”这个选项");
    expectClean(r);
  });

  it("a missing file argument", async () => {
    const r = await run(["check"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("错误：缺少参数 FILE.xlsx");
    expectClean(r);
  });

  for (const bad of ["2027-02-30", "tomorrow", "2027-3-25", ""]) {
    it(`--date ${JSON.stringify(bad)}`, async () => {
      for (const verb of ["compute", "deadlines", "remind", "archive"]) {
        const r = await run([verb, good, "--date", bad]);
        expect(r.code, verb).toBe(2);
        expect(r.err).toContain("--date 应为 YYYY-MM-DD 格式的有效日期");
        expect(r.err).toContain(`收到“${bad}”`);
        expectClean(r);
      }
    });
  }

  it("--date with no value", async () => {
    const r = await run(["deadlines", good, "--date"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("错误：选项 --date <YYYY-MM-DD> 缺少取值");
    expectClean(r);
  });

  it("a bad --date through the built bin leaves the file untouched", () => {
    const before = fs.readFileSync(good);
    const r = bin(["compute", good, "--date", "2027-02-30"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--date 应为 YYYY-MM-DD 格式的有效日期");
    expectClean(r);
    expect(fs.readFileSync(good).equals(before)).toBe(true);
  });
});

describe("unreadable files: exit 2 with a Chinese message", () => {
  it("a missing file (built bin)", () => {
    const r = bin(["check", "不存在.xlsx"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("错误：找不到文件“不存在.xlsx”，请检查路径");
    expectClean(r);
  });

  it("a missing file, for every verb that reads one", async () => {
    for (const verb of ["check", "compute", "deadlines", "remind", "archive"]) {
      const r = await run(
        [verb, path.join(dir, "无.xlsx"), "--date", "2027-03-25"].slice(
          0,
          verb === "check" ? 2 : 4,
        ),
      );
      expect(r.code, verb).toBe(2);
      expect(r.err).toContain("找不到文件");
      expectClean(r);
    }
  });

  it("a .csv file", async () => {
    const csv = file("人员.csv", "人员编号,姓名\nWX0001,田潇\n");
    const r = await run(["check", csv]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("不是 .xlsx 文件");
    expectClean(r);
  });

  it("a text file renamed .xlsx (built bin)", () => {
    const fake = file("改名.xlsx", "人员编号,姓名\nWX0001,田潇\n");
    const r = bin(["compute", fake]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("不是有效的 .xlsx 工作簿（可能已损坏，或只是改了扩展名）");
    expectClean(r);
    expect(fs.readFileSync(fake, "utf8")).toBe("人员编号,姓名\nWX0001,田潇\n");
  });

  it("a truncated .xlsx (corrupt zip)", async () => {
    const data = fs.readFileSync(good);
    const broken = file("损坏.xlsx", data.subarray(0, Math.floor(data.length / 2)));
    for (const verb of ["check", "compute", "archive"]) {
      const r = await run([verb, broken]);
      expect(r.code, verb).toBe(2);
      expect(r.err).toContain("不是有效的 .xlsx 工作簿（可能已损坏）");
      expectClean(r);
    }
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("损坏.bak-"))).toEqual([]);
  });

  it("a password-protected .xlsx (OLE container)", async () => {
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const locked = file("加密.xlsx", ole);
    const r = await run(["compute", locked]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("设有打开密码（已加密）或是旧版 .xls 格式");
    expect(r.err).toContain("另存为 .xlsx");
    expectClean(r);
  });

  it("an empty file and a folder named .xlsx", async () => {
    const empty = file("空.xlsx", "");
    const r1 = await run(["check", empty]);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain("是空文件");
    fs.mkdirSync(path.join(dir, "目录.xlsx"));
    const r2 = await run(["check", path.join(dir, "目录.xlsx")]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain("是文件夹");
    expectClean(r1);
    expectClean(r2);
  });
});

describe("a workbook from another tool", () => {
  let other: string;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("人员");
    ws.addRow(["人员编号", "姓名", "单位"]);
    ws.addRow(["WX0001", "田潇", "县委办公室"]);
    wb.addWorksheet("Sheet2");
    other = path.join(dir, "其他软件.xlsx");
    await wb.xlsx.writeFile(other);
  });

  it("compute names the missing sheets and suggests init (exit 2, file untouched)", async () => {
    const before = fs.readFileSync(other);
    const r = await run(["compute", other]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/缺少工作表：参数、奖励标准、单位、奖励、年休假/);
    expect(r.err).toContain(`请先运行 cadre-care init ${other}`);
    expectClean(r);
    expect(fs.readFileSync(other).equals(before)).toBe(true);
  });

  it("check names the missing sheets and the missing columns, and suggests init (exit 1)", async () => {
    const r = await run(["check", other]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "缺少工作表「参数」，请运行 cadre-care init（表格中为菜单“初始化/检查表格”）补全工作表和表头",
    );
    expect(r.out).toContain("「人员」第 1 行「人员类别」：工作表「人员」缺少必需的列「人员类别」");
    expect(r.out).toContain("「人员」第 1 行「参加工作时间」");
    expect(r.out).toContain("运行 init 补全表头");
  });

  it("a sheet present but with required columns missing: compute says which and suggests init", async () => {
    const wb = await XlsxWorkbook.open(good);
    wb.workbook.getWorksheet("休假记录")!.spliceColumns(3, 1); // drop 开始日期
    wb.workbook.getWorksheet("单位")!.spliceColumns(2, 1); // drop 单位性质
    const partial = path.join(dir, "缺列.xlsx");
    await wb.save(partial);
    const before = fs.readFileSync(partial);
    const r = await run(["compute", partial, "--date", "2027-03-25"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("表头不完整：「单位」缺少列：单位性质；「休假记录」缺少列：开始日期");
    expect(r.err).toContain(`或运行 cadre-care init ${partial} 补全表头`);
    expectClean(r);
    expect(fs.readFileSync(partial).equals(before)).toBe(true);
  });

  it("init completes it without losing data, after which compute runs", async () => {
    const copy = path.join(dir, "补全.xlsx");
    fs.copyFileSync(other, copy);
    const r = await run(["init", copy]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("原有数据未改动");
    const reopened = await XlsxWorkbook.open(copy);
    expect(reopened.readSheet("人员")![1].slice(0, 3)).toEqual(["WX0001", "田潇", "县委办公室"]);
    expect(reopened.sheetNames()).toContain("Sheet2");
  });
});

describe("an output folder that cannot be written", () => {
  it("remind --out under a file (built bin): exit 2, Chinese, workbook untouched", () => {
    const blocker = file("已有文件.txt", "x");
    const before = fs.readFileSync(good);
    const r = bin(["remind", good, "--date", "2027-03-25", "--out", path.join(blocker, "sub")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("无法写入输出文件夹");
    expect(r.err).toContain("请检查路径和写入权限");
    expectClean(r);
    expect(fs.readFileSync(good).equals(before)).toBe(true);
  });

  it("remind --out /proc/x", async () => {
    const r = await run(["remind", good, "--date", "2027-03-25", "--out", "/proc/cadre-care-x"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("无法写入输出文件夹");
    expectClean(r);
  });

  it("init into a folder that does not exist", async () => {
    const r = await run(["init", path.join(dir, "已有文件.txt", "新.xlsx")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("无法写入");
    expectClean(r);
  });
});

describe("exit codes 0 and 1 on a good workbook", () => {
  it("check 0 on the sample, compute 0, deadlines 0", async () => {
    const copy = path.join(dir, "样例.xlsx");
    fs.copyFileSync(good, copy);
    expect((await run(["check", copy, "--date", "2026-11-26"])).code).toBe(0);
    expect((await run(["compute", copy, "--date", "2026-11-26"])).code).toBe(0);
    expect((await run(["deadlines", copy, "--date", "2026-11-26"])).code).toBe(0);
  });

  it("check 1 when a problem is found (built bin, piped: no escape codes)", async () => {
    const wb = await XlsxWorkbook.open(good);
    wb.writeRange("人员", 2, 5, [["2026-02-30"]]);
    const bad = path.join(dir, "有问题.xlsx");
    await wb.save(bad);
    const r = bin(["check", bad, "--date", "2026-11-26"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("不是真实存在的日期");
    expect(r.out).toContain("共发现 1 个问题");
    expect(r.out + r.err).not.toContain("\u001b[");
  });
});
