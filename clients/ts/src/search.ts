/**
 * Search and identifier rules of the bot API: a URL (or anything with a scheme such as
 * `ytsearch:` or `emulator:`) is used as given; plain text is searched on `source`.
 */
import type { LoadTracksResponse } from "../gen/pyro/router/v1/tracks";
import type { Track } from "../gen/pyro/lavalink/v1/track";
import { toPlain, type Plain } from "./plain";

/** Search sources and their Lavalink prefixes; any other string is used as the prefix itself. */
export const SEARCH_PREFIXES: Readonly<Record<string, string>> = { youtube: "ytsearch", youtubemusic: "ytmsearch", soundcloud: "scsearch", spotify: "spsearch", deezer: "dzsearch" };

/** A track in Plain form (lengthMs is a number; Infinity for a live stream). */
export type PlainTrack = Plain<Track>;

/** What a search found. */
export interface SearchResult {
  loadType: "track" | "playlist" | "search" | "empty" | "error";
  tracks: PlainTrack[];
  /** Playlist name for loadType playlist. */
  playlistName?: string;
  /** The source's message for loadType error. */
  error?: string;
}

/** True when `query` carries a scheme (`https://…`, `ytsearch:…`, `emulator:…`). */
export function hasScheme(query: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(query.trim());
}

/** The identifier to load for `query`: unchanged with a scheme, else `<prefix>:<query>`. */
export function toIdentifier(query: string, source = "youtube"): string {
  const q = query.trim();
  return hasScheme(q) ? q : `${SEARCH_PREFIXES[source] ?? source}:${q}`;
}

/** Flattens a LoadTracks response. */
export function toSearchResult(res: LoadTracksResponse): SearchResult {
  const r = res.result?.result;
  switch (r?.$case) {
    case "track":
      return { loadType: "track", tracks: [toPlain(r.value)] };
    case "playlist":
      return { loadType: "playlist", tracks: r.value.tracks.map(toPlain), playlistName: r.value.info?.name };
    case "search":
      return { loadType: "search", tracks: r.value.tracks.map(toPlain) };
    case "error":
      return { loadType: "error", tracks: [], error: r.value.message };
    default:
      return { loadType: "empty", tracks: [] };
  }
}
