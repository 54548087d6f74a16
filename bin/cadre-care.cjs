#!/usr/bin/env node
// The `cadre-care` command: runs the CLI built by `npm run build` (run on `npm install`).
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "node", "cli.cjs");
if (!fs.existsSync(cli)) {
  console.error("错误：尚未构建命令行程序，请先在项目目录运行 npm install 或 npm run build");
  process.exit(2);
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
