// Builds the Apps Script bundle (dist/Code.js + dist/appsscript.json) and the Node programs
// (dist/node/*.cjs). Every custom formula and entry point becomes a top-level function
// declaration in dist/Code.js, with a JSDoc @customfunction block for Sheets' autocomplete.
import { build } from "esbuild";
import { minify } from "terser";
import { mkdir, writeFile, readFile, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import vm from "node:vm";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GAS_GLOBAL, GAS_MAX_BYTES, bytesByInput, gasBuildOptions } from "./gas-bundle.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const GLOBAL = GAS_GLOBAL;

// The narrowest scopes that work (test/fakes/scopes.ts lists which method needs which, from
// Google's reference). Drive only through the Drive advanced service v3, which honours
// drive.file; DriveApp would need the full drive scope.
const manifest = {
  timeZone: "Asia/Shanghai",
  runtimeVersion: "V8",
  exceptionLogging: "STACKDRIVER",
  dependencies: {
    enabledAdvancedServices: [
      { userSymbol: "Drive", serviceId: "drive", version: "v3" },
      { userSymbol: "Sheets", serviceId: "sheets", version: "v4" },
      // Filling the copies of the template Google Docs (src/gas/docsFill.ts).
      { userSymbol: "Docs", serviceId: "docs", version: "v1" },
    ],
  },
  oauthScopes: [
    "https://www.googleapis.com/auth/spreadsheets.currentonly",
    "https://www.googleapis.com/auth/documents",
    "https://www.googleapis.com/auth/drive.file",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/script.send_mail",
    "https://www.googleapis.com/auth/script.scriptapp",
    "https://www.googleapis.com/auth/script.container.ui",
  ],
};

function jsdoc(f) {
  const lines = ["/**", ` * ${f.description}`, ` * 示例：${f.example}`];
  for (const p of f.params) {
    lines.push(` * @param {*} ${p.optional ? `[${p.name}]` : p.name} ${p.description}`);
  }
  lines.push(" * @return 计算结果（与输入区域同形状）", " * @customfunction", " */");
  return lines.join("\n");
}

/** The formulas' help text (src/formulas/docs.ts), which only the stubs' JSDoc carries. */
async function formulaDocs() {
  const result = await build({
    ...gasBuildOptions(),
    entryPoints: [path.join(root, "src/formulas/docs.ts")],
    globalName: "FormulaDocs",
  });
  const context = vm.createContext({});
  vm.runInContext(`${result.outputFiles[0].text}\nthis.FormulaDocs = FormulaDocs;`, context);
  return new Map(context.FormulaDocs.FORMULA_DOCS.map((f) => [f.name, f]));
}

/**
 * esbuild bundles and minifies fast but not tightly; terser's compressor (three passes, names
 * mangled inside the IIFE, the `CadreCare` global kept) takes another ~2 % off the ES2019 code,
 * room that Sheets features need under the 200 KB cap. Plain minified JavaScript: nothing
 * compressed or evaluated at load.
 */
export async function tighten(code) {
  const out = await minify(code, {
    ecma: 2019,
    // hoist_funs: declarations move to the top of their scope, where JavaScript puts them anyway.
    // unsafe_arrows: an anonymous `function` expression whose body uses neither `this` nor
    // `arguments` becomes an arrow (ES2015, inside the ES2019 target). Terser calls it unsafe
    // only for code that needs such a function's `prototype` or calls it with `new`; the bundle
    // does neither with anonymous function expressions (zod's constructors are named
    // declarations using `this`, which stay as they are). −1.2 KB.
    compress: { passes: 3, hoist_funs: true, unsafe_arrows: true },
    mangle: true,
    format: { ascii_only: false, comments: false },
  });
  return out.code;
}

