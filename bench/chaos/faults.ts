/**
 * The seeded fault schedule: one fault at a time (kill -9 / SIGSTOP / restart of an emulator, a
 * Lavanode or a Router; a Lavanode SIGSTOP longer than the lease TTL; a Redis restart or stall;
 * injected Lavalink REST failures during a move or a drain; a corrupt player record written and
 * later deleted), held for a random time, healed, then a random pause. At most one component is
 * down at once, so the cluster always keeps capacity.
 */
import Redis from "ioredis";
import { delay } from "../../services/common/src/abort";
import { createRegistryKeys } from "../../services/common/src/registry/keys";
import { voiceFor } from "../../test/support/lavanode-harness";
import { CHAOS_LEASE_TTL_MS, type ChaosCluster } from "./chaos-cluster";
import type { DurableRedis } from "./durable-redis";
import type { Rng } from "./rng";

/** Kinds of fault, with their weight in the schedule. */
export const FAULT_KINDS = {
  "emulator kill -9": 3,
  "lavanode kill -9": 3,
  "lavanode SIGSTOP": 2,
  "lavanode SIGSTOP > TTL": 2,
  "router kill -9": 2,
  "redis restart": 1,
  "redis SIGSTOP": 1,
  "REST failure during a move": 2,
  "REST failure during a drain": 1,
  "corrupt record": 1,
} as const;

/** What the schedule needs besides the processes. */
export interface FaultContext {
  /** Guilds of the workload (moved by the move and drain faults). */
  guilds: string[];
  /** Encoded track for the sacrificial players whose records get corrupted. */
  track: string;
}

export type FaultKind = keyof typeof FAULT_KINDS;

function weighted(rng: Rng): FaultKind {
  const entries = Object.entries(FAULT_KINDS) as Array<[FaultKind, number]>;
  let r = rng.next() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[0]![0];
}

/** Runs faults until `signal` aborts; returns how many of each kind were injected. */
export async function runFaults(cluster: ChaosCluster, redis: DurableRedis, rng: Rng, signal: AbortSignal, log: (line: string) => void, ctx: FaultContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const raw = new Redis(redis.url, { maxRetriesPerRequest: 3 });
  raw.on("error", () => undefined);
  const keys = createRegistryKeys(cluster.prefix);
  let sacrificial = 0;
  try {
  while (!signal.aborted) {
    await delay(rng.int(1000, 3000), { signal }).catch(() => undefined);
    if (signal.aborted) break;
    const kind = weighted(rng);
    const i = rng.int(0, cluster.nodeIds.length - 1);
    const hold = rng.int(500, 3500);
    counts[kind] = (counts[kind] ?? 0) + 1;
    log(`fault: ${kind} ${kind.startsWith("router") ? `#${i % cluster.routers.length}` : kind.startsWith("redis") ? "" : cluster.nodeIds[i]} for ${hold} ms`);
    switch (kind) {
      case "emulator kill -9":
        await cluster.emulators[i]!.kill9();
        await delay(hold);
        await cluster.emulators[i]!.start();
        break;
      case "lavanode kill -9":
        await cluster.lavanodes[i]!.kill9();
        await delay(hold);
        await cluster.lavanodes[i]!.start();
        break;
      case "lavanode SIGSTOP": {
        const s = cluster.lavanodes[i]!;
        s.current?.proc.kill("SIGSTOP");
        s.frozen = true;
        await delay(hold);
        s.current?.proc.kill("SIGCONT");
        s.frozen = false;
        break;
      }
      case "router kill -9": {
        const r = cluster.routers[i % cluster.routers.length]!;
        await r.kill9();
        await delay(hold);
        await r.start();
        break;
      }
      case "lavanode SIGSTOP > TTL": {
        const s = cluster.lavanodes[i]!;
        s.current?.proc.kill("SIGSTOP");
        s.frozen = true;
        await delay(CHAOS_LEASE_TTL_MS + hold);
        s.current?.proc.kill("SIGCONT");
        s.frozen = false;
        break;
      }
      case "redis restart":
        await redis.restart();
        break;
      case "redis SIGSTOP":
        redis.pause();
        await delay(hold * 3);
        redis.resume();
        break;
      case "REST failure during a move": {
        const guildId = ctx.guilds[rng.int(0, ctx.guilds.length - 1)]!;
        await cluster.emulators[i]!.current?.control("failNextRest", { count: 1, status: 500 }).catch(() => undefined);
        const r = await cluster.clients[0]!.movePlayer({ guildId, targetNodeId: cluster.nodeIds[i]! }).then(() => "moved", (e: Error) => `refused (${e.message.slice(0, 60)})`);
        log(`  move of ${guildId} to ${cluster.nodeIds[i]}: ${r}`);
        break;
      }
      case "REST failure during a drain": {
        const other = cluster.nodeIds[(i + 1) % cluster.nodeIds.length]!;
        await cluster.emulators[(i + 1) % cluster.nodeIds.length]!.current?.control("failNextRest", { count: 2, status: 500 }).catch(() => undefined);
        await cluster.clients[0]!.drainNode({ nodeId: cluster.nodeIds[i]!, reason: "chaos" }).catch(() => undefined);
        await delay(hold);
        await cluster.clients[0]!.uncordonNode({ nodeId: cluster.nodeIds[i]! }).catch(() => undefined);
        log(`  drain of ${cluster.nodeIds[i]} with failures injected on ${other}: uncordoned`);
        break;
      }
      case "corrupt record": {
        // A sacrificial player (not one the invariants check): corrupted, left for a while, deleted.
        const guildId = String(820000000000000000n + BigInt(sacrificial++));
        await cluster.clients[0]!.updatePlayer({ guildId, track: { $case: "encodedTrack", value: ctx.track }, voice: voiceFor(guildId), noReplace: false }).catch(() => undefined);
        await raw.hset(keys.player(guildId), "state.volume", "{not json").catch(() => undefined);
        await delay(hold * 2);
        await raw.del(keys.player(guildId)).catch(() => undefined);
        break;
      }
    }
  }
  } finally {
    raw.disconnect();
  }
  return counts;
}
