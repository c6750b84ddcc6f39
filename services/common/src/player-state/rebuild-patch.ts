/**
 * The complete Lavalink PATCH that recreates a player from its registry checkpoint. The position
 * is extrapolated from the checkpoint's timestamp (see position.ts: paused and idle players stay,
 * a timescale filter's speed and rate count), so a moved player resumes where it would have been.
 */
import type { PlayerRecord } from "../registry/types";
import type { Filters, JsonObject, PlayerUpdate } from "../lavalink-protocol/types";
import { extrapolatePositionMs } from "./position";

/**
 * Builds the full-state PATCH for `record` at `nowMs` (unix ms); an end time already passed is
 * dropped. `holdPosition`: the player never played, so it starts exactly at the checkpoint's position.
 */
export function toRebuildPatch(record: PlayerRecord, nowMs: number, holdPosition = false): PlayerUpdate {
  const s = record.state;
  const position = Math.round(extrapolatePositionMs(s, nowMs, {}, !holdPosition));
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
