import { HttpError } from "./errors";
import { JsonObject } from "./json";
import type { PluginSet } from "./plugins/plugin-set";
import { TrackJson, trackJson } from "./track-json";

/** `GET /v4/loadtracks`: always 200 with `{loadType, data}` unless `identifier` is missing (400). */
export function loadTracks(query: URLSearchParams, plugins: PluginSet): JsonObject {
  const identifier = query.get("identifier");
  if (identifier === null) {
    throw new HttpError(400, "Required request parameter 'identifier' for method parameter type String is not present");
  }
  const result = plugins.resolveIdentifier(identifier);
  switch (result.loadType) {
    case "track":
      return { loadType: "track", data: trackJson(result.track, 0n) };
    case "playlist":
      return {
        loadType: "playlist",
        data: { info: { name: result.name, selectedTrack: result.selectedTrack }, pluginInfo: {}, tracks: result.tracks.map((t) => trackJson(t, 0n)) },
      };
    case "search":
      return { loadType: "search", data: result.tracks.map((t) => trackJson(t, 0n)) };
    case "empty":
      return { loadType: "empty", data: null };
    case "error":
      return {
        loadType: "error",
        data: {
          message: result.message,
          severity: result.severity,
          cause: `com.sedmelluq.discord.lavaplayer.tools.FriendlyException: ${result.message}`,
          causeStackTrace: `com.sedmelluq.discord.lavaplayer.tools.FriendlyException: ${result.message}\n\tat lavalink.emulator.Catalogue(emulator)\n`,
        },
      };
  }
}

/** Decodes one client blob into Track JSON with `encoded` echoed verbatim. Undecodable → 500. */
export function decodeOne(encoded: string, plugins: PluginSet): TrackJson {
  try {
    const { fields, position } = plugins.decodeClientTrack(encoded);
    return trackJson(fields, position, {}, encoded);
  } catch (e) {
    throw new HttpError(500, (e as Error).message);
  }
}

/** `GET /v4/decodetrack?encodedTrack=` (legacy `?track=`). */
export function decodeTrackRoute(query: URLSearchParams, plugins: PluginSet): TrackJson {
  const encoded = query.get("encodedTrack") ?? query.get("track");
  if (encoded === null) throw new HttpError(400, "No track to decode provided");
  return decodeOne(encoded, plugins);
}

/** `POST /v4/decodetracks` with a JSON array of blobs. */
export function decodeTracksRoute(body: unknown, plugins: PluginSet): TrackJson[] {
  if (!Array.isArray(body)) throw new HttpError(400, "JSON parse error: body must be an array of strings");
  if (body.length === 0) throw new HttpError(400, "No tracks to decode provided");
  return body.map((item, i) => {
    if (typeof item !== "string") throw new HttpError(400, `JSON parse error: element ${i} must be a string`);
    return decodeOne(item, plugins);
  });
}
