/**
 * Finding 11 of issue 11: every custom-function call loads the whole Apps Script bundle and runs
 * its global scope. The bundle must stay ≤ 200 KB with no zod locale files, and loading it must
 * only define things: zod schemas, the holiday index and similar tables are built on first use.
 */
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import vm from "node:vm";
import { build as esbuild } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { GAS_MAX_BYTES, gasBuildOptions } from "../../scripts/gas-bundle.mjs";
import { build } from "../build";

/** Why the build failed (it refuses a bundle over the limit), or null: dist/Code.js is fresh. */
let buildError: unknown = null;
beforeAll(() => {
  try {
    build();
  } catch (err) {
    buildError = err;
  }
});

describe("dist/Code.js", () => {
  it("is at most 200 KiB (UTF-8 bytes) and holds no zod locale or classic API", async () => {
    // A failed build leaves the last dist/Code.js behind: never measure that one.
    expect(buildError).toBeNull();
    const bytes = readFileSync("dist/Code.js").length;
    expect(GAS_MAX_BYTES).toBe(200_000);
    expect(bytes).toBeLessThanOrEqual(GAS_MAX_BYTES);
    const { metafile } = await esbuild(gasBuildOptions());
    const inputs = Object.keys(Object.values(metafile.outputs)[0].inputs);
    expect(inputs.filter((f) => /zod\/v4\/(locales|classic)\//.test(f))).toEqual([]);
    expect(inputs.some((f) => f.includes("zod/v4/mini/"))).toBe(true);
    // The holiday data is compact text (src/rules/officialDays.ts), not the package's JSON.
    expect(inputs.filter((f) => f.includes("chinese-days"))).toEqual([]);
  });
});

/** Which functions run while a bundle loads in a fresh context, by esbuild's module comments. */
async function functionsRunAtLoad(code: string): Promise<Map<string, number>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
  const filename = `load-probe-${Date.now()}.js`;
  vm.runInContext(code, vm.createContext({}), { filename });
  const { result } = await session.post("Profiler.takePreciseCoverage");
  await session.post("Profiler.stopPreciseCoverage");
  session.disconnect();
  const script = result.find((s) => s.url.endsWith(filename));
  if (!script) throw new Error("the probe script has no coverage");
  // Unminified esbuild output starts each module with a `  // path/to/file` line.
  const marks = [...code.matchAll(/^ {2}\/\/ ((?:src|node_modules)\/\S+)$/gm)].map(
    (m) => [m.index, m[1]] as const,
  );
  const moduleAt = (offset: number) => {
    let name = "(runtime)";
    for (const [at, file] of marks) {
      if (at > offset) break;
      name = file;
    }
    return name.replace(/^node_modules\/(zod)\/v4\/.*/, "$1");
  };
  const calls = new Map<string, number>();
  for (const fn of script.functions) {
    const range = fn.ranges[0];
    if (range.count === 0 || range.startOffset === 0) continue; // the script itself
    const key = `${moduleAt(range.startOffset)} ${fn.functionName || "(anonymous)"}`;
    calls.set(key, (calls.get(key) ?? 0) + range.count);
  }
  return calls;
}

describe("the bundle's global scope", () => {
  it("only defines: no zod schema, holiday index or parameter table is built at load", async () => {
    const result = await esbuild(gasBuildOptions({ minify: false }));
    const calls = await functionsRunAtLoad(result.outputFiles[0].text);
    const ran = [...calls.keys()].sort();
    // What may run: zod's class factory ($constructor defines its schema classes), the
    // memoizer that defers each schema, the sheet specs' column builders and index (plain
    // data), the formula list of the entry point, two unit conversions of the document layout
    // constants, and esbuild's module glue.
    const allowed = [
      /^zod \$constructor$/,
      /^zod \(anonymous\)$/, // NUMBER_FORMAT_RANGES' initialiser
      // sheetSchema only pairs the memoizer with the record's map (src/records/parse.ts).
      /^src\/records\/parse\.ts (lazy|sheetSchema)$/,
      // The column builders: input, computed, system and the shared columns (yearInput …).
      /^src\/records\/schema\.ts (input|computed|system|[a-z]\w*Inputs?|\(anonymous\))$/,
      /^src\/gas\/main\.ts \(anonymous\)$/,
      /^src\/documents\/layout\.ts (mmToPt|mmFromPt)$/,
      /^src\/workflows\/compute\.ts perRow$/,
      /^\(runtime\) (__export|__copyProps|__toCommonJS|\(anonymous\))$/,
      // zod's module init: regex sources and the parse entry points it binds once.
      /^zod (anchor|timeSource|_parse|_parseAsync|_safeParse|_safeParseAsync)$/,
    ];
    expect(ran.filter((name) => !allowed.some((re) => re.test(name)))).toEqual([]);
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(400);
  });
});
