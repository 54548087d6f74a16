/**
 * Roster import on real files: a roster of another shape written by LibreOffice (title row,
 * 工 号 with a space, 部门, 身份, month-precision 参加工作日期, extra columns), the same roster as a
 * GBK .csv, and one written by exceljs as Excel lays files out; into a fresh workbook, twice,
 * and against values typed differently in the workbook.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { parsePeople, parseUnits } from "../../src/records/parse";
import { mapRoster, rosterTarget } from "../../src/records/roster";
import { decodeText } from "../../src/local/text";
import { parseCsv } from "../../src/local/csv";
import { importRoster } from "../../src/workflows/importRoster";
import { setupWorkbook } from "../../src/workflows/setup";
import { isoFromDay } from "../../src/rules/dates";

const FIXTURES = path.join(__dirname, "../fixtures/roster");
const LIBREOFFICE = path.join(FIXTURES, "花名册-libreoffice.xlsx");
const GBK = path.join(FIXTURES, "花名册-gbk.csv");

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-import-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function freshFile(name: string): Promise<string> {
  const file = path.join(dir, name);
  const wb = XlsxWorkbook.create();
  setupWorkbook(wb);
  await wb.save(file);
  return file;
}

async function run(args: string[]) {
  const io = memoryIO(new Date("2026-12-01T02:00:00Z"));
  const code = await main(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

const people = async (file: string) =>
  parsePeople((await XlsxWorkbook.open(file)).readSheet("人员"));

describe("the alias table", () => {
  it("ignores case, full/half width and spaces", () => {
    expect(rosterTarget("工  号")).toBe("人员编号");
    expect(rosterTarget("身份证号码")).toBe("身份证号");
    expect(rosterTarget("公民身份号码")).toBe("身份证号");
    expect(rosterTarget("参加工作日期")).toBe("参加工作时间");
    expect(rosterTarget("编制性质")).toBe("人员类别");
    expect(rosterTarget("所在单位")).toBe("单位");
    expect(rosterTarget("年工资收入(元)")).toBe("上年度工资收入（元）");
    expect(rosterTarget("工资（万元）")).toBeNull(); // another unit is no alias
    expect(rosterTarget("性别")).toBeNull();
  });

  it("finds the header under a title row and lists what it does not use", () => {
    const m = mapRoster([["某局花名册"], [], ["序号", "姓名", "工号", "编号", "性别"]])!;
    expect(m.headerRow).toBe(2);
    expect([...m.columns]).toEqual([
      [1, "姓名"],
      [2, "人员编号"],
    ]);
    expect(m.unmatched.map((u) => [u.header, u.why])).toEqual([
      ["序号", "没有对应的「人员」列"],
      ["编号", "与「工号」都对应「人员编号」，只用前者"],
      ["性别", "没有对应的「人员」列"],
    ]);
  });
});

describe("cadre-care import", () => {
  it("a LibreOffice roster into a fresh workbook: dry run, import, a second import changes nothing", async () => {
    const file = await freshFile("新台账.xlsx");
    const before = fs.readFileSync(file);
    const dry = await run(["import", LIBREOFFICE, "--into", file, "--dry-run"]);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain("表头在第 3 行");
    expect(dry.out).toContain("「工 号」 → 「人员编号」");
    expect(dry.out).toContain("「参加工作日期」 → 「参加工作时间」");
    expect(dry.out).toContain("未导入的列：「序号」（没有对应的「人员」列）、「性别」");
    expect(dry.out).toContain(
      "共 9 行：新增 7 人，与台账相同 0 人，与台账不同 0 人，有误未导入 2 行",
    );
    expect(dry.out).toContain(
      "花名册第 10 行「参加工作时间」：参加工作时间“2016.13”不是真实存在的年月",
    );
    expect(dry.out).toContain("花名册第 11 行「人员编号」：人员编号不能为空");
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    const done = await run(["import", LIBREOFFICE, "--into", file]);
    expect(done.code).toBe(1); // two rows were not imported
    expect(done.out).toContain("已在「单位」新增 2 个单位：县交通运输局、县公路管理站");
    const parsed = await people(file);
    expect(parsed.problems).toEqual([]);
    expect(
      parsed.items.map((p) => [p.id, p.name, p.unit, p.category, isoFromDay(p.startDate)]),
    ).toEqual([
      ["WJ001", "苗建国", "县交通运输局", "公务员", "2003-07-01"],
      ["WJ002", "邵雅琴", "县交通运输局", "公务员", "2016-07-01"],
      ["WJ003", "龚立新", "县交通运输局", "参公管理", "2009-08-01"],
      ["WJ004", "阎秀梅", "县公路管理站", "事业单位", "2011-03-01"],
      ["WJ005", "喻志强", "县公路管理站", "事业单位", "1998-10-01"],
      ["WJ006", "伍晓燕", "县公路管理站", "事业单位", "2020-09-01"],
      ["WJ009", "汤丽萍", "县公路管理站", "事业单位", "2018-08-20"],
    ]);
    expect(parsed.items[0]).toMatchObject({
      idNumber: "990105198003120116",
      lastYearIncome: 98400,
    });
    const units = parseUnits((await XlsxWorkbook.open(file)).readSheet("单位"));
    expect(units.table.rows.map((r) => r.get("单位名称"))).toEqual([
      "县交通运输局",
      "县公路管理站",
    ]);

    const bytes = fs.readFileSync(file);
    const again = await run(["import", LIBREOFFICE, "--into", file]);
    expect(again.out).toContain("新增 0 人，与台账相同 7 人，与台账不同 0 人");
    expect(again.out).toContain("台账没有需要改动的地方");
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it("the same roster as a GBK .csv (as Excel in China saves it) reads the same", async () => {
    const data = fs.readFileSync(GBK);
    expect(decodeText(data).encoding).toBe("GBK");
    expect(data.includes(Buffer.from("姓名"))).toBe(false);
    const file = await freshFile("csv台账.xlsx");
    await run(["import", LIBREOFFICE, "--into", file]);
    const r = await run(["import", GBK, "--into", file]);
    expect(r.out).toContain("新增 0 人，与台账相同 7 人，与台账不同 0 人，有误未导入 2 行");
    const fromCsv = parseCsv(decodeText(data).text);
    expect(fromCsv[3].slice(0, 4)).toEqual(["1", "苗建国", "男", "WJ001"]);
  });

  it("never overwrites a typed value: a difference is a conflict; blanks are filled in", async () => {
    const file = await freshFile("冲突.xlsx");
    await run(["import", LIBREOFFICE, "--into", file]);
    const wb = await XlsxWorkbook.open(file);
    const grid = wb.readSheet("人员")!;
    const col = (name: string) => grid[0].indexOf(name) + 1;
    wb.writeRange("人员", 3, col("单位"), [["县公路管理站"]]); // WJ002 typed otherwise
    wb.writeRange("人员", 2, col("身份证号"), [[""]]); // WJ001's blank
    await wb.save(file);

    const r = await run(["import", LIBREOFFICE, "--into", file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "新增 0 人，与台账相同 6 人，与台账不同 1 人，有误未导入 2 行；补全台账中空白的单元格 1 个",
    );
    expect(r.out).toContain(
      "花名册第 5 行（人员编号 WJ002）「单位」：台账为“县公路管理站”，花名册为“县交通运输局”，保留台账的值",
    );
    const after = (await people(file)).items;
    expect(after.find((p) => p.id === "WJ002")!.unit).toBe("县公路管理站");
    expect(after.find((p) => p.id === "WJ001")!.idNumber).toBe("990105198003120116");
  });

  it("an Excel-style roster (exceljs: shared strings, date cells, a CSV-mangled ID number)", async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("Sheet1");
    ws.addRow(["人员编号", "姓名", "工作单位", "人员身份", "参加工作时间", "公民身份号码", "状态"]);
    ws.addRow([
      "A01",
      "冯立",
      "县水利局",
      "行政编制",
      new Date(Date.UTC(2015, 8, 1)),
      "990105199001010719",
      "在岗",
    ]);
    ws.addRow(["A02", "许岚", "县水利局", "公务员", 201709, "9.90105E+17", "在职"]);
    const roster = path.join(dir, "excel.xlsx");
    await book.xlsx.writeFile(roster);
    const file = await freshFile("excel台账.xlsx");
    const r = await run(["import", roster, "--into", file]);
    expect(r.out).toContain("新增 1 人");
    expect(r.out).toContain("身份证号“9.90105E+17”已被 Excel 变成科学计数法");
    const got = (await people(file)).items;
    expect(got.map((p) => [p.id, p.category, p.status, isoFromDay(p.startDate)])).toEqual([
      ["A01", "公务员", "在职", "2015-09-01"],
    ]);
  });

  it("refuses a sheet with no roster header, naming what it looks for", async () => {
    const file = await freshFile("空.xlsx");
    const csv = path.join(dir, "无表头.csv");
    fs.writeFileSync(csv, "a,b\n1,2\n");
    const r = await run(["import", csv, "--into", file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("没有找到表头");
    const missing = path.join(dir, "缺列.csv");
    fs.writeFileSync(missing, "姓名,部门\n张三,县委办\n");
    const m = await run(["import", missing, "--into", file]);
    expect(m.err).toMatch(/花名册缺少这些列：人员编号、人员类别、参加工作时间/);
  });
});

describe("the workflow over the port (as the Sheets menu uses it)", () => {
  it("reads a pasted grid", () => {
    const wb = XlsxWorkbook.create();
    setupWorkbook(wb);
    const r = importRoster(wb, [
      ["工号", "姓名", "部门", "身份", "参加工作时间"],
      ["B1", "甲", "县委办", "公务员", "2016年7月"],
    ]);
    expect(r.added.map((p) => isoFromDay(p.startDate))).toEqual(["2016-07-01"]);
    expect(parsePeople(wb.readSheet("人员")).items).toHaveLength(1);
  });
});
