/**
 * The complete Lavalink PATCH that recreates a player from its registry checkpoint. The position
 * is extrapolated from the checkpoint's timestamp unless the player was paused or idle, so a
 * moved player resumes where it would have been.
 */
import type { PlayerRecord } from "../../../common/src/registry/types";
import type { Filters, JsonObject, PlayerUpdate } from "../../../common/src/lavalink-protocol/types";

/** Builds the full-state PATCH for `record` at time `now` (unix ms). */
export function rebuildPatch(record: PlayerRecord, now: number): PlayerUpdate {
  const s = record.state;
  const playing = s.encodedTrack !== null && !s.paused;
  const position = Math.max(0, Math.round(playing ? s.positionMs + Math.max(0, now - s.positionAt) : s.positionMs));
  const patch: PlayerUpdate = {
    track: s.encodedTrack === null ? { encoded: null } : { encoded: s.encodedTrack, userData: s.userData as JsonObject },
    position: s.encodedTrack === null ? 0 : position,
    endTime: s.encodedTrack !== null && s.endTimeMs !== null && s.endTimeMs > position ? s.endTimeMs : null,
    volume: s.volume,
    paused: s.paused,
    filters: s.filters as Filters,
  };
  if (record.voice) patch.voice = { ...record.voice };
  return patch;
}
