/**
 * Reads the body of `PATCH /v4/sessions/{id}/players/{guildId}` the way Lavalink does: JSON types are
 * checked (kotlinx rejects `null` in non-nullable fields, fractions in ints), then Lavalink's own
 * validation in its order, with its exact messages, and Pyro's shared limits (limits.ts: userData
 * and pluginFilters depth and size, 15 equalizer bands). The result is a Pyro UpdatePlayerRequest.
 */
import type { UpdatePlayerRequest } from "../../../../gen/ts/pyro/router/v1/player";
import { playerPatchToCommand } from "../../../common/src/mapping/update-player";
import type { PlayerUpdate } from "../../../common/src/lavalink-protocol";
import { LavalinkHttpError } from "./lavalink-http-error";
import { MAX_EQUALIZER_BANDS, MAX_PLUGIN_FILTERS_BYTES, MAX_USER_DATA_BYTES, jsonLimitProblem } from "../../../common/src/limits";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (message: string): LavalinkHttpError => new LavalinkHttpError(400, message);

function typeError(path: string, expected: string): LavalinkHttpError {
  return bad(`JSON parse error: field '${path}' must be ${expected}`);
}

function optString(o: Json, key: string, path: string, nullable = false): string | null | undefined {
  const v = o[key];
  if (v === undefined || (nullable && v === null)) return v as null | undefined;
  if (typeof v !== "string") throw typeError(path, nullable ? "a string or null" : "a string");
  return v;
}

function optInt(o: Json, key: string, path: string, nullable = false): number | null | undefined {
  const v = o[key];
  if (v === undefined || (nullable && v === null)) return v as null | undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw typeError(path, "an integer");
  return v;
}

function optNumber(o: Json, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw typeError(path, "a number");
  return v;
}

/** Checks the filter JSON types; object filters may be `null` (off), `volume`/`equalizer` may not. */
function checkFilters(f: unknown): PlayerUpdate["filters"] {
  if (!isObject(f)) throw typeError("filters", "an object");
  optNumber(f, "volume", "filters.volume");
  if (f.equalizer !== undefined) {
    if (!Array.isArray(f.equalizer)) throw typeError("filters.equalizer", "an array");
    if (f.equalizer.length > MAX_EQUALIZER_BANDS) throw bad(`JSON parse error: field 'filters.equalizer' must have at most ${MAX_EQUALIZER_BANDS} bands, got ${f.equalizer.length}`);
    f.equalizer.forEach((b, i) => {
      if (!isObject(b)) throw typeError(`filters.equalizer[${i}]`, "an object");
      if (optInt(b, "band", `filters.equalizer[${i}].band`) === undefined) throw bad(`JSON parse error: field 'filters.equalizer[${i}].band' is required`);
      optNumber(b, "gain", `filters.equalizer[${i}].gain`);
    });
  }
  for (const [key, value] of Object.entries(f)) {
    if (key === "volume" || key === "equalizer" || value === null || value === undefined) continue;
    if (!isObject(value)) throw typeError(`filters.${key}`, "an object");
    if (key === "pluginFilters") {
      const problem = jsonLimitProblem(value, MAX_PLUGIN_FILTERS_BYTES);
      if (problem) throw bad(`JSON parse error: field 'filters.pluginFilters' ${problem}`);
      continue;
    }
    for (const [sub, n] of Object.entries(value)) if (typeof n !== "number" || !Number.isFinite(n)) throw typeError(`filters.${key}.${sub}`, "a number");
  }
  return f as PlayerUpdate["filters"];
}

function checkVoice(v: unknown): NonNullable<PlayerUpdate["voice"]> {
  if (!isObject(v)) throw typeError("voice", "an object");
  const token = optString(v, "token", "voice.token");
  const endpoint = optString(v, "endpoint", "voice.endpoint");
  const sessionId = optString(v, "sessionId", "voice.sessionId");
  const channelId = optString(v, "channelId", "voice.channelId", true);
  if (token === undefined || endpoint === undefined || sessionId === undefined || !("channelId" in v)) throw bad("JSON parse error: voice requires token, endpoint, sessionId and channelId");
  const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === "";
  if (blank(token) || blank(endpoint) || blank(sessionId) || blank(channelId)) throw bad("token, endpoint, sessionId and channelId must be provided in voice state");
  return { token: token!, endpoint: endpoint!, sessionId: sessionId!, channelId: channelId! };
}

/**
 * Validates `body` and converts it for guild `guildId`. `position` below 0 becomes 0, `volume` is
 * clamped to 0..1000, `endTime: null` is dropped (a no-op on real servers).
 * @throws LavalinkHttpError 400 with Lavalink's message for every rejected body.
 */
export function parsePlayerPatch(body: unknown, guildId: string, noReplace: boolean): UpdatePlayerRequest {
  if (!isObject(body)) throw bad("JSON parse error: the body must be an object");
  const update: PlayerUpdate = {};
  if (body.track !== undefined) {
    if (!isObject(body.track)) throw typeError("track", "an object");
    const t = body.track;
    const track: NonNullable<PlayerUpdate["track"]> = {};
    const encoded = optString(t, "encoded", "track.encoded", true);
    if (encoded !== undefined) track.encoded = encoded;
    const identifier = optString(t, "identifier", "track.identifier");
    if (typeof identifier === "string") track.identifier = identifier;
    if (t.userData !== undefined) {
      if (!isObject(t.userData)) throw typeError("track.userData", "an object");
      const problem = jsonLimitProblem(t.userData, MAX_USER_DATA_BYTES);
      if (problem) throw bad(`JSON parse error: field 'track.userData' ${problem}`);
      track.userData = t.userData;
    }
    update.track = track;
  }
  const encodedTrack = optString(body, "encodedTrack", "encodedTrack", true);
  if (encodedTrack !== undefined) update.encodedTrack = encodedTrack;
  const identifier = optString(body, "identifier", "identifier");
  if (typeof identifier === "string") update.identifier = identifier;
  const position = optInt(body, "position", "position");
  if (position !== undefined) update.position = Math.max(0, position!);
  const endTime = optInt(body, "endTime", "endTime", true);
  const volume = optInt(body, "volume", "volume");
  if (volume !== undefined) update.volume = Math.min(1000, Math.max(0, volume!));
  if (body.paused !== undefined) {
    if (typeof body.paused !== "boolean") throw typeError("paused", "a boolean");
    update.paused = body.paused;
  }
  if (body.filters !== undefined) update.filters = checkFilters(body.filters);
  // Lavalink's checks, in its order: track forms, filters (none disabled here), voice, end time.
  let command;
  try {
    command = playerPatchToCommand({ body: update, noReplace });
  } catch (err) {
    throw bad((err as Error).message);
  }
  if (body.voice !== undefined) update.voice = checkVoice(body.voice);
  if (endTime !== undefined && endTime !== null && endTime <= 0) throw bad("End time must be greater than 0");
  if (endTime !== undefined && endTime !== null) update.endTime = endTime;
  command = playerPatchToCommand({ body: update, noReplace });
  const { fullState: _full, ...rest } = command;
  return { ...rest, guildId };
}
