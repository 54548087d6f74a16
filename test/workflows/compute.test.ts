import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { computeCommand } from "../../src/local/commands/compute";
import { memoryIO } from "../../src/local/io";
import { decodeTable } from "../../src/records/codec";
import { sheetSpec } from "../../src/records/schema";
import type { Cell } from "../../src/records/cells";
import { dayFromYmd, instantFromDay } from "../../src/rules/dates";
import { buildSample } from "../../src/sample/sample";

const d = (y: number, m: number, day: number) => instantFromDay(dayFromYmd(y, m, day));
const TODAY = dayFromYmd(2026, 11, 26);

/** A small county whose every figure is worked out by hand below. */
function handWorkbook(): XlsxWorkbook {
  const wb = XlsxWorkbook.create();
  loadRows(
    wb,
    new Map<string, Record<string, Cell>[]>([
      [
        "人员",
        [
          {
            人员编号: "P1",
            姓名: "甲",
            单位: "县委办公室",
            人员类别: "公务员",
            参加工作时间: d(2016, 7, 1),
            "上年度工资收入（元）": 100000,
          },
          {
            人员编号: "P2",
            姓名: "乙",
            单位: "县委办公室",
            人员类别: "事业单位",
            参加工作时间: "2025-12-15",
            "上年度工资收入（元）": "７８,３００元",
          },
          {
            人员编号: "P3",
            姓名: "丙",
            单位: "县委办公室",
            人员类别: "公务员",
            参加工作时间: "2026-02-30",
            "上年度工资收入（元）": 90000,
          },
          {
            人员编号: "P4",
            姓名: "丁",
            单位: "县委办公室",
            人员类别: "合同制",
            参加工作时间: "2010-03-01",
            入本单位时间: "2026-07-01",
            "上年度工资收入（元）": 120000,
          },
          {
            人员编号: "P5",
            姓名: "戊",
            单位: "县委办公室",
            人员类别: "公务员",
            参加工作时间: "2016-03-01",
            "上年度工资收入（元）": 100000,
          },
          {
            人员编号: "P6",
            姓名: "己",
            单位: "县委办公室",
            人员类别: "事业单位",
            参加工作时间: "2014-09-01",
            "上年度工资收入（元）": 100000,
          },
          {
            人员编号: "P7",
            姓名: "庚",
            单位: "县委办公室",
            人员类别: "公务员",
            参加工作时间: "2027-03-01",
            "上年度工资收入（元）": 60000,
          },
        ],
      ],
      [
        "奖励",
        [
          { 年度: 2026, 人员编号: "P1", 姓名: "甲", 奖励类型: "三等功" },
          { 年度: 2026, 人员编号: "P1", 姓名: "甲", 奖励类型: "记大功" },
          { 年度: 2026, 人员编号: "P2", 姓名: "乙", 奖励类型: "记功" },
        ],
      ],
      [
        "休假记录",
        [
          // 2026 National Day: 09-28..09-30 worked, 10-01..10-07 off, 10-08..10-09 worked → 5
          { 人员编号: "P1", 姓名: "甲", 开始日期: "2026-09-28", 结束日期: "2026/10/9" },
          { 人员编号: "P2", 姓名: "乙", 开始日期: "2026-03-10", 结束日期: "2026-03-01" },
          // 2025-06-03 (Tue) and 06-04 (Wed): 2 working days
          { 人员编号: "P5", 姓名: "戊", 开始日期: "2025-06-03", 结束日期: "2025-06-04" },
          // carried into 2026 (条例第五条): 2026-01-06 (Tue) and 01-07: 2 days of 2025's leave
          {
            人员编号: "P5",
            姓名: "戊",
            开始日期: "2026-01-06",
            结束日期: "2026-01-07",
            所属年度: 2025,
          },
        ],
      ],
      [
        "年休假",
        [
          { 年度: 2026, 人员编号: "P1", 姓名: "甲", 未休原因: "工作需要" },
          { 年度: 2026, 人员编号: "P1", 姓名: "甲", 未休原因: "本人申请" },
          { 年度: 2026, 人员编号: "P9", 姓名: "无" },
          { 年度: 2026, 人员编号: "P2", 姓名: "乙" },
          { 年度: 2026, 人员编号: "P4", 姓名: "丁", "月平均工资（元）": 8700 },
          // 25 days of 事假, 5 deducted: 20 not deducted after 2 days of leave → 2026 lost
          { 年度: 2025, 人员编号: "P5", 姓名: "戊", "事假（天）": 25, "其中扣工资事假（天）": 5 },
          { 年度: 2026, 人员编号: "P5", 姓名: "戊" },
          {
            年度: 2026,
            人员编号: "P6",
            姓名: "己",
            "寒暑假（天）": 6,
            "事假（天）": 8,
            未休原因: "工作需要",
            "全年工资收入（元）": 130500,
          },
          { 年度: 2026, 人员编号: "P7", 姓名: "庚" },
        ],
      ],
      [
        "考核",
        [{ 年度: 2026, 人员编号: "P1", 姓名: "甲", 单位: "县委办公室", 绿色通道条件: "突出贡献" }],
      ],
      [
        "年休假计划",
        [
          { 年度: 2026, 单位: "县委办公室", 备案日期: "2026-03-20" },
          { 年度: 2027, 单位: "县委办公室" },
        ],
      ],
    ]),
  );
  return wb;
}

