/** Lavalink WebSocket `playerUpdate` frames ⇄ pyro.lavalink.v1.PlayerUpdate. */
import type { PlayerUpdate } from "../../../../gen/ts/pyro/lavalink/v1/events";
import type { PlayerUpdateMessage } from "../lavalink-protocol";
import { playerStateFromProto, playerStateToProto } from "./player";

/** Converts a `playerUpdate` frame (`guildId`, `state`) to proto. */
export function playerUpdateToProto(frame: PlayerUpdateMessage): PlayerUpdate {
  return { guildId: frame.guildId, state: playerStateToProto(frame.state) };
}

/**
 * Converts a proto PlayerUpdate back to the `playerUpdate` frame.
 * @throws TypeError when `state` is missing (every frame carries one).
 */
export function playerUpdateFromProto(update: PlayerUpdate): PlayerUpdateMessage {
  if (update.state === undefined) throw new TypeError("PlayerUpdate without a state");
  return { op: "playerUpdate", guildId: update.guildId, state: playerStateFromProto(update.state) };
}
