/**
 * Time to listening of `pyro router` and `pyro lavanode`, run from the TypeScript sources (swc
 * compiles every module at start, which is what `bin/pyro.js` did before the build existed) and
 * from the compiled build (`npm run build`, which `bin/pyro.js` now prefers), in the same run.
 * Each start is a fresh process; the two ways alternate; the time is from spawn to the
 * "... listening" log line. Prints the median, min and max of each and the ratio build / source.
 *
 *   node -r @swc-node/register bench/startup.ts [--quick] [--runs N]
 *
 * Starts redis-server and one emulator (the Lavanode's Lavalink). Builds dist/ first when it is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startEmulatorProcess } from "../test/support/emulator-process";
import { BOT_USER_ID } from "../test/support/lavanode-harness";
import { CLUSTER_TOKEN_ARGS } from "../test/support/cluster-token";
import { runBenchmark, type Cleanup } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { msSince, summarize } from "./support/percentiles";
import { startRedisServer } from "./support/redis-server";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

const ROOT = join(__dirname, "..");
const BUILT = join(ROOT, "dist", "services", "cli", "main.js");
type Way = "source" | "build";
const COMMAND: Record<Way, string[]> = {
  source: ["-r", "@swc-node/register", join(ROOT, "services", "cli", "main.ts")],
  build: [BUILT],
};

/** Spawns `pyro <args>` one way, resolves with ms until its "listening" line, then SIGKILLs it. */
function timeToListening(way: Way, args: string[], cleanup: Cleanup): Promise<number> {
  const started = process.hrtime.bigint();
  const proc = spawn(process.execPath, [...COMMAND[way], ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  cleanup.add(() => proc.kill("SIGKILL"));
  return new Promise((resolve, reject) => {
    let buffered = "";
    let listenedMs: number | undefined;
    const onData = (d: Buffer): void => {
      buffered += d.toString();
      if (listenedMs === undefined && /"msg":"[a-z]+ listening"/.test(buffered)) {
        listenedMs = msSince(started);
        proc.kill("SIGKILL");
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code) => {
      if (listenedMs !== undefined) resolve(listenedMs);
      else reject(new Error(`pyro ${args[0]} (${way}) exited with ${code} before listening: ${buffered.slice(-2000)}`));
    });
  });
}

runBenchmark(async (cleanup: Cleanup) => {
  const runs = intOption("runs", isQuick() ? 3 : 9);
  if (!existsSync(BUILT)) {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts", "build.js")], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm run build failed");
  }
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const emulator = await startEmulatorProcess([]);
  cleanup.add(() => emulator.stop("SIGKILL"));
  const services: Record<string, string[]> = {
    router: ["router", "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", redis.url, "--redis-prefix", "startup-bench:", ...CLUSTER_TOKEN_ARGS],
    lavanode: ["lavanode", "--node-id", "startup", "--lavalink", emulator.url, "--lavalink-password", emulator.password, "--user-id", BOT_USER_ID,
      "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", redis.url, "--redis-prefix", "startup-bench:", ...CLUSTER_TOKEN_ARGS],
  };
  const rows: Array<Record<string, string | number>> = [];
  const json: Record<string, unknown> = {};
  for (const [name, args] of Object.entries(services)) {
    const samples: Record<Way, number[]> = { source: [], build: [] };
    for (let i = 0; i < runs; i++) {
      for (const way of (i % 2 === 0 ? ["source", "build"] : ["build", "source"]) as Way[]) samples[way].push(await timeToListening(way, args, cleanup));
    }
    const s = { source: summarize(samples.source), build: summarize(samples.build) };
    rows.push({ service: name, way: "TypeScript via swc", "median ms": s.source.p50, "min ms": s.source.min, "max ms": s.source.max },
      { service: name, way: "compiled build", "median ms": s.build.p50, "min ms": s.build.min, "max ms": s.build.max },
      { service: name, way: "ratio build / swc", "median ms": s.build.p50 / s.source.p50, "min ms": "", "max ms": "" });
    json[name] = { ...s, ratio: s.build.p50 / s.source.p50 };
  }
  process.stdout.write(`\ntime from spawn to "listening", ${runs} starts each way, alternating\n\n`);
  printTable(rows, { columns: ["service", "way", "median ms", "min ms", "max ms"] });
  process.stdout.write(`\nwrote ${writeResults("startup", { runs, unit: "ms", services: json })}\n`);
});
