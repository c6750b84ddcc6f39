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
import { BinaryWriter } from "@bufbuild/protobuf/wire";
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

/** Writes `event` as the length-delimited field `fieldNumber`, reusing the shared bytes when it is a delivered copy. */
function writeEventField(writer: BinaryWriter, fieldNumber: number, event: Event): BinaryWriter {
  const source = sources.get(event);
  if (!source) return Event.encode(event, writer.uint32((fieldNumber << 3) | 2).fork()).join();
  let rest = shared.get(source);
  if (!rest) {
    rest = Event.encode({ ...source, sequence: 0n }).finish();
    shared.set(source, rest);
  }
  const head = event.sequence === 0n ? new Uint8Array(0) : new BinaryWriter().uint32(8).uint64(event.sequence).finish();
  return writer.uint32((fieldNumber << 3) | 2).uint32(head.length + rest.length).raw(head).raw(rest);
}

/** WatchEventsResponse bytes, the same as the generated encoder's output once decoded. */
export function encodeWatchEventsResponse(response: WatchEventsResponse): Buffer {
  if (!response.event) return Buffer.from(WatchEventsResponse.encode(response).finish());
  return Buffer.from(writeEventField(new BinaryWriter(), 1, response.event).finish());
}

/** SessionResponse bytes, the same as the generated encoder's output once decoded. */
export function encodeSessionResponse(response: SessionResponse): Buffer {
  if (response.kind?.$case !== "event") return Buffer.from(SessionResponse.encode(response).finish());
  return Buffer.from(writeEventField(new BinaryWriter(), 2, response.kind.value).finish());
}

/** The RouterService definition with the shared event encoding on WatchEvents and Session responses. */
export function withSharedEventEncoding(definition: typeof RouterServiceService): typeof RouterServiceService {
  return {
    ...definition,
    watchEvents: { ...definition.watchEvents, responseSerialize: encodeWatchEventsResponse },
    session: { ...definition.session, responseSerialize: encodeSessionResponse },
  };
}
