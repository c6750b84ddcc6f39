/**
 * The checkpoint a player update will lead to, computed before Lavalink answers, so the registry
 * write can run alongside the Lavalink PATCH instead of after it. It is the entry's current state
 * (its position carried forward to `now`, so a pause freezes it where the track is) with the PATCH
 * applied by the one definition of Lavalink's PATCH semantics (common/src/player-state).
 *
 * Returns undefined when the outcome cannot be known in advance: the entry has no player yet, or
 * the update names a track by identifier (only Lavalink resolves it) or uses the deprecated
 * top-level track fields. The caller then checkpoints after the PATCH, from Lavalink's answer.
 */
import type { PlayerState } from "../../../common/src/registry/types";
import type { PlayerUpdate } from "../../../common/src/lavalink-protocol/types";
import { applyUpdate, extrapolatePositionMs, fromLavalinkPlayer } from "../../../common/src/player-state";
import type { PlayerEntry } from "./player-table";

/** The checkpoint after `patch` (sent with `noReplace`) at `now` (unix ms); see the module comment. */
export function desiredCheckpoint(entry: PlayerEntry, patch: PlayerUpdate, noReplace: boolean, now: number): PlayerState | undefined {
  const p = entry.player;
  if (!p) return undefined;
  if (patch.identifier !== undefined || patch.encodedTrack !== undefined || patch.track?.identifier !== undefined) return undefined;
  // The client's desired filters, volume and pause, not the server's echo of them (desired-state.ts).
  const current = { ...fromLavalinkPlayer(p, entry.endTimeMs, now), ...entry.desired };
  const extent = p.track ? { lengthMs: p.track.info.length, isStream: p.track.info.isStream } : {};
  const rebased = { ...current, positionMs: Math.round(extrapolatePositionMs(current, now, extent)), positionAt: now };
  return applyUpdate(rebased, patch, now, { noReplace });
}
