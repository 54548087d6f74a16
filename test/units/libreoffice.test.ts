/**
 * Unit contacts open their file in whatever they have: a file edited and saved by LibreOffice
 * Calc (which rewrites every part of the package: styles, shared strings, the hidden sheets and
 * column, the protection) still collects, with exactly the edits made and no spurious change.
 * Skips where LibreOffice Calc is not installed (apt-get install -y libreoffice-calc).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { Grid } from "../../src/records/cells";
import { col, d, openPatched, records, run, sampleHub } from "./helpers";

const SOFFICE = "/usr/bin/soffice";
const CALC = "/usr/lib/libreoffice/share/registry/calc.xcd";
const hasCalc = fs.existsSync(SOFFICE) && fs.existsSync(CALC);
if (!hasCalc)
  console.warn(`跳过 LibreOffice 测试：没有 ${CALC}（apt-get install -y libreoffice-calc）`);

/** Open `file` in LibreOffice Calc and save it as .xlsx again, in place. */
function throughCalc(file: string, dir: string): void {
  const outDir = fs.mkdtempSync(path.join(dir, "calc-"));
  execFileSync(
    SOFFICE,
    ["--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, file],
    {
      env: { ...process.env, HOME: outDir },
      stdio: "ignore",
      timeout: 120_000,
    },
  );
  fs.copyFileSync(path.join(outDir, path.basename(file)), file);
}

describe("a unit file saved by LibreOffice Calc", () => {
  it.skipIf(!hasCalc)(
    "collects the edits made before saving, and nothing else",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-units-calc-"));
      try {
        const hub = await sampleHub(dir);
        const out = path.join(dir, "单位");
        expect((await run(["split", hub, "--out", out])).code).toBe(0);
        const edited = path.join(out, "县财政局.xlsx");
        const untouched = path.join(out, "县档案馆.xlsx");
        const wb = await openPatched(edited);
        const leave = wb.readSheet("年休假") as Grid;
        const id = leave[1][col(leave, "人员编号") - 1];
        const year = leave[1][col(leave, "年度") - 1];
        wb.writeRange("年休假", 2, col(leave, "事假（天）"), [[6]]);
        const tr = wb.readSheet("培训") as Grid;
        const row = new Array(tr[0].length).fill(null);
        row[col(tr, "日期") - 1] = d(2027, 2, 10);
        row[col(tr, "形式") - 1] = "在职自学";
        row[col(tr, "内容") - 1] = "学习《公务员法》";
        wb.writeRange("培训", tr.length + 1, 1, [row]);
        await wb.save(edited);
        throughCalc(edited, dir);
        throughCalc(untouched, dir);
        // LibreOffice really rewrote the package.
        const app = await (
          await JSZip.loadAsync(fs.readFileSync(edited))
        )
          .file("docProps/app.xml")!
          .async("string");
        expect(app).toContain("LibreOffice");

        const r = await run(["collect", hub, edited, untouched]);
        expect(r.err).toBe("");
        expect(r.out).toContain(
          "县财政局（" + edited + "）：修改 1 处，新增 1 行，单位删除 0 行，拒收 0 行，冲突 0 处",
        );
        expect(r.out).toContain(
          "县档案馆（" +
            untouched +
            "）：修改 0 处，新增 0 行，单位删除 0 行，拒收 0 行，冲突 0 处",
        );
        expect(r.code).toBe(0);
        const after = await openPatched(hub);
        expect(
          records(after.readSheet("年休假")).find(
            (x) => x["人员编号"] === id && x["年度"] === year,
          )!["事假（天）"],
        ).toBe(6);
        const training = records(after.readSheet("培训")).filter((x) => x["单位"] === "县财政局");
        expect(training.map((x) => x["内容"])).toContain("学习《公务员法》");
        expect(
          (training.find((x) => x["内容"] === "学习《公务员法》")!["日期"] as Date).getTime(),
        ).toBe(d(2027, 2, 10).getTime());
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
