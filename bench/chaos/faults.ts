/**
 * The seeded fault schedule: one fault at a time (kill -9 / SIGSTOP / restart of an emulator, a
 * Lavanode or a Router, or a Redis restart), held for a random time, healed, then a random pause.
 * At most one component is down at once, so the cluster always keeps capacity.
 */
import { delay } from "../../services/common/src/abort";
import type { ChaosCluster } from "./chaos-cluster";
import type { DurableRedis } from "./durable-redis";
import type { Rng } from "./rng";

/** Kinds of fault, with their weight in the schedule. */
export const FAULT_KINDS = {
  "emulator kill -9": 3,
  "lavanode kill -9": 3,
  "lavanode SIGSTOP": 2,
  "router kill -9": 2,
  "redis restart": 1,
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

function weighted(rng: Rng): FaultKind {
  const entries = Object.entries(FAULT_KINDS) as Array<[FaultKind, number]>;
  let r = rng.next() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[0]![0];
}

/** Runs faults until `signal` aborts; returns how many of each kind were injected. */
export async function runFaults(cluster: ChaosCluster, redis: DurableRedis, rng: Rng, signal: AbortSignal, log: (line: string) => void): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
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
      case "redis restart":
        await redis.restart();
        break;
    }
  }
  return counts;
}
