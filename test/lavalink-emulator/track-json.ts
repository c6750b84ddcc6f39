import { decodeTrack, encodeTrack, readProbeInfo, TrackFields } from "./track-codec";
import { JsonObject } from "./json";

/** Source managers the emulator "has installed" (reported by /v4/info; others fail to decode). */
export const SOURCE_MANAGERS = ["youtube", "soundcloud", "bandcamp", "http", "local", "emulator"] as const;

const PROBE_SOURCES = new Set(["http", "local"]);

/** Lavalink's TrackInfo JSON (key order as the server emits it). */
export interface TrackInfoJson {
  identifier: string;
  isSeekable: boolean;
  author: string;
  length: bigint;
  isStream: boolean;
  position: bigint;
  title: string;
  uri: string | null;
  sourceName: string;
  artworkUrl: string | null;
  isrc: string | null;
}

/** Lavalink's Track JSON. `length`/`position` are bigint; serialise with `stringifyJson`. */
export interface TrackJson {
  encoded: string;
  info: TrackInfoJson;
  pluginInfo: JsonObject;
  userData: JsonObject;
}

/** Error raised when a blob decodes but names a source the emulator does not have. */
export class UnknownSourceError extends Error {
  constructor() {
    super("Failed to decode track due to a mismatching version or missing source manager");
  }
}

/**
 * Decodes a client-supplied blob into track fields and its embedded start position.
 * Throws TrackDecodeError (malformed) or UnknownSourceError (source not installed). `extraSources` are the
 * source managers enabled plugins add.
 */
export function decodeClientTrack(encoded: string, extraSources: readonly string[] = []): { fields: TrackFields; position: bigint } {
  const d = decodeTrack(encoded);
  if (!(SOURCE_MANAGERS as readonly string[]).includes(d.sourceName) && !extraSources.includes(d.sourceName)) throw new UnknownSourceError();
  const { position, version: _version, ...fields } = d;
  return { fields, position };
}

/** The track's `pluginInfo`: core adds `probeInfo` for http and local tracks. */
export function pluginInfoFor(fields: TrackFields): JsonObject {
  if (!PROBE_SOURCES.has(fields.sourceName)) return {};
  const probe = readProbeInfo(fields.sourceData);
  return probe === null ? {} : { probeInfo: probe };
}

/**
 * Builds the Track JSON for `fields` at `position` (ms). `encoded` is re-encoded with that position
 * unless `echoEncoded` is given (decodetrack echoes the input verbatim).
 */
export function trackJson(fields: TrackFields, position: bigint, userData: JsonObject = {}, echoEncoded?: string): TrackJson {
  return {
    encoded: echoEncoded ?? encodeTrack(fields, position),
    info: {
      identifier: fields.identifier,
      isSeekable: !fields.isStream,
      author: fields.author,
      length: fields.length,
      isStream: fields.isStream,
      position,
      title: fields.title,
      uri: fields.uri,
      sourceName: fields.sourceName,
      artworkUrl: fields.artworkUrl,
      isrc: fields.isrc,
    },
    pluginInfo: pluginInfoFor(fields),
    userData,
  };
}
