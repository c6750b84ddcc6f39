/**
 * Validators for tracks and exception objects. Tolerates what older 4.x servers omit (`pluginInfo`,
 * `userData`, `artworkUrl`, `isrc`, `causeStackTrace`); rejects wrong types with the offending path.
 */
import { asObject, childPath, readBoolean, readEnum, readInt, readNullableString, readObject, readObjectOrEmpty, readString } from "./validate-json";
import type { ExceptionSeverity, LavalinkException, Track, TrackInfo } from "./types";

const SEVERITIES: readonly ExceptionSeverity[] = ["common", "suspicious", "fault"];

/**
 * Turns unknown JSON into a {@link TrackInfo}.
 * @throws LavalinkProtocolError naming e.g. `track.info.length` when a field is missing or mistyped.
 */
export function validateTrackInfo(value: unknown, path: string): TrackInfo {
  const o = asObject(value, path);
  return {
    identifier: readString(o, "identifier", path),
    isSeekable: readBoolean(o, "isSeekable", path),
    author: readString(o, "author", path),
    length: readInt(o, "length", path),
    isStream: readBoolean(o, "isStream", path),
    position: readInt(o, "position", path),
    title: readString(o, "title", path),
    uri: readNullableString(o, "uri", path),
    artworkUrl: readNullableString(o, "artworkUrl", path),
    isrc: readNullableString(o, "isrc", path),
    sourceName: readString(o, "sourceName", path),
  };
}

/**
 * Turns unknown JSON into a {@link Track}; missing `pluginInfo`/`userData` (4.0.0–4.0.1) become `{}`.
 * @throws LavalinkProtocolError at the first bad field.
 */
export function validateTrack(value: unknown, path: string): Track {
  const o = asObject(value, path);
  return {
    encoded: readString(o, "encoded", path),
    info: validateTrackInfo(readObject(o, "info", path), childPath(path, "info")),
    pluginInfo: readObjectOrEmpty(o, "pluginInfo", path),
    userData: readObjectOrEmpty(o, "userData", path),
  };
}

/**
 * Turns unknown JSON into a {@link LavalinkException}; `causeStackTrace` is kept only when present.
 * @throws LavalinkProtocolError at the first bad field (unknown severities are rejected).
 */
export function validateException(value: unknown, path: string): LavalinkException {
  const o = asObject(value, path);
  const result: LavalinkException = {
    message: readNullableString(o, "message", path),
    severity: readEnum(o, "severity", path, SEVERITIES),
    cause: readString(o, "cause", path),
  };
  const stack = readNullableString(o, "causeStackTrace", path);
  if (stack !== null) result.causeStackTrace = stack;
  return result;
}
