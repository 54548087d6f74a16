/**
 * Each builder on the embedded sample: rows, totals and 大写 checked against figures the test
 * works out itself from the sample's raw rows (award standards of 魏字〔2021〕30号, the 300 %
 * rule), not against the builder's own output.
 */
import { textWidthChars } from "../../src/documents/layout";
import { beforeAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { buildSample, type SampleRow } from "../../src/sample/sample";
import { type Cell, type Grid, readDate } from "../../src/records/cells";
import { dayFromYmd, isoFromDay, chineseDate } from "../../src/rules/dates";
import { documentText, type DocumentModel, type TableBlock } from "../../src/documents/model";
import {
  type DocumentRecord,
  buildAwardsFiling,
  buildCriticismNotice,
  buildExcellentList,
  buildHealthFiling,
  buildLeavePlanFiling,
  buildLeaveUseFiling,
  buildPraiseNotice,
  documentYear,
  readDocumentRecord,
  unitNames,
} from "../../src/documents/builders";

const TODAY = dayFromYmd(2026, 11, 26);
const DATE = dayFromYmd(2027, 3, 31);

let sample: Map<string, SampleRow[]>;
let workbook: XlsxWorkbook;
let record: DocumentRecord;

beforeAll(() => {
  sample = buildSample();
  workbook = XlsxWorkbook.create();
  loadRows(workbook, sample);
  computeWorkbook(workbook, TODAY);
  record = readDocumentRecord((name) => workbook.readSheet(name));
});

function tables(doc: DocumentModel): TableBlock[] {
  return doc.blocks.filter((b): b is TableBlock => b.kind === "table");
}

/** Rows of a computed sheet by header name. */
function rowsOf(sheet: string): Record<string, Cell>[] {
  const grid = workbook.readSheet(sheet) as Grid;
  const header = grid[0].map(String);
  return grid.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
}

/** "12,345.67" → 1234567 fen. */
const fenOf = (text: string): number => Math.round(Number(text.replace(/,/g, "")) * 100);

/** A 大写 amount read back, independently of chineseAmount: 壹万贰仟叁佰元伍角 → 1230050 fen. */
function fenFromWords(words: string): number {
  const digit: Record<string, number> = {
    零: 0,
    壹: 1,
    贰: 2,
    叁: 3,
    肆: 4,
    伍: 5,
    陆: 6,
    柒: 7,
    捌: 8,
    玖: 9,
  };
  const unit: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
  const [yuanPart, rest = ""] = words.replace(/整$/, "").split("元");
  let total = 0;
  let section = 0;
  let current = 0;
  for (const ch of yuanPart) {
    if (ch in digit) current = digit[ch];
    else if (ch in unit) {
      section += (current || 1) * unit[ch];
      current = 0;
    } else if (ch === "万" || ch === "亿") {
      total += (section + current) * (ch === "万" ? 10_000 : 100_000_000);
      section = 0;
      current = 0;
    }
  }
  total += section + current;
  let fen = total * 100;
  const jiao = /([壹贰叁肆伍陆柒捌玖])角/.exec(rest);
  const cent = /([壹贰叁肆伍陆柒捌玖])分/.exec(rest);
  if (jiao) fen += digit[jiao[1]] * 10;
  if (cent) fen += digit[cent[1]];
  return fen;
}

describe("the record the builders read", () => {
  it("lists the sample's units in 单位 order", () => {
    expect(unitNames(record).slice(0, 3)).toEqual([
      "县委办公室",
      "县人民政府办公室",
      "县发展和改革局",
    ]);
    expect(unitNames(record)).toHaveLength(sample.get("单位")!.length);
  });

  it("gives each type its default year from the date", () => {
    expect(documentYear("年休假计划备案表", 2027, null)).toBe(2027);
    expect(documentYear("体检方案及体检情况备案表", 2027, null)).toBe(2027);
    expect(documentYear("奖金发放审批表", 2027, null)).toBe(2027);
    expect(documentYear("年休假执行及未休报酬情况备案表", 2027, null)).toBe(2026);
    expect(documentYear("年度考核优秀等次名单", 2027, null)).toBe(2026);
    expect(documentYear("通报表扬", 2027, null)).toBe(2026);
    expect(documentYear("通报批评", 2027, 2020)).toBe(2027);
    expect(documentYear("年休假计划备案表", 2027, 2025)).toBe(2025);
  });
});

describe("年休假执行及未休报酬情况备案表", () => {
  it("lists every person of the unit and year with days, pay and totals", () => {
    const unit = "县财政局";
    const doc = buildLeaveUseFiling(record, { unit, year: 2025, date: DATE })!;
    expect(doc.type).toBe("年休假执行及未休报酬情况备案表");
    expect(doc.unit).toBe(unit);
    expect(doc.warnings).toEqual([]);
    // Broken at a word boundary into two even lines (梯形), GB/T 9704 §7.3.2.
    expect(doc.model.title).toBe("县财政局2025年度年休假\n执行及未休报酬情况备案表");
    expect(doc.model.kind).toBe("filing");
    expect(doc.model.number).toBeNull();

    const income = new Map(
      sample.get("人员")!.map((p) => [p.人员编号 as string, p["上年度工资收入（元）"] as number]),
    );
    const expected = rowsOf("年休假").filter((r) => r.年度 === 2025 && r.单位 === unit);
    expect(expected.length).toBeGreaterThan(5);
    const [table] = tables(doc.model);
    expect(table.header).toEqual([
      "序号",
      "姓名",
      "应休天数",
      "已休天数",
      "未休天数",
      "日工资收入（元）",
      "未休年休假报酬（元）",
      "其中另行支付（元）",
      "实际支付日期",
    ]);
    expect(table.rows.map((r) => r[1])).toEqual(expected.map((r) => r.姓名));

    let sums = [0, 0, 0];
    let payFen = 0;
    let extraFen = 0;
    table.rows.forEach((cells, i) => {
      const r = expected[i];
      const daily = income.get(r.人员编号 as string)! / 261;
      const unused = r.未休天数 as number;
      expect(Number(cells[2])).toBe(r.应休天数);
      expect(Number(cells[3])).toBe(r.已休天数);
      expect(Number(cells[4])).toBe(unused);
      // 300 % of the unrounded daily wage per unused day, rounded once; 200 % unless 本人申请;
      // 本人申请 gets the normal wage only, 100 % (实施办法第九条(一)).
      const own = r.未休原因 === "本人申请";
      const pay = Math.round(daily * (own ? 1 : 3) * unused * 100 + 1e-6);
      const extra = r.未休原因 === "本人申请" ? 0 : Math.round(daily * 2 * unused * 100 + 1e-6);
      expect(fenOf(cells[5])).toBe(Math.round(daily * 100 + 1e-6));
      expect(fenOf(cells[6])).toBe(pay);
      expect(fenOf(cells[7])).toBe(extra);
      const paid = r.实际支付日期
        ? isoFromDay(readDate(r.实际支付日期, ""))
        : extra > 0
          ? "未支付"
          : "";
      expect(cells[8]).toBe(paid);
      sums = [sums[0] + (r.应休天数 as number), sums[1] + (r.已休天数 as number), sums[2] + unused];
      payFen += pay;
      extraFen += extra;
    });
    expect(payFen).toBeGreaterThan(0);
    expect(table.totalRow!.slice(0, 5)).toEqual([
      "合计",
      `${expected.length}人`,
      String(sums[0]),
      String(sums[1]),
      String(sums[2]),
    ]);
    expect(fenOf(table.totalRow![6])).toBe(payFen);
    expect(fenOf(table.totalRow![7])).toBe(extraFen);
    expect(documentText(doc.model)).toContain(`纳入统计${expected.length}人`);
  });

  it("writes nothing for a unit without rows that year", () => {
    expect(buildLeaveUseFiling(record, { unit: "县财政局", year: 2019, date: DATE })).toBeNull();
  });
});

describe("奖金发放审批表", () => {
  // 魏字〔2021〕30号 §二.3, written out here independently of the rules module.
  const STANDARD: Record<string, number> = {
    嘉奖: 1500,
    记三等功: 3000,
    记二等功: 6000,
    记一等功: 12000,
    授予国家荣誉称号: 20000,
    记功: 3000,
    记大功: 6000,
  };

  it("lists each award with the bonus of the standard and the total in figures and 大写", () => {
    const awards = sample.get("奖励")!.filter((a) => a.年度 === 2026);
    const counts = new Map<string, number>();
    for (const a of awards) counts.set(a.单位 as string, (counts.get(a.单位 as string) ?? 0) + 1);
    const unit = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const expected = awards.filter((a) => a.单位 === unit);
    expect(expected.length).toBeGreaterThan(1);

    const doc = buildAwardsFiling(record, { unit, year: 2026, date: DATE })!;
    expect(doc.warnings).toEqual([]);
    const [table] = tables(doc.model);
    expect(table.header).toEqual([
      "序号",
      "姓名",
      "人员类别",
      "奖励类型",
      "批准机关",
      "批准文号",
      "奖金（元）",
    ]);
    expect(table.rows).toEqual(
      expected.map((a, i) => [
        String(i + 1),
        a.姓名,
        a.人员类别,
        a.奖励类型,
        a.批准机关,
        a.批准文号,
        STANDARD[a.奖励类型 as string].toLocaleString("en-US") + ".00",
      ]),
    );
    const totalYuan = expected.reduce((s, a) => s + STANDARD[a.奖励类型 as string], 0);
    expect(table.totalRow).toEqual([
      "合计",
      `${expected.length}人次`,
      "",
      "",
      "",
      "",
      `${totalYuan.toLocaleString("en-US")}.00`,
    ]);
    const text = documentText(doc.model);
    const words = /奖金合计（大写）：人民币(.+)/.exec(text)![1];
    expect(words.endsWith("元整")).toBe(true);
    expect(fenFromWords(words)).toBe(totalYuan * 100);
  });

  it("writes 大写 for a known amount as approval forms do", () => {
    const unit = "县委办公室";
    const one = buildAwardsFiling(record, { unit, year: 2026, date: DATE })!;
    const total = fenOf(tables(one.model)[0].totalRow![6]);
    const text = documentText(one.model);
    expect(fenFromWords(/人民币(.+)/.exec(text)![1])).toBe(total);
    if (total === 150000) expect(text).toContain("人民币壹仟伍佰元整");
  });
});

describe("体检方案及体检情况备案表", () => {
  it("has dates and head counts only", () => {
    const unit = "县委办公室";
    const row = sample.get("体检")!.find((h) => h.单位 === unit && h.年度 === 2026)!;
    const doc = buildHealthFiling(record, { unit, year: 2026, date: DATE })!;
    const [table] = tables(doc.model);
    const value = (label: string) => table.rows.find((r) => r[0] === label)![1];
    const day = (cell: Cell) => chineseDate(readDate(cell, ""));
    expect(value("体检方案备案日期")).toBe(row.方案备案日期 ? day(row.方案备案日期) : "尚未备案");
    expect(value("体检完成日期")).toBe(row.体检完成日期 ? day(row.体检完成日期) : "尚未完成");
    expect(value("参检人数")).toBe(row.参检人数 === null ? "尚未填报" : `${row.参检人数}人`);
    expect(value("体检情况备案日期")).toBe(row.情况备案日期 ? day(row.情况备案日期) : "尚未备案");
    const staff = sample
      .get("人员")!
      .filter(
        (p) =>
          p.单位 === unit &&
          p.状态 === "在职" &&
          readDate(p.参加工作时间, "") <= dayFromYmd(2026, 12, 31),
      );
    expect(value("在职人数")).toBe(`${staff.length}人`);
    const text = documentText(doc.model);
    for (const p of sample.get("人员")!.filter((p) => p.单位 === unit)) {
      expect(text).not.toContain(p.姓名 as string);
    }
  });
});

describe("年休假计划备案表", () => {
  it("lists the unit's staff in service with entitlements and key posts first in mind", () => {
    const unit = "县发展和改革局";
    const doc = buildLeavePlanFiling(record, { unit, year: 2027, date: DATE })!;
    const staff = sample.get("人员")!.filter((p) => p.单位 === unit && p.状态 === "在职");
    const [table] = tables(doc.model);
    expect(table.rows.map((r) => r[1])).toEqual(staff.map((p) => p.姓名));
    const keyPosts = staff.filter((p) => p.重点岗位 === "是").length;
    expect(table.rows.filter((r) => r[5] === "是")).toHaveLength(keyPosts);
    expect(table.rows.filter((r) => r[6] === "重点岗位，优先安排")).toHaveLength(keyPosts);
    // Entitlement by service years on 30 November 2027 (次月起), no 2027 leave rows yet.
    const tier = (y: number) => (y < 1 ? 0 : y < 10 ? 5 : y < 20 ? 10 : 15);
    const total = staff.reduce((s, p) => {
      const start = readDate(p.参加工作时间, "");
      const measured = dayFromYmd(2027, 11, 30);
      const a = new Date(start * 86_400_000);
      const b = new Date(measured * 86_400_000);
      let years = b.getUTCFullYear() - a.getUTCFullYear();
      if (
        b.getUTCMonth() < a.getUTCMonth() ||
        (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())
      )
        years--;
      return s + tier(Math.max(0, years));
    }, 0);
    expect(table.totalRow![4]).toBe(String(total));
    expect(table.totalRow![1]).toBe(`${staff.length}人`);
    expect(documentText(doc.model)).toMatch(/年休假计划提交日期：(\d{4}年\d+月\d+日|尚未提交)/);
  });
});

describe("年度考核优秀等次名单", () => {
  it("gives the quota, the names rated 优秀 and each green-channel condition with its 依据", () => {
    const rows = sample.get("考核")!.filter((r) => r.年度 === 2026);
    const greenRow = rows.find((r) => r.绿色通道条件)!;
    const unit = greenRow.单位 as string;
    const doc = buildExcellentList(record, { unit, year: 2026, date: DATE })!;
    const [list, green] = tables(doc.model);
    const excellent = rows.filter((r) => r.单位 === unit && r.最终等次 === "优秀");
    expect(list.rows.map((r) => r[1])).toEqual(excellent.map((r) => r.姓名));
    const greens = rows.filter((r) => r.单位 === unit && r.绿色通道条件);
    expect(green.rows).toEqual(
      greens.map((r, i) => [String(i + 1), r.姓名, r.绿色通道条件, r.依据]),
    );
    const score = rowsOf("单位考核").find((s) => s.年度 === 2026 && s.单位 === unit)!;
    const headcount = rows.filter((r) => r.单位 === unit).length;
    expect(score.考核人数).toBe(headcount);
    const text = documentText(doc.model);
    expect(text).toContain(`参加年度考核${headcount}人`);
    expect(text).toContain(`优秀名额${score.优秀名额}名`);
    expect(text).toContain(`其中通过“绿色通道”直接定为优秀${greens.length}人`);
    // One line only with half a character to spare (20 of 20 wraps in LibreOffice): else
    // broken after the unit's name.
    const oneLine = `${unit}2026年度考核优秀等次名单`;
    expect(doc.model.title).toBe(
      textWidthChars(oneLine) <= 19.5 ? oneLine : `${unit}\n2026年度考核优秀等次名单`,
    );
  });
});

describe("notices", () => {
  const params = () => record.params;

  it("通报批评 names each overdue item with its deadline and days late, people only counted", () => {
    const due = dayFromYmd(2027, 3, 31);
    const date = dayFromYmd(2027, 4, 20);
    const doc = buildCriticismNotice({
      params: params(),
      date,
      items: [
        {
          item: "leave-pay",
          year: 2026,
          unit: "县财政局",
          personId: "WX0001",
          due,
          status: "overdue",
          daysLeft: -20,
        },
        {
          item: "leave-pay",
          year: 2026,
          unit: "县财政局",
          personId: "WX0002",
          due,
          status: "overdue",
          daysLeft: -20,
        },
        {
          item: "leave-plan",
          year: 2027,
          unit: "县档案馆",
          personId: null,
          due,
          status: "overdue",
          daysLeft: -20,
        },
        {
          item: "health-plan",
          year: 2027,
          unit: "县档案馆",
          personId: null,
          due: dayFromYmd(2027, 5, 31),
          status: "due-soon",
          daysLeft: 41,
        },
        {
          item: "talk-followup",
          year: 2027,
          unit: "县委办公室",
          personId: null,
          due,
          status: "overdue",
          daysLeft: -20,
        },
      ],
    })!;
    expect(doc.unit).toBeNull();
    expect(doc.year).toBe(2027);
    expect(doc.model.kind).toBe("notice");
    expect(doc.model.issuer).toBe("中共魏县县委组织部");
    const [table] = tables(doc.model);
    expect(table.rows).toEqual([
      ["1", "县档案馆", "2027年度年休假计划备案", "2027年3月31日", "20"],
      ["2", "县财政局", "2026年度未休年休假报酬另行支付（2人）", "2027年3月31日", "20"],
    ]);
    expect(documentText(doc.model)).toContain("仍有2个单位2项工作逾期未完成");
    expect(documentText(doc.model)).toContain("2027年5月5日前完成整改");
  });

  it("通报批评 is not written when nothing is overdue", () => {
    expect(buildCriticismNotice({ params: params(), date: DATE, items: [] })).toBeNull();
  });

  it("通报表扬 lists the units and what they finished", () => {
    const doc = buildPraiseNotice({
      params: params(),
      year: 2026,
      date: DATE,
      units: [
        { unit: "县财政局", kinds: ["leave-plan", "health-plan", "health-report", "leave-pay"] },
        { unit: "县档案馆", kinds: ["leave-plan", "health-plan", "health-report"] },
      ],
    })!;
    expect(doc.model.title).toBe("关于对2026年度干部关怀激励\n措施落实较好单位的通报表扬");
    expect(tables(doc.model)[0].rows).toEqual([
      ["1", "县财政局", "年休假计划备案、体检方案备案、体检情况备案、未休年休假报酬支付"],
      ["2", "县档案馆", "年休假计划备案、体检方案备案、体检情况备案"],
    ]);
    expect(doc.model.signature).toBe("中共魏县县委组织部");
    expect(doc.model.printedBy).toBe("中共魏县县委组织部办公室");
    expect(buildPraiseNotice({ params: params(), year: 2026, date: DATE, units: [] })).toBeNull();
  });
});
