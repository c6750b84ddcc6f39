/** Resident memory and CPU time of processes, and memory of Redis, for per-player and per-window figures. */
import { readdirSync, readFileSync } from "node:fs";
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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time (user + system) consumed so far by `pids` together, in seconds, from /proc/<pid>/stat.
 * @throws when a process is gone.
 */
export function cpuSeconds(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" of the command name start at field 3 (state); utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return sum + (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  }, 0);
}

/**
 * CPU time consumed so far by `pids` together, in seconds, with ns resolution: the sum over every
 * thread of /proc/<pid>/task/<tid>/schedstat (first field: ns on the CPU). Use it when the interval
 * is too short for the 10 ms ticks of `cpuSeconds` (e.g. a 50-update block). Time of threads that
 * already exited is not counted (Node's threads live as long as the process).
 * @throws when a process is gone.
 */
export function threadCpuSeconds(pids: readonly number[]): number {
  let ns = 0;
  for (const pid of pids) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        /* the thread exited meanwhile */
      }
    }
  }
  return ns / 1e9;
}
