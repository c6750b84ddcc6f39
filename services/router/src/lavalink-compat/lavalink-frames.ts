/** Hub events as Lavalink WebSocket frames (`event`, `playerUpdate`), and the `ready` frame. */
import type { Event } from "../../../../gen/ts/pyro/router/v1/event";
import type { LavalinkEvent } from "../../../../gen/ts/pyro/lavalink/v1/events";
import { eventFromProto } from "../../../common/src/mapping/events";
import { playerUpdateFromProto } from "../../../common/src/mapping/player-update";

/** A frame and whether it is a `playerUpdate` (dropped, not queued, while a session is paused). */
export interface Frame {
  text: string;
  playerUpdate: boolean;
}

/** The frame of a Lavalink hub event, or undefined for other kinds. @throws TypeError on malformed events. */
export function frameOf(event: Event): Frame | undefined {
  const k = event.kind;
  if (!k) return undefined;
  if (k.$case === "playerUpdate") return { text: JSON.stringify(playerUpdateFromProto({ ...k.value, guildId: event.guildId })), playerUpdate: true };
  // A plugin's frame goes out exactly as its Lavalink sent it.
  if (k.$case === "pluginEvent" && k.value.rawJson !== "") return { text: k.value.rawJson, playerUpdate: false };
  if (k.$case === "trackStart" || k.$case === "trackEnd" || k.$case === "trackException" || k.$case === "trackStuck" || k.$case === "websocketClosed" || k.$case === "pluginEvent") {
    const e = { guildId: event.guildId, kind: k } as LavalinkEvent;
    return { text: JSON.stringify(eventFromProto(e)), playerUpdate: false };
  }
  return undefined;
}

/** `{"op":"ready","resumed":…,"sessionId":…}`. */
export function readyFrame(sessionId: string, resumed: boolean): string {
  return JSON.stringify({ op: "ready", resumed, sessionId });
}
