/** Turns one inbound WebSocket frame into a session event; malformed and unknown frames are counted. */
import { LavalinkProtocolError } from "../../../common/src/lavalink-protocol/errors";
import { parseMessage } from "../../../common/src/lavalink-protocol/validate-message";
import type { InboundMessage } from "../../../common/src/lavalink-protocol/message-types";
import { acceptSilently, type OnDeviation } from "../../../common/src/lavalink-protocol/tolerance";
import type { LavalinkSessionEvents, SessionCounters } from "./websocket-session-events";

/** An emit function that never throws (see `LavalinkSession`). */
export type SessionEmit = <K extends keyof LavalinkSessionEvents>(event: K, ...args: LavalinkSessionEvents[K]) => void;

/**
 * Validates `text` (null = binary frame) and emits `playerUpdate`, `stats`, `event`, `unknown` or
 * `malformed` (frame truncated to 2 KiB). A `ready` outside the handshake is ignored. Tolerated
 * deviations go to `onDeviation`. Never throws.
 */
export function dispatchFrame(text: string | null, emit: SessionEmit, counters: SessionCounters, onDeviation: OnDeviation = acceptSilently): void {
  let msg: InboundMessage;
  try {
    if (text === null) throw new LavalinkProtocolError("frame", "text frame", "binary frame");
    msg = parseMessage(text, onDeviation);
  } catch (err) {
    counters.malformedFrames++;
    const error = err instanceof LavalinkProtocolError ? err : new LavalinkProtocolError("frame", "valid frame", "unexpected failure");
    emit("malformed", { error, frame: (text ?? "<binary>").slice(0, 2048) });
    return;
  }
  switch (msg.op) {
    case "ready":
      return;
    case "playerUpdate":
      return emit("playerUpdate", msg);
    case "stats":
      return emit("stats", msg);
    case "event":
      return emit("event", msg);
    case "unknown":
      counters.unknownMessages++;
      return emit("unknown", { ...msg, raw: text });
  }
}
