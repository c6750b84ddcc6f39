/**
 * The typed event map of `createPyro`: one event name per Event kind (`trackStart`, `trackEnd`,
 * `queueEnded`, ...), each with the kind's payload in Plain form plus the guild, node, `replay`
 * flag and `guildSequence`, and the connection states `disconnected`, `reconnecting`, `reconnected`.
 */
import type { Event } from "../gen/pyro/router/v1/event";
import type { PyroClientError } from "./errors";
import { toPlain, type Plain } from "./plain";

/** Names of the Event kinds. */
export type EventKind = NonNullable<Event["kind"]>["$case"];

/** Fields every event carries. */
export interface EventMeta {
  guildId: string;
  nodeId: string;
  /** When it happened. */
  timestamp: Date | undefined;
  /**
   * True on a trackStart that only re-creates the playing track on a new node after a move,
   * drain or failover. Skip it to post "Now playing" once per track.
   */
  replay: boolean;
  /** Position in the guild's event log (0 when not logged). */
  guildSequence: number;
}

/** Payload of event `K`. */
export type EventPayload<K extends EventKind> = Plain<Extract<NonNullable<Event["kind"]>, { $case: K }>["value"]> & EventMeta & { kind: K };

/** Listener signatures of every event a PyroBot emits. */
export type PyroEventMap = { [K in EventKind]: [EventPayload<K>] } & {
  /** The event stream broke. */
  disconnected: [PyroClientError];
  /** A reconnect is scheduled in `delayMs`. */
  reconnecting: [{ attempt: number; delayMs: number }];
  /** The stream is open again and resumed where it stopped. */
  reconnected: [{ resumedGuilds: number }];
  /** The event stream failed for good (not UNAVAILABLE), or a listener threw. */
  error: [Error];
};

/** The payload of `event` as listeners receive it, or undefined for an event with no kind. */
export function eventPayload(event: Event): EventPayload<EventKind> | undefined {
  const k = event.kind;
  if (!k) return undefined;
  const meta: EventMeta = { guildId: event.guildId, nodeId: event.nodeId, timestamp: event.timestamp, replay: event.replay, guildSequence: Number(event.guildSequence) };
  return { ...(toPlain(k.value) as object), ...meta, kind: k.$case } as EventPayload<EventKind>;
}
