import { describe, it, expect, beforeEach, afterEach } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { XlsxWorkbook, WorkbookFileError } from "../../src/local/xlsx";
import { backupFile, backupPath, shanghaiStamp } from "../../src/local/files";
import type { Grid } from "../../src/records/cells";
import { SHEETS } from "../../src/records/schema";
import { FORMULA_LIKE, LEAVE, PARAMS, PEOPLE, shanghaiDate, writeEveryKindOfValue } from "./specs";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-xlsx-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function reopen(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Every cell of every sheet as (address, type, value, numFmt), for exact comparisons. */
function describeCells(wb: ExcelJS.Workbook): unknown[] {
  const out: unknown[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        out.push([ws.name, r, c, cell.type, JSON.stringify(cell.value), cell.numFmt ?? null]);
      });
    });
  }
  return out;
}

/** Everything ensureSheet sets, as plain data. */
function describeWorkbook(wb: ExcelJS.Workbook): unknown {
  return wb.worksheets.map((ws) => {
    const internals = ws as unknown as {
      dataValidations: { model: Record<string, unknown> };
      conditionalFormattings: { ref: string; rules: { type: string; formulae?: unknown[] }[] }[];
    };
    return {
      name: ws.name,
      cells: describeCells(wb).filter((c) => (c as unknown[])[0] === ws.name),
      notes: ws.getRow(1).values,
      widths: ws.columns?.map((c) => c.width ?? null) ?? [],
      views: ws.views.map((v) => ({
        state: v.state,
        ySplit: (v as ExcelJS.WorksheetViewFrozen).ySplit,
      })),
      validations: Object.entries(internals.dataValidations.model).filter(([, v]) => v),
      conditional: internals.conditionalFormattings.map((cf) => [
        cf.ref,
        cf.rules.map((r) => [r.type, r.formulae]),
      ]),
    };
  });
}

describe("XlsxWorkbook values", () => {
  it("reads every kind of exceljs value as a Grid cell, and a write keeps every other cell's value and type", async () => {
    const source = new ExcelJS.Workbook();
    const ws = source.addWorksheet("数据");
    writeEveryKindOfValue(ws);
    const file = path.join(dir, "台账.xlsx");
    await source.xlsx.writeFile(file);
    const before = describeCells(await reopen(file));

    const wb = await XlsxWorkbook.open(file);
    expect(wb.readSheet("数据")).toEqual([
      ["文本", 1500, true, shanghaiDate(2026, 3, 1), 3000, null, "富文本", "链接"],
      ["130434199001011234", 0.1, null, null, null, null, null, null],
      [null, null, "保留", null, null, null, null, null],
    ]);
    wb.writeRange("数据", 5, 2, [
      [12.5, "错误：年度为空"],
      [shanghaiDate(2027, 3, 31), null],
    ]);
    await wb.save(file);

    const after = await reopen(file);
    const written = new Set(["数据!5!2", "数据!5!3", "数据!6!2", "数据!6!3"]);
    const untouched = describeCells(after).filter((c) => {
      const [s, r, col] = c as [string, number, number];
      return !written.has(`${s}!${r}!${col}`);
    });
    expect(untouched).toEqual(before);
    const out = after.getWorksheet("数据") as ExcelJS.Worksheet;
    expect(out.getCell("B5").value).toBe(12.5);
    expect(out.getCell("C5").value).toBe("错误：年度为空");
    expect(out.getCell("B6").value).toEqual(new Date(Date.UTC(2027, 2, 31)));
    expect(out.getCell("B6").type).toBe(ExcelJS.ValueType.Date);
    expect(out.getCell("C6").type).toBe(ExcelJS.ValueType.Null);
    expect((await XlsxWorkbook.open(file)).readSheet("数据")?.[5][1]).toEqual(
      shanghaiDate(2027, 3, 31),
    );
  });

  it("writes formula-like text as text cells, never formulas", async () => {
    const wb = XlsxWorkbook.create();
    wb.ensureSheet(PARAMS);
    wb.writeRange(
      "参数",
      10,
      2,
      FORMULA_LIKE.map((t) => [t]),
    );
    wb.appendRows(
      "参数",
      FORMULA_LIKE.map((t) => [t, t]),
    );
    const file = path.join(dir, "text.xlsx");
    await wb.save(file);
    const ws = (await reopen(file)).getWorksheet("参数") as ExcelJS.Worksheet;
    FORMULA_LIKE.forEach((text, i) => {
      for (const cell of [ws.getCell(10 + i, 2), ws.getCell(10 + FORMULA_LIKE.length + i, 1)]) {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(text);
        expect(cell.formula).toBeUndefined();
      }
    });
    const grid = (await XlsxWorkbook.open(file)).readSheet("参数") as Grid;
    expect(grid.slice(-FORMULA_LIKE.length).map((r) => r[0])).toEqual(FORMULA_LIKE);
  });
});

