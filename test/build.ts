/** For tests that run the built bundles: the repository root, the bin, and one way to build. */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
export const BIN = path.join(ROOT, "bin", "cadre-care.cjs");

/** `scripts/build.mjs --quiet` (dist/Code.js and dist/node/*.cjs); throws when it fails. */
export function build(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.mjs"), "--quiet"], {
    cwd: ROOT,
    stdio: "inherit",
  });
}
