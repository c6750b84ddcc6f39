/** Resident memory of processes and of Redis, for per-player memory figures. */
import { readFileSync } from "node:fs";
import Redis from "ioredis";

/** VmRSS of `pid` in KiB, from /proc/<pid>/status (Linux). @throws when the process or the field is missing. */
export function rssKiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb);
}

/** Sum of `rssKiB` over `pids`. @throws like `rssKiB`. */
export function totalRssKiB(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + rssKiB(pid), 0);
}

/** Redis memory figures: INFO memory `used_memory` (bytes) and DBSIZE. */
export interface RedisMemory {
  usedBytes: number;
  keys: number;
}

/**
 * Reads `used_memory` and the key count of the Redis at `url` on a short-lived connection.
 * @throws when Redis does not answer or INFO lacks the field.
 */
export async function redisMemory(url: string): Promise<RedisMemory> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info("memory");
    const used = /^used_memory:(\d+)/m.exec(info)?.[1];
    if (used === undefined) throw new Error("INFO memory has no used_memory");
    return { usedBytes: Number(used), keys: await redis.dbsize() };
  } finally {
    redis.disconnect();
  }
}
