import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus, writeCorpus, type Corpus } from "./corpus";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { checkWorkbook, type Problem } from "../../src/workflows/check";
import { checkCommand } from "../../src/local/commands/check";
import { memoryIO } from "../../src/local/io";
import { INPUT_SHEETS, inputColumns } from "../../src/records/schema";
import { dayFromYmd } from "../../src/rules/dates";
import { computedErrorProblems } from "../../src/workflows/computedErrors";
import { completenessProblems } from "../../src/workflows/completeness";

let dir: string;
let file: string;
let corpus: Corpus;
let problems: Problem[];
let workbook: XlsxWorkbook;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-corpus-"));
  file = path.join(dir, "语料.xlsx");
  corpus = await writeCorpus(file);
  workbook = await XlsxWorkbook.open(file);
  problems = checkWorkbook((sheet) => workbook.readSheet(sheet));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const key = (sheet: string, row: number) => `${sheet}#${row}`;

describe("the malformed corpus", () => {
  it("has at least 500 cells over every input column of every input sheet, deterministically", () => {
    expect(corpus.cells.length).toBeGreaterThanOrEqual(500);
    for (const spec of INPUT_SHEETS) {
      for (const col of inputColumns(spec)) {
        const here = corpus.cells.filter((c) => c.sheet === spec.name && c.column === col.name);
        expect(here.length, `${spec.name}.${col.name}`).toBeGreaterThan(0);
      }
    }
    // Each kind of odd value is there.
    const values = corpus.cells.map((c) => c.value);
    for (const v of [
      "2026-02-30",
      "2026-13-01",
      "0000-00-00",
      -5,
      1e308,
      "1e20 元",
      " ",
      "　",
      '=HYPERLINK("http://x","y")',
      "+1",
      "-1",
      "@SUM(A1)",
      "😀",
      "Ａbc中文١٢٣",
      true,
    ]) {
      expect(values, String(v)).toContainEqual(v);
    }
    expect(values.some((v) => typeof v === "string" && v.length === 10_000)).toBe(true);
    expect(values.some((v) => typeof v === "string" && /^[０-９]+$/.test(v))).toBe(true);
    // One odd cell per row.
    const rows = new Set(corpus.cells.map((c) => key(c.sheet, c.row)));
    expect(rows.size).toBe(corpus.cells.length);
    // Deterministic.
    expect(JSON.stringify(buildCorpus().cells)).toBe(JSON.stringify(corpus.cells));
  });

  it("check reports every invalid cell at its sheet, row and column", () => {
    const at = new Map<string, Problem[]>();
    for (const p of problems) {
      const k = key(p.sheet, p.row);
      at.set(k, [...(at.get(k) ?? []), p]);
    }
    const missed = corpus.cells
      .filter((c) => c.verdict === "flag")
      .filter(
        (c) =>
          !(at.get(key(c.sheet, c.row)) ?? []).some((p) => p.column === (c.flagColumn ?? c.column)),
      )
      .map(
        (c) =>
          `${c.sheet} 第${c.row}行 ${c.column}：${c.what} ${JSON.stringify(c.value).slice(0, 40)}`,
      );
    expect(missed).toEqual([]);
  });

  it("check reports nothing else on the flagged rows, and never a valid-but-odd row", () => {
    const cellAt = new Map(corpus.cells.map((c) => [key(c.sheet, c.row), c]));
    const wrong = problems
      .filter((p) => {
        const c = cellAt.get(key(p.sheet, p.row));
        return !c || c.verdict === "ok" || p.column !== (c.flagColumn ?? c.column);
      })
      .map((p) => {
        const c = cellAt.get(key(p.sheet, p.row));
        return `${p.sheet} 第${p.row}行「${p.column}」${p.message}${c ? `（语料：${c.column} ${c.what}）` : ""}`;
      });
    expect(wrong).toEqual([]);
  });

  it("the CLI check lists them in Chinese with exit code 1", async () => {
    const io = memoryIO();
    const code = await checkCommand(file, { date: "2026-11-26" }, io);
    expect(code).toBe(1);
    const flagged = corpus.cells.filter((c) => c.verdict === "flag").length;
    // The CLI checks as of a day: also what compute would show and the year's completeness.
    const asOf = checkWorkbook((sheet) => workbook.readSheet(sheet), {
      today: dayFromYmd(2026, 11, 26),
      completeness: completenessProblems,
      computedErrors: computedErrorProblems,
    });
    expect(io.lines.at(-1)).toBe(`共发现 ${asOf.length} 个问题`);
    expect(io.lines.filter((l) => l.startsWith("共发现"))).toHaveLength(1);
    expect(problems.length).toBe(flagged);
    const sample = corpus.cells.find((c) => c.sheet === "人员" && c.value === "2026-13-01")!;
    expect(io.lines.join("\n")).toContain(`「人员」第 ${sample.row} 行「参加工作时间」：`);
  });
});
