/**
 * Fans events out to subscribers (WatchEvents and Session streams). Two sources:
 * - Lavalink events, player updates and stats arrive on this Router's own stream to every
 *   Lavanode, so every Router replica sees them without a broker;
 * - Pyro events (placed, moved, destroyed, node up/down/draining, queue) are published on the
 *   registry's event bus, so a subscriber on any replica sees those made by any other.
 * Output of a superseded owner (an epoch older than the newest one seen for the guild) is dropped.
 * A rebuild's TrackStart is marked `replay` (replay-marker.ts).
 * Guild events other than player updates are appended to the registry's per-guild event log before
 * delivery and carry its `guildSequence`, so a client can resume from any Router (resume.ts).
 * Delivery keeps each guild's order. Each subscriber has a bounded queue: a subscriber that falls
 * too far behind is disconnected with RESOURCE_EXHAUSTED instead of growing memory.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { Subscription } from "../../../common/src/registry/registry";
import type { JsonValue } from "../../../common/src/registry/types";
import { KeyedSerializer } from "../../../common/src/keyed-serializer";
import { createAsyncQueue, type AsyncQueue } from "../../../common/src/async-queue";
import { Event } from "../../../../gen/ts/pyro/router/v1/event";
import { ReplayMarker } from "./replay-marker";
import { EventIdentity } from "./event-identity";
import { readBacklog, type ResumeCursors } from "./resume";
import { deliveryCopy } from "./shared-event-encoding";

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

/** An event as its source gives it; the hub sets sequence, timestamp, replay and guildSequence. */
export type EventBody = Omit<Event, "sequence" | "timestamp" | "replay" | "guildSequence">;

interface Sub extends EventSubscriber {
  sequence: bigint;
  /** While a backlog is read: live events wait here. */
  held: Event[] | undefined;
  /**
   * Per guild: the guildSequences sent from the resume backlog. A live event with one of them is a
   * duplicate. Live events are not compared by order: a bus event (logged by another Router) can
   * carry a lower sequence than a node event already sent, and is still new.
   */
  fromBacklog: Map<string, Set<bigint>>;
}

const NODE_KINDS = new Set(["nodeStats", "nodeUp", "nodeDown", "nodeDraining"]);

/** True for events that go into the guild's event log. */
function logged(event: Pick<Event, "guildId" | "kind">): boolean {
  return event.guildId !== "" && event.kind !== undefined && event.kind.$case !== "playerUpdate" && !NODE_KINDS.has(event.kind.$case);
}

/** The hub. */
export class EventHub {
  private readonly subscribers = new Set<Sub>();
  private readonly epochs = new Map<string, bigint>();
  private readonly taps = new Set<(event: Event) => void>();
  private readonly order = new KeyedSerializer();
  private readonly replays = new ReplayMarker();
  private readonly identity = new EventIdentity();
  private busSubscription: Subscription | undefined;
  private deliveries = 0;

  /** `botUserId`: the bot of this hub's events (several bots: one hub each), set on every event it makes; absent: none. */
  constructor(private readonly registry: Registry, private readonly logger: Logger, private readonly maxQueue = 10000, private readonly botUserId?: string) {}

  /** The bot field of this hub's events. */
  private bot(): { botUserId?: string } {
    return this.botUserId === undefined ? {} : { botUserId: this.botUserId };
  }

  /** Subscribes to the registry bus. */
  async start(): Promise<void> {
    this.busSubscription = await this.registry.events.subscribe(EVENTS_CHANNEL, (payload) => {
      try {
        const event = Event.fromJSON(payload);
        this.arrive(event);
        this.inOrder(event.guildId, () => this.fanOut(event));
      } catch (err) {
        this.logger.warn("invalid event on the bus", { err: (err as Error).message });
      }
    });
  }

  /** Logs (for guild events) and publishes a Pyro event to every Router, this one included. */
  async publish(body: EventBody): Promise<void> {
    const event: Event = { ...body, ...this.bot(), sequence: 0n, timestamp: new Date(), replay: false, guildSequence: 0n };
    if (logged(event)) event.guildSequence = await this.append(event, randomUUID());
    await this.registry.events.publish(EVENTS_CHANNEL, Event.toJSON(event) as JsonValue);
  }

