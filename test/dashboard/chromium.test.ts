/**
 * Opens the dashboard in headless Chromium (Debian's `chromium`) and checks that every chart
 * rendered: a Chart.js instance per canvas, non-blank pixels, no network request. CI has no
 * Chromium, so the test skips there and says why.
 */
import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { sampleFixture } from "./sample";
import { buildDashboardData, readDashboardGrids } from "../../src/workflows/dashboard";
import { writeDashboard } from "../../src/local/dashboard";
import { CHROMIUM, launchChromium } from "../../scripts/chromium.mjs";

const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `跳过仪表盘浏览器测试：没有 ${CHROMIUM}（CI 上不装 Chromium；本地可 apt-get install -y chromium）`,
  );
}

interface CanvasReport {
  id: string;
  width: number;
  height: number;
  painted: number;
  datasets: number[] | null;
}

/** Run in the page (as text: the project's TypeScript has no DOM types): each canvas's chart and painted pixels. */
const CANVAS_REPORT = `[...document.querySelectorAll("canvas")].map((canvas) => {
  const chart = Chart.getChart(canvas);
  const { width, height } = canvas;
  const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return {
    id: canvas.id,
    width,
    height,
    painted,
    datasets: chart ? chart.data.datasets.map((d) => d.data.length) : null,
  };
})`;

describe("the dashboard in headless Chromium", () => {
  it.skipIf(!hasChromium)(
    `renders every chart (skipped when ${CHROMIUM} is absent, as on CI)`,
    async () => {
      const fx = sampleFixture();
      const data = buildDashboardData({
        grids: readDashboardGrids(fx.workbook),
        today: fx.today,
        documents: fx.documents,
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-chromium-"));
      const file = path.join(dir, "index.html");
      await writeDashboard(file, data);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const requests: string[] = [];
        const errors: string[] = [];
        page.on("request", (r) => {
          if (!r.url().startsWith("file:")) requests.push(r.url());
        });
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector("html[data-charts=ready]", { timeout: 15_000 });
        const result = await page.evaluate<CanvasReport[]>(CANVAS_REPORT);
        expect(result.map((r) => r.id)).toEqual([
          "chart-status",
          "chart-leave",
          "chart-pay",
          "chart-awards",
        ]);
        for (const r of result) {
          expect(r.datasets, r.id).not.toBeNull();
          expect(r.width, r.id).toBeGreaterThan(100);
          // Bars, slices, axes and labels: well over 2 % of the canvas is painted.
          expect(r.painted / (r.width * r.height), r.id).toBeGreaterThan(0.02);
        }
        const byId = Object.fromEntries(result.map((r) => [r.id, r.datasets]));
        expect(byId["chart-leave"]).toEqual([11, 11]);
        expect(byId["chart-pay"]).toEqual([11, 11]);
        expect(byId["chart-awards"]).toEqual([7, 7]);
        // Switching the year redraws the charts with that year's figures.
        await page.selectOption("#year", "2025");
        const paid2025 = await page.evaluate<number>(
          "window.dashboardCharts.pay.data.datasets[1].data.reduce((s, v) => s + v, 0)",
        );
        const y2025 = data.leave.find((l) => l.year === 2025)!;
        expect(Math.round(paid2025 * 100)).toBe(y2025.totals.extraPaidFen);
        expect(await page.isVisible('table[data-year="2025"]')).toBe(false); // inside closed <details>
        expect(await page.locator('.card[data-year="2025"]').first().isVisible()).toBe(true);
        expect(await page.locator('.card[data-year="2026"]').first().isVisible()).toBe(false);
        expect(requests).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
