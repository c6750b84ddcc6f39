/**
 * What telemetry costs on the hot path. Three identical 1-node clusters run side by side (one
 * emulator, one Lavanode, one Router each, as processes):
 *
 *   off      no --metrics-port, no OTEL_* variables (the default)
 *   metrics  --metrics-port on the Router and the Lavanode (Prometheus endpoint, process metrics)
 *   tracing  metrics plus OTLP/HTTP trace export of every span (sampler always on) to a receiver
 *            in this process
 *
 * Each cluster gets the same sequential UpdatePlayer calls (volume changes on a playing player) in
 * alternating blocks, so drift of this shared machine hits all three alike. Prints p50, p99 and
 * mean per configuration and the ratio to `off`, measured in the same run; writes
 * bench/results/telemetry-overhead.json.
 *
 *   node -r @swc-node/register bench/telemetry-overhead.ts [--quick] [--rounds N]
 */
import type { PyroClient } from "../clients/ts/src";
import { voiceFor } from "../test/support/lavanode-harness";
import { loadTrack } from "../test/support/players-helpers";
import { startOtlpReceiver } from "../test/support/otlp-receiver";
import { stablePort } from "../test/support/stable-port";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { msSince, summarize } from "./support/percentiles";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

const EMULATOR_ARGS = ["--player-update-interval-ms", "5000", "--stats-interval-ms", "5000"];
const BLOCK = 50;
const CONFIGS = ["off", "metrics", "tracing"] as const;
type Config = (typeof CONFIGS)[number];

runBenchmark(async (cleanup) => {
  const rounds = intOption("rounds", isQuick() ? 4 : 20);
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const receiver = await startOtlpReceiver();
  cleanup.add(() => receiver.close());
  const metricsArgs = async (): Promise<string[]> => ["--metrics-port", String(await stablePort())];
  const clusters = await Promise.all(CONFIGS.map(async (c) => startPyroCluster({
    redisUrl: redis.url, nodes: 1, routers: 1, emulatorArgs: EMULATOR_ARGS,
    routerArgs: c === "off" ? [] : await metricsArgs(),
    lavanodeArgs: c === "off" ? [] : await metricsArgs(),
    env: c === "tracing" ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_TRACES_SAMPLER: "always_on", OTEL_BSP_SCHEDULE_DELAY: "1000" } : {},
  }, cleanup)));
  const guildId = "740000000000000001";
  const clients = new Map<Config, PyroClient>(CONFIGS.map((c, i) => [c, clusters[i]!.clients[0]!]));
  for (const client of clients.values()) {
    const track = await loadTrack(client, "emulator:telemetry:36000000");
    await client.updatePlayer({ guildId, track: { $case: "encodedTrack", value: track }, voice: voiceFor(guildId), noReplace: false });
  }
  const samples = new Map<Config, number[]>(CONFIGS.map((c) => [c, []]));
  const run = async (c: Config, keep: boolean): Promise<void> => {
    const client = clients.get(c)!;
    for (let k = 0; k < BLOCK; k++) {
      const start = process.hrtime.bigint();
      await client.updatePlayer({ guildId, volume: 50 + (k % 50), noReplace: false });
      if (keep) samples.get(c)!.push(msSince(start));
    }
  };
  for (const c of CONFIGS) await run(c, false); // warm-up
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round so no configuration always runs first.
    for (let i = 0; i < CONFIGS.length; i++) await run(CONFIGS[(i + r) % CONFIGS.length]!, true);
  }
  const base = summarize(samples.get("off")!);
  const rows = CONFIGS.map((c) => {
    const s = summarize(samples.get(c)!);
    return { config: c, n: s.n, "p50 ms": s.p50, "p99 ms": s.p99, "mean ms": s.mean, "p50 / off": s.p50 / base.p50, "mean / off": s.mean / base.mean };
  });
  process.stdout.write(`UpdatePlayer latency, sequential, ${rounds} rounds of ${BLOCK} per configuration; spans received: ${receiver.spans.length}\n\n`);
  printTable(rows);
  const file = writeResults("telemetry-overhead", { rounds, block: BLOCK, spansReceived: receiver.spans.length, rows });
  process.stdout.write(`\nwrote ${file}\n`);
});
