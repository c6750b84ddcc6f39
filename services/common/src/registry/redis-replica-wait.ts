/**
 * Durability of epoch changes on a Redis Cluster. Replication is asynchronous: a master killed right
 * after acknowledging a write can be replaced by a replica that never saw it. For a player's epoch
 * that would be worse than a lost write: the next claim would hand out the same epoch number again,
 * to a different owner, and fencing would accept both. So after every write that changes an epoch
 * (create, claim) the store sends WAIT to the key's master on the same connection the write used,
 * until at least `replicas` replicas hold it or `timeoutMs` passes. A write no replica confirmed in
 * time still stands (it cannot be undone) and is reported, so operators see a cluster running
 * without healthy replicas. Other writes (checkpoints, queues) are not waited for: what a failover
 * can lose of them is bounded by the replication lag.
 */
import calculateSlot from "cluster-key-slot";
import type { Cluster } from "ioredis";
import { ReplicaWaitError } from "./errors";
import { isClusterClient, type RedisClient } from "./redis-client";

/** Default replica count and timeout of the epoch WAIT. */
export const EPOCH_WAIT = { replicas: 1, timeoutMs: 200 } as const;


function masterOf(cluster: Cluster, key: string) {
  const owner = cluster.slots[calculateSlot(key)]?.[0];
  return cluster.nodes("master").find((n) => `${n.options.host}:${n.options.port}` === owner);
}

/**
 * Waits until the last write to `key` reached `replicas` replicas. A no-op on a single server (it has
 * no replicas to wait for). Resolves with undefined when confirmed, else the ReplicaWaitError to report.
 */
export async function waitForReplicas(redis: RedisClient, key: string, opts: { replicas: number; timeoutMs: number } = EPOCH_WAIT): Promise<ReplicaWaitError | undefined> {
  if (!isClusterClient(redis)) return undefined;
  const master = masterOf(redis, key);
  if (!master) return new ReplicaWaitError(key, 0, opts.replicas);
  const confirmed = Number(await master.call("WAIT", String(opts.replicas), String(opts.timeoutMs)));
  return confirmed >= opts.replicas ? undefined : new ReplicaWaitError(key, confirmed, opts.replicas);
}
