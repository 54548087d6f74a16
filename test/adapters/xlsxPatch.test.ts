import { describe, it, expect, beforeEach, afterEach, vi } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { PatchedWorkbook } from "../../src/local/xlsxPatch";
import { INVALID_DATE_TEXT, XlsxWorkbook } from "../../src/local/xlsx";
import { openWorkbook } from "../../src/local/commands/workbook";
import { setupWorkbook } from "../../src/workflows/setup";
import { FORMULA_LIKE, shanghaiDate, writeEveryKindOfValue } from "./specs";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-patch-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Long enough that the sheet XML spans many inflate chunks (a split 汉字 must survive). */
const LONG = "干部关怀激励".repeat(12_000);

/** A workbook with every kind of value people and other tools leave in cells. */
async function variedFile(name = "台账.xlsx"): Promise<string> {
  const source = new ExcelJS.Workbook();
  const ws = source.addWorksheet("数据");
  ws.getColumn(4).numFmt = "yyyy-mm-dd";
  ws.getColumn(10).numFmt = "yyyy-mm-dd";
  writeEveryKindOfValue(ws);
  ws.getCell("D2").value = 1e12;
  ws.getCell("D2").numFmt = "yyyy-mm-dd";
  ws.getCell("E2").value = { formula: 'A1&"x"', result: "文本x" };
  ws.getCell("A5").value = LONG;
  ws.getCell("B5").value = "  ";
  ws.getCell("C5").value = "A & B <c>";
  for (let r = 6; r < 400; r++)
    ws.getRow(r).values = [`人员${r}`, r * 1.5, `备注${LONG.slice(0, r)}`];
  source.addWorksheet("空表");
  const second = source.addWorksheet("第二");
  second.getCell("B2").value = "二";
  const file = path.join(dir, name);
  await source.xlsx.writeFile(file);
  return file;
}

async function entries(file: string): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, Uint8Array>();
  for (const name of Object.keys(zip.files)) {
    const f = zip.file(name);
    if (f) out.set(name, await f.async("uint8array"));
  }
  return out;
}

async function load(file: string): Promise<PatchedWorkbook> {
  const wb = await PatchedWorkbook.load(fs.readFileSync(file), file);
  if (!wb) throw new Error("expected the package reader to take the file");
  return wb;
}

describe("PatchedWorkbook reading", () => {
  it("reads every sheet exactly as the exceljs model does", async () => {
    const file = await variedFile();
    const patched = await load(file);
    const full = await XlsxWorkbook.open(file);
    expect(patched.sheetNames()).toEqual(["数据", "空表", "第二"]);
    for (const name of full.sheetNames()) {
      expect(patched.readSheet(name)).toEqual(full.readSheet(name));
    }
    const grid = patched.readSheet("数据") ?? [];
    expect(grid[0]).toEqual([
      "文本",
      1500,
      true,
      shanghaiDate(2026, 3, 1),
      3000,
      null,
      "富文本",
      "链接",
    ]);
    expect(grid[1].slice(0, 5)).toEqual([
      "130434199001011234",
      0.1,
      null,
      INVALID_DATE_TEXT,
      "文本x",
    ]);
    expect(grid[4].slice(0, 3)).toEqual([LONG, "  ", "A & B <c>"]);
    expect(grid[398].slice(0, 2)).toEqual(["人员399", 598.5]);
    expect(patched.readSheet("空表")).toEqual([]);
    expect(patched.readSheet("第二")).toEqual([
      [null, null],
      [null, "二"],
    ]);
    expect(patched.readSheet("没有")).toBeNull();
  });

  it("reads a 1904-dated workbook's dates as the exceljs model does", async () => {
    const source = new ExcelJS.Workbook();
    source.properties.date1904 = true;
    const ws = source.addWorksheet("日期");
    ws.getCell("A1").value = new Date(Date.UTC(2027, 2, 31));
    ws.getCell("A1").numFmt = "yyyy-mm-dd";
    const file = path.join(dir, "1904.xlsx");
    await source.xlsx.writeFile(file);
    expect((await load(file)).readSheet("日期")).toEqual([[shanghaiDate(2027, 3, 31)]]);
    expect((await XlsxWorkbook.open(file)).readSheet("日期")).toEqual([
      [shanghaiDate(2027, 3, 31)],
    ]);
  });
});

