/** Converts a Lavalink Player (as the Lavanode last saw it) into the registry's checkpoint shape. */
import type { Player } from "../lavalink-protocol/types";
import type { JsonObject, PlayerState } from "../registry/types";

/**
 * The checkpoint of `player` at `nowMs`. `endTimeMs` is the end marker the node set (Lavalink does not
 * echo it); an idle player has none. The position is Lavalink's, observed at its `state.time` (or at
 * `nowMs` when Lavalink has not timestamped it yet).
 */
export function fromLavalinkPlayer(player: Player, endTimeMs: number | null, nowMs: number): PlayerState {
  return {
    encodedTrack: player.track?.encoded ?? null,
    positionMs: Math.max(0, Math.round(player.state.position)),
    positionAt: player.state.time > 0 ? player.state.time : nowMs,
    paused: player.paused,
    volume: player.volume,
    filters: player.filters as JsonObject,
    endTimeMs: player.track ? endTimeMs : null,
    userData: (player.track?.userData ?? {}) as JsonObject,
  };
}
