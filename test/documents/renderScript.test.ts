import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderUnavailable } from "../render/pdfLayout";

const script = path.resolve(__dirname, "../../scripts/render-docs.sh");

describe("scripts/render-docs.sh", () => {
  it("says how to install LibreOffice and exits 3 when soffice is missing", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "no-soffice-"));
    try {
      const r = spawnSync("/bin/bash", [script, "a.docx"], {
        env: { PATH: empty },
        encoding: "utf8",
      });
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(
        "未找到 soffice：请先 apt-get install -y libreoffice-writer poppler-utils",
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("exits 2 with its usage when no file is given", () => {
    const r = spawnSync("/bin/bash", [script], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("用法：scripts/render-docs.sh");
  });
});

/**
 * Each text of a PDF with its font's family (pdftohtml -xml: a <fontspec> per face and size,
 * a <text font="id"> per run of one face), in reading order.
 */
function textFonts(pdf: string): { text: string; family: string }[] {
  const xml = spawnSync("pdftohtml", ["-xml", "-i", "-stdout", pdf], { encoding: "utf8" }).stdout;
  const families = new Map<string, string>();
  for (const m of xml.matchAll(/<fontspec id="(\d+)"[^>]*family="([^"]+)"/g)) {
    families.set(m[1], m[2].replace(/^[A-Z]{6}\+/, "")); // the subset prefix, e.g. BAAAAA+
  }
  return [...xml.matchAll(/<text [^>]*font="(\d+)"[^>]*>(.*?)<\/text>/g)].map((m) => ({
    text: m[2].replace(/<[^>]+>/g, ""),
    family: families.get(m[1]) ?? "",
  }));
}

const why =
  renderUnavailable() ??
  (spawnSync("sh", ["-c", "command -v pdftohtml pdftoppm"]).status
    ? "pdftohtml or pdftoppm not installed (apt-get install poppler-utils)"
    : null);

describe.skipIf(why !== null)(`render-docs.sh output${why ? ` (skipped: ${why})` : ""}`, () => {
  // Issue #14 item 6: its pictures show a serif title and a serif (仿宋-like) body, not the
  // sans face LibreOffice falls back to for 方正小标宋简体 and 仿宋_GB2312 on Linux.
  it("sets the 发文机关标志, the title and the body of a 通报批评 in a serif face", () => {
    const out = mkdtempSync(path.join(tmpdir(), "render-docs-"));
    try {
      const docx = path.resolve(__dirname, "../../templates/通报批评.docx");
      const r = spawnSync("/bin/bash", [script, "--out", out, "--dpi", "30", docx], {
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      const pdf = path.join(out, "通报批评.pdf");
      expect(existsSync(path.join(out, "通报批评-1.png"))).toBe(true);
      const texts = textFonts(pdf);
      // The first run holding `part` (LibreOffice splits a line into runs where the face changes).
      const fontOf = (part: string): string => {
        const t = texts.find((x) => x.text.includes(part));
        expect(t, `no text holding ${part}`).toBeDefined();
        return t!.family;
      };
      expect(fontOf("发文机关")).toMatch(/^NotoSerifCJK/); // 方正小标宋简体
      expect(fontOf("关于对干部关怀激励措施")).toMatch(/^NotoSerifCJK/); // title, 方正小标宋简体
      expect(fontOf("各乡镇党委")).toMatch(/^NotoSerifCJK/); // 主送机关, 仿宋_GB2312
      expect(fontOf("为深入贯彻落实")).toMatch(/^NotoSerifCJK/); // body, 仿宋_GB2312
      // No CJK text of these lines in a sans face.
      const sans = texts.filter((x) => /Sans/.test(x.family) && /[\u4e00-\u9fff]/.test(x.text));
      expect(sans.map((x) => x.text).filter((t) => /通报批评|为深入|各乡镇/.test(t))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it("names the Debian packages of the faces fontconfig does not have", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "render-docs-"));
    try {
      // An fc-list that finds no font: every face of scripts/fonts.conf is missing.
      const bin = path.join(dir, "bin");
      mkdirSync(bin);
      writeFileSync(path.join(bin, "fc-list"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
      const docx = path.resolve(__dirname, "../../templates/通报批评.docx");
      const r = spawnSync("/bin/bash", [script, "--out", dir, "--dpi", "20", docx], {
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        "缺少字体（标题、正文将以黑体类字体显示）：请先 apt-get install -y fonts-arphic-ukai fonts-arphic-uming fonts-noto-cjk",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
