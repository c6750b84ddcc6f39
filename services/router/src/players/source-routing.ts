/**
 * Which source manager an identifier needs, so `LoadTracks` (and a play by identifier) goes to a
 * node whose Lavalink has it: `spsearch:` needs LavaSrc's `spotify`, `segments:` the segment-skip
 * plugin's `segments`. Search prefixes map through a table of the well-known ones (Lavalink core,
 * LavaSrc, youtube-source); any other `prefix:` needs the source of the same name when some node
 * lists one; URLs map by host for the plugin sources. Pure.
 */

/** Search and recommendation prefixes → source manager name. */
export const PREFIX_SOURCES: Readonly<Record<string, string>> = Object.freeze({
  ytsearch: "youtube", ytmsearch: "youtube", scsearch: "soundcloud", bcsearch: "bandcamp",
  spsearch: "spotify", sprec: "spotify", amsearch: "applemusic", dzsearch: "deezer", dzisrc: "deezer", dzrec: "deezer",
  ymsearch: "yandexmusic", ymrec: "yandexmusic", vksearch: "vkmusic", vkrec: "vkmusic", tdsearch: "tidal", tdrec: "tidal",
  qbsearch: "qobuz", qbisrc: "qobuz", qbrec: "qobuz", ftts: "flowery-tts", speak: "speak", tts: "gcloud-tts",
});

/** URL hosts served only by plugin sources → source manager name. */
export const HOST_SOURCES: Readonly<Record<string, string>> = Object.freeze({
  "open.spotify.com": "spotify", "music.apple.com": "applemusic", "www.deezer.com": "deezer", "deezer.com": "deezer",
  "music.yandex.ru": "yandexmusic", "vk.com": "vkmusic", "tidal.com": "tidal", "listen.tidal.com": "tidal", "www.qobuz.com": "qobuz",
});

/**
 * The source `identifier` needs, or undefined when any node will do (plain URLs, unknown prefixes no
 * node names as a source). `listedSources` are the sources some known node has reported (alive or not).
 */
export function sourceForIdentifier(identifier: string, listedSources: ReadonlySet<string>): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(identifier);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  if (prefix === "http" || prefix === "https") {
    try {
      return HOST_SOURCES[new URL(identifier).hostname.toLowerCase()];
    } catch {
      return undefined;
    }
  }
  return PREFIX_SOURCES[prefix] ?? (listedSources.has(prefix) ? prefix : undefined);
}
