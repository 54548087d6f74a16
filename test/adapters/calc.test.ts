/**
 * A second, independent reader for the patched save: LibreOffice Calc opens the computed
 * workbook and exports each sheet as CSV. CI has no LibreOffice Calc, so the test skips there
 * and says why (locally: apt-get install -y libreoffice-calc).
 */
import { describe, it, expect, vi } from "vitest";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { computeCommand } from "../../src/local/commands/compute";
import { memoryIO } from "../../src/local/io";
import { loadRows } from "../../src/workflows/setup";
import { buildSample } from "../../src/sample/sample";

const SOFFICE = "/usr/bin/soffice";
const CALC = "/usr/lib/libreoffice/share/registry/calc.xcd";
const hasCalc = fs.existsSync(SOFFICE) && fs.existsSync(CALC);
if (!hasCalc) {
  console.warn(
    `跳过 LibreOffice 读取测试：没有 ${CALC}（CI 上不装；本地可 apt-get install -y libreoffice-calc）`,
  );
}

/** Each sheet of `file` as CSV lines, as LibreOffice Calc shows the cells. */
function calcSheets(file: string, dir: string): Map<string, string[]> {
  execFileSync(
    SOFFICE,
    [
      "--headless",
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir",
      dir,
      file,
    ],
    { env: { ...process.env, HOME: dir }, stdio: "ignore", timeout: 120_000 },
  );
  const base = path.basename(file, ".xlsx");
  const sheets = new Map<string, string[]>();
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(`${base}-`) && name.endsWith(".csv")) {
      const lines = fs.readFileSync(path.join(dir, name), "utf8").split("\n");
      sheets.set(
        name.slice(base.length + 1, -4),
        lines.filter((l) => l !== ""),
      );
    }
  }
  return sheets;
}

describe("the computed workbook in LibreOffice Calc", () => {
  it.skipIf(!hasCalc)(
    `opens the patched file with every input as before and the computed values formatted (skipped when ${CALC} is absent, as on CI)`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-calc-"));
      try {
        const file = path.join(dir, "台账.xlsx");
        const wb = XlsxWorkbook.create();
        loadRows(wb, buildSample());
        await wb.save(file);
        const before = calcSheets(file, path.join(dir, "before"));
        const io = memoryIO(new Date("2027-03-25T12:00:00+08:00"));
        const fullModel = vi.spyOn(XlsxWorkbook, "load");
        await computeCommand(file, io);
        expect(fullModel).not.toHaveBeenCalled(); // the patched save, not the exceljs fallback
        fullModel.mockRestore();
        const after = calcSheets(file, path.join(dir, "after"));

        expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        const leave = after.get("年休假") as string[];
        const header = leave[0].split(",");
        expect(header).toContain("未休年休假报酬");
        expect(leave.length).toBe((before.get("年休假") as string[]).length);
        const pay = header.indexOf("未休年休假报酬");
        const due = header.indexOf("支付截止日期");
        const rows = leave.slice(1).map((l) => l.split(","));
        // Money with two decimals, deadlines as dates, as the column formats say.
        expect(rows.some((r) => /^\d+\.\d{2}$/.test(r[pay]))).toBe(true);
        expect(rows.every((r) => r[due] === "" || /^\d{4}-\d{2}-\d{2}$/.test(r[due]))).toBe(true);
        expect(rows.some((r) => r[due] !== "")).toBe(true);
        // Input columns read the same before and after.
        const inputs = header.indexOf("累计工作年限");
        const beforeRows = (before.get("年休假") as string[]).map((l) => l.split(","));
        rows.forEach((r, i) =>
          expect(r.slice(0, inputs)).toEqual(beforeRows[i + 1].slice(0, inputs)),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
