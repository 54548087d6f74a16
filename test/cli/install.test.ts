/**
 * Running cadre-care where people are (issue 15, item 6): the packed tarball that the README's
 * Windows steps install (`npm pack`, then `npm install -g cadre-care-0.1.0.tgz`) carries the
 * built CLI, its workers and the templates, and runs from any folder; the README never tells a
 * user to run `npx cadre-care` outside the project (npx would fetch an unrelated package).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, build } from "../build";

let dir: string;
let tarball: string;

beforeAll(() => {
  build();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-pack-"));
  // The build ran just above; --ignore-scripts skips prepare's second build.
  const out = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", dir],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  tarball = path.join(dir, (JSON.parse(out) as { filename: string }[])[0].filename);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the packed cadre-care", () => {
  it("holds the built CLI, its worker threads, the Apps Script bundle and the templates", () => {
    const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    for (const file of [
      "package/bin/cadre-care.cjs",
      "package/dist/node/cli.cjs",
      "package/dist/node/unit-worker.cjs",
      "package/dist/node/docx-worker.cjs",
      "package/dist/Code.js",
      "package/README.md",
      "package/package.json",
    ]) {
      expect(listed, file).toContain(file);
    }
    expect(listed.filter((f) => /^package\/templates\/.+\.docx$/.test(f)).length).toBeGreaterThan(
      4,
    );
    expect(listed.some((f) => f.startsWith("package/src/") || f.startsWith("package/test/"))).toBe(
      false,
    );
  });

  it("runs from another folder once unpacked beside its dependencies, as npm install -g lays it out", () => {
    const prefix = path.join(dir, "global");
    fs.mkdirSync(prefix);
    execFileSync("tar", ["-xzf", tarball, "-C", prefix]);
    const pkg = path.join(prefix, "package");
    // npm install -g puts the dependencies in the package's own node_modules.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(pkg, "node_modules"), "dir");
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-desk-"));
    const bin = path.join(pkg, "bin", "cadre-care.cjs");
    const help = spawnSync(process.execPath, [bin, "--help"], { cwd: elsewhere, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("用法：cadre-care");
    const init = spawnSync(process.execPath, [bin, "init", "台账.xlsx"], {
      cwd: elsewhere,
      encoding: "utf8",
    });
    expect(init.status, init.stderr).toBe(0);
    expect(fs.existsSync(path.join(elsewhere, "台账.xlsx"))).toBe(true);
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });
});

describe("the README's install steps", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("installs Node LTS, then the command with npm install -g (a mirror if the registry is slow)", () => {
    const section = readme.slice(readme.indexOf("## 在县里的电脑上安装"));
    expect(section).toMatch(/LTS/);
    expect(section).toContain("npm install -g .");
    expect(section).toMatch(/npm install -g \S+\.tgz/);
    expect(section).toContain("npm config set registry https://registry.npmmirror.com");
  });

  it("never suggests npx cadre-care except to warn against it outside the project folder", () => {
    for (const line of readme.split("\n").filter((l) => l.includes("npx cadre-care"))) {
      expect(line, line).toMatch(/不要|项目文件夹里/);
    }
  });
});
