/**
 * `make chaos`: a seeded random schedule of kill -9 / SIGSTOP / restart of emulators, Lavanodes
 * and Routers, Lavanode pauses past the lease TTL, Redis restarts (AOF on) and stalls, REST failures
 * injected during moves and drains, and corrupt records, while a client keeps issuing player
 * commands and queue edits; every timing flag at its default. Double play is sampled from the
 * emulators every 100 ms throughout: a window longer than the lease TTL + 1 s is a violation. At
 * the end every fault is healed and the invariants are checked until they hold or a deadline
 * passes. Prints faults injected, commands issued, the longest double-play window and invariant
 * violations; exits 0 only with zero violations. Loopback only; bounded in time.
 *
 * With `--log-dir DIR`, every Lavanode's and Router's log lines (all incarnations) are written
 * there, with times relative to the run's start, to explain a long window from the timeline.
 *
 *   node -r @swc-node/register bench/chaos.ts [--seed N] [--duration-s S] [--players P] [--log-dir DIR]
 */
import { forEachLimited } from "../services/common/src/for-each-limited";
import { voiceFor } from "../test/support/lavanode-harness";
import { waitFor } from "../test/support/wait-for";
import { createCleanup } from "./support/cleanup";
import { intOption, stringOption } from "./support/cli-options";
import { writeChaosLogs } from "./chaos/chaos-logs";
import { printTable } from "./support/table";
import { writeResults } from "./support/results-file";
import { CHAOS_LEASE_TTL_MS, startChaosCluster } from "./chaos/chaos-cluster";
import { sampleDoublePlay } from "../test/support/double-play";
import { startDurableRedis } from "./chaos/durable-redis";
import { runFaults } from "./chaos/faults";
import { createRng } from "./chaos/rng";
import { runWorkload, type QueueModel, type VolumeModel, type WorkloadStats } from "./chaos/workload";
import { checkInvariants } from "./chaos/invariants";

async function main(): Promise<number> {
  const seed = intOption("seed", 42);
  const durationS = intOption("duration-s", 120);
  const playerCount = intOption("players", 24);
  const logDir = stringOption("log-dir");
  const log = (line: string): void => void process.stdout.write(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
  const t0 = Date.now();
  const cleanup = createCleanup();
  try {
    const redis = await startDurableRedis();
    cleanup.add(() => redis.stop());
    const cluster = await startChaosCluster(redis.url, 3, 2);
    cleanup.add(() => cluster.stopAll());
    log(`cluster up (seed ${seed}, ${durationS} s of faults)`);
    const loaded = await cluster.clients[0]!.loadTracks({ identifier: "emulator:chaos:36000000" });
    if (loaded.result?.result?.$case !== "track") throw new Error("could not load the chaos track");
    const track = loaded.result.result.value.encoded;
    const volumes = new Map<string, VolumeModel>();
    const guilds = Array.from({ length: playerCount }, (_, i) => String(800000000000000000n + BigInt(i)));
    await forEachLimited(guilds, 8, async (g) => {
      await cluster.clients[0]!.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), volume: 100, noReplace: false });
      volumes.set(g, { acked: 100, uncertain: new Set() });
    });
    const queues = new Map<string, QueueModel>(Array.from({ length: 4 }, (_, i) => [String(810000000000000000n + BigInt(i)), { version: 0, markers: [] }]));
    const stats: WorkloadStats = { issued: 0, acked: 0, rejected: 0, uncertain: 0, violations: [] };

    const stop = new AbortController();
    const rng = createRng(seed);
    const workload = runWorkload({ clients: cluster.clients, rng: createRng(seed + 1), signal: stop.signal, track, volumes, queues, stats });
    const sampler = sampleDoublePlay(() => cluster.states());
    const faults = runFaults(cluster, redis, rng, stop.signal, log, { guilds, track });
    setTimeout(() => stop.abort(), durationS * 1000).unref();
    const [counts] = await Promise.all([faults, workload]);
    log("faults over; waiting for the cluster to converge");

    let violations: string[] = [];
    await waitFor(async () => {
      violations = await checkInvariants(cluster, cluster.clients[0]!, volumes, queues);
      return violations.length === 0;
    }, { timeoutMs: 90000, intervalMs: 1000, what: "invariants" }).catch(() => undefined);
    violations.push(...stats.violations);
    const doublePlay = await sampler.stop();
    const boundMs = CHAOS_LEASE_TTL_MS + 1000;
    if (doublePlay.maxWindowMs > boundMs) violations.push(`double play for ${doublePlay.maxWindowMs} ms (guild ${doublePlay.worstGuild}), bound ${boundMs} ms`);
    for (const g of guilds) {
      const p = await cluster.clients[0]!.getPlayer({ guildId: g }).catch(() => undefined);
      if (!p?.player?.player?.track) violations.push(`player ${g}: track lost (registry/owner has none)`);
    }
    log(`double play: longest window ${doublePlay.maxWindowMs} ms (${doublePlay.windows.length} windows, ${doublePlay.samples} samples)`);
    for (const w of doublePlay.details.filter((d) => d.ms > 1000)) {
      log(`  window ${w.ms} ms for guild ${w.guild} on ${w.nodes.join("+")}, opened at +${((w.openedAt - t0) / 1000).toFixed(1)}s`);
    }
    if (logDir) writeChaosLogs(logDir, cluster, t0);

    const faultRows = Object.entries(counts).map(([kind, n]) => ({ fault: kind, injected: n }));
    printTable(faultRows);
    printTable([{ issued: stats.issued, acknowledged: stats.acked, rejected: stats.rejected, uncertain: stats.uncertain, maxDoublePlayMs: doublePlay.maxWindowMs, violations: violations.length }]);
    for (const v of violations.slice(0, 50)) log(`VIOLATION ${v}`);
    const file = writeResults("chaos", { seed, durationS, players: playerCount, faults: counts, commands: stats, maxDoublePlayMs: doublePlay.maxWindowMs, doublePlayWindows: doublePlay.windows.length, violations, elapsedMs: Date.now() - t0 });
    log(`results written to ${file}`);
    return violations.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