async function buildAppsScript() {
  const result = await build(gasBuildOptions());
  const bundle = await tighten(result.outputFiles[0].text);
  // Load the bundle as Apps Script would (no Node globals) to read the names to expose.
  const context = vm.createContext({});
  vm.runInContext(`${bundle}\nthis.${GLOBAL} = ${GLOBAL};`, context);
  const api = context[GLOBAL];
  const docs = await formulaDocs();
  const names = [...docs.keys()];
  if (names.join() !== api.formulas.join())
    throw new Error(
      `src/formulas/docs.ts (${names}) and the bundle's formulas (${api.formulas}) differ`,
    );
  // The stubs call through two short globals, not `CadreCare.callFormula` / `CadreCare.entryPoints`
  // each time: 36 stubs, ~20 bytes each. Neither name is a formula or an entry point (checked).
  const [F, E] = ["$f", "$e"];
  if ([...names, ...Object.keys(api.entryPoints)].some((n) => n === F || n === E))
    throw new Error(`a formula or entry point is named ${F} or ${E}`);
  const stubs = [`var ${F}=${GLOBAL}.callFormula,${E}=${GLOBAL}.entryPoints;`];
  for (const f of docs.values()) {
    const names = f.params.map((p) => p.name).join(",");
    stubs.push(
      `${jsdoc(f)}\nfunction ${f.name}(${names}){return ${F}(${JSON.stringify(f.name)},[${names}])}`,
    );
  }
  for (const name of Object.keys(api.entryPoints)) {
    stubs.push(`function ${name}(e){return ${E}.${name}(e)}`);
  }
  const code = `// cadre-care — generated by scripts/build.mjs; do not edit.\n${bundle}\n${stubs.join("\n")}\n`;
  for (const banned of [/\brequire\(/, /\bprocess\./, /\bBuffer\./, /from "fs"/, /\bDriveApp\b/]) {
    if (banned.test(code)) throw new Error(`Apps Script bundle mentions ${banned}`);
  }
  const bytes = Buffer.byteLength(code, "utf8");
  if (bytes > GAS_MAX_BYTES) {
    const largest = bytesByInput(result.metafile)
      .slice(0, 6)
      .map(([name, n]) => `${name} ${(n / 1024).toFixed(1)} KiB`);
    throw new Error(
      `dist/Code.js is ${(bytes / 1024).toFixed(1)} KiB, over the limit of ${GAS_MAX_BYTES / 1000} KB; largest inputs: ${largest.join(", ")}`,
    );
  }
  await writeFile(path.join(dist, "Code.js"), code);
  await writeFile(path.join(dist, "appsscript.json"), JSON.stringify(manifest, null, 2) + "\n");
  return {
    bytes,
    formulas: api.formulas.length,
    entryPoints: Object.keys(api.entryPoints).length,
  };
}

/**
 * The dialogs' pages (dist/dialog-*.html): src/gas/dialog/pages/page.html with the dialog's
 * fragment (src/gas/dialog/pages) as its body and its script bundled from src/gas/dialog/client. HtmlService serves these files to the browser;
 * Apps Script does not load them for a formula's run, so the use cases only the dialogs need
 * stay out of dist/Code.js (src/gas/dialog/server.ts says why, with Google's words).
 */
export const DIALOGS = {
  "dialog-holidays": ["holidays.html", "holidays.ts"],
  "dialog-new-year": ["new-year.html", "newYear.ts"],
  "dialog-roster": ["roster.html", "roster.ts"],
  "dialog-setup": ["setup.html", "setup.ts"],
  "dialog-recompute": ["recompute.html", "recompute.ts"],
  "dialog-awards": ["awards.html", "awards.ts"],
  "dialog-units-create": ["units.html", "unitsCreate.ts"],
  "dialog-units-sync": ["units.html", "unitsSync.ts"],
  "dialog-remind": ["remind.html", "remind.ts"],
  "dialog-triggers": ["triggers.html", "triggers.ts"],
};

async function buildDialogs() {
  const sizes = {};
  for (const [file, [page, entry]] of Object.entries(DIALOGS)) {
    const result = await build({
      entryPoints: [path.join(root, "src/gas/dialog/client", entry)],
      bundle: true,
      format: "iife",
      target: "es2019",
      platform: "browser",
      mainFields: ["module", "main"],
      charset: "utf8",
      write: false,
      minify: true,
      legalComments: "none",
    });
    // "</script" inside a string would end the element early; "<\/script" means the same in JS.
    const script = result.outputFiles[0].text.replace(/<\/(script)/gi, "<\\/$1");
    const pages = path.join(root, "src/gas/dialog/pages");
    const shell = await readFile(path.join(pages, "page.html"), "utf8");
    const body = await readFile(path.join(pages, page), "utf8");
    const html = shell
      .replace("<!-- dialog body -->", () => body.trim())
      .replace("/* dialog script */", () => script.trim());
    await writeFile(path.join(dist, `${file}.html`), html);
    sizes[file] = Buffer.byteLength(html, "utf8");
  }
  return sizes;
}

/**
 * dist/templates.html: the committed templates/*.docx as one JSON object (document type, the
 * file name without .docx → the file in base64), a data-only project file that clasp pushes
 * with the script and src/gas/templateDocs.ts reads with
 * HtmlService.createHtmlOutputFromFile("templates").getContent() to create the template Google
 * Docs. Never shown to a browser; nothing of it goes into dist/Code.js. Base64 and the JSON
 * punctuation contain no character that HTML treats specially (<, &). clasp pushes it: with no
 * .claspignore, clasp 3.4.1's DEFAULT_CLASP_IGNORE (node_modules/@google/clasp/build/src/core/
 * clasp.js) keeps every .html file of rootDir (dist). About 126 KB; no size limit for a project
 * file was found in Google's reference (quotas page, projects.updateContent): checklist 10a.
 */
async function buildTemplates() {
  const dir = path.join(root, "templates");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".docx")).sort();
  const out = {};
  for (const file of files) {
    out[file.slice(0, -".docx".length)] = (await readFile(path.join(dir, file))).toString("base64");
  }
  const text = JSON.stringify(out);
  await writeFile(path.join(dist, "templates.html"), text);
  return { files: files.length, bytes: Buffer.byteLength(text, "utf8") };
}

async function buildNode() {
  const entries = {
    cli: "src/local/cli.ts",
    start: "src/local/start.ts",
    bench: "scripts/bench.ts",
    "docx-worker": "src/local/docxWorker.ts",
    "unit-worker": "src/local/unitWorker.ts",
  };
  const present = Object.fromEntries(
    Object.entries(entries).filter(([, file]) => existsSync(path.join(root, file))),
  );
  if (Object.keys(present).length === 0) return [];
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(present).map(([name, file]) => [name, path.join(root, file)]),
    ),
    outdir: path.join(dist, "node"),
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    charset: "utf8",
  });
  return Object.keys(present);
}

await mkdir(dist, { recursive: true });
const gas = await buildAppsScript();
await buildDialogs();
await buildTemplates();
const node = await buildNode();
if (!process.argv.includes("--quiet")) {
  console.log(
    `build: dist/Code.js ${(gas.bytes / 1024).toFixed(0)} KiB, ${gas.formulas} formulas, ${gas.entryPoints} entry points; node: ${node.join(", ") || "none"}`,
  );
}
