/**
 * The Redis connection every Redis store takes: one server (also through Sentinel) or a Redis
 * Cluster. Both expose the same command API; the few places that behave differently on a cluster
 * (listing every player, pub/sub) check `isCluster`.
 */
import type Redis from "ioredis";
import type { Cluster } from "ioredis";

/** A single-server client or a cluster client. */
export type RedisClient = Redis | Cluster;

/** Whether `redis` is a cluster client (narrows the type). */
export function isClusterClient(redis: RedisClient): redis is Cluster {
  return redis.isCluster;
}
