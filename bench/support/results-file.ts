/** Writes a benchmark's JSON results to bench/results/<name>.json with the run's context. */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

/** Directory of result files. */
export const RESULTS_DIR = join(__dirname, "..", "results");

/**
 * Writes `{benchmark, at, command, node, cpus, cpuModel, ...body}` as pretty JSON (bigints as
 * strings) and returns the file path.
 */
export function writeResults(name: string, body: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const doc = {
    benchmark: name, at: new Date().toISOString(),
    command: `node -r @swc-node/register bench/${name}.ts ${process.argv.slice(2).join(" ")}`.trim(),
    node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, ...body,
  };
  writeFileSync(file, `${JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
  return file;
}
