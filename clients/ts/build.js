// Builds the package into dist/ (JS + .d.ts), self-contained: the client's src/, the generated code
// (gen/, from `make gen`) and the one shared file it imports from services/common (the list of
// retryable codes) are staged in build/ in the repository's own layout, so every relative import
// resolves unchanged, and compiled with the root TypeScript.
const { cpSync, rmSync, existsSync, mkdirSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const here = __dirname;
const repo = path.join(here, "..", "..");
const stage = path.join(here, "build");
const gen = path.join(here, "gen");
/** Files outside clients/ts that src/ imports (repository-relative); each must import only npm packages. */
const SHARED = ["services/common/src/grpc/retryable-codes.ts"];

if (!existsSync(path.join(gen, "pyro"))) throw new Error("generated code missing: run `make gen` at the repository root first");
for (const d of [stage, path.join(here, "dist")]) rmSync(d, { recursive: true, force: true });
cpSync(path.join(here, "src"), path.join(stage, "clients/ts/src"), { recursive: true });
cpSync(gen, path.join(stage, "clients/ts/gen"), { recursive: true, dereference: true });
for (const f of SHARED) {
  mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
  cpSync(path.join(repo, f), path.join(stage, f));
}
const tsc = require.resolve("typescript/bin/tsc", { paths: [here, repo] });
execFileSync(process.execPath, [tsc, "-p", path.join(here, "tsconfig.build.json")], { stdio: "inherit" });
rmSync(stage, { recursive: true, force: true });
