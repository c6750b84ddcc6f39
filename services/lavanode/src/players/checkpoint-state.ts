/** Converts the Lavanode's view of a player into the registry's checkpoint shape. */
import type { JsonObject as RegistryJson, PlayerState as CheckpointState } from "../../../common/src/registry/types";
import type { PlayerEntry } from "./player-table";

/** The checkpoint of `entry` (undefined before Lavalink returned the player once). */
export function checkpointOf(entry: PlayerEntry, now: number): CheckpointState | undefined {
  const p = entry.player;
  if (!p) return undefined;
  return {
    encodedTrack: p.track?.encoded ?? null,
    positionMs: Math.max(0, Math.round(p.state.position)),
    positionAt: p.state.time > 0 ? p.state.time : now,
    paused: p.paused,
    volume: p.volume,
    filters: p.filters as RegistryJson,
    endTimeMs: p.track ? entry.endTimeMs : null,
    userData: (p.track?.userData ?? {}) as RegistryJson,
  };
}
