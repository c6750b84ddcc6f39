/**
 * Applies an UpdatePlayerRequest to a player's stored state with Lavalink PATCH semantics, for
 * players that are not on a node yet (awaiting voice or a node). The result is what the node will
 * be given when the player is placed (a rebuild from the registry).
 */
import type { PlayerState } from "../../../common/src/registry/types";
import type { JsonObject } from "../../../common/src/registry/types";
import type { UpdatePlayerRequest } from "../../../../gen/ts/pyro/router/v1/player";
import { filtersFromProto } from "../../../common/src/mapping/filters";
import { int64ToNumber } from "../../../common/src/mapping/int64";

/**
 * The new state. `resolvedTrack` is the encoded track an `identifier` resolved to (the caller
 * resolves it through a node's LoadTracks). `noReplace` with a track present skips the track
 * change and the fields tied to it, as Lavalink does.
 */
export function applyToState(state: PlayerState, req: UpdatePlayerRequest, resolvedTrack: string | undefined, now: number): PlayerState {
  const next: PlayerState = { ...state };
  const skipTrack = req.noReplace && state.encodedTrack !== null;
  const t = req.track;
  let trackChanged = false;
  if (t && !skipTrack) {
    trackChanged = true;
    next.encodedTrack = t.$case === "encodedTrack" ? t.value : t.$case === "identifier" ? resolvedTrack ?? null : null;
    next.positionMs = 0;
    next.positionAt = now;
    next.endTimeMs = null;
    next.userData = {};
    // Starting or stopping a track un-pauses unless `paused` is sent too (Lavalink behaviour).
    next.paused = false;
  }
  if (!skipTrack) {
    if (req.userData !== undefined) next.userData = req.userData as JsonObject;
    if (req.positionMs !== undefined) {
      next.positionMs = Math.max(0, int64ToNumber(req.positionMs));
      next.positionAt = now;
    }
    if (req.endTime?.$case === "endTimeMs") next.endTimeMs = int64ToNumber(req.endTime.value);
    else if (req.endTime?.$case === "clearEndTime") next.endTimeMs = null;
    if (req.paused !== undefined) next.paused = req.paused;
  }
  if (!trackChanged && next.encodedTrack === null) next.endTimeMs = null;
  if (req.volume !== undefined) next.volume = req.volume;
  if (req.filters !== undefined) next.filters = filtersFromProto(req.filters) as JsonObject;
  return next;
}
