import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { acceptAwardsCommand } from "../../src/local/commands/acceptAwards";
import { memoryIO } from "../../src/local/io";
import { decodeTable } from "../../src/records/codec";
import { sheetSpec } from "../../src/records/schema";
import type { Cell } from "../../src/records/cells";
import { dayFromYmd } from "../../src/rules/dates";

const person = (id: string, name: string, category: string) => ({
  人员编号: id,
  姓名: name,
  单位: "县委办公室",
  人员类别: category,
  参加工作时间: "2010-07-01",
  "上年度工资收入（元）": 90000,
});
const grade = (year: number, id: string, g: string, more: Record<string, Cell> = {}) => ({
  年度: year,
  人员编号: id,
  单位: "县委办公室",
  最终等次: g,
  ...more,
});

function workbook(): XlsxWorkbook {
  const wb = XlsxWorkbook.create();
  loadRows(
    wb,
    new Map<string, Record<string, Cell>[]>([
      [
        "人员",
        [
          person("A1", "甲", "公务员"),
          person("A2", "乙", "参公管理"),
          person("A3", "丙", "事业单位"),
        ],
      ],
      [
        "考核",
        [
          // 甲: 优秀 2024, 2025, 2026 → 嘉奖 twice, then 记三等功 (第十九条(二))
          grade(2024, "A1", "优秀"),
          grade(2025, "A1", "优秀"),
          grade(2026, "A1", "优秀"),
          // 乙: 优秀 2024, 称职 2025, 优秀 2026 → 嘉奖 in 2024 (given already) and in 2026
          grade(2024, "A2", "优秀"),
          grade(2025, "A2", "称职"),
          grade(2026, "A2", "优秀"),
          // 丙 (事业单位): off by default
          grade(2026, "A3", "优秀"),
        ],
      ],
      ["奖励", [{ 年度: 2024, 人员编号: "A2", 姓名: "乙", 奖励类型: "嘉奖", 备注: "已批准" }]],
    ]),
  );
  return wb;
}

const rows = (wb: XlsxWorkbook, sheet: string, columns: string[]) =>
  decodeTable(sheetSpec(sheet), wb.readSheet(sheet)).rows.map((r) => columns.map((c) => r.get(c)));

describe("奖励建议 (公务员考核规定第十九条)", () => {
  it("compute lists 嘉奖 for each 优秀 and 记三等功 for a third 优秀 in a row, not what 奖励 holds", () => {
    const wb = workbook();
    computeWorkbook(wb, dayFromYmd(2026, 12, 20));
    expect(rows(wb, "奖励建议", ["年度", "人员编号", "建议奖励", "奖金（元）"])).toEqual([
      [2024, "A1", "嘉奖", 1500],
      [2025, "A1", "嘉奖", 1500],
      [2026, "A1", "记三等功", 3000],
      [2026, "A2", "嘉奖", 1500],
    ]);
    expect(rows(wb, "奖励建议", ["依据"])[2][0]).toBe(
      "公务员考核规定第十九条(二)：连续三年确定为优秀等次的，记三等功",
    );
  });

  it("includes 事业单位 only when 参数 事业单位考核奖励 is 是", () => {
    const wb = workbook();
    const params = wb.readSheet("参数")!;
    const row = params.findIndex((r) => r[0] === "事业单位考核奖励");
    wb.writeRange("参数", row + 1, 2, [["是"]]);
    computeWorkbook(wb, dayFromYmd(2026, 12, 20));
    expect(rows(wb, "奖励建议", ["人员编号", "建议奖励"])).toContainEqual(["A3", "嘉奖"]);
  });

  it("accept-awards appends the accepted rows to 奖励, never over a typed row, once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-awards-"));
    const file = path.join(dir, "台账.xlsx");
    const wb = workbook();
    computeWorkbook(wb, dayFromYmd(2026, 12, 20));
    await wb.save(file);
    const io = memoryIO(new Date("2026-12-20T10:00:00+08:00"));
    expect(await acceptAwardsCommand(file, { year: "2026", ids: "A1" }, io)).toBe(0);
    expect(io.lines.join("\n")).toContain("已把 1 条奖励建议加入「奖励」");
    let after = await XlsxWorkbook.open(file);
    expect(rows(after, "奖励", ["年度", "人员编号", "奖励类型", "备注", "奖金（元）"])).toEqual([
      [2024, "A2", "嘉奖", "已批准", 1500],
      [
        2026,
        "A1",
        "记三等功",
        "奖励建议：公务员考核规定第十九条(二)：连续三年确定为优秀等次的，记三等功",
        3000,
      ],
    ]);
    // the accepted one leaves 奖励建议; the rest stay
    expect(rows(after, "奖励建议", ["年度", "人员编号"])).toEqual([
      [2024, "A1"],
      [2025, "A1"],
      [2026, "A2"],
    ]);
    // everything else, then nothing more on a second run
    expect(
      await acceptAwardsCommand(file, {}, memoryIO(new Date("2026-12-21T10:00:00+08:00"))),
    ).toBe(0);
    const again = memoryIO(new Date("2026-12-22T10:00:00+08:00"));
    expect(await acceptAwardsCommand(file, {}, again)).toBe(0);
    expect(again.lines.join("\n")).toContain("没有可接受的奖励建议");
    after = await XlsxWorkbook.open(file);
    expect(rows(after, "奖励", ["人员编号"]).length).toBe(5);
    await expect(acceptAwardsCommand(file, { year: "二〇二六" }, memoryIO())).rejects.toThrow(
      /--year “二〇二六”无效，应为四位年份/,
    );
  });
});