describe("XlsxWorkbook files", () => {
  it("keeps a timestamped backup (Asia/Shanghai time) with the same bytes", async () => {
    const file = path.join(dir, "台账.xlsx");
    await XlsxWorkbook.create().save(file);
    const now = new Date("2026-03-01T17:02:03Z");
    expect(shanghaiStamp(now)).toBe("20260302010203");
    const copy = backupFile(file, now);
    expect(copy).toBe(path.join(dir, "台账.bak-20260302010203.xlsx"));
    expect(fs.readFileSync(copy)).toEqual(fs.readFileSync(file));
    const second = backupFile(file, now);
    expect(second).toBe(backupPath(file, now, 2));
    expect(fs.existsSync(second)).toBe(true);
  });

  it("saves through a temporary file and a rename: only the workbook remains", async () => {
    const file = path.join(dir, "台账.xlsx");
    fs.writeFileSync(file, "old contents");
    const wb = XlsxWorkbook.create();
    wb.ensureSheet(PARAMS);
    await wb.save(file);
    expect(fs.readdirSync(dir)).toEqual(["台账.xlsx"]);
    expect((await XlsxWorkbook.open(file)).readSheet("参数")?.[1]).toEqual([
      "县名",
      "魏县",
      "县名",
    ]);
    await expect(wb.save(path.join(dir, "无此目录", "x.xlsx"))).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(["台账.xlsx"]);
  });

  it("explains in Chinese why a file cannot be opened", async () => {
    const missing = path.join(dir, "无.xlsx");
    await expect(XlsxWorkbook.open(missing)).rejects.toThrow(
      new WorkbookFileError(`找不到文件“${missing}”，请检查路径`, missing),
    );
    const text = path.join(dir, "文本.xlsx");
    fs.writeFileSync(text, "人员编号,姓名\nP1,张三\n");
    await expect(XlsxWorkbook.open(text)).rejects.toThrow(
      "不是有效的 .xlsx 工作簿（可能已损坏，或只是改了扩展名）",
    );
    const encrypted = path.join(dir, "加密.xlsx");
    fs.writeFileSync(
      encrypted,
      Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(504),
      ]),
    );
    await expect(XlsxWorkbook.open(encrypted)).rejects.toThrow(
      "设有打开密码（已加密）或是旧版 .xls 格式",
    );
    const broken = path.join(dir, "损坏.xlsx");
    fs.writeFileSync(
      broken,
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]),
    );
    await expect(XlsxWorkbook.open(broken)).rejects.toBeInstanceOf(WorkbookFileError);
    const empty = path.join(dir, "空.xlsx");
    fs.writeFileSync(empty, "");
    await expect(XlsxWorkbook.open(empty)).rejects.toThrow("是空文件");
    await expect(XlsxWorkbook.open(dir)).rejects.toThrow("是文件夹");
  });
});