function column(wb: XlsxWorkbook, sheet: string, name: string): Cell[] {
  const table = decodeTable(sheetSpec(sheet), wb.readSheet(sheet));
  return table.rows.map((r) => r.get(name));
}

describe("computeWorkbook", () => {
  const wb = handWorkbook();
  const result = computeWorkbook(wb, TODAY);

  it("computes service years, bonuses and leave days by hand-checked figures", () => {
    expect(column(wb, "人员", "累计工作年限").slice(0, 3)).toEqual([
      10,
      1,
      expect.stringMatching(/^错误：参加工作时间“2026-02-30”不是真实存在的日期/),
    ]);
    expect(column(wb, "奖励", "奖金（元）")).toEqual([
      3000,
      expect.stringMatching(/^错误：.*记大功/),
      3000,
    ]);
    expect(column(wb, "休假记录", "休假天数")).toEqual([
      5,
      expect.stringMatching(/^错误：结束日期 2026-03-01 早于开始日期/),
      2,
      2,
    ]);
    expect(column(wb, "休假记录", "年度")).toEqual([2026, 2026, 2025, 2025]);
  });

  it("computes leave pay from the exact daily wage, rounding once", () => {
    // P1: 10 years on 2026-11-30 → 10 days; 5 used; daily 100000/261 = 383.1417…
    expect(column(wb, "年休假", "累计工作年限").slice(0, 2)).toEqual([10, 10]);
    expect(column(wb, "年休假", "应休天数").slice(0, 2)).toEqual([10, 10]);
    expect(column(wb, "年休假", "已休天数").slice(0, 2)).toEqual([5, 5]);
    expect(column(wb, "年休假", "未休天数").slice(0, 2)).toEqual([5, 5]);
    expect(column(wb, "年休假", "日工资收入").slice(0, 2)).toEqual([383.14, 383.14]);
    // 3 × 10,000,000 fen / 261 × 5 = 574,712.64 fen → 5,747.13 元 (not 5,747.10 from 383.14)
    // 本人申请 (第九条(一)): the normal wage only, 100 %: 1,915.71
    expect(column(wb, "年休假", "未休年休假报酬").slice(0, 2)).toEqual([5747.13, 1915.71]);
    expect(column(wb, "年休假", "日工资依据").slice(0, 2)).toEqual([
      "上年度工资收入（代）",
      "上年度工资收入（代）",
    ]);
    expect(column(wb, "年休假", "其中另行支付").slice(0, 2)).toEqual([3831.42, 0]);
    const due = column(wb, "年休假", "支付截止日期")[0] as Date;
    expect(due.getTime()).toBe(d(2027, 3, 31).getTime());
  });

  it("follows the law's texts for 寒暑假, 事假, income, 合同制, next year's loss and service not begun", () => {
    const rows = (name: string) => column(wb, "年休假", name).slice(4);
    // rows: P4 2026 (合同制), P5 2025, P5 2026, P6 2026, P7 2026
    // P4: 16 years → 10 days, joined 2026-07-01: 184/365 × 10 = 5.04 → 5; 8,700 ÷ 21.75 = 400
    // P5 2025: 9 years → 5 days, but 20 days of 事假 not deducted → 0; 2 days taken → 次年不享受
    // P6: 12 years → 10 − 6 days of 寒暑假 = 4; 130,500 ÷ 261 = 500; 工作需要: 200 % whatever
    //     the 事假 (8 > 4, 第九条 needs the unit to have arranged the leave)
    // P7: started 2027-03-01, after the year: 0 years, 0 days
    expect(rows("累计工作年限")).toEqual([16, 9, 10, 12, 0]);
    expect(rows("应休天数")).toEqual([5, 0, 0, 4, 0]);
    expect(rows("已休天数")).toEqual([0, 4, 0, 0, 0]); // P5 2025: 2 + 2 carried
    expect(rows("次年不享受")).toEqual([null, "是", null, null, null]); // "" reads back as blank
    expect(rows("日工资依据")).toEqual([
      "月平均工资",
      "上年度工资收入（代）",
      "上年度工资收入（代）",
      "当年全年工资收入",
      "上年度工资收入（代）",
    ]);
    expect(rows("日工资收入")).toEqual([400, 383.14, 383.14, 500, 229.89]);
    expect(rows("未休年休假报酬")).toEqual([6000, 0, 0, 6000, 0]);
    expect(rows("其中另行支付")).toEqual([4000, 0, 0, 4000, 0]);
    // 合同制: 企业办法第十条 "应当在本年度内…支付"
    expect((rows("支付截止日期")[0] as Date).getTime()).toBe(d(2026, 12, 31).getTime());
    expect((rows("支付截止日期")[3] as Date).getTime()).toBe(d(2027, 3, 31).getTime());
  });

  it("isolates bad rows: an unknown person and a bad leave record", () => {
    const unknown = column(wb, "年休假", "应休天数")[2];
    expect(unknown).toMatch(/^错误：人员编号“P9”在「人员」工作表中不存在/);
    expect(column(wb, "年休假", "支付截止日期")[2]).toBeInstanceOf(Date);
    // P2: under one year on 2026-11-30 → 0 days; the bad record makes 已休天数 an error
    expect(column(wb, "年休假", "应休天数")[3]).toBe(0);
    expect(column(wb, "年休假", "已休天数")[3]).toMatch(/^错误：「休假记录」第3行有误/);
    expect(column(wb, "年休假", "日工资收入")[3]).toBe(300); // 78,300 / 261
  });

  it("fills assessment and plan status columns", () => {
    expect(column(wb, "考核", "建议等次")).toEqual(["优秀"]);
    expect(column(wb, "年休假计划", "状态")).toEqual(["已备案", "未制定"]);
    expect(result.errors).toBeGreaterThan(0);
  });

  it("round-trips the issue-12 rules of awards, assessment, plans and the calendar", () => {
    // 授予称号 (公务员法第五十三条: county 20,000 元; 事业单位 without a 奖励标准 row: 错误);
    // 处分或诫勉 and 试用期 before any green-channel condition (公务员考核规定); the plan made
    // in time but not filed (魏字〔2021〕30号 二.5); 2005-12-31 worked (国办发明电〔2005〕35号);
    // a 2027 typed only in part still computes (issue 12 item 14).
    const people = [
      {
        人员编号: "A1",
        姓名: "甲",
        单位: "县委办公室",
        人员类别: "公务员",
        参加工作时间: "2000-07-01",
      },
      {
        人员编号: "A2",
        姓名: "乙",
        单位: "县医院",
        人员类别: "事业单位",
        参加工作时间: "2000-07-01",
      },
    ];
    const book = XlsxWorkbook.create();
    loadRows(
      book,
      new Map<string, Record<string, Cell>[]>([
        ["人员", people],
        [
          "奖励",
          [
            { 年度: 2026, 人员编号: "A1", 姓名: "甲", 奖励类型: "授予称号" },
            { 年度: 2026, 人员编号: "A2", 姓名: "乙", 奖励类型: "授予称号" },
          ],
        ],
        [
          "考核",
          ["", "警告", "诫勉", "记过", "撤职", ""].map((sanction, i) => ({
            年度: 2020 + i,
            人员编号: "A1",
            姓名: "甲",
            单位: "县委办公室",
            绿色通道条件: "突出贡献",
            处分或诫勉: sanction,
            试用期: i === 5 ? "是" : "否",
          })),
        ],
        ["年休假计划", [{ 年度: 2027, 单位: "县委办公室", 计划提交日期: "2027-03-31" }]],
        ["节假日", [{ 日期: "2027-01-01", 类型: "休", 名称: "元旦" }]],
        [
          "休假记录",
          [
            { 人员编号: "A1", 姓名: "甲", 开始日期: "2005-12-31", 结束日期: "2005-12-31" },
            { 人员编号: "A1", 姓名: "甲", 开始日期: "2027-01-01", 结束日期: "2027-12-31" },
          ],
        ],
      ]),
    );
    computeWorkbook(book, dayFromYmd(2027, 4, 7));
    expect(column(book, "奖励", "奖金（元）")[0]).toBe(20000);
    expect(column(book, "奖励", "奖金（元）")[1]).toMatch(/^错误：.*奖励标准/);
    expect(column(book, "考核", "建议等次")).toEqual([
      "优秀",
      "不得确定为优秀（受警告处分）",
      "不得确定为优秀（诫勉）",
      "不确定等次（受记过处分）",
      "不确定等次（受撤职处分）",
      "不确定等次（试用期）",
    ]);
    expect(column(book, "年休假计划", "状态")).toEqual(["已制定未备案"]);
    expect(column(book, "休假记录", "休假天数")).toEqual([1, 260]);
  });

  it("writes each block of computed columns once and never an input column", () => {
    const writes: [string, number, number][] = [];
    const spy = Object.create(wb) as XlsxWorkbook;
    spy.writeRange = (sheet, row, col, values) => {
      writes.push([sheet, row, col]);
      wb.writeRange(sheet, row, col, values);
    };
    computeWorkbook(spy, TODAY);
    const leaveBlocks = writes.filter(([s]) => s === "年休假");
    expect(leaveBlocks).toHaveLength(1); // 8 adjacent computed columns in one write
    for (const [sheet, row, col] of writes) {
      const name = String(wb.readSheet(sheet)![0][col - 1]);
      expect(
        sheetSpec(sheet).columns.find((c) => c.name === name)?.computed,
        `${sheet}!${name}`,
      ).toBe(true);
      expect(row).toBe(2);
    }
  });
});

