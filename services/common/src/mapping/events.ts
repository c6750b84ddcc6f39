/**
 * Lavalink WebSocket `event` frames ⇄ pyro.lavalink.v1.LavalinkEvent. Event types this contract does
 * not know (plugin events) are carried whole as `plugin_event`.
 */
import {
  TrackEndReason, type LavalinkEvent as LavalinkEventProto, type TrackEndEvent as TrackEndEventProto,
} from "../../../../gen/ts/pyro/lavalink/v1/events";
import { exceptionFromProto, exceptionToProto } from "./exception";
import { int64ToNumber, numberToInt64 } from "./int64";
import type {
  JsonObject, LavalinkEvent, TrackEndEvent, TrackEndReason as TrackEndReasonJson, TrackExceptionEvent,
  TrackStartEvent, TrackStuckEvent, WebSocketClosedEvent,
} from "../lavalink-protocol";
import { copyJsonObject } from "./json-object";
import { trackFromProto, trackToProto } from "./track";

/** An `event` frame of a type Lavalink core does not define, e.g. pushed by a plugin. */
export interface PluginEventFrame extends JsonObject { op: "event"; type: string; guildId?: string }

/** Any `event` frame: one of Lavalink's five event types or a plugin event. */
export type EventFrame = LavalinkEvent | PluginEventFrame;

const REASON_TO_PROTO: Record<TrackEndReasonJson, TrackEndReason> = {
  finished: TrackEndReason.TRACK_END_REASON_FINISHED,
  loadFailed: TrackEndReason.TRACK_END_REASON_LOAD_FAILED,
  stopped: TrackEndReason.TRACK_END_REASON_STOPPED,
  replaced: TrackEndReason.TRACK_END_REASON_REPLACED,
  cleanup: TrackEndReason.TRACK_END_REASON_CLEANUP,
};

/** Maps a Lavalink end reason to the proto enum; an unknown string gives UNSPECIFIED. */
export function trackEndReasonToProto(reason: TrackEndReasonJson): TrackEndReason {
  return REASON_TO_PROTO[reason] ?? TrackEndReason.TRACK_END_REASON_UNSPECIFIED;
}

/**
 * Maps a proto end reason to Lavalink's string.
 * @throws TypeError for UNSPECIFIED/unrecognised values, which no conforming node produces.
 */
export function trackEndReasonFromProto(reason: TrackEndReason): TrackEndReasonJson {
  for (const [json, proto] of Object.entries(REASON_TO_PROTO)) if (proto === reason) return json as TrackEndReasonJson;
  throw new TypeError(`TrackEndReason ${reason} has no Lavalink equivalent`);
}

/** Whether a queue may advance after this reason: Lavalink's `mayStartNext` (finished, loadFailed). */
export function mayStartNext(reason: TrackEndReason): boolean {
  return reason === TrackEndReason.TRACK_END_REASON_FINISHED || reason === TrackEndReason.TRACK_END_REASON_LOAD_FAILED;
}

/**
 * Converts an `event` frame to proto. `TrackEndEvent.mayStartNext` is derived from the reason (Lavalink
 * does not serialise it). Any other `type` becomes `plugin_event` with the whole frame as payload; a
 * plugin frame without `guildId` gets `""`.
 */
export function eventToProto(frame: EventFrame): LavalinkEventProto {
  const guildId = typeof frame.guildId === "string" ? frame.guildId : "";
  switch (frame.type) {
    case "TrackStartEvent":
      return { guildId, kind: { $case: "trackStart", value: { track: trackToProto((frame as TrackStartEvent).track) } } };
    case "TrackEndEvent": {
      const e = frame as TrackEndEvent;
      const reason = trackEndReasonToProto(e.reason);
      const value: TrackEndEventProto = { track: trackToProto(e.track), reason, mayStartNext: mayStartNext(reason) };
      return { guildId, kind: { $case: "trackEnd", value } };
    }
    case "TrackExceptionEvent": {
      const e = frame as TrackExceptionEvent;
      return { guildId, kind: { $case: "trackException", value: { track: trackToProto(e.track), exception: exceptionToProto(e.exception) } } };
    }
    case "TrackStuckEvent": {
      const e = frame as TrackStuckEvent;
      return { guildId, kind: { $case: "trackStuck", value: { track: trackToProto(e.track), thresholdMs: numberToInt64(e.thresholdMs) } } };
    }
    case "WebSocketClosedEvent": {
      const e = frame as WebSocketClosedEvent;
      return { guildId, kind: { $case: "websocketClosed", value: { code: e.code, reason: e.reason, byRemote: e.byRemote } } };
    }
    default:
      return { guildId, kind: { $case: "pluginEvent", value: { type: frame.type, payload: copyJsonObject(frame as unknown as JsonObject), op: "event", rawJson: "" } } };
  }
}

/**
 * Converts a frame Lavalink's protocol does not define (an `event` of a plugin's own `type`, or a
 * plugin's own `op`) to a `plugin_event`, keeping `raw` (the frame text as received) for a byte-exact
 * copy. `type` is "" for a non-`event` op; a frame without a string `guildId` gets `""`.
 */
export function pluginFrameToProto(frame: JsonObject, raw: string): LavalinkEventProto {
  const op = typeof frame.op === "string" ? frame.op : "";
  const type = op === "event" && typeof frame.type === "string" ? frame.type : "";
  const guildId = typeof frame.guildId === "string" ? frame.guildId : "";
  return { guildId, kind: { $case: "pluginEvent", value: { type, payload: copyJsonObject(frame), op, rawJson: raw } } };
}

/**
 * Converts a proto event back to the Lavalink `event` frame (`op`, `type`, `guildId`, then the
 * event's fields). A plugin event yields its stored payload unchanged.
 * @throws TypeError when no kind is set, a track is missing, or the end reason is UNSPECIFIED.
 */
export function eventFromProto(event: LavalinkEventProto): EventFrame {
  const { guildId, kind } = event;
  const track = (t: { track?: Parameters<typeof trackFromProto>[0] }) => {
    if (t.track === undefined) throw new TypeError(`${kind?.$case} event without a track`);
    return trackFromProto(t.track);
  };
  switch (kind?.$case) {
    case "trackStart":
      return { op: "event", type: "TrackStartEvent", guildId, track: track(kind.value) };
    case "trackEnd":
      return { op: "event", type: "TrackEndEvent", guildId, track: track(kind.value), reason: trackEndReasonFromProto(kind.value.reason) };
    case "trackException": {
      if (kind.value.exception === undefined) throw new TypeError("trackException event without an exception");
      return { op: "event", type: "TrackExceptionEvent", guildId, track: track(kind.value), exception: exceptionFromProto(kind.value.exception) };
    }
    case "trackStuck":
      return { op: "event", type: "TrackStuckEvent", guildId, track: track(kind.value), thresholdMs: int64ToNumber(kind.value.thresholdMs) };
    case "websocketClosed":
      return { op: "event", type: "WebSocketClosedEvent", guildId, code: kind.value.code, reason: kind.value.reason, byRemote: kind.value.byRemote };
    case "pluginEvent": {
      const payload = copyJsonObject(kind.value.payload);
      return { ...payload, op: "event", type: kind.value.type } as PluginEventFrame;
    }
    default:
      throw new TypeError("LavalinkEvent without a kind");
  }
}
