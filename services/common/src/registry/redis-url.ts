/**
 * Redis connection URLs the registry accepts:
 * - `redis://[[user]:password@]host:port[/db]` and `rediss://…` (TLS): one server;
 * - `redis-sentinel://[[user]:password@]host:port[,host:port…]/<master name>[?db=N]`: ask the
 *   listed Sentinels for the current master and follow it through failovers. The password is the
 *   master's (Sentinels themselves are assumed to need none).
 * - `redis-cluster://[[user]:password@]host:port[,host:port…]` and `rediss-cluster://…` (TLS): a
 *   Redis Cluster reached through the listed seed nodes (any subset of the cluster's nodes).
 * Parsed once at configuration time, so a bad URL is a configuration error, not a runtime one.
 */
import Redis, { Cluster, type RedisOptions } from "ioredis";
import type { RedisClient } from "./redis-client";

/** host:port of one server. */
export interface RedisHostPort {
  host: string;
  port: number;
}

/** Where the registry connects. */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "sentinel"; sentinels: RedisHostPort[]; masterName: string; username?: string; password?: string; db: number }
  | { kind: "cluster"; seeds: RedisHostPort[]; tls: boolean; username?: string; password?: string };

const CLUSTER_SCHEMES = { "redis-cluster://": false, "rediss-cluster://": true } as const;

/** Splits `[auth@]h1:p1,h2:p2` into credentials and addresses; `what` names the addresses in errors. */
function parseAuthority(authority: string, what: string): { hosts: RedisHostPort[]; username?: string; password?: string } {
  const at = authority.lastIndexOf("@");
  const auth = at >= 0 ? authority.slice(0, at) : "";
  const list = at >= 0 ? authority.slice(at + 1) : authority;
  const hosts = list.split(",").map((h) => {
    const m = /^([^:,\s/?#]+):(\d{1,5})$/.exec(h.trim());
    if (!m || Number(m[2]) > 65535 || Number(m[2]) === 0) throw new Error(`${what} address "${h}" must be host:port`);
    return { host: m[1]!, port: Number(m[2]) };
  });
  const colon = auth.indexOf(":");
  const username = colon >= 0 ? decodeURIComponent(auth.slice(0, colon)) : auth ? decodeURIComponent(auth) : undefined;
  const password = colon >= 0 ? decodeURIComponent(auth.slice(colon + 1)) : undefined;
  return { hosts, ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function parseCluster(rest: string, tls: boolean): RedisTarget {
  const [authority = "", tail] = rest.split(/(?=[/?#])/, 2);
  if (tail !== undefined && tail !== "/") throw new Error("redis-cluster:// URLs take no path or query (a cluster has only db 0)");
  if (authority === "" || authority.endsWith("@")) throw new Error("redis-cluster:// URLs need at least one seed node, e.g. redis-cluster://h1:7000,h2:7001");
  const { hosts, ...auth } = parseAuthority(authority, "seed node");
  return { kind: "cluster", seeds: hosts, tls, ...auth };
}

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
  for (const [scheme, tls] of Object.entries(CLUSTER_SCHEMES)) if (raw.startsWith(scheme)) return parseCluster(raw.slice(scheme.length), tls);
  if (!raw.startsWith("redis-sentinel://")) throw new Error("must start with redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://");
  const rest = raw.slice("redis-sentinel://".length);
  const slash = rest.indexOf("/");
  if (slash < 0) throw new Error("redis-sentinel:// URLs need the master name as the path, e.g. redis-sentinel://h1:26379,h2:26379/mymaster");
  const [path, query = ""] = rest.slice(slash + 1).split("?", 2) as [string, string?];
  const { hosts, ...auth } = parseAuthority(rest.slice(0, slash), "sentinel");
  const masterName = decodeURIComponent(path);
  if (masterName === "") throw new Error("the master name (URL path) must not be empty");
  const db = new URLSearchParams(query).get("db");
  if (db !== null && !/^\d{1,2}$/.test(db)) throw new Error("db must be a small non-negative integer");
  return { kind: "sentinel", sentinels: hosts, masterName, ...auth, db: db === null ? 0 : Number(db) };
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

/**
 * Opens a client for `raw` with `options` (auto-pipelining and the like). A cluster URL gives an
 * ioredis `Cluster` with sharded subscribers enabled (the event bus uses SSUBSCRIBE there).
 */
export function createRedisClient(raw: string, options: RedisOptions = {}): RedisClient {
  const target = parseRedisUrl(raw);
  if (target.kind === "single") return new Redis(target.url, options);
  const auth = { ...(target.username ? { username: target.username } : {}), ...(target.password ? { password: target.password } : {}) };
  if (target.kind === "cluster") {
    const { lazyConnect, enableAutoPipelining, ...nodeOptions } = options;
    return new Cluster(target.seeds, {
      lazyConnect,
      enableAutoPipelining,
      shardedSubscribers: true,
      redisOptions: { ...nodeOptions, ...auth, ...(target.tls ? { tls: {} } : {}) },
      // A promoted replica is found through MOVED replies and the periodic slots refresh.
      slotsRefreshInterval: 1000,
    });
  }
  return new Redis({ ...options, sentinels: target.sentinels, name: target.masterName, db: target.db, ...auth });
}
