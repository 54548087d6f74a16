/**
 * The dashboard's 已逾期 card counts what the 通报批评 counts (units × items, as in 10个单位17项),
 * the people behind the overdue leave-pay items apart; money not yet due is never 应付未付.
 */
import { describe, expect, it } from "vitest";
import { sampleFixture } from "./sample";
import { buildDashboardData, readDashboardGrids } from "../../src/workflows/dashboard";
import { renderDashboardHtml } from "../../src/local/dashboard";
import { buildCriticismNotice } from "../../src/documents/builders";
import { scanDeadlines, type DeadlineGrids } from "../../src/workflows/deadlines";
import { parseParams } from "../../src/records/parse";
import { dayFromYmd } from "../../src/rules/dates";

describe("the 已逾期 card", () => {
  for (const [label, today] of [
    ["the sample's own day", null],
    ["2026-12-01", dayFromYmd(2026, 12, 1)],
  ] as const) {
    it(`says what the 通报批评 says, as of ${label}`, () => {
      const f = sampleFixture();
      const day = today ?? f.today;
      const grids = readDashboardGrids(f.workbook);
      const data = buildDashboardData({ grids, today: day });
      const scan = scanDeadlines(grids as DeadlineGrids, day);
      const notice = buildCriticismNotice({
        params: parseParams(f.grid("参数")).params,
        date: day,
        items: scan.items,
      });
      const fields = notice?.model.template?.data ?? { 单位数: "0", 事项数: "0" };
      expect(String(data.overdue.items)).toBe(fields.事项数);
      expect(String(data.overdue.units)).toBe(fields.单位数);
      // Per person: every overdue leave-pay item is one person.
      const people = scan.items.filter((i) => i.status === "overdue" && i.item === "leave-pay");
      expect(data.overdue.people).toBe(people.length);
      const html = renderDashboardHtml(data, "");
      expect(html).toContain(
        `已逾期事项（同通报批评口径）</div><div class="card-value">${data.overdue.items} 项`,
      );
      expect(html).toContain(`${data.overdue.units} 个单位，每个单位每个事项计 1 项`);
      expect(html).toContain(`逾期未付 ${data.overdue.people} 人（按人计）`);
    });
  }

  it("never calls money not yet due 应付未付", () => {
    const f = sampleFixture();
    const grids = readDashboardGrids(f.workbook);
    // 2026's 另行支付 is due on 2027-03-31: on 2026-12-01 it is not yet due.
    const html = renderDashboardHtml(
      buildDashboardData({ grids, today: dayFromYmd(2026, 12, 1) }),
      "",
    );
    expect(html).not.toContain("应付未付");
    expect(html).toMatch(/data-year="2026"[^]*?<th scope="col">未到期未付<\/th>/);
    expect(html).toMatch(/data-year="2025"[^]*?<th scope="col">逾期未付<\/th>/);
  });
});
