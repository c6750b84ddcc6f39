/**
 * Validator for inbound WebSocket frames. Known ops and event types are checked field by field; a
 * well-formed object with an unknown `op` or event `type` (plugin traffic) is returned as an
 * {@link UnknownMessage} instead of failing, so the caller can log and count it.
 */
import { LavalinkProtocolError } from "./errors";
import { asObject, readBoolean, readEnum, readInt, readInt32, readObject, readString, childPath } from "./validate-json";
import { validateStats } from "./validate-node";
import { validatePlayerState } from "./validate-player";
import { validateException, validateTrack } from "./validate-track";
import type { InboundMessage, LavalinkEvent } from "./message-types";
import type { TrackEndReason } from "./types";
import { acceptSilently, type OnDeviation } from "./tolerance";

const END_REASONS: readonly TrackEndReason[] = ["finished", "loadFailed", "stopped", "replaced", "cleanup"];

function validateEvent(o: Record<string, unknown>, path: string): LavalinkEvent | null {
  const type = readString(o, "type", path);
  const known = ["TrackStartEvent", "TrackEndEvent", "TrackExceptionEvent", "TrackStuckEvent", "WebSocketClosedEvent"];
  if (!known.includes(type)) return null;
  const guildId = readString(o, "guildId", path);
  const track = () => validateTrack(readObject(o, "track", path), childPath(path, "track"));
  switch (type) {
    case "TrackStartEvent":
      return { op: "event", type, guildId, track: track() };
    case "TrackEndEvent":
      return { op: "event", type, guildId, track: track(), reason: readEnum(o, "reason", path, END_REASONS) };
    case "TrackExceptionEvent":
      return { op: "event", type, guildId, track: track(), exception: validateException(o.exception, childPath(path, "exception")) };
    case "TrackStuckEvent":
      return { op: "event", type, guildId, track: track(), thresholdMs: readInt(o, "thresholdMs", path) };
    default:
      return {
        op: "event", type: "WebSocketClosedEvent", guildId,
        code: readInt32(o, "code", path), reason: readString(o, "reason", path), byRemote: readBoolean(o, "byRemote", path),
      };
  }
}

/**
 * Turns an already-parsed frame into an {@link InboundMessage}. Paths in errors start with the op name
 * (`ready.sessionId`, `playerUpdate.state.time`, `stats.memory.free`, `event.track.info.length`).
 * @throws LavalinkProtocolError when the frame is not an object, lacks a string `op`, or a known op/event
 *   has a missing or mistyped field.
 */
export function validateMessage(value: unknown, onDeviation: OnDeviation = acceptSilently): InboundMessage {
  const o = asObject(value, "frame");
  const op = readString(o, "op", "frame");
  switch (op) {
    case "ready":
      return { op, resumed: readBoolean(o, "resumed", op), sessionId: readString(o, "sessionId", op) };
    case "playerUpdate":
      return { op, guildId: readString(o, "guildId", op), state: validatePlayerState(o.state, childPath(op, "state")) };
    case "stats":
      return { op, ...validateStats(o, op, onDeviation) };
    case "event": {
      const event = validateEvent(o, op);
      return event ?? { op: "unknown", rawOp: op, rawType: o.type as string, payload: o };
    }
    default:
      return { op: "unknown", rawOp: op, rawType: null, payload: o };
  }
}

/**
 * Parses and validates one WebSocket text frame.
 * Tolerated deviations are reported through `onDeviation`.
 * @throws LavalinkProtocolError with path `frame` when the text is not JSON, otherwise as {@link validateMessage}.
 */
export function parseMessage(text: string, onDeviation: OnDeviation = acceptSilently): InboundMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LavalinkProtocolError("frame", "JSON text", "unparseable text");
  }
  return validateMessage(value, onDeviation);
}
