#!/usr/bin/env node
/**
 * `npm run build`: compiles the services, the TypeScript client, the generated stubs and the
 * Lavalink emulator (standalone mode starts it) to JavaScript with `tsconfig.build.json`, and copies
 * the descriptor set the gRPC reflection service serves next to the compiled stubs.
 *
 *   node scripts/build.js [--out-dir DIR]      (default dist/; DIR must lie inside the repository,
 *                                               so the output resolves node_modules from it)
 *
 * Needs `make gen` first. Exits with tsc's status when compilation fails.
 */
const { spawnSync } = require("node:child_process");
const { copyFileSync, existsSync, mkdirSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = join(__dirname, "..");
const i = process.argv.indexOf("--out-dir");
const outDir = resolve(root, i >= 0 ? process.argv[i + 1] : "dist");
const descriptor = join(root, "gen", "descriptor.binpb");
if (!existsSync(descriptor)) {
  process.stderr.write(`${descriptor} is missing: run \`make gen\` first\n`);
  process.exit(1);
}
const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json"),
  "--outDir", outDir, "--tsBuildInfoFile", join(outDir, ".tsbuildinfo")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(join(outDir, "gen"), { recursive: true });
copyFileSync(descriptor, join(outDir, "gen", "descriptor.binpb"));
