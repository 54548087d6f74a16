import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMULA_LIKE, writeCorpus, type Corpus } from "./corpus";
import { buildProgram, main } from "../../src/local/cli";
import { memoryIO } from "../../src/local/io";
import { docsCommand } from "../../src/local/commands/docs";
import { INPUT_SHEETS, inputColumns } from "../../src/records/schema";
import { headerKey } from "../../src/records/codec";

let dir: string;
let file: string;
let corpus: Corpus;
let before: Map<string, string>;

/** Every cell under an input column of every input sheet: address → exceljs type and value. */
async function inputCells(xlsx: string): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const cells = new Map<string, string>();
  for (const spec of INPUT_SHEETS) {
    const ws = wb.getWorksheet(spec.name);
    if (!ws) throw new Error(`missing sheet ${spec.name}`);
    const wanted = new Set(inputColumns(spec).map((c) => headerKey(c.name)));
    const columns: number[] = [];
    ws.getRow(1).eachCell((cell, c) => {
      if (wanted.has(headerKey(cell.value as string))) columns.push(c);
    });
    expect(columns.length, spec.name).toBe(wanted.size);
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      for (const c of columns) {
        const cell = row.getCell(c);
        if (cell.type === ExcelJS.ValueType.Null) continue;
        cells.set(`${spec.name}!${cell.address}`, `${cell.type}:${JSON.stringify(cell.value)}`);
      }
    });
  }
  return cells;
}

/** Formula-like texts of the corpus are string cells, and no cell of the workbook is a formula. */
async function formulaLikeStayText(xlsx: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  let formulaLike = 0;
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.SharedString);
        if ((FORMULA_LIKE as readonly unknown[]).includes(cell.value)) {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          formulaLike++;
        }
      });
    });
  }
  const typed = corpus.cells.filter((c) => (FORMULA_LIKE as readonly unknown[]).includes(c.value));
  expect(formulaLike).toBeGreaterThanOrEqual(typed.length);
}

function expectCleanOutput(io: ReturnType<typeof memoryIO>): void {
  const all = [...io.lines, ...io.errors].join("\n");
  expect(all).not.toMatch(/^\s+at /m);
  expect(all).not.toMatch(/TypeError|RangeError|ReferenceError|undefined|NaN/);
  for (const line of io.errors) expect(line).toMatch(/[\u4e00-\u9fff]/);
  expect(all).toMatch(/[\u4e00-\u9fff]/);
}

const hasDocsVerb = (): boolean =>
  buildProgram(memoryIO(), () => {}).commands.some((c) => c.name() === "docs");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-corpus-cmd-"));
  file = path.join(dir, "语料.xlsx");
  corpus = await writeCorpus(file);
  before = await inputCells(file);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("commands on the malformed corpus", () => {
  it("the corpus workbook keeps formula-like text as text cells", async () => {
    expect(before.size).toBeGreaterThan(5000);
    await formulaLikeStayText(file);
  });

  const runs: [string, () => string[]][] = [
    ["compute", () => ["compute", file, "--date", "2027-03-25"]],
    ["deadlines", () => ["deadlines", file, "--date", "2027-03-25"]],
    ["deadlines --json", () => ["deadlines", file, "--date", "2027-03-25", "--json"]],
    ["remind", () => ["remind", file, "--date", "2027-03-25", "--out", path.join(dir, "mail")]],
    ["check", () => ["check", file]],
  ];
  for (const [name, argv] of runs) {
    it(`${name}: no crash, Chinese output, exit 0 or 1, every input cell unchanged`, async () => {
      const io = memoryIO(new Date("2027-03-25T04:00:00Z"));
      const code = await main(argv(), io);
      expect(io.errors).toEqual([]);
      expect([0, 1]).toContain(code);
      expectCleanOutput(io);
      const after = await inputCells(file);
      expect(after.size).toBe(before.size);
      const changed = [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
      expect(changed).toEqual([]);
      await formulaLikeStayText(file);
    }, 60_000);
  }

  it("compute writes error texts, not crashes, for the corrupted rows and exits 1", async () => {
    const io = memoryIO();
    const code = await main(["compute", file, "--date", "2027-03-25"], io);
    expect(code).toBe(1);
    expect(io.lines.join("\n")).toMatch(/个计算列单元格显示“错误：…”/);
  }, 60_000);

  it("remind wrote its mail as .eml files", () => {
    const mail = fs.readdirSync(path.join(dir, "mail")).filter((f) => f.endsWith(".eml"));
    expect(mail.length).toBeGreaterThan(0);
  });

  it("docs: no crash, Chinese output, every input cell unchanged", async () => {
    const io = memoryIO(new Date("2027-03-31T04:00:00Z"));
    const out = path.join(dir, "docs");
    const code = hasDocsVerb()
      ? await main(["docs", file, "--out", out, "--date", "2027-03-31"], io)
      : await docsCommand(file, { out, date: "2027-03-31" }, io).catch(async (err: unknown) => {
          // What main() would print for an unexpected error: fail with the message.
          throw err;
        });
    expect([0, 1]).toContain(code);
    expect(io.errors.filter((l) => /意外问题/.test(l))).toEqual([]);
    expectCleanOutput(io);
    const listed = JSON.parse(fs.readFileSync(path.join(out, "documents.json"), "utf8")) as {
      file: string;
    }[];
    expect(listed.length).toBeGreaterThan(0);
    for (const d of listed) expect(fs.statSync(path.join(out, d.file)).size).toBeGreaterThan(0);
    const after = await inputCells(file);
    const changed = [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
    expect(changed).toEqual([]);
    await formulaLikeStayText(file);
  }, 120_000);
});
