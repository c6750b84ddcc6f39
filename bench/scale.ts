/**
 * Pyro at scale: players placed through 2 Routers on N Lavanodes (one per emulated Lavalink
 * server, each emulator its own process) with Redis as the registry. Measures, in one run:
 *
 *   placement   UpdatePlayer (track + voice) for every player through the Routers, 64 concurrent
 *               callers alternating between Routers: p50/p99 per call and players/s overall;
 *   memory      VmRSS of the Routers and of the Lavanodes (summed per kind) and Redis used_memory,
 *               before and after placement, divided by the players placed;
 *   fan-out     5 WatchEvents subscribers per Router while every player sends Lavalink's periodic
 *               playerUpdate: events/s delivered and latency (see support/event-fanout.ts);
 *   baseline    before Pyro's players exist, the same number of players PATCHed straight to the
 *               same emulators with the same 64 callers, and the latency of their playerUpdates on
 *               the client's own WebSocket; those players are destroyed before Pyro's are created.
 *
 *   node -r @swc-node/register bench/scale.ts [--quick] [--full] [--players N] [--nodes K] [--callers C] [--cpu-prof-dir DIR] [--heap-snapshot-dir DIR]
 *
 * Default: the curve at 1,000 players (3 nodes) and 10,000 (10 nodes), playerUpdate every 5 s
 * (Lavalink's default), each size on a fresh cluster, then one table of both; --full adds 30,000;
 * --quick 1,000 players on 3 nodes (playerUpdate every 2 s); --players N one size. Fan-out is counted over two cycles (one with --quick),
 * the baseline's playerUpdates over one. Writes bench/results/scale.json.
 */
