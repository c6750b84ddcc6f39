/**
 * Redis connection URLs the registry accepts:
 * - `redis://[[user]:password@]host:port[/db]` and `rediss://…` (TLS): one server;
 * - `redis-sentinel://[[user]:password@]host:port[,host:port…]/<master name>[?db=N]`: ask the
 *   listed Sentinels for the current master and follow it through failovers. The password is the
 *   master's (Sentinels themselves are assumed to need none).
 * Parsed once at configuration time, so a bad URL is a configuration error, not a runtime one.
 */
import Redis, { type RedisOptions } from "ioredis";

/** Where the registry connects. */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "sentinel"; sentinels: Array<{ host: string; port: number }>; masterName: string; username?: string; password?: string; db: number };

/**
 * Parses a registry URL.
 * @throws Error naming what is wrong (the password is never included).
 */
export function parseRedisUrl(raw: string): RedisTarget {
  if (raw.startsWith("redis://") || raw.startsWith("rediss://")) {
    try {
      new URL(raw);
    } catch {
      throw new Error("is not a valid redis:// URL");
    }
    return { kind: "single", url: raw };
  }
  if (!raw.startsWith("redis-sentinel://")) throw new Error("must start with redis://, rediss:// or redis-sentinel://");
  const rest = raw.slice("redis-sentinel://".length);
  const slash = rest.indexOf("/");
  if (slash < 0) throw new Error("redis-sentinel:// URLs need the master name as the path, e.g. redis-sentinel://h1:26379,h2:26379/mymaster");
  const authority = rest.slice(0, slash);
  const [path, query = ""] = rest.slice(slash + 1).split("?", 2) as [string, string?];
  const at = authority.lastIndexOf("@");
  const auth = at >= 0 ? authority.slice(0, at) : "";
  const hosts = at >= 0 ? authority.slice(at + 1) : authority;
  const sentinels = hosts.split(",").map((h) => {
    const m = /^([^:,\s]+):(\d{1,5})$/.exec(h.trim());
    if (!m || Number(m[2]) > 65535) throw new Error(`sentinel address "${h}" must be host:port`);
    return { host: m[1]!, port: Number(m[2]) };
  });
  const masterName = decodeURIComponent(path);
  if (masterName === "") throw new Error("the master name (URL path) must not be empty");
  const db = new URLSearchParams(query).get("db");
  if (db !== null && !/^\d{1,2}$/.test(db)) throw new Error("db must be a small non-negative integer");
  const colon = auth.indexOf(":");
  const username = colon >= 0 ? decodeURIComponent(auth.slice(0, colon)) : auth ? decodeURIComponent(auth) : undefined;
  const password = colon >= 0 ? decodeURIComponent(auth.slice(colon + 1)) : undefined;
  return { kind: "sentinel", sentinels, masterName, ...(username ? { username } : {}), ...(password ? { password } : {}), db: db === null ? 0 : Number(db) };
}

/** Config-time check: undefined when `raw` is valid, else the problem (for the flags parser). */
export function redisUrlProblem(raw: string): string | undefined {
  try {
    parseRedisUrl(raw);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Opens a client for `raw` with `options` (auto-pipelining and the like). */
export function createRedisClient(raw: string, options: RedisOptions = {}): Redis {
  const target = parseRedisUrl(raw);
  if (target.kind === "single") return new Redis(target.url, options);
  return new Redis({
    ...options,
    sentinels: target.sentinels,
    name: target.masterName,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
  });
}
