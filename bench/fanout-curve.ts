/**
 * Event fan-out capacity: Lavalink playerUpdate frames → Lavanode → Router hub → 10 WatchEvents
 * subscribers, at a rising rate, until p99 from the Lavalink frame to the client crosses 100 ms.
 * The frames are injected into the emulator's WebSocket session (its `sendRawFrames` control) for
 * players placed through Pyro, each frame stamped with the time it was built, so the latency is
 * the whole path on this host's clock (ms resolution). The emulator's own periodic playerUpdates
 * are off (interval 1 h) so the offered rate is exactly the injected one.
 *
 *   node -r @swc-node/register bench/fanout-curve.ts [--quick] [--players N] [--window-ms W] [--cpu-prof-dir DIR]
 *
 * Rates are events/s delivered (frames/s × 10 subscribers): 5k, 10k, 20k (the target:
 * 10,000 players every 5 s to 10 subscribers), then +20k per step up to 200k. Prints, per step,
 * the offered and delivered events/s and p50/p99/max latency; writes bench/results/fanout-curve.json.
 */
import { guildIds, loadTrack } from "../test/support/players-helpers";
import { voiceFor } from "../test/support/lavanode-harness";
import { waitFor } from "../test/support/wait-for";
import { runBenchmark, type Cleanup } from "./support/cleanup";
import { intOption, isQuick, stringOption } from "./support/cli-options";
import { measureFanout } from "./support/event-fanout";
import { msSince, summarize } from "./support/percentiles";
import { threadCpuSeconds } from "./support/process-memory";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

const SUBSCRIBERS = 10;
const TRACK = "emulator:fanout:36000000";
const STOP_P99_MS = 100;
/** The injector sends the frames due every this many ms (one control call each). */
const INJECT_EVERY_MS = 10;

/** Offered rates in events/s delivered (all subscribers together). */
function rates(quick: boolean): number[] {
  const steps = [5000, 10000, 20000];
  for (let r = 40000; r <= (quick ? 80000 : 200000); r += 20000) steps.push(r);
  return steps;
}

runBenchmark(async (cleanup: Cleanup) => {
  const quick = isQuick();
  const players = intOption("players", quick ? 200 : 1000);
  const windowMs = intOption("window-ms", quick ? 2000 : 5000);
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const profileDir = stringOption("cpu-prof-dir");
  const nodeArgs = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
  const cluster = await startPyroCluster({ redisUrl: redis.url, nodes: 1, routers: 1, nodeArgs,
    emulatorArgs: ["--player-update-interval-ms", "3600000", "--stats-interval-ms", "60000"] }, cleanup);
  const client = cluster.clients[0]!;
  const emulator = cluster.emulators[0]!;
  const track = await loadTrack(client, TRACK);
  const guilds = guildIds(players, 650000000000000000n);
  for (const g of guilds) await client.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), noReplace: false });
  await waitFor(async () => Object.values((await emulator.state()).players).flat().length === players, { timeoutMs: 30000, what: "every player on the emulator" });

  // Injects `frameRate` playerUpdate frames per second, spread over the guilds, until stopped.
  let frameRate = 0;
  let stopped = false;
  let injectErrors = 0;
  const injector = (async () => {
    let next = 0;
    let owed = 0;
    let last = Date.now();
    while (!stopped) {
      const now = Date.now();
      owed += ((now - last) / 1000) * frameRate;
      last = now;
      const n = Math.min(10000, Math.floor(owed));
      if (n > 0) {
        owed -= n;
        const frames = Array.from({ length: n }, () => {
          const g = guilds[next++ % players]!;
          return `{"op":"playerUpdate","guildId":"${g}","state":{"time":${now},"position":${now % 3600000},"connected":true,"ping":1}}`;
        });
        await emulator.control("sendRawFrames", { frames }).catch(() => injectErrors++);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, INJECT_EVERY_MS - (Date.now() - now))));
    }
  })();
  cleanup.add(async () => {
    stopped = true;
    await injector;
  });

  const rows: Array<Record<string, string | number>> = [];
  const steps: Array<Record<string, unknown>> = [];
  const pids: Record<string, number> = { router: cluster.routers[0]!.proc.pid!, lavanode: cluster.lavanodes[0]!.proc.pid!, emulator: emulator.proc.pid!, "bench (injector + subscribers)": process.pid };
  for (const rate of rates(quick)) {
    frameRate = rate / SUBSCRIBERS;
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, threadCpuSeconds([pid])]));
    const t0 = process.hrtime.bigint();
    const r = await measureFanout([client], SUBSCRIBERS, { warmupMs: 10000, windowMs });
    const wallS = msSince(t0) / 1000;
    const cpuPercent = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, ((threadCpuSeconds([pid]) - cpuBefore[k]!) / wallS) * 100]));
    const delivered = ((r.byKind.playerUpdate ?? 0) / windowMs) * 1000;
    const e2e = r.endToEndMs.length > 0 ? summarize(r.endToEndMs) : undefined;
    const hub = r.routerToClientMs.length > 0 ? summarize(r.routerToClientMs) : undefined;
    rows.push({ "offered events/s": rate, "delivered events/s": Math.round(delivered), "p50 ms": e2e?.p50 ?? "", "p99 ms": e2e?.p99 ?? "", "max ms": e2e?.max ?? "",
      "hub→client p99 ms": hub?.p99 ?? "", ...Object.fromEntries(Object.entries(cpuPercent).map(([k, v]) => [`CPU% ${k}`, Math.round(v)])), "stream errors": r.errors.length });
    steps.push({ offeredPerS: rate, deliveredPerS: delivered, endToEndMs: e2e, routerToClientMs: hub, cpuPercent, errors: r.errors });
    process.stdout.write(`${rate} events/s offered: ${Math.round(delivered)} delivered, p99 ${e2e?.p99 ?? "-"} ms\n`);
    if (!e2e || e2e.p99 > STOP_P99_MS || r.errors.length > 0) break;
  }
  stopped = true;
  await injector;
  // A graceful stop (SIGTERM), so a Router or Lavanode run under --cpu-prof writes its profile.
  await Promise.all([...cluster.routers, ...cluster.lavanodes].map((p) => p.stop("SIGTERM")));
  const sustained = steps.filter((s) => (s.endToEndMs as { p99: number } | undefined)?.p99 !== undefined && (s.endToEndMs as { p99: number }).p99 <= STOP_P99_MS && (s.errors as string[]).length === 0);
  process.stdout.write(`\nplayerUpdate fan-out, Lavalink frame → ${SUBSCRIBERS} WatchEvents subscribers of 1 Router (1 emulator, 1 Lavanode, Redis), ${players} players, ${windowMs} ms per step\n\n`);
  printTable(rows, { digits: 1 });
  const best = sustained.at(-1);
  process.stdout.write(`\nsustained (p99 ≤ ${STOP_P99_MS} ms): ${best ? Math.round(best.deliveredPerS as number) : 0} events/s delivered; injector errors: ${injectErrors}\n`);
  process.stdout.write(`wrote ${writeResults("fanout-curve", { quick, players, windowMs, subscribers: SUBSCRIBERS, stopP99Ms: STOP_P99_MS, steps })}\n`);
});
