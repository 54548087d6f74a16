/**
 * Files as the user left them, on real files: a read-only workbook or folder is refused, saves
 * keep mode and owner, temporary files are removed (and a killed run's are cleaned by the next),
 * a full disk (a small tmpfs) and a read-only disk get Chinese messages naming the file, an
 * .ods renamed .xlsx and a sheet named 「单位 」 get a hint, and a killed archive leaves nothing
 * half-made. Each of these failed before the change (README of issue 13).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import {
  CLI,
  changedCells,
  cli,
  column,
  leftovers,
  mountTmpfs,
  remountReadOnly,
  sha,
  tempDir,
  typedCells,
  writeSample,
} from "../faults/helpers";
import { brokenDocuments } from "../faults/kills";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { sofficeConvert } from "../render/soffice";
import { cleanTempFiles, cleanTempsUnder, removeOwnTemps } from "../../src/local/files";

const DAY = "2027-03-01";
let dir: string;
const isRoot = process.getuid?.() === 0;
const hasSoffice = spawnSync("sh", ["-c", "command -v soffice"]).status === 0;

beforeAll(() => {
  build();
  dir = tempDir("files");
});
afterAll(() => {
  for (const f of fs.readdirSync(dir)) {
    try {
      fs.chmodSync(path.join(dir, f), 0o755);
    } catch {
      // best effort
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function sample(name: string): Promise<string> {
  const file = path.join(dir, name);
  await writeSample(file);
  return file;
}

describe("read-only files and folders", () => {
  it("a read-only workbook (chmod 444) is refused: exit 2, 文件为只读, unchanged", async () => {
    const file = await sample("readonly.xlsx");
    fs.chmodSync(file, 0o444);
    const before = sha(file);
    for (const args of [
      ["compute", file, "--date", DAY],
      ["remind", file, "--date", DAY, "--out", path.join(dir, "ro-mail")],
      ["docs", file, "--out", path.join(dir, "ro-docs"), "--date", DAY],
    ]) {
      const r = await cli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain(`错误：文件为只读：文件“${file}”为只读`);
    }
    expect(sha(file)).toBe(before);
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("readonly.bak"))).toEqual([]);
  }, 60_000);

  it("a workbook in a read-only folder (chmod 555) is refused before anything is written", async () => {
    const folder = path.join(dir, "ro-folder");
    fs.mkdirSync(folder);
    const file = path.join(folder, "台账.xlsx");
    await writeSample(file);
    fs.chmodSync(folder, 0o555);
    const r = await cli(["compute", file, "--date", DAY]);
    fs.chmodSync(folder, 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`文件夹为只读：文件夹“${folder}”为只读`);
    expect(fs.readdirSync(folder)).toEqual(["台账.xlsx"]);
  }, 60_000);
});

/** setpriv's arguments that run a program as nobody (uid and gid 65534). */
const AS_NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath];
/** Root, and nobody can run the CLI here (a checkout under a private folder it cannot). */
const nobodyRuns =
  isRoot && spawnSync("setpriv", [...AS_NOBODY, CLI, "--help"], { stdio: "ignore" }).status === 0;

describe("a folder the user may not write (EACCES)", () => {
  // Root passes every permission check, so the command runs as nobody (setpriv), as a county
  // PC's ordinary account would meet a shared folder it may only read.
  it.skipIf(!nobodyRuns)(
    "docs and remind into it: exit 2, a Chinese message naming the folder and what to do, the workbook unchanged",
    async () => {
      const home = path.join(dir, "eacces");
      fs.mkdirSync(home);
      const file = path.join(home, "台账.xlsx");
      await writeSample(file);
      const out = path.join(home, "只读输出");
      fs.mkdirSync(out);
      fs.chmodSync(dir, 0o755);
      fs.chownSync(home, 65534, 65534);
      fs.chownSync(file, 65534, 65534);
      const before = sha(file);
      for (const verb of ["docs", "remind"]) {
        const r = spawnSync(
          "setpriv",
          [...AS_NOBODY, CLI, verb, file, "--out", out, "--date", DAY],
          { encoding: "utf8", env: { ...process.env, HOME: home }, timeout: 120_000 },
        );
        expect(r.status, verb).toBe(2);
        expect(r.stderr).toContain(
          `没有权限写入“${out}”：请检查该文件和所在文件夹的权限，或用有写入权限的账号运行`,
        );
        expect(r.stderr).not.toContain("程序遇到意外问题");
      }
      expect(sha(file)).toBe(before);
    },
    240_000,
  );
});

