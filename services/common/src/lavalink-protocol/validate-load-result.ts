/**
 * Validator for `GET /v4/loadtracks` results (track / playlist / search / empty / error). The `empty`
 * variant accepts both `null` (real servers) and `{}` (older docs) and normalises to null.
 */
import { LavalinkProtocolError } from "./errors";
import { asObject, childPath, jsonTypeOf, readArray, readEnum, readInt32, readObject, readObjectOrEmpty, readString } from "./validate-json";
import { validateException, validateTrack } from "./validate-track";
import type { LoadResult, Playlist } from "./types";

const LOAD_TYPES = ["track", "playlist", "search", "empty", "error"] as const;

function validatePlaylist(value: unknown, path: string): Playlist {
  const o = asObject(value, path);
  const info = readObject(o, "info", path);
  const infoPath = childPath(path, "info");
  return {
    info: { name: readString(info, "name", infoPath), selectedTrack: readInt32(info, "selectedTrack", infoPath) },
    pluginInfo: readObjectOrEmpty(o, "pluginInfo", path),
    tracks: readArray(o, "tracks", path, validateTrack),
  };
}

/**
 * Turns unknown JSON into a {@link LoadResult}.
 * @param path root path used in errors (default `loadResult`).
 * @throws LavalinkProtocolError naming e.g. `loadResult.data.tracks[2].info.length`.
 */
export function validateLoadResult(value: unknown, path = "loadResult"): LoadResult {
  const o = asObject(value, path);
  const loadType = readEnum(o, "loadType", path, LOAD_TYPES);
  const dataPath = childPath(path, "data");
  switch (loadType) {
    case "track":
      return { loadType, data: validateTrack(o.data, dataPath) };
    case "playlist":
      return { loadType, data: validatePlaylist(o.data, dataPath) };
    case "search":
      return { loadType, data: readArray(o, "data", path, validateTrack) };
    case "empty":
      if (o.data !== undefined && o.data !== null && Object.keys(asObject(o.data, dataPath)).length > 0) {
        throw new LavalinkProtocolError(dataPath, "null or {}", "non-empty object");
      }
      return { loadType, data: null };
    case "error":
      return { loadType, data: validateException(o.data, dataPath) };
  }
}

/** Validates the array answer of `POST /v4/decodetracks`. */
export function validateTracks(value: unknown, path = "tracks"): ReturnType<typeof validateTrack>[] {
  if (!Array.isArray(value)) throw new LavalinkProtocolError(path, "array", jsonTypeOf(value));
  return value.map((t, i) => validateTrack(t, childPath(path, i)));
}
