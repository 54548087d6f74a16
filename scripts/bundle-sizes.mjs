// Bytes of the Apps Script bundle per input file, largest first (esbuild's minified output,
// before terser; dist/Code.js is about 2 % smaller). Shows what each feature costs the 200 KB
// that every custom-function call loads:  node scripts/bundle-sizes.mjs [count]
import { build } from "esbuild";
import { gasBuildOptions } from "./gas-bundle.mjs";

const count = Number(process.argv[2] ?? 45);
const result = await build(gasBuildOptions());
const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
  .map(([file, { bytesInOutput }]) => [bytesInOutput, file])
  .sort((a, b) => b[0] - a[0]);
for (const [bytes, file] of inputs.slice(0, count)) console.log(String(bytes).padStart(7), file);
const total = inputs.reduce((n, [bytes]) => n + bytes, 0);
console.log(String(total).padStart(7), `total (${inputs.length} inputs)`);
