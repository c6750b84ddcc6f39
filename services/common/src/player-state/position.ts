/**
 * Where a player's track is now, from a position observed earlier: the one rule for the Router's
 * views, the Lavanode's rebuilds and failover. The track advances only while its clock runs: a
 * track is loaded, the player is not paused, and it is on a node with voice (a player waiting for
 * voice or for its first node holds its position, so it starts where it was asked to). It then
 * advances at the timescale filter's `speed × rate` (1 without the filter), and never past the
 * track's end when its length is known and it is not a stream.
 */
import type { PlayerRecord, PlayerState } from "../registry/types";
import type { JsonObject } from "../registry/types";

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
 * Whether the record's clock can run: it has an owner node and voice credentials. A player that never
 * reached a node, or still waits for voice, holds its position. (A player whose owner just died keeps
 * running: it was audible, and failover resumes it where it would have been.)
 */
export function isClockRunning(record: Pick<PlayerRecord, "ownerNodeId" | "voice">): boolean {
  return record.ownerNodeId !== null && record.voice !== undefined;
}

/**
 * The position in ms at `nowMs` (unix ms) of a player whose `state.positionMs` was observed at
 * `state.positionAt`. Idle and paused players, and players whose clock does not run (`running`
 * false, see {@link isClockRunning}), stay where they were; a clock that went backwards counts as no
 * time elapsed. Not rounded. `running` defaults to true.
 */
export function extrapolatePositionMs(state: PlayerState, nowMs: number, track: TrackExtent = {}, running = true): number {
  const base = Math.max(0, state.positionMs);
  if (!running || state.encodedTrack === null || state.paused) return base;
  const advanced = base + Math.max(0, nowMs - state.positionAt) * playbackSpeed(state.filters);
  if (track.isStream || track.lengthMs === undefined) return advanced;
  return Math.min(advanced, track.lengthMs);
}

/**
 * The same state observed again at `nowMs`: the position it has reached (rounded) is recorded with
 * `positionAt = nowMs`. Used when a pause starts or ends, and when a waiting player is placed (its
 * clock starts from the position it held, exactly).
 */
export function settlePosition(state: PlayerState, nowMs: number, running = true): PlayerState {
  return { ...state, positionMs: Math.round(extrapolatePositionMs(state, nowMs, {}, running)), positionAt: nowMs };
}
