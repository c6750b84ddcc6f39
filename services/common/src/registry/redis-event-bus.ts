/**
 * Pub/sub on Redis. Publishing uses the shared connection; subscribing uses one dedicated connection per
 * bus (a subscribed connection cannot run other commands), created on first use. SUBSCRIBE/UNSUBSCRIBE
 * calls are serialised so a channel's first subscriber and last unsubscriber cannot race.
 *
 * On a Redis Cluster the bus uses sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7): a channel lives in
 * the slot of its name, so a message goes to the one shard that owns it instead of being broadcast
 * over the cluster bus to every node; ioredis moves the subscription when the slot's master changes.
 */
import type { RedisClient as Redis } from "./redis-client";
import { abortReason, throwIfAborted, type AsyncOptions } from "../abort";
import { CorruptRecordError } from "./errors";
import { assertId, invalidArgument } from "./fail";
import { reqJsonValue } from "./json-check";
import type { RegistryKeys } from "./keys";
import type { EventBus, Subscription } from "./registry";
import { withSignal } from "./signal";
import { isClusterClient } from "./redis-client";
import { createSubscription, validateNodeDeath } from "./subscription";
import type { JsonValue, NodeDeath } from "./types";

type Listener = (message: string) => void;

/** EventBus over Redis pub/sub. `close` must be called to end the subscriber connection. */
export class RedisEventBus implements EventBus {
  private sub: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RegistryKeys,
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void,
  ) {}

  async publishNodeDeath(nodeId: string, reason: string, opts: AsyncOptions = {}): Promise<void> {
    assertId(nodeId, "nodeId");
    const death: NodeDeath = { nodeId, reason: String(reason), at: this.now() };
    await withSignal(opts.signal, () => this.send(this.keys.deathChannel, JSON.stringify(death)));
  }

  subscribeNodeDeaths(handler: (death: NodeDeath) => void, opts: AsyncOptions = {}): Promise<Subscription> {
    const channel = this.keys.deathChannel;
    return this.listen(channel, (msg) => validateNodeDeath(JSON.parse(msg), channel), handler, opts);
  }

  async publish(channel: string, payload: JsonValue, opts: AsyncOptions = {}): Promise<void> {
    assertId(channel, "channel");
    const json = JSON.stringify(reqJsonValue(payload, "payload", invalidArgument));
    await withSignal(opts.signal, () => this.send(this.keys.eventChannel(channel), json));
  }

  subscribe(channel: string, handler: (payload: JsonValue) => void, opts: AsyncOptions = {}): Promise<Subscription> {
    assertId(channel, "channel");
    const full = this.keys.eventChannel(channel);
    return this.listen(full, (msg) => JSON.parse(msg) as JsonValue, handler, opts);
  }

  /** Ends the subscriber connection; every subscription stops receiving. */
  async close(): Promise<void> {
    this.listeners.clear();
    const sub = this.sub;
    this.sub = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  private async listen<T>(channel: string, decode: (msg: string) => T, handler: (value: T) => void, opts: AsyncOptions): Promise<Subscription> {
    throwIfAborted(opts.signal);
    const listener: Listener = (msg) => {
      let value: T;
      try {
        value = decode(msg);
      } catch (err) {
        this.onError(err instanceof SyntaxError ? new CorruptRecordError(channel, "message is not valid JSON") : err);
        return;
      }
      try {
        handler(value);
      } catch (err) {
        this.onError(err);
      }
    };
    await this.serial(async () => {
      let set = this.listeners.get(channel);
      if (!set) {
        set = new Set();
        this.listeners.set(channel, set);
        const sub = this.subscriber();
        await (isClusterClient(sub) ? sub.ssubscribe(channel) : sub.subscribe(channel));
      }
      set.add(listener);
    });
    const subscription = createSubscription(
      () =>
        this.serial(async () => {
          const set = this.listeners.get(channel);
          if (!set || !set.delete(listener) || set.size > 0) return;
          this.listeners.delete(channel);
          const sub = this.sub;
          if (sub) await (isClusterClient(sub) ? sub.sunsubscribe(channel) : sub.unsubscribe(channel));
        }),
      opts.signal,
    );
    if (opts.signal?.aborted) {
      await subscription.unsubscribe();
      throw abortReason(opts.signal);
    }
    return subscription;
  }

  private send(channel: string, message: string): Promise<unknown> {
    const redis = this.redis;
    return isClusterClient(redis) ? redis.spublish(channel, message) : redis.publish(channel, message);
  }

  private subscriber(): Redis {
    if (this.sub) return this.sub;
    const redis = this.redis;
    const sub: Redis = isClusterClient(redis) ? redis.duplicate() : redis.duplicate();
    sub.on(isClusterClient(sub) ? "smessage" : "message", (channel: string, message: string) => {
      for (const l of this.listeners.get(channel) ?? []) l(message);
    });
    sub.on("error", (err: unknown) => this.onError(err));
    this.sub = sub;
    return sub;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
