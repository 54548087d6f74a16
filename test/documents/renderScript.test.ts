import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

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