describe("saves keep the file as the user left it", () => {
  it.skipIf(!isRoot)(
    "mode and owner survive compute (root: chown to nobody)",
    async () => {
      const file = await sample("owned.xlsx");
      fs.chmodSync(file, 0o640);
      fs.chownSync(file, 65534, 65534);
      const r = await cli(["compute", file, "--date", DAY]);
      expect(r.code, r.stderr).toBe(0);
      const st = fs.statSync(file);
      expect(st.mode & 0o7777).toBe(0o640);
      expect([st.uid, st.gid]).toEqual([65534, 65534]);
    },
    60_000,
  );

  it("a killed run's temporary file is removed by the next run; none is left on any exit", async () => {
    const file = await sample("temps.xlsx");
    const killed = await cli(["compute", file, "--date", DAY], {
      CADRE_FAULT_AT: "atomic:written",
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(leftovers(dir).filter((f) => f.includes("temps.xlsx")).length).toBe(1);
    const before = await typedCells(file);
    const r = await cli(["compute", file, "--date", DAY]);
    expect(r.code, r.stderr).toBe(0);
    expect(leftovers(dir).filter((f) => f.includes("temps.xlsx"))).toEqual([]);
    expect(changedCells(before, await typedCells(file))).toEqual([]);
  }, 60_000);
});

describe("stopped by a signal midway (Ctrl-C, a cron timeout): no temporary file left", () => {
  const TERM = { CADRE_FAULT_SIGNAL: "SIGTERM" };
  const noTemps = (d: string) =>
    fs
      .readdirSync(d, { recursive: true, encoding: "utf8" })
      .filter((f) => /(^|\/)\.[^/]*\.\d+\.\d+\.tmp$/.test(f));

  it("compute, SIGTERM mid-save: exit 143, the workbook unchanged, no temp file, no lock", async () => {
    const sub = path.join(dir, "term-compute");
    fs.mkdirSync(sub);
    const file = path.join(sub, "台账.xlsx");
    await writeSample(file);
    const before = sha(file);
    const r = await cli(["compute", file, "--date", DAY], {
      ...TERM,
      CADRE_FAULT_AT: "atomic:written",
    });
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain("已中止（SIGTERM）：临时文件已删除");
    expect(sha(file)).toBe(before);
    expect(noTemps(sub)).toEqual([]);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  }, 60_000);

  it("docs, SIGTERM while worker threads write .docx: exit 143, no temp file, no 0-byte .docx", async () => {
    const sub = path.join(dir, "term-docs");
    fs.mkdirSync(sub);
    const file = path.join(sub, "台账.xlsx");
    const out = path.join(sub, "docs");
    await writeSample(file);
    const before = sha(file);
    const r = await cli(["docs", file, "--out", out, "--date", DAY], {
      ...TERM,
      CADRE_FAULT_AT: "atomic:written#2",
    });
    expect(r.code, r.stderr).toBe(143);
    expect(sha(file)).toBe(before);
    expect(noTemps(sub)).toEqual([]);
    const empty = fs
      .readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".docx") && fs.statSync(path.join(out, f)).size === 0);
    expect(empty).toEqual([]);
  }, 120_000);
});

describe(".docx written through a temporary name", () => {
  it("docs killed (kill -9) with a .docx in its temporary file: nothing under its final name; the rerun cleans up", async () => {
    const sub = path.join(dir, "kill-docx");
    fs.mkdirSync(sub);
    const file = path.join(sub, "台账.xlsx");
    const out = path.join(sub, "docs");
    await writeSample(file);
    const args = ["docs", file, "--out", out, "--date", DAY];
    const killed = await cli(args, { CADRE_FAULT_AT: "atomic:written#2" });
    expect(killed.signal).toBe("SIGKILL");
    const temps = fs
      .readdirSync(out, { recursive: true, encoding: "utf8" })
      .map((f) => /^(.*\/)?\.(.+\.docx)\.\d+\.\d+\.tmp$/.exec(f))
      .filter((m) => m !== null);
    expect(temps.length).toBeGreaterThan(0);
    for (const m of temps) expect(fs.existsSync(path.join(out, m[1] ?? "", m[2]))).toBe(false);
    expect(await brokenDocuments(out)).toEqual([]);
    const rerun = await cli(args);
    expect([0, 1], rerun.stderr).toContain(rerun.code);
    expect(leftovers(sub)).toEqual([]);
    expect(await brokenDocuments(out)).toEqual([]);
  }, 120_000);
});

