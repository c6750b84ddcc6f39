/**
 * Cost of the per-guild event log on event delivery: the hub appends every guild event except
 * player updates to the registry's log before a subscriber sees it. Measures hub.fromNode → the
 * subscriber's queue, one event at a time, for logged events (trackEnd) against the baseline of
 * unlogged ones (playerUpdate) measured in the same run, on a real redis-server and on the
 * in-memory registry. Prints p50/p90/p99 in ms and the ratio to the baseline.
 *
 *   node -r @swc-node/register bench/event-log.ts [--quick]
 */
import { RedisRegistry } from "../services/common/src/registry/redis-registry";
import { MemoryRegistry } from "../services/common/src/registry/memory-registry";
import type { Registry } from "../services/common/src/registry/registry";
import { silentLogger } from "../services/common/src/logger";
import { EventHub, type EventBody } from "../services/router/src/events/event-hub";
import { isQuick } from "./support/cli-options";
import { msSince, summarize } from "./support/percentiles";
import { startRedisServer } from "./support/redis-server";
import { printTable } from "./support/table";
import { writeResults } from "./support/results-file";

const N = isQuick() ? 500 : 5000;
const info = { identifier: "x", isSeekable: true, author: "a", lengthMs: 1000n, isStream: false, positionMs: 0n, title: "x", sourceName: "http" };
const body = (kind: "logged" | "baseline", i: number): EventBody => kind === "logged"
  ? { guildId: "1", nodeId: "n", kind: { $case: "trackEnd", value: { track: { encoded: `t${i}`, info, pluginInfo: {}, userData: {} }, reason: 1, mayStartNext: true } } }
  : { guildId: "1", nodeId: "n", kind: { $case: "playerUpdate", value: { guildId: "1", state: { positionMs: BigInt(i), connected: true, pingMs: 1 } } } };

async function measure(registry: Registry, kind: "logged" | "baseline"): Promise<number[]> {
  const hub = new EventHub(registry, silentLogger);
  await hub.start();
  const ac = new AbortController();
  const sub = hub.subscribe({ allGuilds: true, guildIds: new Set(), includeNodeEvents: false, excludePlayerUpdates: false }, ac.signal);
  const it = sub.queue[Symbol.asyncIterator]();
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    hub.fromNode(body(kind, i), 1n);
    await it.next();
    samples.push(msSince(t));
  }
  ac.abort();
  await hub.close();
  return samples;
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const [name, make] of [["redis", () => new RedisRegistry({ url: redis.url, keyPrefix: `bench-${Date.now()}:` })], ["memory", () => new MemoryRegistry()]] as const) {
      const registry = make();
      const base = summarize(await measure(registry, "baseline"));
      const logged = summarize(await measure(registry, "logged"));
      await registry.close();
      rows.push({ registry: name, series: "playerUpdate (not logged, baseline)", p50: base.p50, p90: base.p90, p99: base.p99, ratio: 1 });
      rows.push({ registry: name, series: "trackEnd (logged)", p50: logged.p50, p90: logged.p90, p99: logged.p99, ratio: logged.p50 / base.p50 });
    }
  } finally {
    await redis.stop();
  }
  process.stdout.write(`event delivery, hub.fromNode -> subscriber, ${N} events each (ms)\n`);
  printTable(rows);
  writeResults("event-log", { n: N, rows });
}

void main();
