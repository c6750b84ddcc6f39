/**
 * Validators for player payloads: PlayerState (also inside `playerUpdate` frames), VoiceState and the
 * REST Player object.
 */
import { LavalinkProtocolError } from "./errors";
import { asObject, childPath, jsonTypeOf, readBoolean, readEpochMs, readInt, readInt32, readNullableString, readObject, readString } from "./validate-json";
import { validateFilters } from "./validate-filters";
import { validateTrack } from "./validate-track";
import type { Player, PlayerState, VoiceState } from "./types";

/**
 * Turns unknown JSON into a {@link PlayerState}.
 * @throws LavalinkProtocolError naming e.g. `playerUpdate.state.position`.
 */
export function validatePlayerState(value: unknown, path: string): PlayerState {
  const o = asObject(value, path);
  return {
    time: readEpochMs(o, "time", path),
    position: readInt(o, "position", path),
    connected: readBoolean(o, "connected", path),
    ping: readInt32(o, "ping", path),
  };
}

/**
 * Turns unknown JSON into a {@link VoiceState}; a missing `channelId` (servers before 4.2) becomes null.
 * @throws LavalinkProtocolError at the first bad field.
 */
export function validateVoiceState(value: unknown, path: string): VoiceState {
  const o = asObject(value, path);
  return {
    token: readString(o, "token", path),
    endpoint: readString(o, "endpoint", path),
    sessionId: readString(o, "sessionId", path),
    channelId: readNullableString(o, "channelId", path),
  };
}

/**
 * Turns unknown JSON into a {@link Player}. `track` must be present (null when idle) — an absent key is
 * tolerated as null. Missing `filters` becomes `{}`.
 * @throws LavalinkProtocolError naming e.g. `player.track.info.title`.
 */
export function validatePlayer(value: unknown, path: string): Player {
  const o = asObject(value, path);
  const track = o.track === undefined || o.track === null ? null : validateTrack(o.track, childPath(path, "track"));
  const volume = readInt32(o, "volume", path);
  if (volume < 0) throw new LavalinkProtocolError(childPath(path, "volume"), "integer 0–1000", "negative number");
  return {
    guildId: readString(o, "guildId", path),
    track,
    volume,
    paused: readBoolean(o, "paused", path),
    state: validatePlayerState(readObject(o, "state", path), childPath(path, "state")),
    voice: validateVoiceState(readObject(o, "voice", path), childPath(path, "voice")),
    filters: o.filters === undefined ? {} : validateFilters(o.filters, childPath(path, "filters")),
  };
}

/** Validates the array answered by `GET …/players` (each element via {@link validatePlayer}). */
export function validatePlayers(value: unknown, path: string): Player[] {
  if (!Array.isArray(value)) throw new LavalinkProtocolError(path, "array", jsonTypeOf(value));
  return value.map((p, i) => validatePlayer(p, childPath(path, i)));
}
