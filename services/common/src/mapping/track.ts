/** Lavalink `Track` / `TrackInfo` JSON ⇄ pyro.lavalink.v1.Track / TrackInfo. */
import type { Track as TrackProto, TrackInfo as TrackInfoProto } from "../../../../gen/ts/pyro/lavalink/v1/track";
import { int64ToNumber, numberToInt64 } from "./int64";
import { copyJsonObject } from "./json-object";
import type { Track, TrackInfo } from "../lavalink-protocol";

/**
 * Converts Lavalink `TrackInfo` JSON to proto. `null` uri/artworkUrl/isrc become absent; `length`
 * and `position` become int64 (a Long.MAX stream length that JSON.parse rounded up stays INT64_MAX).
 */
export function trackInfoToProto(info: TrackInfo): TrackInfoProto {
  const out: TrackInfoProto = {
    identifier: info.identifier,
    isSeekable: info.isSeekable,
    author: info.author,
    lengthMs: numberToInt64(info.length),
    isStream: info.isStream,
    positionMs: numberToInt64(info.position),
    title: info.title,
    sourceName: info.sourceName,
  };
  if (info.uri !== null) out.uri = info.uri;
  if (info.artworkUrl !== null) out.artworkUrl = info.artworkUrl;
  if (info.isrc !== null) out.isrc = info.isrc;
  return out;
}

/**
 * Converts proto TrackInfo to Lavalink JSON: absent uri/artworkUrl/isrc become `null` (Lavalink always
 * emits these keys). Keys follow the server's emission order.
 */
export function trackInfoFromProto(info: TrackInfoProto): TrackInfo {
  return {
    identifier: info.identifier,
    isSeekable: info.isSeekable,
    author: info.author,
    length: int64ToNumber(info.lengthMs),
    isStream: info.isStream,
    position: int64ToNumber(info.positionMs),
    title: info.title,
    uri: info.uri ?? null,
    sourceName: info.sourceName,
    artworkUrl: info.artworkUrl ?? null,
    isrc: info.isrc ?? null,
  };
}

/** Converts a Lavalink `Track` JSON object to proto; `pluginInfo` and `userData` are always set (possibly `{}`). */
export function trackToProto(track: Track): TrackProto {
  return {
    encoded: track.encoded,
    info: trackInfoToProto(track.info),
    pluginInfo: copyJsonObject(track.pluginInfo),
    userData: copyJsonObject(track.userData),
  };
}

/**
 * Converts a proto Track to Lavalink JSON. Absent `pluginInfo`/`userData` become `{}` (as Lavalink
 * 4.0.2+ always sends them).
 * @throws TypeError when `info` is missing (every Lavalink track carries one).
 */
export function trackFromProto(track: TrackProto): Track {
  if (track.info === undefined) throw new TypeError("pyro.lavalink.v1.Track.info is required");
  return {
    encoded: track.encoded,
    info: trackInfoFromProto(track.info),
    pluginInfo: copyJsonObject(track.pluginInfo),
    userData: copyJsonObject(track.userData),
  };
}
