// Screenshot of the local dashboard (out/index.html → out/dashboard.png) in headless Chromium,
// to look at it. Needs Debian's chromium (apt-get install -y chromium) and playwright-core.
//   node scripts/screenshot-dashboard.mjs [in.html] [out.png] [--width 1280]
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM, launchChromium } from "./chromium.mjs";

const args = process.argv.slice(2);
const widthAt = args.indexOf("--width");
const width = widthAt >= 0 ? Number(args.splice(widthAt, 2)[1]) : 1280;
const input = path.resolve(args[0] ?? "out/index.html");
const output = path.resolve(args[1] ?? "out/dashboard.png");

if (!existsSync(CHROMIUM)) {
  console.error(
    `没有找到 Chromium（${CHROMIUM}）：请运行 apt-get install -y chromium，或设置 CHROMIUM_PATH`,
  );
  process.exit(2);
}
if (!existsSync(input)) {
  console.error(`没有找到仪表盘文件 ${input}：请先运行 npm start`);
  process.exit(2);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const requests = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  await page.goto(pathToFileURL(input).href);
  await page.waitForSelector("html[data-charts=ready]", { timeout: 15000 });
  // Open the data tables too, so the picture shows them.
  if (args.includes("--tables")) {
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  }
  await page.screenshot({ path: output, fullPage: true });
  console.log(
    `截图：${output}${requests.length ? `（注意：页面发出了网络请求 ${requests.join(", ")}）` : ""}`,
  );
} finally {
  await browser.close();
}
