// Debian's headless Chromium as the dashboard screenshot (scripts/screenshot-dashboard.mjs) and
// the dashboard's browser test launch it: no sandbox, no GPU, nothing fetched in the background.
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