describe("PatchedWorkbook saving", () => {
  it("rewrites only the written cells: every other part keeps its bytes, every other cell its value and format", async () => {
    const file = await variedFile();
    const before = await entries(file);
    const wb = await load(file);
    wb.writeRange("数据", 2, 10, [
      [shanghaiDate(2027, 3, 31), 42],
      [null, "错误：年度为空"],
    ]);
    wb.writeRange("数据", 1, 2, [[null]]);
    wb.appendRows(
      "数据",
      FORMULA_LIKE.map((t) => [t, true]),
    );
    const load0 = vi.spyOn(XlsxWorkbook, "load");
    const out = path.join(dir, "写回.xlsx");
    await wb.save(out);
    expect(load0).not.toHaveBeenCalled();

    const after = await entries(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) {
      if (name === "xl/worksheets/sheet1.xml") continue;
      expect(Buffer.from(after.get(name) as Uint8Array).equals(Buffer.from(bytes)), name).toBe(
        true,
      );
    }

    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.readFile(out);
    const ws = reopened.getWorksheet("数据") as ExcelJS.Worksheet;
    expect(ws.getCell("J2").value).toEqual(new Date(Date.UTC(2027, 2, 31)));
    expect(ws.getCell("J2").numFmt).toBe("yyyy-mm-dd");
    expect(ws.getCell("K2").value).toBe(42);
    expect(ws.getCell("K3").value).toBe("错误：年度为空");
    expect(ws.getCell("B1").value).toBeNull();
    expect(ws.getCell("C3").font?.bold).toBe(true);
    expect(ws.getCell("D1").value).toEqual(new Date(Date.UTC(2026, 2, 1)));
    FORMULA_LIKE.forEach((text, i) => {
      const cell = ws.getCell(400 + i, 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeUndefined();
      expect(ws.getCell(400 + i, 2).value).toBe(true);
    });

    // Both readers agree on the patched file, and it equals what was written.
    const again = await load(out);
    const full = await XlsxWorkbook.open(out);
    expect(again.readSheet("数据")).toEqual(full.readSheet("数据"));
    expect(again.readSheet("数据")).toEqual(wb.readSheet("数据"));
  });

  it("saves through the exceljs model when a cell cannot be patched, with the same changes", async () => {
    const file = await variedFile();
    const wb = await load(file);
    // Column A has no date format: the full model gives the cell one.
    wb.writeRange("数据", 3, 1, [[shanghaiDate(2027, 1, 5)]]);
    wb.writeRange("第二", 1, 1, [["新"]]);
    const full = vi.spyOn(XlsxWorkbook, "load");
    await wb.save(file);
    expect(full).toHaveBeenCalledTimes(1);
    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.readFile(file);
    const cell = (reopened.getWorksheet("数据") as ExcelJS.Worksheet).getCell("A3");
    expect(cell.value).toEqual(new Date(Date.UTC(2027, 0, 5)));
    expect(cell.numFmt).toBe("yyyy-mm-dd");
    expect((reopened.getWorksheet("第二") as ExcelJS.Worksheet).getCell("A1").value).toBe("新");
    expect((reopened.getWorksheet("数据") as ExcelJS.Worksheet).getCell("A5").value).toBe(LONG);
  });

  it("drops a stale calculation chain so Excel does not repair the file", async () => {
    const file = await variedFile();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    zip.file("xl/calcChain.xml", `<calcChain><c r="E1" i="1"/></calcChain>`);
    const types = (await zip.file("[Content_Types].xml")?.async("string")) as string;
    zip.file(
      "[Content_Types].xml",
      types.replace(
        "</Types>",
        `<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>`,
      ),
    );
    const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) as string;
    zip.file(
      "xl/_rels/workbook.xml.rels",
      rels.replace(
        "</Relationships>",
        `<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>`,
      ),
    );
    fs.writeFileSync(file, await zip.generateAsync({ type: "uint8array" }));

    const wb = await load(file);
    wb.writeRange("数据", 1, 5, [[7]]);
    await wb.save(file);
    const saved = await JSZip.loadAsync(fs.readFileSync(file));
    expect(saved.file("xl/calcChain.xml")).toBeNull();
    expect(await saved.file("[Content_Types].xml")?.async("string")).not.toContain("calcChain");
    expect(await saved.file("xl/_rels/workbook.xml.rels")?.async("string")).not.toContain(
      "calcChain",
    );
    expect((await XlsxWorkbook.open(file)).readSheet("数据")?.[0][4]).toBe(7);
  });

  it("leaves packages it does not take to the exceljs model", async () => {
    const file = await variedFile();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = (await zip.file("xl/worksheets/sheet3.xml")?.async("string")) as string;
    zip.file("xl/worksheets/sheet3.xml", xml.replace("<sheetData>", "<sheetData><!-- 注释 -->"));
    fs.writeFileSync(file, await zip.generateAsync({ type: "uint8array" }));
    expect(await PatchedWorkbook.load(fs.readFileSync(file), file)).toBeNull();
    expect(await PatchedWorkbook.load(Buffer.from("PK\u0003\u0004 broken"), file)).toBeNull();
  });
});

describe("openWorkbook", () => {
  it("reads a set-up workbook for patching and opens any other in the exceljs model", async () => {
    const complete = path.join(dir, "完整.xlsx");
    const setUp = XlsxWorkbook.create();
    setupWorkbook(setUp);
    await setUp.save(complete);
    expect(await openWorkbook(complete)).toBeInstanceOf(PatchedWorkbook);

    const other = await variedFile("其他.xlsx");
    expect(await openWorkbook(other)).toBeInstanceOf(XlsxWorkbook);
  });
});
