/**
 * Lavalink PATCH semantics on a stored player state: what `PATCH /v4/sessions/{id}/players/{guild}`
 * does to a player, applied to the registry checkpoint. The Router uses it for players it has not
 * placed yet and to mirror updates in its owner cache.
 */
import type { PlayerUpdate } from "../lavalink-protocol/types";
import type { JsonObject, PlayerState } from "../registry/types";
import { settlePosition } from "./position";

/** How the PATCH was sent. */
export interface ApplyOptions {
  /** Lavalink's `noReplace` query flag: with a track loaded, the track change and the fields tied to it are skipped. */
  noReplace?: boolean;
  /** The encoded track a `track.identifier` resolved to (the caller resolves it); absent → the player stops. */
  resolvedTrack?: string;
  /** Whether the player's clock runs (see `isClockRunning`); default true. A waiting player holds its position. */
  clockRunning?: boolean;
}

/**
 * The state after applying `update` (a Lavalink PlayerUpdate body) at `nowMs`. Rules:
 * - a track change (`track.encoded`, `track.identifier`) resets position to 0, clears `endTime` and
 *   user data, and un-pauses unless `paused` is sent too; `track.encoded: null` stops;
 * - `noReplace` with a track loaded skips the track change, `userData`, `position`, `endTime` and `paused`;
 * - `position` is clamped at 0 and re-timestamps the state; `endTime: null` clears the marker;
 * - pausing records the position reached (so pause time never counts as playback) and unpausing
 *   resumes from it; a player whose clock does not run (`clockRunning` false) holds its position;
 * - an idle player has no end time; `volume` is set; `filters` replace the whole filter set.
 * Voice is not part of the state (the registry keeps it beside). Never throws; inputs are validated upstream.
 */
export function applyUpdate(state: PlayerState, update: PlayerUpdate, nowMs: number, options: ApplyOptions = {}): PlayerState {
  const running = options.clockRunning ?? true;
  const skipTrack = options.noReplace === true && state.encodedTrack !== null;
  // A pause change settles the position first: what played until now counts, the pause does not.
  const pauseChanges = !skipTrack && update.paused !== undefined && update.paused !== state.paused;
  const next: PlayerState = pauseChanges ? settlePosition(state, nowMs, running) : { ...state };
  const t = update.track;
  const changesTrack = t !== undefined && (t.encoded !== undefined || t.identifier !== undefined);
  let trackChanged = false;
  if (changesTrack && !skipTrack) {
    trackChanged = true;
    next.encodedTrack = t!.encoded !== undefined ? t!.encoded : options.resolvedTrack ?? null;
    next.positionMs = 0;
    next.positionAt = nowMs;
    next.endTimeMs = null;
    next.userData = {};
    // Starting or stopping a track un-pauses unless `paused` is sent too (Lavalink behaviour).
    next.paused = false;
  }
  if (!skipTrack) {
    if (t?.userData !== undefined) next.userData = t.userData as JsonObject;
    if (update.position !== undefined) {
      next.positionMs = Math.max(0, update.position);
      next.positionAt = nowMs;
    }
    if (update.endTime !== undefined) next.endTimeMs = update.endTime;
    if (update.paused !== undefined) next.paused = update.paused;
  }
  if (!trackChanged && next.encodedTrack === null) next.endTimeMs = null;
  if (update.volume !== undefined) next.volume = update.volume;
  if (update.filters !== undefined) next.filters = update.filters as JsonObject;
  return next;
}
