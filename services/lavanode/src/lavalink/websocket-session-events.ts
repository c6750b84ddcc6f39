/** Event map, states and counters of {@link LavalinkSession} (kept apart so consumers can import types only). */
import type { LavalinkProtocolError } from "../../../common/src/lavalink-protocol/errors";
import type { LavalinkEvent, PlayerUpdateMessage, ReadyMessage, StatsMessage, UnknownMessage } from "../../../common/src/lavalink-protocol/message-types";

/**
 * Lifecycle states: `idle` (not started) → `connecting` (first connect of a new session) or `resuming`
 * (reconnecting with `Session-Id`) → `ready` → … `lost` (the session cannot be resumed; a new session is
 * being connected) → `closed` (terminal, after `close()` or a fatal handshake rejection).
 */
export type LavalinkSessionState = "idle" | "connecting" | "ready" | "resuming" | "lost" | "closed";

/** Why a session was declared lost. */
export type SessionLostReason =
  /** Could not reconnect before the resume window ended. */
  | "resume-window-expired"
  /**
   * Definitive: the socket closed and the reconnect was refused (nothing listens on Lavalink's port, so
   * the process and every in-memory session are gone). Reported at once, without waiting for the window.
   */
  | "lavalink-gone"
  /** Reconnected, but Lavalink answered with a new session (`ready.resumed === false`): the old one is gone with its players. */
  | "not-resumed";

/** Counters kept by a {@link LavalinkSession} since construction. */
export interface SessionCounters {
  /** Frames that were not JSON, were binary, or failed validation. */
  malformedFrames: number;
  /** Well-formed frames with an unknown `op` or event `type`. */
  unknownMessages: number;
  /** Sessions established after the first one (resumed or new). */
  reconnects: number;
  /** Reconnects that resumed the previous session (`ready.resumed === true`). */
  resumes: number;
  /** Times the session was declared lost. */
  lost: number;
  /** Exceptions thrown by this session's event listeners (caught, reported via `listenerError`). */
  listenerErrors: number;
}

/** Events emitted by {@link LavalinkSession}; listener arguments are tuples as `EventEmitter` expects. */
export interface LavalinkSessionEvents {
  /** A session is usable (resuming enabled). Emitted before any frame of that connection is dispatched. */
  ready: [ReadyMessage];
  playerUpdate: [PlayerUpdateMessage];
  stats: [StatsMessage];
  event: [LavalinkEvent];
  /** Plugin or future traffic; counted in `unknownMessages`. */
  unknown: [UnknownMessage];
  /** A frame was dropped; counted in `malformedFrames`. `frame` is truncated to 2 KiB. */
  malformed: [{ error: LavalinkProtocolError; frame: string }];
  /** The socket closed; the session will try to resume. */
  disconnected: [{ code: number; reason: string; sessionId: string | null }];
  /** The session (and every player on it) is gone; emitted before the `ready` of a replacement session. */
  lost: [{ sessionId: string; reason: SessionLostReason }];
  /** A connect attempt (or enabling resuming) failed; the session retries unless it is closed. */
  connectError: [Error];
  stateChange: [{ from: LavalinkSessionState; to: LavalinkSessionState }];
  /** A listener of another event threw; the session carried on. */
  listenerError: [{ event: keyof LavalinkSessionEvents; error: unknown }];
}
