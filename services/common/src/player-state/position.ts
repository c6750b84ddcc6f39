/**
 * Where a player's track is now, from a position observed earlier: the one rule for the Router's
 * views, the Lavanode's rebuilds and failover. The track advances only while a track is loaded and
 * the player is not paused, at the timescale filter's `speed × rate` (1 without the filter), and
 * never past the track's end when its length is known and it is not a stream.
 */
import type { JsonObject, PlayerState } from "../registry/types";

/** Playback speed multiplier of a Lavalink filter set: timescale `speed × rate` (each default 1). */
export function playbackSpeed(filters: JsonObject | Record<string, unknown> | undefined): number {
  const t = filters?.timescale;
  if (typeof t !== "object" || t === null || Array.isArray(t)) return 1;
  const read = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 1);
  const ts = t as Record<string, unknown>;
  return read(ts.speed) * read(ts.rate);
}

/** What is known of the loaded track beyond the checkpoint: its length in ms, and whether it is a stream. */
export interface TrackExtent {
  lengthMs?: number;
  isStream?: boolean;
}

/**
 * The position in ms at `nowMs` (unix ms) of a player whose `state.positionMs` was observed at
 * `state.positionAt`. Idle and paused players stay where they were; a clock that went backwards
 * counts as no time elapsed. Not rounded.
 */
export function extrapolatePositionMs(state: PlayerState, nowMs: number, track: TrackExtent = {}): number {
  const base = Math.max(0, state.positionMs);
  if (state.encodedTrack === null || state.paused) return base;
  const advanced = base + Math.max(0, nowMs - state.positionAt) * playbackSpeed(state.filters);
  if (track.isStream || track.lengthMs === undefined) return advanced;
  return Math.min(advanced, track.lengthMs);
}
