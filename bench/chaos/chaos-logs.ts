/**
 * Writes the log lines of every Lavanode and Router a chaos run started (every incarnation of each
 * slot) to `<dir>/<slot>.log`, each line prefixed with its time relative to the run's start, so a
 * long double-play window can be read against the fault timeline the run printed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChaosCluster } from "./chaos-cluster";

function relative(line: string, t0: number): string {
  try {
    const rec = JSON.parse(line) as { time?: string };
    if (typeof rec.time === "string") return `+${((Date.parse(rec.time) - t0) / 1000).toFixed(2)}s ${line}`;
  } catch {
    /* not a JSON line: kept as it is */
  }
  return line;
}

/** Writes one file per Lavanode and Router slot into `dir` (created when missing). */
export function writeChaosLogs(dir: string, cluster: ChaosCluster, t0: number): void {
  mkdirSync(dir, { recursive: true });
  for (const slot of [...cluster.lavanodes, ...cluster.routers]) {
    const lines = slot.history.flatMap((p, i) => [`--- incarnation ${i + 1} ---`, ...p.logs.map((l) => relative(l, t0))]);
    writeFileSync(join(dir, `${slot.name.replace(/\s+/g, "-")}.log`), lines.join("\n") + "\n");
  }
}
