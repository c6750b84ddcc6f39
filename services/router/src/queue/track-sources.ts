/**
 * Turns Enqueue's TrackSources into registry queue items: encoded tracks are decoded through a
 * Lavanode for their info (kept without info when no node is usable), identifiers are loaded
 * through LoadTracks (a track adds it, a playlist all its tracks, a search its first result).
 */
import { InvalidArgumentError } from "../../../common/src/errors";
import type { JsonObject, QueueItemInput } from "../../../common/src/registry/types";
import type { Track } from "../../../../gen/ts/pyro/lavalink/v1/track";
import type { TrackSource } from "../../../../gen/ts/pyro/router/v1/queue";
import { NoNodeAvailableError } from "../errors";
import type { TrackResolver } from "../players/track-resolver";
import { itemFromTrack } from "./queue-entry";

/**
 * Resolves `sources` (already validated) into items, in order.
 * @throws InvalidArgumentError naming `tracks[i].identifier` for empty and error load results;
 *   NoNodeAvailableError when an identifier must be loaded and no node is usable.
 */
export async function resolveTrackSources(resolver: TrackResolver, sources: readonly TrackSource[], nowMs: number, signal?: AbortSignal): Promise<QueueItemInput[]> {
  const encoded = sources.flatMap((s) => (s.source?.$case === "encodedTrack" ? [s.source.value] : []));
  const decoded = encoded.length > 0 ? await decodeIfPossible(resolver, encoded, signal) : undefined;
  let e = 0;
  const perSource = await Promise.all(sources.map(async (s, i): Promise<Track[]> => {
    const src = s.source!;
    if (src.$case === "encodedTrack") {
      const info = decoded?.[e++]?.info;
      return [{ encoded: src.value, info, pluginInfo: {}, userData: {} }];
    }
    return loadIdentifier(resolver, src.value, `tracks[${i}].identifier`, signal);
  }));
  return perSource.flatMap((tracks, i) => tracks.map((t) => itemFromTrack(t, sources[i]!.userData as JsonObject | undefined, nowMs)));
}

async function decodeIfPossible(resolver: TrackResolver, encoded: string[], signal?: AbortSignal): Promise<Track[] | undefined> {
  try {
    const tracks = await resolver.decodeMany(encoded, signal);
    return tracks.length === encoded.length ? tracks : undefined;
  } catch (err) {
    // The info is a convenience for readers of the queue; the track itself is what plays.
    if (err instanceof NoNodeAvailableError) return undefined;
    throw err;
  }
}

async function loadIdentifier(resolver: TrackResolver, identifier: string, field: string, signal?: AbortSignal): Promise<Track[]> {
  const r = (await resolver.load(identifier, signal)).result.result;
  switch (r?.$case) {
    case "track":
      return [r.value];
    case "playlist":
      if (r.value.tracks.length === 0) throw new InvalidArgumentError(field, "resolves to an empty playlist");
      return r.value.tracks;
    case "search":
      if (r.value.tracks.length === 0) throw new InvalidArgumentError(field, "search found nothing");
      return [r.value.tracks[0]!];
    case "error":
      throw new InvalidArgumentError(field, `failed to load: ${r.value.message}`);
    default:
      throw new InvalidArgumentError(field, "matches nothing");
  }
}
