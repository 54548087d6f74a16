import type { Browser } from "playwright-core";

/** Path of the Chromium binary (CHROMIUM_PATH, else Debian's /usr/bin/chromium). */
export declare const CHROMIUM: string;
/** Headless Chromium with the options the dashboard screenshot and its test share. */
export declare function launchChromium(): Promise<Browser>;
