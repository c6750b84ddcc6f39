/**
 * Fans events out to subscribers (WatchEvents and Session streams). Two sources:
 * - Lavalink events, player updates and stats arrive on this Router's own stream to every
 *   Lavanode, so every Router replica sees them without a broker;
 * - Pyro events (placed, moved, destroyed, node up/down/draining, queue) are published on the
 *   registry's event bus, so a subscriber on any replica sees those made by any other.
 * Output of a superseded owner (an epoch older than the newest one seen for the guild) is dropped.
 * Each subscriber has a bounded queue: a subscriber that falls too far behind is disconnected
 * with RESOURCE_EXHAUSTED instead of growing memory.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { Subscription } from "../../../common/src/registry/registry";
import type { JsonValue } from "../../../common/src/registry/types";
import { createAsyncQueue, type AsyncQueue } from "../../../common/src/async-queue";
import { Event } from "../../../../gen/ts/pyro/router/v1/event";

/** Channel on the registry bus carrying Pyro events as proto JSON. */
export const EVENTS_CHANNEL = "router-events";

/** What a subscriber wants: every guild, or the guilds in `guildIds`. */
export interface SubscriberFilter {
  allGuilds: boolean;
  guildIds: Set<string>;
  includeNodeEvents: boolean;
  excludePlayerUpdates: boolean;
}

/** A subscription: mutable filter plus the queue its stream drains. */
export interface EventSubscriber {
  filter: SubscriberFilter;
  queue: AsyncQueue<Event>;
  close(): void;
}

type EventBody = Omit<Event, "sequence" | "timestamp">;

const NODE_KINDS = new Set(["nodeStats", "nodeUp", "nodeDown", "nodeDraining"]);

/** The hub. */
export class EventHub {
  private readonly subscribers = new Set<EventSubscriber & { sequence: bigint }>();
  private readonly epochs = new Map<string, bigint>();
  private readonly taps = new Set<(event: Event) => void>();
  private busSubscription: Subscription | undefined;

  constructor(private readonly registry: Registry, private readonly logger: Logger, private readonly maxQueue = 10000) {}

  /** Subscribes to the registry bus. */
  async start(): Promise<void> {
    this.busSubscription = await this.registry.events.subscribe(EVENTS_CHANNEL, (payload) => {
      try {
        this.deliver(Event.fromJSON(payload));
      } catch (err) {
        this.logger.warn("invalid event on the bus", { err: (err as Error).message });
      }
    });
  }

  /** Publishes a Pyro event to every Router (this one included, through the bus). */
  async publish(body: EventBody): Promise<void> {
    const event: Event = { ...body, sequence: 0n, timestamp: new Date() };
    await this.registry.events.publish(EVENTS_CHANNEL, Event.toJSON(event) as JsonValue);
  }

  /** Delivers an event received from a Lavanode link. `epoch` is the epoch that node holds (0 = node-scoped). */
  fromNode(body: EventBody, epoch: bigint): void {
    if (body.guildId && epoch > 0n) {
      const newest = this.epochs.get(body.guildId) ?? 0n;
      if (epoch < newest) return;
      if (epoch > newest) this.epochs.set(body.guildId, epoch);
    }
    this.deliver({ ...body, sequence: 0n, timestamp: new Date() });
  }

  /** Records the newest epoch of a guild (after a placement or move), so older owners' output is dropped. */
  noteEpoch(guildId: string, epoch: number): void {
    const e = BigInt(epoch);
    if ((this.epochs.get(guildId) ?? 0n) < e) this.epochs.set(guildId, e);
  }

  /**
   * Calls `fn` for every event this Router delivers (Lavalink events from its own links and Pyro
   * events from the bus), before subscriber filtering. For in-process consumers such as the
   * queue's auto-advance. Returns a function that removes the tap.
   */
  tap(fn: (event: Event) => void): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  private deliver(event: Event): void {
    for (const fn of this.taps) {
      try {
        fn(event);
      } catch (err) {
        this.logger.warn("event tap failed", { err: (err as Error).message });
      }
    }
    const kind = event.kind?.$case;
    if (kind === "playerPlaced" || kind === "playerMoved") this.noteEpoch(event.guildId, Number(event.kind!.value.epoch));
    if (kind === "playerDestroyed") this.epochs.delete(event.guildId);
    for (const sub of this.subscribers) {
      const f = sub.filter;
      if (kind !== undefined && NODE_KINDS.has(kind)) {
        if (!f.includeNodeEvents) continue;
      } else {
        if (!f.allGuilds && !f.guildIds.has(event.guildId)) continue;
        if (kind === "playerUpdate" && f.excludePlayerUpdates) continue;
      }
      sub.sequence += 1n;
      sub.queue.push({ ...event, sequence: sub.sequence });
    }
  }

  /** Adds a subscriber; its queue closes when `signal` aborts or `close` is called. */
  subscribe(filter: SubscriberFilter, signal: AbortSignal): EventSubscriber {
    const queue = createAsyncQueue<Event>({ maxSize: this.maxQueue, signal });
    const sub = { filter, queue, sequence: 0n, close: () => { queue.close(); this.subscribers.delete(sub); } };
    this.subscribers.add(sub);
    signal.addEventListener("abort", () => this.subscribers.delete(sub), { once: true });
    return sub;
  }

  /** Number of open subscriptions (a metric). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async close(): Promise<void> {
    await this.busSubscription?.unsubscribe();
    for (const s of this.subscribers) s.close();
  }
}
