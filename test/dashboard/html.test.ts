import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sampleFixture } from "./sample";
import { buildDashboardData, readDashboardGrids } from "../../src/workflows/dashboard";
import {
  chartJsSource,
  readDocumentList,
  renderDashboardHtml,
  writeDashboard,
} from "../../src/local/dashboard";
import { parseLeaveRows, parsePeople } from "../../src/records/parse";
import { formatYuan } from "../../src/rules/money";

const fx = sampleFixture();
const data = buildDashboardData({
  grids: readDashboardGrids(fx.workbook),
  today: fx.today,
  documents: fx.documents,
});
const chartJs = chartJsSource();
const html = renderDashboardHtml(data, chartJs);
/** The page without the inlined library (whose source is not ours to scan for numbers). */
const own = html.replace(chartJs.replace(/<\/(script)/gi, "<\\/$1"), "");

describe("the dashboard page", () => {
  it("inlines Chart.js and references nothing on the network", () => {
    expect(own.length).toBeLessThan(html.length - 100_000);
    expect(html).toContain("Chart.js v4");
    // No external scripts, styles, images, frames or fonts.
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|source|video|audio)\b/i);
    expect(own).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(own).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
    // And a policy that would refuse any fetch anyway.
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'`);
  });

  it("is in Chinese and says what day the figures are as of", () => {
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<title>魏县干部关怀激励工作仪表盘</title>");
    expect(html).toContain("数据截至 2026年11月26日");
    for (const heading of [
      "期限事项完成情况",
      "应休与已休",
      "未付与已支付",
      "按奖励类型",
      "已生成文档",
    ]) {
      expect(own).toContain(heading);
    }
  });

  it("shows the workbook's totals in its tables", () => {
    const y2025 = data.leave.find((l) => l.year === 2025)!;
    expect(own).toContain(`<td>${formatYuan(y2025.totals.extraOwedFen)}</td>`);
    expect(own).toContain(`<td>${y2025.totals.entitledDays.toLocaleString("en-US")}</td>`);
    expect(own).toContain(`${formatYuan(data.owedOverdueFen)} 元`);
    const awards = data.awards.find((a) => a.year === 2026)!;
    expect(own).toContain(`<td>${formatYuan(awards.totalBonusFen)}</td>`);
    // Every unit is a row of the colour grid, every document a link.
    for (const unit of data.units) expect(own).toContain(`<th scope="row">${unit}</th>`);
    for (const d of data.documents) expect(own).toContain(`href="${d.href}"`);
    expect(own).toMatch(/<td class="st-overdue"[^>]*><span class="st-main">已逾期<\/span>/);
  });

  it("contains no ID number, no name and no per-person amount", () => {
    const people = parsePeople(fx.grid("人员")).items;
    expect(people.length).toBeGreaterThan(150);
    // No 18-digit ID-like run in the page's own text; no sample ID anywhere, library included.
    expect(own).not.toMatch(/\d{17}[\dXx]/);
    for (const p of people) {
      expect(html.includes(p.idNumber)).toBe(false);
      expect(own.includes(p.name)).toBe(false);
      expect(own.includes(p.id)).toBe(false);
      if (p.lastYearIncome !== null) {
        expect(own.includes(formatYuan(Math.round(p.lastYearIncome * 100)))).toBe(false);
      }
    }
    // Per-person pay amounts do not appear unless they equal a unit's or the county's aggregate.
    const aggregates = new Set<string>();
    for (const l of data.leave) {
      for (const r of [...l.rows, l.totals]) {
        for (const v of [r.unusedPayFen, r.extraFen, r.extraPaidFen, r.extraOwedFen]) {
          aggregates.add(formatYuan(v));
        }
      }
    }
    let checked = 0;
    for (const row of parseLeaveRows(fx.grid("年休假")).items) {
      for (const v of [row.unusedPay, row.extraPay, row.dailyWage]) {
        if (v === null || v === 0) continue;
        const text = formatYuan(Math.round(v * 100));
        if (aggregates.has(text)) continue;
        checked++;
        expect(own.includes(text)).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("escapes text from the workbook", () => {
    const page = renderDashboardHtml(
      { ...data, county: '<script>alert("x")</script>', units: [] },
      "/* chart */",
    );
    expect(page).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;干部关怀激励工作仪表盘",
    );
    expect(page).not.toContain('<script>alert("x")');
  });

  it("writes the file atomically and reads documents.json", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-"));
    try {
      const out = path.join(dir, "sub", "index.html");
      await writeDashboard(out, data, chartJs);
      expect(fs.readFileSync(out, "utf8")).toBe(html);
      expect(fs.readdirSync(path.dirname(out))).toEqual(["index.html"]);
      const list = path.join(dir, "documents.json");
      expect(readDocumentList(list)).toEqual([]);
      fs.writeFileSync(list, JSON.stringify(fx.documents));
      expect(readDocumentList(list)).toEqual(fx.documents);
      fs.writeFileSync(list, "{oops");
      expect(() => readDocumentList(list)).toThrow(/不是有效的 JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
