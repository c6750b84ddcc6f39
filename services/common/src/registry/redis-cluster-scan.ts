/**
 * SCAN across a Redis Cluster, one shard (master) after another: the cluster-wide listing of every
 * player. The cursor is one decimal integer so it stays as opaque as a plain SCAN cursor: the high
 * bits carry the lowest hash slot of the shard being scanned, the low 64 bits that shard's own SCAN
 * cursor. A shard is named by its lowest slot rather than its address, so a listing survives a
 * failover: the promoted replica serves the same slots. If the topology changed under a cursor (a
 * resharding), the scan restarts at the next shard from that slot, which may repeat keys (SCAN's
 * own contract allows duplicates) but never skips a shard.
 */
import type { Cluster } from "ioredis";
import type Redis from "ioredis";

const LOW_BITS = 64n;
const LOW_MASK = (1n << LOW_BITS) - 1n;

/** One shard: its lowest slot and the connection to its master. */
interface Shard {
  minSlot: number;
  master: Redis;
}

/** The cluster's shards ordered by lowest slot, from ioredis's current slot table. */
function shardsOf(cluster: Cluster): Shard[] {
  const byKey = new Map<string, Redis>();
  for (const node of cluster.nodes("master")) byKey.set(`${node.options.host}:${node.options.port}`, node);
  const minSlot = new Map<string, number>();
  cluster.slots.forEach((owners, slot) => {
    const key = owners?.[0];
    if (key !== undefined && !minSlot.has(key)) minSlot.set(key, slot);
  });
  const shards: Shard[] = [];
  for (const [key, slot] of minSlot) {
    const master = byKey.get(key);
    if (master) shards.push({ minSlot: slot, master });
  }
  return shards.sort((a, b) => a.minSlot - b.minSlot);
}

/** Encodes a (shard, shard cursor) position; "0" is the start of the listing. */
export function encodeClusterCursor(minSlot: number, shardCursor: string): string {
  return ((BigInt(minSlot) << LOW_BITS) | BigInt(shardCursor)).toString();
}

/** Decodes a cursor made by `encodeClusterCursor` (any decimal string is accepted). */
export function decodeClusterCursor(cursor: string): { minSlot: number; shardCursor: string } {
  const n = BigInt(cursor);
  return { minSlot: Number(n >> LOW_BITS), shardCursor: (n & LOW_MASK).toString() };
}

/**
 * One SCAN step on the shard the cursor points at. Returns the matched keys and the next cursor,
 * "0" when every shard has been scanned. @throws what the shard's SCAN throws.
 */
export async function scanClusterStep(cluster: Cluster, cursor: string, pattern: string, count: number): Promise<[string, string[]]> {
  const { minSlot, shardCursor } = decodeClusterCursor(cursor);
  const shards = shardsOf(cluster);
  let i = shards.findIndex((s) => s.minSlot >= minSlot);
  if (i < 0) return ["0", []];
  // A cursor for a shard that no longer starts at this slot is meaningless on the new owner.
  const start = shards[i]!.minSlot === minSlot ? shardCursor : "0";
  const [next, keys] = await shards[i]!.master.scan(start, "MATCH", pattern, "COUNT", count);
  if (next !== "0") return [encodeClusterCursor(shards[i]!.minSlot, next), keys];
  i++;
  return [i < shards.length ? encodeClusterCursor(shards[i]!.minSlot, "0") : "0", keys];
}