  /** Delivers an event received from a Lavanode link. `epoch` is the epoch that node holds (0 = node-scoped). */
  fromNode(body: EventBody, epoch: bigint): void {
    if (body.guildId && epoch > 0n) {
      const newest = this.epochs.get(body.guildId) ?? 0n;
      if (epoch < newest) return;
      if (epoch > newest) this.epochs.set(body.guildId, epoch);
    }
    const event: Event = { ...body, ...this.bot(), sequence: 0n, timestamp: new Date(), replay: this.replays.isReplay(body, epoch), guildSequence: 0n };
    this.arrive(event);
    if (!logged(event)) return this.inOrder(event.guildId, () => this.fanOut(event));
    const id = this.identity.idOf(event, epoch);
    this.inOrder(event.guildId, async () => {
      event.guildSequence = await this.append(event, id);
      this.fanOut(event);
    });
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

  /** Runs `fn` now when the guild has nothing pending, else behind its pending deliveries. */
  private inOrder(guildId: string, fn: () => void | Promise<void>): void {
    if (!this.order.has(guildId)) {
      const r = fn();
      if (!r) return;
      void this.order.run(guildId, () => r).catch((err: unknown) => this.logger.warn("event delivery failed", { err }));
      return;
    }
    void this.order.run(guildId, async () => fn()).catch((err: unknown) => this.logger.warn("event delivery failed", { err }));
  }

  /** Appends to the log; on a registry failure the event is still delivered, unlogged (guildSequence 0). */
  private async append(event: Event, id: string): Promise<bigint> {
    try {
      const r = await this.registry.eventLog.append(event.guildId, id, Event.toJSON({ ...event, sequence: 0n, guildSequence: 0n }) as JsonValue);
      return BigInt(r.sequence);
    } catch (err) {
      this.logger.warn("event log append failed", { guildId: event.guildId, err: (err as Error).message });
      return 0n;
    }
  }

  /** Taps and epoch bookkeeping, at once when the event arrives (before it is logged). */
  private arrive(event: Event): void {
    for (const fn of this.taps) {
      try {
        fn(event);
      } catch (err) {
        this.logger.warn("event tap failed", { err: (err as Error).message });
      }
    }
    const kind = event.kind?.$case;
    if (kind === "playerPlaced" || kind === "playerMoved") this.noteEpoch(event.guildId, Number(event.kind!.value.epoch));
    if (kind === "playerDestroyed") {
      this.epochs.delete(event.guildId);
      this.identity.forget(event.guildId);
    }
  }

  /** Sends `event` to every matching subscriber. */
  private fanOut(event: Event): void {
    const kind = event.kind?.$case;
    for (const sub of this.subscribers) {
      const f = sub.filter;
      if (kind !== undefined && NODE_KINDS.has(kind)) {
        if (!f.includeNodeEvents) continue;
      } else {
        if (!f.allGuilds && !f.guildIds.has(event.guildId)) continue;
        if (kind === "playerUpdate" && f.excludePlayerUpdates) continue;
      }
      if (sub.held) sub.held.push(event);
      else this.send(sub, event);
    }
  }

  private send(sub: Sub, event: Event, backlog = false): void {
    if (event.guildSequence > 0n) {
      const seen = sub.fromBacklog.get(event.guildId);
      if (seen?.has(event.guildSequence)) return;
      if (backlog) {
        if (seen) seen.add(event.guildSequence);
        else sub.fromBacklog.set(event.guildId, new Set([event.guildSequence]));
      }
    }
    sub.sequence += 1n;
    this.deliveries++;
    sub.queue.push(deliveryCopy(event, sub.sequence));
  }

  /**
   * Adds a subscriber; its queue closes when `signal` aborts or `close` is called. With `resume`,
   * the logged events after each guild's cursor are queued first, then live events without
   * duplicates.
   */
  subscribe(filter: SubscriberFilter, signal: AbortSignal, resume?: ResumeCursors): EventSubscriber {
    const queue = createAsyncQueue<Event>({ maxSize: this.maxQueue, signal });
    const sub: Sub = { filter, queue, sequence: 0n, held: resume?.size ? [] : undefined, fromBacklog: new Map(), close: () => { queue.close(); this.subscribers.delete(sub); } };
    this.subscribers.add(sub);
    signal.addEventListener("abort", () => this.subscribers.delete(sub), { once: true });
    if (resume?.size) {
      void readBacklog(this.registry, resume, { signal })
        .then((backlog) => {
          for (const e of backlog) this.send(sub, e, true);
        }, (err: unknown) => this.logger.warn("event log read failed", { err: (err as Error).message }))
        .finally(() => {
          const held = sub.held ?? [];
          sub.held = undefined;
          for (const e of held) this.send(sub, e);
        });
    }
    return sub;
  }

  /** Events handed to subscribers since start, one per subscriber reached (a metric). */
  get deliveredCount(): number {
    return this.deliveries;
  }

  /** Number of open subscriptions (a metric). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Unsubscribes from the bus and closes every subscription. */
  async close(): Promise<void> {
    await this.busSubscription?.unsubscribe();
    for (const s of this.subscribers) s.close();
  }
}