import { cpus } from "node:os";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { guildIds, loadTrack } from "../test/support/players-helpers";
import { voiceFor } from "../test/support/lavanode-harness";
import { waitFor } from "../test/support/wait-for";
import { createCleanup, runBenchmark, type Cleanup } from "./support/cleanup";
import { intOption, isQuick, stringOption } from "./support/cli-options";
import { failures, runConcurrent } from "./support/concurrent-calls";
import { runDirectBaseline } from "./support/direct-baseline";
import { measureFanout } from "./support/event-fanout";
import { msSince, summarize } from "./support/percentiles";
import { cpuSeconds, redisMemory, totalRssKiB } from "./support/process-memory";
import { startPyroCluster, type PyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { writeResults } from "./support/results-file";
import { printTable, type Cell } from "./support/table";
import { formatScaleRows, type ScaleFigures } from "./support/scale-report";
import { redisTraffic, trafficPer } from "./support/redis-traffic";

const ROUTERS = 2;
const SUBSCRIBERS_PER_ROUTER = 5;
const TRACK = "emulator:scale:36000000";

/** Memory of the Pyro processes and Redis at one instant. */
async function memoryNow(cluster: PyroCluster, redisUrl: string): Promise<ScaleFigures["memory"]["before"]> {
  return {
    routerKiB: totalRssKiB(cluster.routers.map((r) => r.proc.pid!)),
    lavanodeKiB: totalRssKiB(cluster.lavanodes.map((l) => l.proc.pid!)),
    redis: await redisMemory(redisUrl),
  };
}

/** Players with a playing track on each emulator (all sessions). */
async function playingPerNode(cluster: PyroCluster): Promise<number[]> {
  const states = await Promise.all(cluster.emulators.map((e) => e.state()));
  return states.map((s) => Object.values(s.players).flat().filter((p) => p.track && !p.paused).length);
}

/** Sends SIGUSR2 to each of `pids` (started with --heapsnapshot-signal) and waits until `dir` holds a finished snapshot of each. */
async function snapshotHeaps(dir: string, pids: number[]): Promise<void> {
  const before = new Set(readdirSync(dir));
  for (const pid of pids) process.kill(pid, "SIGUSR2");
  await waitFor(() => {
    const fresh = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
    return fresh.length >= pids.length && fresh.every((f) => statSync(join(dir, f)).mtimeMs < Date.now() - 2000);
  }, { timeoutMs: 300000, intervalMs: 1000, what: "heap snapshots written" });
}

/** One point of the scaling curve. */
interface CurvePoint {
  players: number;
  pyroPerS: number;
  directPerS: number;
  pyroP99Ms: number;
  directP99Ms: number;
  routerKiB: number;
  lavanodeKiB: number;
  redisBytes: number;
  redisKeys: number;
}

/** The whole measurement at `players` players on a fresh cluster (torn down by `cleanup`). */
async function runAt(players: number, cleanup: Cleanup): Promise<CurvePoint> {
  const started = process.hrtime.bigint();
  const quick = isQuick();
  const nodes = intOption("nodes", players <= 1000 ? 3 : 10);
  const profileDir = stringOption("cpu-prof-dir");
  const heapDir = stringOption("heap-snapshot-dir");
  const CALLERS = intOption("callers", 64);
  const updateIntervalMs = quick ? 2000 : 5000;
  // Whole playerUpdate cycles, so every player counts the same number of times.
  const fanoutWindowMs = quick ? updateIntervalMs : 2 * updateIntervalMs;

  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const cluster = await startPyroCluster({
    redisUrl: redis.url, nodes, routers: ROUTERS,
    emulatorArgs: ["--player-update-interval-ms", String(updateIntervalMs), "--stats-interval-ms", "5000"],
    // Room for an uneven spread: the benchmark measures placement, not the capacity filter.
    lavanodeArgs: ["--capacity", String(2 * Math.ceil(players / nodes))],
    // --cpu-prof-dir DIR: every Router and Lavanode writes a V8 CPU profile there when it stops.
    // --heap-snapshot-dir DIR: one Router and one Lavanode write a heap snapshot there once every player plays.
    nodeArgs: [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...(heapDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${heapDir}`] : [])],
  }, cleanup);
  const startupMs = msSince(started);
  const track = await loadTrack(cluster.clients[0]!, TRACK);

  const direct = await runDirectBaseline(cluster.emulators, guildIds(players, 900000000000000000n), track, CALLERS, updateIntervalMs);

  const before = await memoryNow(cluster, redis.url);
  const trafficBefore = await redisTraffic(redis.url);
  const guilds = guildIds(players, 800000000000000000n);
  const create = await runConcurrent(players, CALLERS, async (i, caller) => {
    await cluster.clients[caller % ROUTERS]!.updatePlayer({ guildId: guilds[i]!, track: { $case: "encodedTrack", value: track }, voice: voiceFor(guilds[i]!), noReplace: false });
  });
  const placed = players - failures(create);
  const perNode = await waitFor(async () => {
    const counts = await playingPerNode(cluster);
    return counts.reduce((a, b) => a + b, 0) === placed ? counts : undefined;
  }, { timeoutMs: 30000, intervalMs: 250, what: `${placed} players playing on the emulators` });
  const after = await memoryNow(cluster, redis.url);
  if (heapDir) await snapshotHeaps(heapDir, [cluster.routers[0]!.proc.pid!, cluster.lavanodes[0]!.proc.pid!]);
  const trafficPlaced = await redisTraffic(redis.url);

  // CPU use during fan-out (includes the warm-up, a few ms): is a Router or the subscribers' process the limit?
  const pids = { routers: cluster.routers.map((r) => r.proc.pid!), lavanodes: cluster.lavanodes.map((l) => l.proc.pid!), subscribers: [process.pid] };
  const cpuBefore = { routers: cpuSeconds(pids.routers), lavanodes: cpuSeconds(pids.lavanodes), subscribers: cpuSeconds(pids.subscribers), at: process.hrtime.bigint() };
  const fanout = await measureFanout(cluster.clients, SUBSCRIBERS_PER_ROUTER, { warmupMs: 2 * updateIntervalMs + 5000, windowMs: fanoutWindowMs });
  const fanoutSeconds = msSince(cpuBefore.at) / 1000;
  // Steady state: every player playing, Lavanodes checkpointing and renewing leases, Routers fanning out.
  const steady = trafficPer(trafficPlaced, await redisTraffic(redis.url), placed * fanoutSeconds);
  const perPlacement = trafficPer(trafficBefore, trafficPlaced, placed);
  const cpuPercent = {
    routers: ((cpuSeconds(pids.routers) - cpuBefore.routers) / fanoutSeconds) * 100,
    lavanodes: ((cpuSeconds(pids.lavanodes) - cpuBefore.lavanodes) / fanoutSeconds) * 100,
    subscribers: ((cpuSeconds(pids.subscribers) - cpuBefore.subscribers) / fanoutSeconds) * 100,
  };

  const figures: ScaleFigures = {
    players, placed, nodes, routers: ROUTERS, callers: CALLERS, updateIntervalMs, startupMs,
    placement: { pyro: create, direct: direct.create, perNode },
    memory: { before, after },
    fanout, fanoutCpuPercent: cpuPercent, directUpdateLatencyMs: direct.updateLatencyMs, directWindowMs: direct.windowMs,
  };
  const rows: Array<Record<string, Cell>> = formatScaleRows(figures);
  process.stdout.write(`\nscale: ${players} players over ${nodes} emulated Lavalink servers (one emulator process and one Lavanode each), ` +
    `${ROUTERS} Routers, Redis; ${CALLERS} callers; ${cpus().length} CPUs; playerUpdate every ${updateIntervalMs} ms\n\n`);
  printTable(rows, { columns: ["figure", "Pyro", "baseline"], digits: 1 });
  process.stdout.write("\nRedis work (INFO stats; steady state = the fan-out phase, every player playing):\n");
  printTable([
    { figure: "commands per placed player", value: perPlacement.commands },
    { figure: "bytes in + out per placed player", value: perPlacement.inputBytes + perPlacement.outputBytes },
    { figure: "commands per playing player per second", value: steady.commands },
    { figure: "bytes in + out per playing player per second", value: steady.inputBytes + steady.outputBytes },
  ], { digits: 3 });
  const file = writeResults("scale", {
    quick, players, placed, nodes, routers: ROUTERS, callers: CALLERS, subscribers: fanout.subscribers, updateIntervalMs, startupMs,
    placement: {
      pyro: { ...summarize(create.samples), wallMs: create.wallMs, playersPerSecond: (create.samples.length / create.wallMs) * 1000, errors: Object.fromEntries(create.errors) },
      direct: { ...summarize(direct.create.samples), wallMs: direct.create.wallMs, playersPerSecond: (direct.create.samples.length / direct.create.wallMs) * 1000, errors: Object.fromEntries(direct.create.errors) },
      playersPerNode: perNode,
    },
    memory: {
      before, after,
      routerKiBPerPlayer: (after.routerKiB - before.routerKiB) / placed,
      lavanodeKiBPerPlayer: (after.lavanodeKiB - before.lavanodeKiB) / placed,
      redisBytesPerPlayer: (after.redis.usedBytes - before.redis.usedBytes) / placed,
      redisKeysPerPlayer: (after.redis.keys - before.redis.keys) / placed,
    },
    fanout: {
      subscribers: fanout.subscribers, windowMs: fanout.windowMs, events: fanout.events, eventsPerSecond: fanout.events / (fanout.windowMs / 1000),
      cpuPercent, perSubscriber: fanout.perSubscriber, byKind: fanout.byKind, errors: fanout.errors,
      endToEndMs: fanout.endToEndMs.length ? summarize(fanout.endToEndMs) : null,
      routerToClientMs: fanout.routerToClientMs.length ? summarize(fanout.routerToClientMs) : null,
      directEndToEndMs: direct.updateLatencyMs.length ? summarize(direct.updateLatencyMs) : null,
      directUpdatesPerSecond: direct.updateLatencyMs.length / (direct.windowMs / 1000),
    },
    redis: { perPlacement, steadyPerPlayerSecond: steady },
    wallSeconds: msSince(started) / 1000,
  });
  process.stdout.write(`\nwall ${(msSince(started) / 1000).toFixed(1)} s (cluster start ${(startupMs / 1000).toFixed(1)} s); wrote ${file}\n`);
  if (placed !== players) throw new Error(`${players - placed} UpdatePlayer calls failed: ${JSON.stringify(Object.fromEntries(create.errors))}`);
  if (fanout.errors.length > 0) throw new Error(`${fanout.errors.length} event streams failed: ${fanout.errors.join("; ")}`);
  const pyro = summarize(create.samples);
  const base = summarize(direct.create.samples);
  return {
    players, pyroPerS: (create.samples.length / create.wallMs) * 1000, directPerS: (direct.create.samples.length / direct.create.wallMs) * 1000,
    pyroP99Ms: pyro.p99, directP99Ms: base.p99,
    routerKiB: (after.routerKiB - before.routerKiB) / placed, lavanodeKiB: (after.lavanodeKiB - before.lavanodeKiB) / placed,
    redisBytes: (after.redis.usedBytes - before.redis.usedBytes) / placed, redisKeys: (after.redis.keys - before.redis.keys) / placed,
  };
}

/**
 * The curve: 1,000 and 10,000 players (and 30,000 with --full), each on a fresh cluster, so the
 * growth of time and memory with the player count is visible; --quick runs 1,000 only and
 * --players N one size.
 */
runBenchmark(async () => {
  const sizes = process.argv.includes("--players") ? [intOption("players", 1000)]
    : isQuick() ? [1000] : process.argv.includes("--full") ? [1000, 10000, 30000] : [1000, 10000];
  const points: CurvePoint[] = [];
  for (const n of sizes) {
    const cleanup = createCleanup();
    try {
      points.push(await runAt(n, cleanup));
    } finally {
      await cleanup.run();
    }
  }
  process.stdout.write("\nscaling curve (per player; placement through 2 Routers vs direct PATCHes of the same run):\n\n");
  printTable(points.map((p) => ({
    players: p.players, "Pyro/s": p.pyroPerS, "direct/s": p.directPerS, "rate ratio": p.pyroPerS / p.directPerS,
    "Pyro p99 ms": p.pyroP99Ms, "direct p99 ms": p.directP99Ms, "p99 ratio": p.pyroP99Ms / Math.max(1e-9, p.directP99Ms),
    "Router KiB": p.routerKiB, "Lavanode KiB": p.lavanodeKiB, "Redis B": p.redisBytes, "Redis keys": p.redisKeys,
    "total KiB": p.routerKiB + p.lavanodeKiB + p.redisBytes / 1024,
  })), { digits: 2 });
  writeResults("scale-curve", { sizes, points });
});