describe("XlsxWorkbook.ensureSheet", () => {
  it("sets up headers, styles, notes, frozen row, widths, formats, dropdowns, conditional formats and defaults", async () => {
    const wb = XlsxWorkbook.create();
    for (const spec of [PARAMS, PEOPLE, LEAVE]) wb.ensureSheet(spec);
    const file = path.join(dir, "init.xlsx");
    await wb.save(file);
    const book = await reopen(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(["参数", "人员", "年休假"]);
    const params = book.getWorksheet("参数") as ExcelJS.Worksheet;
    expect(params.getRow(2).values).toEqual([undefined, "县名", "魏县", "县名"]);
    const leave = book.getWorksheet("年休假") as ExcelJS.Worksheet;
    expect(leave.getRow(1).values).toEqual([undefined, ...LEAVE.columns.map((c) => c.name)]);
    expect(leave.getCell("A1").font?.bold).toBe(true);
    expect((leave.getCell("A1").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFEFEFEF");
    expect((leave.getCell("E1").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFCFE2F3");
    expect(JSON.stringify(leave.getCell("E1").note)).toContain("系统计算，请勿手工填写");
    expect(leave.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(leave.getColumn(4).width).toBe(12);
    expect(leave.getColumn(4).numFmt).toBe("yyyy-mm-dd");
    const internals = leave as unknown as {
      dataValidations: { model: Record<string, ExcelJS.DataValidation> };
      conditionalFormattings: { ref: string; rules: { type: string; formulae: string[] }[] }[];
    };
    expect(internals.dataValidations.model["C2"]).toMatchObject({
      type: "list",
      formulae: ['"工作需要,本人申请"'],
    });
    expect(internals.dataValidations.model["C2"].showErrorMessage).toBeFalsy();
    expect(internals.dataValidations.model["C1000"]).toBeDefined();
    expect(internals.dataValidations.model["C1"]).toBeUndefined();
    const people = book.getWorksheet("人员") as unknown as typeof internals;
    expect(people.dataValidations.model["C2"]).toMatchObject({ showErrorMessage: true });
    expect(internals.conditionalFormattings.map((cf) => [cf.ref, cf.rules[0].formulae[0]])).toEqual(
      [
        ["E2:E1048576", 'AND(N("cadre-care")=0,LEFT(E2,3)="错误：")'],
        ["F2:F1048576", 'AND(N("cadre-care")=0,LEFT(F2,3)="错误：")'],
        ["G2:G1048576", 'AND(N("cadre-care")=0,LEFT(G2,3)="错误：")'],
        ["G2:G1048576", 'AND(N("cadre-care")=0,ISNUMBER($G2),$G2<TODAY(),$D2="",N($F2)>0)'],
      ],
    );
  });

  it("is idempotent in memory and across save and reopen", async () => {
    const wb = XlsxWorkbook.create();
    for (const spec of SHEETS) wb.ensureSheet(spec);
    const a = path.join(dir, "a.xlsx");
    await wb.save(a);
    for (const spec of SHEETS) wb.ensureSheet(spec);
    const b = path.join(dir, "b.xlsx");
    await wb.save(b);
    const reopened = await XlsxWorkbook.open(a);
    for (const spec of SHEETS) reopened.ensureSheet(spec);
    const c = path.join(dir, "c.xlsx");
    await reopened.save(c);
    const first = describeWorkbook(await reopen(a));
    expect(describeWorkbook(await reopen(b))).toEqual(first);
    expect(describeWorkbook(await reopen(c))).toEqual(first);
    expect(reopened.sheetNames()).toEqual(SHEETS.map((s) => s.name));
    for (const spec of SHEETS) {
      expect((reopened.readSheet(spec.name) as Grid)[0]).toEqual(
        spec.columns.map((col) => col.name),
      );
    }
  });

  it("completes a filled sheet and keeps every typed value and type", async () => {
    const source = new ExcelJS.Workbook();
    const ws = source.addWorksheet("人员");
    ws.addRow(["姓名", "备用电话", "人员编号", "参加工作时间", "人员类别"]);
    ws.addRow(["张三", "13800000000", "P001", new Date(Date.UTC(2001, 6, 1)), "公务员"]);
    ws.addRow(["李四", 13900000000, 7, "2015/3/2", "其他类别"]);
    ws.getCell("D2").numFmt = "yyyy/m/d";
    const file = path.join(dir, "filled.xlsx");
    await source.xlsx.writeFile(file);
    const before = describeCells(await reopen(file)).filter((c) => (c as number[])[1] > 1);

    const wb = await XlsxWorkbook.open(file);
    wb.ensureSheet(PEOPLE);
    wb.ensureSheet(PEOPLE);
    await wb.save(file);
    const after = await reopen(file);
    const sheet = after.getWorksheet("人员") as ExcelJS.Worksheet;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "姓名",
      "备用电话",
      "人员编号",
      "参加工作时间",
      "人员类别",
      "上年度工资收入（元）",
      "累计工作年限",
    ]);
    const kept = describeCells(after)
      .filter((c) => (c as number[])[1] > 1 && (c as number[])[2] <= 5)
      .map((c) => (c as unknown[]).slice(0, 5));
    expect(kept).toEqual(before.map((c) => (c as unknown[]).slice(0, 5)));
    expect(sheet.getCell("D2").type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell("D2").numFmt).toBe("yyyy-mm-dd");
    expect(sheet.getCell("D3").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("C3").value).toBe(7);
    expect(sheet.getCell("A2").font?.bold).toBeFalsy();
    expect(sheet.getRow(4).values).toEqual([]);
  });
});
