/**
 * Runs every benchmark in bench/ in sequence, each as its own process, passing `--quick` through;
 * prints each one's output as it comes, then a summary with the wall time of each and in total,
 * and writes bench/results/main.json. Exits 1 if any benchmark failed or timed out.
 *
 *   node -r @swc-node/register bench/main.ts [--quick] [--only a,b]      (make bench / make bench-quick)
 *
 * Order: lavanode-latency, router-overhead, failover-compare, emulator-scale, queue-ops, then any
 * other bench/*.ts alphabetically. Not run: main.ts itself and chaos.ts (`make chaos`).
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isQuick, listOption } from "./support/cli-options";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

const FIRST = ["lavanode-latency", "router-overhead", "failover-compare", "emulator-scale", "queue-ops"];
const NOT_HERE = new Set(["main", "chaos"]);
/** A benchmark still running after this long is stopped (SIGTERM, then SIGKILL 5 s later). */
const TIMEOUT_MS = { quick: 120000, full: 900000 };

/** Benchmarks present in bench/, in run order. */
export function benchmarkNames(dir = __dirname): string[] {
  const present = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => f.slice(0, -3)).filter((n) => !NOT_HERE.has(n));
  return [...FIRST.filter((n) => present.includes(n)), ...present.filter((n) => !FIRST.includes(n)).sort()];
}

interface Outcome {
  name: string;
  status: "ok" | "failed" | "timeout";
  exitCode: number | null;
  seconds: number;
}

let current: ReturnType<typeof spawn> | undefined;
let interrupted = false;

function runOne(name: string, args: string[], timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ${args.join(" ")}\n`);
  const child = spawn(process.execPath, ["-r", "@swc-node/register", join(__dirname, `${name}.ts`), ...args], { cwd: join(__dirname, ".."), stdio: "inherit" });
  current = child;
  let timedOut = false;
  let kill: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGTERM");
    kill = setTimeout(() => child.kill("SIGKILL"), 5000);
  }, timeoutMs);
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      clearTimeout(timer);
      clearTimeout(kill);
      current = undefined;
      const seconds = (Date.now() - started) / 1000;
      resolve({ name, status: timedOut ? "timeout" : code === 0 ? "ok" : "failed", exitCode: code, seconds });
    });
  });
}

async function main(): Promise<number> {
  const quick = isQuick();
  const only = listOption("only", []);
  const names = benchmarkNames().filter((n) => only.length === 0 || only.includes(n));
  const args = quick ? ["--quick"] : [];
  const started = Date.now();
  const outcomes: Outcome[] = [];
  for (const name of names) {
    if (interrupted) break;
    outcomes.push(await runOne(name, args, quick ? TIMEOUT_MS.quick : TIMEOUT_MS.full));
  }
  const total = (Date.now() - started) / 1000;
  process.stdout.write(`\n=== summary (${quick ? "--quick" : "full"})\n\n`);
  printTable([...outcomes.map((o) => ({ benchmark: o.name, status: o.status, "wall s": o.seconds })), { benchmark: "total", status: "", "wall s": total }], { digits: 1 });
  const file = writeResults("main", { quick, totalSeconds: total, benchmarks: outcomes });
  process.stdout.write(`\nwrote ${file}\n`);
  return outcomes.every((o) => o.status === "ok") ? 0 : 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // The running benchmark stops its own processes on SIGTERM.
    interrupted = true;
    current?.kill("SIGTERM");
    process.exitCode = 130;
  });
}

main().then((code) => process.exit(process.exitCode ?? code), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
