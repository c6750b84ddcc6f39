/**
 * Shapes of the server → client WebSocket frames of Lavalink v4 (`ready`, `playerUpdate`, `stats`,
 * `event`), plus the `unknown` wrapper the validator returns for plugin traffic it does not know.
 */
import type { JsonObject, LavalinkException, LavalinkStats, PlayerState, Track, TrackEndReason } from "./types";

/** First frame of every session; `resumed` is true only after a successful resume. */
export interface ReadyMessage { op: "ready"; resumed: boolean; sessionId: string }

/** Periodic / immediate player state. Never sent while the session is paused. */
export interface PlayerUpdateMessage { op: "playerUpdate"; guildId: string; state: PlayerState }

/** Node statistics, sent at session start and every 60 s (queued while paused, so replays are stale). */
export interface StatsMessage extends LavalinkStats { op: "stats" }

/** A track started playing. */
export interface TrackStartEvent { op: "event"; type: "TrackStartEvent"; guildId: string; track: Track }
/** A track ended; advance a queue only for `finished` and `loadFailed`. */
export interface TrackEndEvent { op: "event"; type: "TrackEndEvent"; guildId: string; track: Track; reason: TrackEndReason }
/** A track failed (before audio → followed by `loadFailed`, mid-playback → by `finished`). */
export interface TrackExceptionEvent {
  op: "event"; type: "TrackExceptionEvent"; guildId: string; track: Track; exception: LavalinkException;
}
/** No audio frame for longer than `thresholdMs`; sent at most once per track. */
export interface TrackStuckEvent { op: "event"; type: "TrackStuckEvent"; guildId: string; track: Track; thresholdMs: number }
/** The Discord voice gateway connection closed (`reason` is `""` when Discord gave none). */
export interface WebSocketClosedEvent {
  op: "event"; type: "WebSocketClosedEvent"; guildId: string; code: number; reason: string; byRemote: boolean;
}

/** Every event type Lavalink v4 core emits. */
export type LavalinkEvent =
  | TrackStartEvent
  | TrackEndEvent
  | TrackExceptionEvent
  | TrackStuckEvent
  | WebSocketClosedEvent;

/** The `type` strings of {@link LavalinkEvent}. */
export type LavalinkEventType = LavalinkEvent["type"];

/** Every known WebSocket frame. */
export type LavalinkMessage = ReadyMessage | PlayerUpdateMessage | StatsMessage | LavalinkEvent;

/**
 * A well-formed JSON object frame with an op (or event type) this client does not know, typically plugin
 * traffic. `rawOp` is the frame's `op`; `rawType` its `type` when `rawOp` is `"event"`, else null.
 */
export interface UnknownMessage {
  op: "unknown"; rawOp: string; rawType: string | null; payload: JsonObject;
  /** The frame's text exactly as received (set by the session's frame dispatch). */
  raw?: string;
}

/** Result of validating one inbound frame. */
export type InboundMessage = LavalinkMessage | UnknownMessage;
