/**
 * A simulated lyrics plugin in the shape of LavaLyrics (`lavalyrics-plugin`): a global route that finds
 * the lyrics of an encoded track, a player-scoped route for the playing track, a per-player subscription,
 * and timed events while a subscribed player plays (`LyricsFoundEvent` / `LyricsNotFoundEvent` at track
 * start, then one `LyricsLineEvent` per line as the position passes its timestamp).
 *
 * Every track has 6 deterministic lines spread evenly over its length, except tracks whose title
 * contains "instrumental" (no lyrics: 404 and `LyricsNotFoundEvent`) and streams (no lyrics).
 */
import { HttpError } from "../errors";
import { JsonObject } from "../json";
import { parseQueryBool } from "../json-input";
import type { EmulatorPlayer } from "../player";
import { parseGuildId } from "../guild-id";
import type { LavalinkSession } from "../session";
import type { TrackFields } from "../track-codec";
import type { EmulatorPlugin, PluginRequest } from "./plugin-types";

const LINE_COUNT = 6;
const SESSION_PLAYER = "^/v4/sessions/([^/]+)/players/([^/]+)";

/** Lyrics JSON as LavaLyrics returns it. */
interface LyricsJson extends JsonObject {
  sourceName: string;
  provider: string;
  text: string | null;
  lines: JsonObject[];
  plugin: JsonObject;
}

/** The lyrics of a track, or null when it has none. */
export function lyricsOf(fields: TrackFields): LyricsJson | null {
  if (fields.isStream || /instrumental/i.test(fields.title)) return null;
  const lengthMs = Number(fields.length);
  const step = Math.floor(lengthMs / LINE_COUNT);
  const lines = Array.from({ length: LINE_COUNT }, (_, i) => ({
    timestamp: i * step, duration: step, line: `${fields.title} line ${i + 1}`, plugin: {},
  }));
  return { sourceName: fields.sourceName, provider: "Emulated Lyrics", text: lines.map((l) => l.line).join("\n"), lines, plugin: {} };
}

interface Follow {
  /** The subscribed player: a destroyed and re-created player is not subscribed. */
  owner: EmulatorPlayer;
  /** The track the line cursor belongs to (object identity changes with every start). */
  track: TrackFields | null;
  nextLine: number;
}

/** Creates the plugin; its subscriptions live as long as the emulator. */
export function createLyricsPlugin(): EmulatorPlugin {
  // Subscriptions keyed by `${sessionId}:${guildId}`: per-player state only this Lavalink holds.
  const subscribed = new Map<string, Follow>();
  const key = (sessionId: string, guildId: string): string => `${sessionId}:${guildId}`;
  const live = (k: string, player: EmulatorPlayer): Follow | undefined => {
    const f = subscribed.get(k);
    if (f && f.owner !== player) subscribed.delete(k);
    return f && f.owner === player ? f : undefined;
  };

  const playerOf = (req: PluginRequest): { session: LavalinkSession; guildId: string; player: EmulatorPlayer } => {
    const session = req.session(req.params[0]!);
    const guildId = parseGuildId(req.params[1]!);
    const player = session.player(guildId, false);
    if (!player) throw new HttpError(404, "Player not found");
    return { session, guildId, player };
  };

  return {
    id: "lyrics",
    // LavaLyrics plus a lyrics source, as a real node needs both (clients check for the pair).
    info: [{ name: "lavalyrics-plugin", version: "1.1.0" }, { name: "java-lyrics-plugin", version: "1.6.6" }],
    sourceManagers: [],
    routes: [
      {
        method: "GET", pattern: /^\/v4\/lyrics$/, hasBody: false,
        handler: (req) => {
          const encoded = req.query.get("track");
          if (encoded === null) throw new HttpError(400, "Required request parameter 'track' for method parameter type String is not present");
          parseQueryBool(req.query.get("skipTrackSource"), "skipTrackSource");
          const lyrics = lyricsOf(req.decodeTrack(encoded));
          if (!lyrics) throw new HttpError(404, "Lyrics not found");
          return { status: 200, body: lyrics };
        },
      },
      {
        method: "GET", pattern: new RegExp(`${SESSION_PLAYER}/track/lyrics$`), hasBody: false,
        handler: (req) => {
          const { player } = playerOf(req);
          const fields = player.trackFields;
          if (!fields) throw new HttpError(404, "Not currently playing anything");
          const lyrics = lyricsOf(fields);
          if (!lyrics) throw new HttpError(404, "Lyrics not found");
          return { status: 200, body: lyrics };
        },
      },
      {
        method: "POST", pattern: new RegExp(`${SESSION_PLAYER}/lyrics/subscribe$`), hasBody: false,
        handler: (req) => {
          const { session, guildId, player } = playerOf(req);
          const k = key(session.id, guildId);
          if (!live(k, player)) subscribed.set(k, { owner: player, track: null, nextLine: 0 });
          return { status: 204 };
        },
      },
      {
        method: "DELETE", pattern: new RegExp(`${SESSION_PLAYER}/lyrics/subscribe$`), hasBody: false,
        handler: (req) => {
          const { session, guildId } = playerOf(req);
          subscribed.delete(key(session.id, guildId));
          return { status: 204 };
        },
      },
    ],
    tick(session, player, clockNowMs) {
      const follow = live(key(session.id, player.guildId), player);
      if (!follow) return;
      const fields = player.trackFields;
      if (fields !== follow.track) {
        follow.track = fields;
        follow.nextLine = 0;
        if (!fields) return;
        const lyrics = lyricsOf(fields);
        session.send(lyrics
          ? { op: "event", type: "LyricsFoundEvent", guildId: player.guildId, lyrics }
          : { op: "event", type: "LyricsNotFoundEvent", guildId: player.guildId });
      }
      if (!fields) return;
      const lines = lyricsOf(fields)?.lines ?? [];
      const position = player.position(clockNowMs);
      while (follow.nextLine < lines.length && position >= (lines[follow.nextLine]!.timestamp as number)) {
        const line = lines[follow.nextLine]!;
        session.send({ op: "event", type: "LyricsLineEvent", guildId: player.guildId, lineIndex: follow.nextLine, line, skipped: false });
        follow.nextLine++;
      }
    },
  };
}
