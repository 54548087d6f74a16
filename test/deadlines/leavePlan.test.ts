/**
 * Issue 12 item 13: the leave plan is due when it is made, not when it is filed. 魏字〔2021〕30号
 * 二.5: "每年3月底前，制定出当年职工年休假计划…年休假计划和干部休假情况要按照干部管理权限，分别
 * 报组织人事部门备案" — a date for making the plan, none for filing it.
 */
import { describe, expect, it } from "vitest";
import { sampleAsGrids, type SampleRow, type SampleWorkbook } from "../../src/sample/sample";
import { SHEETS } from "../../src/records/schema";
import { scanDeadlines } from "../../src/workflows/deadlines";
import { planReminders } from "../../src/workflows/remind";
import { overdueEntries } from "../../src/documents/builders";
import { formatDeadlines } from "../../src/local/commands/deadlines";
import { computeRows } from "../../src/workflows/compute";
import { dayFromYmd } from "../../src/rules/dates";

const UNITS = ["县财政局", "县教育局", "县民政局", "县水利局"];

/** Four units' 2027 plans: made and filed, made in time only, made late only, not made. */
function grids() {
  const wb: SampleWorkbook = new Map<string, SampleRow[]>([
    [
      "单位",
      UNITS.map((u, i) => ({
        单位名称: u,
        单位性质: "机关",
        联系邮箱: `u${i}@example.gov.cn`,
        管理权限: "组织部门",
      })),
    ],
    [
      "年休假计划",
      [
        { 年度: 2027, 单位: "县财政局", 计划提交日期: "2027-03-10", 备案日期: "2027-03-20" },
        { 年度: 2027, 单位: "县教育局", 计划提交日期: "2027-03-31" },
        { 年度: 2027, 单位: "县民政局", 计划提交日期: "2027-04-10" },
        { 年度: 2027, 单位: "县水利局" },
      ],
    ],
  ]);
  return sampleAsGrids(wb, SHEETS);
}

const plans = (day: number) =>
  scanDeadlines(Object.fromEntries(grids()), day).items.filter(
    (i) => i.item === "leave-plan" && i.year === 2027,
  );

describe("the leave plan is due when it is made (魏字〔2021〕30号 二.5)", () => {
  it("is done when 计划提交日期 ≤ 3-31; made in time but not filed: done and 已制定未备案", () => {
    const byUnit = Object.fromEntries(
      plans(dayFromYmd(2027, 4, 7)).map((i) => [i.unit, [i.status, i.unfiled ?? false]]),
    );
    expect(byUnit).toEqual({
      县财政局: ["done", false],
      县教育局: ["done", true],
      县民政局: ["overdue", false], // made on 4-10: still late on 4-7
      县水利局: ["overdue", false],
    });
    const later = Object.fromEntries(plans(dayFromYmd(2027, 4, 14)).map((i) => [i.unit, i.status]));
    expect(later.县民政局).toBe("done");
  });

  it("never puts a plan made in time but unfiled in the 通报批评; the unmade ones are there", () => {
    const entries = overdueEntries(plans(dayFromYmd(2027, 4, 7)));
    expect(entries.map((e) => e.unit).sort()).toEqual(["县民政局", "县水利局"]);
  });

  it("reminds it (a week after 3-31), saying what is left: the filing", () => {
    const scan = scanDeadlines(Object.fromEntries(grids()), dayFromYmd(2027, 4, 7));
    const plan = planReminders(scan, new Map());
    const mail = plan.mails.find((m) => m.recipient === "县教育局");
    expect(mail?.mail.body).toContain(
      "2027年度年休假计划已制定未备案：请按干部管理权限报组织人事部门备案",
    );
    expect(mail?.mail.body).not.toContain("已逾期");
    // Not the next day (weekly, not daily as an overdue item).
    const next = planReminders(
      scanDeadlines(Object.fromEntries(grids()), dayFromYmd(2027, 4, 8)),
      new Map(),
    );
    expect(next.mails.some((m) => m.recipient === "县教育局")).toBe(false);
    expect(next.mails.some((m) => m.recipient === "县水利局")).toBe(true);
  });

  it("shows 已制定未备案 in `deadlines` and in the 年休假计划 状态 column", () => {
    const lines = formatDeadlines(
      scanDeadlines(Object.fromEntries(grids()), dayFromYmd(2027, 4, 7)),
    );
    expect(
      lines.some((l) => /^ {2}已制定未备案 +年休假计划备案 +2027 +2027-03-31 +待备案$/.test(l)),
    ).toBe(true);
    const status = computeRows((s) => grids().get(s) ?? null, dayFromYmd(2027, 4, 7)).get(
      "年休假计划",
    )!;
    expect([...status.values()].map((r) => r["状态"])).toEqual([
      "已备案",
      "已制定未备案",
      "已制定未备案",
      "逾期未制定",
    ]);
    const march = computeRows((s) => grids().get(s) ?? null, dayFromYmd(2027, 3, 31)).get(
      "年休假计划",
    )!;
    expect([...march.values()].map((r) => r["状态"])[3]).toBe("未制定");
  });
});