describe("full and read-only disks", () => {
  it("the workbook's disk full (tmpfs): Chinese message naming the file, workbook unchanged, no temp left", async (ctx) => {
    const fsys = mountTmpfs(2048);
    if (typeof fsys === "string") return ctx.skip(fsys);
    try {
      const file = path.join(fsys.dir, "台账.xlsx");
      await writeSample(file);
      // Fill the disk but for a few KB: the backup copy or the save cannot fit.
      const size = fs.statSync(file).size;
      const free = () => Number(fs.statfsSync(fsys.dir).bavail) * fs.statfsSync(fsys.dir).bsize;
      fs.writeFileSync(path.join(fsys.dir, "filler"), Buffer.alloc(Math.max(0, free() - size / 2)));
      const before = sha(file);
      const r = await cli(["compute", file, "--date", DAY]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/错误：磁盘空间已满，无法写入“[^”]+”：请清理该磁盘/);
      expect(r.stderr).not.toContain("意外问题");
      expect(r.stderr).not.toContain("ENOSPC");
      expect(sha(file)).toBe(before);
      expect(leftovers(fsys.dir)).toEqual([]);
      expect(fs.readdirSync(fsys.dir).sort()).toEqual(["filler", "台账.xlsx"]);
    } finally {
      fsys.unmount();
    }
  }, 60_000);

  it("the mail folder full (tmpfs): 发送失败 said and recorded, exit 1; the rest go once space is back", async (ctx) => {
    const fsys = mountTmpfs(64);
    if (typeof fsys === "string") return ctx.skip(fsys);
    try {
      const file = await sample("mailfull.xlsx");
      const mail = path.join(fsys.dir, "mail");
      fs.mkdirSync(mail);
      const free = () => Number(fs.statfsSync(fsys.dir).bavail) * fs.statfsSync(fsys.dir).bsize;
      // Room for about three mails.
      fs.writeFileSync(path.join(fsys.dir, "filler"), Buffer.alloc(Math.max(0, free() - 3 * 4096)));
      const r = await cli(["remind", file, "--date", DAY, "--out", mail]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("发送失败 1 封（下次运行时重试）");
      expect(r.stdout).toMatch(/磁盘空间已满，无法写入“[^”]+\.eml”/);
      expect(r.stdout).not.toContain("发送提醒邮件 13 封");
      const written = fs.readdirSync(mail).filter((f) => f.endsWith(".eml")).length;
      expect(written).toBeLessThan(13);
      expect(leftovers(fsys.dir)).toEqual([]);
      fs.rmSync(path.join(fsys.dir, "filler"));
      const again = await cli(["remind", file, "--date", DAY, "--out", mail]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain(`发送提醒邮件 ${13 - written} 封`);
      expect(fs.readdirSync(mail).filter((f) => f.endsWith(".eml")).length).toBe(13);
    } finally {
      fsys.unmount();
    }
  }, 60_000);

  it("a read-only disk (EROFS): exit 2, says the disk is read-only", async (ctx) => {
    const fsys = mountTmpfs(4096);
    if (typeof fsys === "string") return ctx.skip(fsys);
    try {
      const file = path.join(fsys.dir, "台账.xlsx");
      await writeSample(file);
      if (!remountReadOnly(fsys.dir)) return ctx.skip("cannot remount the tmpfs read-only");
      const r = await cli(["compute", file, "--date", DAY]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("所在的磁盘为只读");
    } finally {
      fsys.unmount();
    }
  }, 60_000);

  it("temp files that cannot be removed (EROFS): cleanTempFiles throws, removeOwnTemps skips them", async (ctx) => {
    const fsys = mountTmpfs(1024);
    if (typeof fsys === "string") return ctx.skip(fsys);
    try {
      // A dead writer's temp (PID 2^22 + 1 is above Linux's pid_max) and one of this process.
      const dead = `.台账.xlsx.${2 ** 22 + 1}.1.tmp`;
      const own = `.台账.xlsx.${process.pid}.2.tmp`;
      for (const name of [dead, own]) fs.writeFileSync(path.join(fsys.dir, name), "x");
      if (!remountReadOnly(fsys.dir)) return ctx.skip("cannot remount the tmpfs read-only");
      const file = path.join(fsys.dir, "台账.xlsx");
      expect(() => cleanTempFiles(file)).toThrow(expect.objectContaining({ code: "EROFS" }));
      expect(() => cleanTempsUnder(fsys.dir)).toThrow(expect.objectContaining({ code: "EROFS" }));
      expect(removeOwnTemps(fsys.dir)).toEqual([]);
      expect(fs.readdirSync(fsys.dir).sort()).toEqual([dead, own].sort());
      spawnSync("mount", ["-o", "remount,rw", fsys.dir]);
      // Writable again: each removes its own kind, and only that.
      expect(removeOwnTemps(fsys.dir)).toEqual([own]);
      expect(cleanTempFiles(file)).toEqual([dead]);
      expect(fs.readdirSync(fsys.dir)).toEqual([]);
    } finally {
      fsys.unmount();
    }
  }, 60_000);
});

describe("files that are not what they seem", () => {
  it("init and check on an .ods renamed .xlsx: a Chinese message, not reading 'date1904'", async () => {
    const zip = new JSZip();
    zip.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet", {
      compression: "STORE",
    });
    zip.file("content.xml", '<?xml version="1.0"?><office:document-content/>');
    zip.file("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>');
    const file = path.join(dir, "表格.xlsx");
    fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    for (const verb of ["init", "check"]) {
      const r = await cli([verb, file]);
      expect(r.code, verb).toBe(2);
      expect(r.stderr).toContain("OpenDocument 表格（.ods）");
      expect(r.stderr).not.toMatch(/date1904|Cannot read|意外问题/);
    }
  }, 60_000);

  it.skipIf(!hasSoffice)(
    "init on the sample saved as .ods by LibreOffice, renamed .xlsx: the same message, file untouched",
    async () => {
      const source = await sample("lo-source.xlsx");
      const outDir = path.join(dir, "lo");
      const [ods] = sofficeConvert([source], "ods", outDir, { timeoutMs: 120_000 });
      const file = path.join(dir, "另存的台账.xlsx");
      fs.renameSync(ods, file);
      const before = sha(file);
      const r = await cli(["init", file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`文件“${file}”是 OpenDocument 表格（.ods）`);
      expect(r.stderr).toContain("另存为 Excel 工作簿（.xlsx）后重试");
      expect(r.stderr).not.toMatch(/date1904|Cannot read|意外问题/);
      expect(sha(file)).toBe(before);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith("另存的台账.bak"))).toEqual([]);
    },
    180_000,
  );

  it("a sheet named 「单位 」 (trailing space) is reported with a hint by check and compute", async () => {
    const file = await sample("spaced.xlsx");
    const wb = await XlsxWorkbook.open(file);
    wb.workbook.getWorksheet("单位")!.name = "单位 ";
    await wb.save(file);
    const hint = "工作表“单位 ”的名称含有多余的空格（应为“单位”）";
    const checked = await cli(["check", file]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`缺少工作表「单位」：${hint}`);
    const computed = await cli(["compute", file, "--date", DAY]);
    expect(computed.code).toBe(2);
    expect(computed.stderr).toContain("缺少工作表：单位");
    expect(computed.stderr).toContain(hint);
  }, 60_000);
});

/** The sample with every 2025 leave payment made, so that 2025 has nothing open to archive. */
async function archivable(name: string): Promise<string> {
  const file = await sample(name);
  const wb = await XlsxWorkbook.open(file);
  const grid = wb.readSheet("年休假")!;
  const year = grid[0].indexOf("年度");
  const paid = grid[0].indexOf("实际支付日期");
  grid.slice(1).forEach((row, i) => {
    if (row[year] === 2025 && (row[paid] === null || row[paid] === undefined))
      wb.writeRange("年休假", i + 2, paid + 1, [[new Date("2026-03-20T04:00:00Z")]]);
  });
  await wb.save(file);
  return file;
}

describe("archive killed midway, then run again", () => {
  const steps: [string, string][] = [
    ["while the archive copy is made", "archive:copied"],
    ["while the archive copy is saved", "atomic:written#1"],
    ["after the archive is complete, before the workbook is rewritten", "archive:archived"],
    ["while the workbook is saved", "atomic:written#2"],
  ];
  steps.forEach(([label, fault], i) => {
    it(`killed ${label}: nothing or a complete archive; the rerun cleans up and completes`, async () => {
      const file = await archivable(`archive-${i}.xlsx`);
      const typed = await typedCells(file);
      const years = (await column(file, "年休假", "年度")).filter((y) => y !== null && y !== "");
      const args = ["archive", file, "--date", "2027-04-01"];
      const archive = file.replace(/\.xlsx$/, ".归档-2025年及以前.xlsx");
      const killed = await cli(args, { CADRE_FAULT_AT: fault });
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      // Under the archive's name: nothing, or the complete, checked archive.
      if (fault === "archive:copied" || fault === "atomic:written#1")
        expect(fs.existsSync(archive)).toBe(false);
      else expect(fs.existsSync(archive)).toBe(true);
      // The killed run changed no typed cell (the workbook is the old one, or not yet rewritten).
      expect(changedCells(typed, await typedCells(file))).toEqual([]);
      const r = await cli(args);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      if (fault === "archive:archived" || fault === "atomic:written#2")
        expect(r.stdout).toContain("上次中断的归档留下的完整副本");
      expect(fs.existsSync(archive)).toBe(true);
      expect(leftovers(dir).filter((f) => path.basename(f).includes(`archive-${i}`))).toEqual([]);
      // Every leave row once: the years before 2026 in the archive only, the rest live only.
      const live = (await column(file, "年休假", "年度")).filter((y) => y !== null && y !== "");
      const old = (await column(archive, "年休假", "年度")).filter((y) => y !== null && y !== "");
      expect(old.length).toBeGreaterThan(0);
      expect(old.every((y) => Number(y) < 2026)).toBe(true);
      expect(live.every((y) => Number(y) >= 2026)).toBe(true);
      expect(live.length + old.length).toBe(years.length);
    }, 120_000);
  });
});
