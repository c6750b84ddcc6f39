#!/usr/bin/env node
// Entry point of the `pyro` command. Runs the compiled build (`npm run build`, into dist/) when it
// is present, so a production start compiles nothing; otherwise runs the TypeScript sources through
// swc, so a fresh clone works after `npm ci` and `make gen` with no compile step. A build is not
// rebuilt by itself: after editing the sources run `npm run build` again, or `make clean`.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const built = join(__dirname, "..", "dist", "services", "cli", "main.js");
if (existsSync(built)) {
  require(built);
} else {
  require("@swc-node/register");
  require("../services/cli/main.ts");
}
