/** The Redis backend of the registry: durable, shared by every Router and Lavanode. */
import type { RedisClient as Redis } from "./redis-client";
import { createRedisClient } from "./redis-url";
import { createRegistryKeys } from "./keys";
import { RedisEventBus } from "./redis-event-bus";
import { RedisLeaseStore } from "./redis-lease-store";
import { RedisNodeStore } from "./redis-node-store";
import { RedisPlayerStore } from "./redis-player-store";
import { RedisQueueStore } from "./redis-queue-store";
import { RedisVoiceHalfStore } from "./redis-voice-half-store";
import { RedisLavalinkSessionStore } from "./redis-lavalink-session-store";
import { RedisEventLogStore } from "./redis-event-log-store";
import { defineScripts } from "./redis-scripts";
import type { Registry, RegistryOptions } from "./registry";

/** Options of RedisRegistry: a URL (the registry owns the connection) or an existing client (borrowed). */
export interface RedisRegistryOptions extends RegistryOptions {
  /** redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster:// URL (see redis-url.ts); the registry connects and closes the connection itself. */
  url?: string;
  /** An existing client (one server or a Cluster); the registry defines its scripts on it but never closes it. */
  redis?: Redis;
  /** Prefix of every key and channel (default "pyro:"); must not contain braces or glob characters. */
  keyPrefix?: string;
  /** Bot whose players this registry holds; absent: the cluster's default bot (keys without a bot, see keys.ts). */
  botUserId?: string;
}

/**
 * Registry on Redis (standalone or Cluster-compatible key layout). Lua scripts (EVALSHA) make every
 * read-modify-write atomic. The pub/sub subscriber connection is opened on first subscribe.
 * Throws InvalidArgumentError for a bad key prefix, TypeError if neither `url` nor `redis` is given.
 */
export class RedisRegistry implements Registry {
  readonly players: RedisPlayerStore;
  readonly nodes: RedisNodeStore;
  readonly leases: RedisLeaseStore;
  readonly events: RedisEventBus;
  readonly queues: RedisQueueStore;
  readonly voiceHalves: RedisVoiceHalfStore;
  readonly lavalinkSessions: RedisLavalinkSessionStore;
  readonly eventLog: RedisEventLogStore;
  private readonly redis: Redis;
  private readonly ownsClient: boolean;

  constructor(opts: RedisRegistryOptions) {
    const keys = createRegistryKeys(opts.keyPrefix, opts.botUserId);
    if (!opts.redis && !opts.url) throw new TypeError("RedisRegistry needs `url` or `redis`");
    this.ownsClient = !opts.redis;
    this.redis = opts.redis ?? createRedisClient(opts.url!, { enableAutoPipelining: true, lazyConnect: false });
    // ioredis reconnects by itself; without a listener its connection errors would be "unhandled".
    if (!opts.redis) this.redis.on("error", (err: unknown) => (opts.onError ?? (() => undefined))(err));
    defineScripts(this.redis);
    const now = opts.now ?? Date.now;
    const onError = opts.onError ?? (() => undefined);
    this.players = new RedisPlayerStore(this.redis, keys, now, onError);
    this.nodes = new RedisNodeStore(this.redis, keys, now);
    this.leases = new RedisLeaseStore(this.redis, keys);
    this.events = new RedisEventBus(this.redis, keys, now, onError);
    this.queues = new RedisQueueStore(this.redis, keys, opts.maxQueueLength ?? 10_000, opts.historyLimit ?? 50);
    this.voiceHalves = new RedisVoiceHalfStore(this.redis, keys);
    this.lavalinkSessions = new RedisLavalinkSessionStore(this.redis, keys);
    this.eventLog = new RedisEventLogStore(this.redis, keys, now, opts.eventLog);
  }

  async close(): Promise<void> {
    await this.events.close();
    if (!this.ownsClient) return;
    // QUIT needs a live connection; a client still (re)connecting is just dropped.
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
