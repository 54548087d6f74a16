// The esbuild options of the Apps Script bundle (dist/Code.js), shared by scripts/build.mjs, the
// bench (size by input, cold load) and the idle-global-scope test, so they measure what ships.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The global the bundle's IIFE assigns; the generated top-level functions call through it. */
export const GAS_GLOBAL = "CadreCare";

/**
 * Apps Script loads the whole file for every custom-function call (and custom functions run
 * with no authorization): DESIGN.md §2 caps it at 200 KB: 200,000 UTF-8 bytes,
 * the figure the project's contract check (shared/hooks) applies.
 */
export const GAS_MAX_BYTES = 200_000;

/** esbuild options for the bundle; `minify: false` gives a readable copy for inspection. */
export function gasBuildOptions({ minify = true } = {}) {
  return {
    entryPoints: [path.join(root, "src/gas/main.ts")],
    bundle: true,
    format: "iife",
    globalName: GAS_GLOBAL,
    target: "es2019",
    platform: "neutral",
    mainFields: ["module", "main"],
    charset: "utf8",
    write: false,
    metafile: true,
    // Sheets loads the whole bundle for every custom-function call: keep it small.
    minify,
    legalComments: "none",
  };
}

/** Bytes in the bundle by package (node_modules/<name>) or source folder (src/<folder>), largest first. */
export function bytesByInput(metafile) {
  const output = Object.values(metafile.outputs)[0];
  const sizes = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const key = pkg ? pkg[1] : file.split("/").slice(0, 2).join("/");
    sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}
