import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, build } from "../build";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";

describe("cadre-care docs through the built bin: documents rendered by worker threads", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-docs-bin-"));
  const file = path.join(dir, "台账.xlsx");
  const out = path.join(dir, "docs");

  beforeAll(async () => {
    build();
    expect(fs.existsSync("dist/node/docx-worker.cjs")).toBe(true);
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    await wb.save(file);
  });

  it("writes every listed .docx as a complete Word file", async () => {
    const run = spawnSync(
      process.execPath,
      [BIN, "docs", file, "--out", out, "--date", "2026-11-26"],
      { encoding: "utf8" },
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(run.status);
    const list = JSON.parse(fs.readFileSync(path.join(out, "documents.json"), "utf8")) as {
      file: string;
      title: string;
    }[];
    expect(list.length).toBeGreaterThanOrEqual(24); // enough to use the worker pool
    for (const d of list) {
      const zip = await JSZip.loadAsync(fs.readFileSync(path.join(out, d.file)));
      const xml = await zip.file("word/document.xml")!.async("string");
      expect(xml, d.file).toContain("w:pgSz");
      expect(xml, d.file).toContain(d.title.split("\n")[0].slice(0, 6));
    }
  });
});