describe("cadre-care compute on a real .xlsx", () => {
  let dir: string;
  let file: string;
  let before: Map<string, { value: unknown; type: number }>;

  async function inputCells(path: string) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const cells = new Map<string, { value: unknown; type: number }>();
    book.eachSheet((ws) => {
      const spec = (() => {
        try {
          return sheetSpec(ws.name);
        } catch {
          return null;
        }
      })();
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      ws.eachRow((row, r) => {
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const col = spec?.columns.find((x) => x.name === header[c - 1]);
          // Computed columns and the system sheet compute writes (奖励建议) may change.
          if (r > 1 && (col?.computed || ws.name === "奖励建议")) return;
          cells.set(`${ws.name}!${cell.address}`, { value: cell.value, type: cell.type });
        });
      });
    });
    return cells;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-compute-"));
    file = path.join(dir, "台账.xlsx");
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    await wb.save(file);
    before = await inputCells(file);
  });

  it("fills computed columns, keeps every input cell and leaves a backup", async () => {
    const io = memoryIO(new Date("2026-11-26T12:00:00+08:00"));
    const code = await computeCommand(file, io);
    expect(code, io.lines.join("\n")).toBe(0);
    const backups = fs.readdirSync(dir).filter((f) => /^台账\.bak-\d{14}\.xlsx$/.test(f));
    expect(backups).toEqual(["台账.bak-20261126120000.xlsx"]);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
    const after = await inputCells(file);
    expect(after.size).toBe(before.size);
    for (const [address, cell] of before) expect(after.get(address), address).toEqual(cell);

    const reopened = await XlsxWorkbook.open(file);
    const pay = column(reopened, "年休假", "未休年休假报酬");
    expect(pay.every((v) => typeof v === "number")).toBe(true);
    expect(column(reopened, "人员", "累计工作年限").every((v) => typeof v === "number")).toBe(true);
  });
});
