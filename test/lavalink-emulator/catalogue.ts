import { LONG_MAX, probeInfoPayload, TrackFields } from "./track-codec";

/**
 * The emulator's offline track sources. Identifier forms (all deterministic, no network):
 *
 * - `emulator:<name>[:<length_ms>]` → `track`; title `<name>` (any Unicode), author `Emulator`,
 *   length default 180000 ms, sourceName `emulator`.
 * - `emulator-stream:<name>` → `track` that is a live stream (length Long.MAX, not seekable).
 * - `emulator-playlist:<name>:<count>[:<selected>]` → `playlist` of `count` (1–100) tracks
 *   `emulator:<name> #<i>:<60000 + 1000 i>`, `selectedTrack` default -1.
 * - `ytsearch:` / `ytmsearch:` / `scsearch:` / `bcsearch:` `<words>` → `search` with 5 tracks derived from the
 *   words (youtube / soundcloud / bandcamp sources); the words `nothing` give `search` with `[]`.
 * - `http://…` / `https://…` → `track` from the `http` source (probe from the file extension, default `mp3`);
 *   a `length_ms=<n>` query parameter sets the length (default 180000).
 * - `emulator-error:<message>` → `error` result (severity `common`) carrying `<message>`.
 * - anything else → `empty`.
 */
export type LoadResult =
  | { loadType: "track"; track: TrackFields }
  | { loadType: "playlist"; name: string; selectedTrack: number; tracks: TrackFields[] }
  | { loadType: "search"; tracks: TrackFields[] }
  | { loadType: "empty" }
  | { loadType: "error"; message: string; severity: "common" | "suspicious" | "fault" };

/** Default track length in ms for catalogue tracks without an explicit length. */
export const DEFAULT_LENGTH_MS = 180000;

const SEARCH_SOURCES: Record<string, string> = {
  ytsearch: "youtube",
  ytmsearch: "youtube",
  scsearch: "soundcloud",
  bcsearch: "bandcamp",
};

function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function fakeId(text: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    let h = hash32(text, i);
    for (let k = 0; k < 5 && out.length < length; k++, h >>>= 6) out += ID_CHARS[h & 63];
  }
  return out;
}

/** A catalogue track of the `emulator` source. */
export function emulatorTrack(name: string, lengthMs: number): TrackFields {
  return {
    title: name,
    author: "Emulator",
    length: BigInt(lengthMs),
    identifier: `emulator:${name}:${lengthMs}`,
    isStream: false,
    uri: null,
    artworkUrl: null,
    isrc: null,
    sourceName: "emulator",
    sourceData: Buffer.alloc(0),
  };
}

function searchTrack(source: string, words: string, i: number): TrackFields {
  const id = fakeId(`${source}:${words}:${i}`, source === "youtube" ? 11 : 9);
  const lengthMs = 60000 + (hash32(id, 7) % 240) * 1000;
  const common = { title: `${words} (result ${i + 1})`, length: BigInt(lengthMs), isStream: false, isrc: null, sourceData: Buffer.alloc(0) };
  if (source === "youtube") {
    return { ...common, author: `${words} channel`, identifier: id, uri: `https://www.youtube.com/watch?v=${id}`,
      artworkUrl: `https://i.ytimg.com/vi/${id}/mqdefault.jpg`, sourceName: "youtube" };
  }
  const slug = id.toLowerCase();
  const uri = source === "soundcloud" ? `https://soundcloud.com/emulator/${slug}` : `https://emulator.bandcamp.com/track/${slug}`;
  return { ...common, author: `${words} artist`, identifier: source === "soundcloud" ? `O:${uri}` : uri, uri, artworkUrl: null, sourceName: source };
}

function httpTrack(identifier: string): TrackFields | null {
  let url: URL;
  try {
    url = new URL(identifier);
  } catch {
    return null;
  }
  const file = decodeURIComponent(url.pathname.split("/").pop() ?? "") || url.hostname;
  const ext = /\.([a-z0-9]{2,5})$/i.exec(file)?.[1]?.toLowerCase();
  const lengthParam = Number(url.searchParams.get("length_ms"));
  const lengthMs = Number.isSafeInteger(lengthParam) && lengthParam > 0 ? lengthParam : DEFAULT_LENGTH_MS;
  return {
    title: file,
    author: "Unknown artist",
    length: BigInt(lengthMs),
    identifier,
    isStream: false,
    uri: identifier,
    artworkUrl: null,
    isrc: null,
    sourceName: "http",
    sourceData: probeInfoPayload(ext === "ogg" || ext === "wav" || ext === "flac" ? ext : "mp3"),
  };
}

/** Resolves an identifier against the catalogue described above. Never throws. */
export function resolveIdentifier(identifier: string): LoadResult {
  const colon = identifier.indexOf(":");
  const prefix = colon >= 0 ? identifier.slice(0, colon) : "";
  const rest = colon >= 0 ? identifier.slice(colon + 1) : "";
  if (prefix in SEARCH_SOURCES) {
    const words = rest.trim();
    if (words === "nothing") return { loadType: "search", tracks: [] };
    return { loadType: "search", tracks: [0, 1, 2, 3, 4].map((i) => searchTrack(SEARCH_SOURCES[prefix], words, i)) };
  }
  switch (prefix) {
    case "emulator": {
      const m = /^(.*?)(?::(\d{1,15}))?$/s.exec(rest);
      const name = m?.[1] ?? "";
      if (name === "") return { loadType: "empty" };
      const lengthMs = m?.[2] !== undefined ? Number(m[2]) : DEFAULT_LENGTH_MS;
      return { loadType: "track", track: emulatorTrack(name, lengthMs) };
    }
    case "emulator-stream":
      if (rest === "") return { loadType: "empty" };
      return { loadType: "track", track: { ...emulatorTrack(rest, 0), identifier: identifier, isStream: true, length: LONG_MAX } };
    case "emulator-playlist": {
      const m = /^(.+?):(\d{1,3})(?::(-?\d{1,3}))?$/s.exec(rest);
      const count = m ? Number(m[2]) : 0;
      if (!m || count < 1 || count > 100) return { loadType: "empty" };
      const selected = m[3] !== undefined ? Number(m[3]) : -1;
      const tracks = Array.from({ length: count }, (_, i) => emulatorTrack(`${m[1]} #${i + 1}`, 60000 + 1000 * i));
      return { loadType: "playlist", name: m[1], selectedTrack: selected >= 0 && selected < count ? selected : -1, tracks };
    }
    case "emulator-error":
      return { loadType: "error", message: rest || "Something went wrong while looking up the track.", severity: "common" };
    case "http":
    case "https": {
      const track = httpTrack(identifier);
      return track ? { loadType: "track", track } : { loadType: "empty" };
    }
    default:
      return { loadType: "empty" };
  }
}
