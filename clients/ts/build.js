// Builds the package: copies src/ and the generated code (gen/, from `make gen`) into build/,
// compiles them to dist/ (JS + .d.ts) with the root TypeScript, so dist/ is self-contained.
const { cpSync, rmSync, existsSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const here = __dirname;
const gen = path.join(here, "gen");
if (!existsSync(path.join(gen, "pyro"))) throw new Error("generated code missing: run `make gen` at the repository root first");
for (const d of ["build", "dist"]) rmSync(path.join(here, d), { recursive: true, force: true });
cpSync(path.join(here, "src"), path.join(here, "build", "src"), { recursive: true });
cpSync(gen, path.join(here, "build", "gen"), { recursive: true, dereference: true });
const tsc = require.resolve("typescript/bin/tsc", { paths: [here, path.join(here, "..", "..")] });
execFileSync(process.execPath, [tsc, "-p", path.join(here, "tsconfig.build.json")], { stdio: "inherit" });
rmSync(path.join(here, "build"), { recursive: true, force: true });
