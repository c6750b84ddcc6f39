/**
 * One protobuf encoding per event, shared by every subscriber stream. The hub hands each
 * subscriber its own copy of an event that differs only in `sequence` (field 1, the position in
 * that stream); everything else is the same bytes for all of them. So the event is encoded once
 * without its sequence, and each delivery writes only the sequence field in front of those bytes:
 * protobuf parses fields in any order, and an encoding with `sequence` 0 carries no field 1, so the
 * result decodes to exactly the subscriber's copy.
 *
 * The hub registers each delivered copy with {@link deliveryCopy}; the Router's WatchEvents and
 * Session serializers ({@link withSharedEventEncoding}) use the shared bytes for registered copies
 * and the generated encoder for anything else. An event must not change once delivered (the hub
 * sets guild_sequence before fan-out and never after).
 */
import { Event, WatchEventsResponse } from "../../../../gen/ts/pyro/router/v1/event";
import { SessionResponse } from "../../../../gen/ts/pyro/router/v1/session";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";

/** Delivered copy → the hub's event it was copied from. */
const sources = new WeakMap<Event, Event>();
/** The hub's event → its encoding without `sequence`. */
const shared = new WeakMap<Event, Uint8Array>();

/** The copy of `event` one subscriber receives: the same event at `sequence` in its stream. */
export function deliveryCopy(event: Event, sequence: bigint): Event {
  const copy = { ...event, sequence };
  sources.set(copy, sources.get(event) ?? event);
  return copy;
}

/** Number of bytes of `n` (below 2^64) as a protobuf varint. */
function varintLength(n: bigint | number): number {
  let len = 1;
  if (typeof n === "number") {
    for (; n >= 128; len++) n = Math.floor(n / 128);
    return len;
  }
  for (; n >= 128n; len++) n >>= 7n;
  return len;
}

/** Writes `n` (below 2^64) as a varint at `offset`; returns the offset after it. */
function writeVarint(out: Buffer, offset: number, n: bigint | number): number {
  if (typeof n === "number") {
    for (; n >= 128; n = Math.floor(n / 128)) out[offset++] = (n % 128) | 128;
    out[offset++] = n;
    return offset;
  }
  for (; n >= 128n; n >>= 7n) out[offset++] = Number(n & 127n) | 128;
  out[offset++] = Number(n);
  return offset;
}

/**
 * `event` as the length-delimited field `fieldNumber` of a response (tag 1 byte: field numbers
 * below 16), written from the shared bytes; undefined when `event` is not a delivered copy.
 */
function sharedEventField(fieldNumber: number, event: Event): Buffer | undefined {
  const source = sources.get(event);
  if (!source) return undefined;
  let rest = shared.get(source);
  if (!rest) {
    rest = Event.encode({ ...source, sequence: 0n }).finish();
    shared.set(source, rest);
  }
  // Sequences stay far below 2^53 in practice; numbers are much cheaper than bigint arithmetic.
  const sequence = event.sequence <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(event.sequence) : event.sequence;
  const head = sequence === 0 ? 0 : 1 + varintLength(sequence);
  const length = head + rest.length;
  const out = Buffer.allocUnsafe(1 + varintLength(length) + length);
  out[0] = (fieldNumber << 3) | 2;
  let at = writeVarint(out, 1, length);
  if (head > 0) {
    out[at++] = 8; // field 1 (sequence), varint
    at = writeVarint(out, at, sequence);
  }
  out.set(rest, at);
  return out;
}

/** WatchEventsResponse bytes, the same as the generated encoder's output once decoded. */
export function encodeWatchEventsResponse(response: WatchEventsResponse): Buffer {
  return (response.event && sharedEventField(1, response.event)) ?? Buffer.from(WatchEventsResponse.encode(response).finish());
}

/** SessionResponse bytes, the same as the generated encoder's output once decoded. */
export function encodeSessionResponse(response: SessionResponse): Buffer {
  return (response.kind?.$case === "event" ? sharedEventField(2, response.kind.value) : undefined) ?? Buffer.from(SessionResponse.encode(response).finish());
}

/** The RouterService definition with the shared event encoding on WatchEvents and Session responses. */
export function withSharedEventEncoding(definition: typeof RouterServiceService): typeof RouterServiceService {
  return {
    ...definition,
    watchEvents: { ...definition.watchEvents, responseSerialize: encodeWatchEventsResponse },
    session: { ...definition.session, responseSerialize: encodeSessionResponse },
  };
}
