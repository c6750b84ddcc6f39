/**
 * pyro.lavanode.v1.UpdatePlayerCommand / pyro.router.v1.UpdatePlayerRequest → the body and
 * `noReplace` flag of Lavalink `PATCH /v4/sessions/{sessionId}/players/{guildId}`.
 */
import type { UpdatePlayerCommand } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import { filtersFromProto, filtersToProto } from "./filters";
import { int64ToNumber, numberToInt64 } from "./int64";
import type { PlayerUpdate } from "../lavalink-protocol";
import { copyJsonObject } from "./json-object";
import { voiceStateFromProto, voiceStateToProto } from "./voice";

/**
 * The fields both UpdatePlayerCommand and UpdatePlayerRequest carry (same oneofs, same meaning).
 * `fullState` exists only on UpdatePlayerCommand.
 */
export type PlayerUpdateSource =
  Pick<UpdatePlayerCommand, "track" | "userData" | "positionMs" | "endTime" | "volume" | "paused" | "filters" | "voice" | "noReplace">
  & { fullState?: boolean };

/** A Lavalink player PATCH: the JSON body and the `noReplace` query flag. */
export interface PlayerPatch {
  body: PlayerUpdate;
  noReplace: boolean;
}

/** Lavalink's player defaults, applied for unset fields when `fullState` is true. */
const DEFAULT_VOLUME = 100;

/**
 * Builds the Lavalink PATCH for a player update. Only set fields are written, so "not set" stays
 * "unchanged": track `encoded_track` → `track.encoded`, `identifier` → `track.identifier`, `stop` →
 * `track.encoded: null`; `user_data` → `track.userData` (alone when there is no track change);
 * `end_time_ms` → `endTime`, `clear_end_time` → `endTime: null`; `position_ms` → `position` (ms).
 *
 * With `fullState` true (UpdatePlayerCommand only) unset fields take Lavalink defaults instead:
 * no track (`track.encoded: null`), `position: 0`, `volume: 100`, `paused: false`, `filters: {}`, and no
 * `endTime` key (a started track has no marker). Unset `voice` and `user_data` are omitted either way.
 * Values are not range-checked here (see validateFilters and the callers' request validation).
 */
export function playerUpdateToPatch(update: PlayerUpdateSource): PlayerPatch {
  const full = update.fullState === true;
  const body: PlayerUpdate = {};

  const track: NonNullable<PlayerUpdate["track"]> = {};
  switch (update.track?.$case) {
    case "encodedTrack": track.encoded = update.track.value; break;
    case "identifier": track.identifier = update.track.value; break;
    case "stop": track.encoded = null; break;
    default: if (full) track.encoded = null;
  }
  if (update.userData !== undefined) track.userData = copyJsonObject(update.userData);
  if (Object.keys(track).length > 0) body.track = track;

  if (update.positionMs !== undefined) body.position = int64ToNumber(update.positionMs);
  else if (full) body.position = 0;

  if (update.endTime?.$case === "endTimeMs") body.endTime = int64ToNumber(update.endTime.value);
  else if (update.endTime?.$case === "clearEndTime") body.endTime = null;

  if (update.volume !== undefined) body.volume = update.volume;
  else if (full) body.volume = DEFAULT_VOLUME;

  if (update.paused !== undefined) body.paused = update.paused;
  else if (full) body.paused = false;

  if (update.filters !== undefined) body.filters = filtersFromProto(update.filters);
  else if (full) body.filters = {};

  if (update.voice !== undefined) body.voice = voiceStateFromProto(update.voice);

  return { body, noReplace: update.noReplace };
}

/**
 * The inverse of {@link playerUpdateToPatch} for a partial update: reads a Lavalink PATCH body (and
 * `noReplace`) into an UpdatePlayerCommand with `fullState` false. The deprecated top-level
 * `encodedTrack`/`identifier` are accepted as `track.encoded`/`track.identifier`.
 * @throws TypeError when the body names both an encoded track and an identifier, or `track` together
 *   with a top-level form (Lavalink answers 400 for both).
 */
export function playerPatchToCommand(patch: PlayerPatch): UpdatePlayerCommand {
  const { body } = patch;
  if (body.track !== undefined && (body.encodedTrack !== undefined || body.identifier !== undefined)) {
    throw new TypeError("Cannot specify both track and encodedTrack/identifier");
  }
  const encoded = body.track !== undefined ? body.track.encoded : body.encodedTrack;
  const identifier = body.track !== undefined ? body.track.identifier : body.identifier;
  if (encoded !== undefined && identifier !== undefined) throw new TypeError("Cannot specify both encodedTrack and identifier");

  const out: UpdatePlayerCommand = { noReplace: patch.noReplace, fullState: false };
  if (encoded === null) out.track = { $case: "stop", value: {} };
  else if (encoded !== undefined) out.track = { $case: "encodedTrack", value: encoded };
  else if (identifier !== undefined) out.track = { $case: "identifier", value: identifier };
  if (body.track?.userData !== undefined) out.userData = copyJsonObject(body.track.userData);
  if (body.position !== undefined) out.positionMs = numberToInt64(body.position);
  if (body.endTime === null) out.endTime = { $case: "clearEndTime", value: {} };
  else if (body.endTime !== undefined) out.endTime = { $case: "endTimeMs", value: numberToInt64(body.endTime) };
  if (body.volume !== undefined) out.volume = body.volume;
  if (body.paused !== undefined) out.paused = body.paused;
  if (body.filters !== undefined) out.filters = filtersToProto(body.filters);
  if (body.voice !== undefined) out.voice = voiceStateToProto(body.voice);
  return out;
}
