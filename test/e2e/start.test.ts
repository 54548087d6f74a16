import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { start } from "../../src/local/start";
import { memoryIO } from "../../src/local/io";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { decodeTable } from "../../src/records/codec";
import { sheetSpec } from "../../src/records/schema";
import { formatYuan } from "../../src/rules/money";

/** Sum a money column of a sheet in fen, straight from the cells. */
function sumFen(wb: XlsxWorkbook, sheet: string, column: string, year: number): number {
  const table = decodeTable(sheetSpec(sheet), wb.readSheet(sheet));
  let fen = 0;
  for (const r of table.rows) {
    const value = r.get(column);
    if (r.get("年度") === year && typeof value === "number") fen += Math.round(value * 100);
  }
  return fen;
}

describe("npm start: the whole job on the embedded sample", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-start-"));
  const io = memoryIO(new Date("2027-03-25T08:00:00+08:00"));
  let code = -1;
  let wb: XlsxWorkbook;

  beforeAll(async () => {
    code = await start({ outDir: out }, io);
    wb = await XlsxWorkbook.open(path.join(out, "台账.xlsx"));
  });

  it("exits 0 and leaves every output, none empty", () => {
    expect(code, io.errors.join("\n")).toBe(0);
    expect(fs.statSync(path.join(out, "台账.xlsx")).size).toBeGreaterThan(10_000);
    const mails = fs.readdirSync(path.join(out, "mail")).filter((f) => f.endsWith(".eml"));
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(fs.statSync(path.join(out, "mail", m)).size).toBeGreaterThan(200);
    expect(fs.statSync(path.join(out, "index.html")).size).toBeGreaterThan(100_000);
  });

  it("writes every document listed in documents.json, registered in 文档 and linked from the dashboard", () => {
    const list = JSON.parse(fs.readFileSync(path.join(out, "docs", "documents.json"), "utf8")) as {
      type: string;
      year: number;
      unit: string | null;
      title: string;
      number: string | null;
      file: string;
    }[];
    // On 2027-03-25: this year's plans, last year's leave use and excellence lists, and the
    // criticism of what is overdue; 2027 has no awards or health checks yet, and not every
    // unit finished 2026 on time, so there is no praise.
    expect(new Set(list.map((d) => `${d.type} ${d.year}`))).toEqual(
      new Set([
        "年休假计划备案表 2027",
        "年休假执行及未休报酬情况备案表 2026",
        "年度考核优秀等次名单 2026",
        "通报批评 2027",
      ]),
    );
    expect(list.filter((d) => d.type === "通报批评")[0].number).toMatch(/^魏组〔2027〕\d+号$/);
    for (const d of list) {
      expect(Object.keys(d).sort()).toEqual([
        "date",
        "file",
        "number",
        "title",
        "type",
        "unit",
        "year",
      ]);
      expect(fs.statSync(path.join(out, "docs", d.file)).size, d.file).toBeGreaterThan(5_000);
    }
    const register = decodeTable(sheetSpec("文档"), wb.readSheet("文档"));
    expect(register.rows.length).toBe(list.length);
    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    for (const d of list) expect(html).toContain(`docs/${encodeURI(d.file)}`);
  });

  it("prints the summary with the workbook's own totals", () => {
    const text = io.lines.join("\n");
    expect(text).toContain("数据截至 2027年3月25日");
    for (const year of [2025, 2026]) {
      const pay = sumFen(wb, "年休假", "未休年休假报酬", year);
      const extra = sumFen(wb, "年休假", "其中另行支付", year);
      const bonus = sumFen(wb, "奖励", "奖金（元）", year);
      expect(pay).toBeGreaterThan(0);
      expect(text).toContain(
        `未休年休假报酬 ${formatYuan(pay)} 元，其中另行支付 ${formatYuan(extra)} 元`,
      );
      expect(text).toContain(`${year} 年度奖励`);
      expect(text).toContain(`奖金合计 ${formatYuan(bonus)} 元`);
    }
    expect(text).toContain(`工作簿：${path.join(out, "台账.xlsx")}`);
  });

  it("puts the same totals in the dashboard as in the workbook", () => {
    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    const json = /<script[^>]*id="dashboard-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
    expect(json, "the dashboard embeds its data").not.toBeNull();
    const data = JSON.parse(json![1]) as {
      leave: { year: number; rows: { extraOwedFen: number; extraPaidFen: number }[] }[];
      awards: { year: number; types: { bonusFen: number }[] }[];
    };
    for (const year of [2025, 2026]) {
      const leave = data.leave.find((l) => l.year === year)!;
      const extra = leave.rows.reduce((s, r) => s + r.extraOwedFen + r.extraPaidFen, 0);
      expect(extra).toBe(sumFen(wb, "年休假", "其中另行支付", year));
      const bonus = data.awards
        .find((a) => a.year === year)!
        .types.reduce((s, t) => s + t.bonusFen, 0);
      expect(bonus).toBe(sumFen(wb, "奖励", "奖金（元）", year));
      // The tables under the charts print the year's totals in 元.
      expect(html).toContain(formatYuan(sumFen(wb, "年休假", "未休年休假报酬", year)));
    }
  });

  it("logs the reminders it wrote in the workbook's 提醒 sheet", () => {
    const log = decodeTable(sheetSpec("提醒"), wb.readSheet("提醒"));
    expect(log.rows.length).toBeGreaterThan(0);
    expect(log.rows.every((r) => r.get("状态") === "已写入文件")).toBe(true);
  });
});
