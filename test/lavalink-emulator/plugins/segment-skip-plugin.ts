/**
 * A simulated segment-skip plugin in the shape of the SponsorBlock plugin (`sponsorblock-plugin`):
 * player-scoped category routes (`GET`/`PUT`/`DELETE /v4/sessions/{s}/players/{g}/sponsorblock/categories`),
 * `SegmentsLoaded` when a track with segments starts on a player with categories set, and
 * `SegmentSkipped` (plus a seek past the segment) when playback enters a segment of a chosen category.
 *
 * It also adds a source manager, `segments`, so track loading can be routed by source prefix:
 * `segments:<name>[:<length_ms>]` loads a track (default 180000 ms) with two segments, `sponsor` over
 * 10%–20% of its length and `selfpromo` over 50%–60%. Tracks of other sources have no segments.
 */
import { HttpError } from "../errors";
import { JsonObject } from "../json";
import type { EmulatorPlayer } from "../player";
import { parseGuildId } from "../guild-id";
import type { LavalinkSession } from "../session";
import type { TrackFields } from "../track-codec";
import type { EmulatorPlugin, PluginRequest } from "./plugin-types";

/** The source name (and identifier prefix) the plugin adds. */
export const SEGMENTS_SOURCE = "segments";

/** The categories the SponsorBlock API knows. */
export const SEGMENT_CATEGORIES = ["sponsor", "selfpromo", "interaction", "intro", "outro", "preview", "music_offtopic", "filler"] as const;

const CATEGORIES_ROUTE = /^\/v4\/sessions\/([^/]+)\/players\/([^/]+)\/sponsorblock\/categories$/;

/** One segment of a track, in ms of track time. */
export interface Segment extends JsonObject {
  category: string;
  start: number;
  end: number;
}

/** The segments of a track: only `segments` tracks have any. */
export function segmentsOf(fields: TrackFields): Segment[] {
  if (fields.sourceName !== SEGMENTS_SOURCE) return [];
  const len = Number(fields.length);
  return [
    { category: "sponsor", start: Math.floor(len * 0.1), end: Math.floor(len * 0.2) },
    { category: "selfpromo", start: Math.floor(len * 0.5), end: Math.floor(len * 0.6) },
  ];
}

interface PlayerState {
  /** The player the categories were set on: a destroyed and re-created player starts without any. */
  owner: EmulatorPlayer;
  categories: string[];
  track: TrackFields | null;
  /** Position when the track was first seen: segments ending before it are not "entered". */
  fromMs: number;
  skipped: Set<number>;
}

function parseCategories(body: unknown): string[] {
  if (!Array.isArray(body)) throw new HttpError(400, "JSON parse error: body must be an array of category names");
  return body.map((c, i) => {
    if (typeof c !== "string" || !(SEGMENT_CATEGORIES as readonly string[]).includes(c)) {
      throw new HttpError(400, `Invalid category at index ${i}: ${JSON.stringify(c)}`);
    }
    return c;
  });
}

/** Creates the plugin; per-player categories live as long as the emulator. */
export function createSegmentSkipPlugin(): EmulatorPlugin {
  // Categories keyed by `${sessionId}:${guildId}`: per-player state only this Lavalink holds.
  const players = new Map<string, PlayerState>();
  const key = (sessionId: string, guildId: string): string => `${sessionId}:${guildId}`;
  const live = (k: string, player: EmulatorPlayer): PlayerState | undefined => {
    const s = players.get(k);
    if (s && s.owner !== player) players.delete(k);
    return s && s.owner === player ? s : undefined;
  };
  const stateOf = (req: PluginRequest): { k: string; player: EmulatorPlayer; state: PlayerState | undefined } => {
    const session: LavalinkSession = req.session(req.params[0]!);
    const guildId = parseGuildId(req.params[1]!);
    const player = session.player(guildId, false);
    if (!player) throw new HttpError(404, "Player not found");
    const k = key(session.id, guildId);
    return { k, player, state: live(k, player) };
  };

  return {
    id: "segment-skip",
    info: [{ name: "sponsorblock-plugin", version: "3.0.1" }],
    sourceManagers: [SEGMENTS_SOURCE],
    routes: [
      {
        method: "GET", pattern: CATEGORIES_ROUTE, hasBody: false,
        handler: (req) => ({ status: 200, body: stateOf(req).state?.categories ?? [] }),
      },
      {
        method: "PUT", pattern: CATEGORIES_ROUTE, hasBody: true,
        handler: (req) => {
          const { k, player, state: prev } = stateOf(req);
          const categories = parseCategories(req.body);
          players.set(k, { owner: player, categories, track: prev?.track ?? null, fromMs: prev?.fromMs ?? 0, skipped: prev?.skipped ?? new Set() });
          return { status: 204 };
        },
      },
      {
        method: "DELETE", pattern: CATEGORIES_ROUTE, hasBody: false,
        handler: (req) => {
          players.delete(stateOf(req).k);
          return { status: 204 };
        },
      },
    ],
    resolve(identifier) {
      if (!identifier.startsWith(`${SEGMENTS_SOURCE}:`)) return undefined;
      const m = /^(.*?)(?::(\d{1,15}))?$/s.exec(identifier.slice(SEGMENTS_SOURCE.length + 1));
      const name = m?.[1] ?? "";
      if (name === "") return "empty";
      const lengthMs = m?.[2] !== undefined ? Number(m[2]) : 180000;
      return {
        title: name, author: "Segment Skip", length: BigInt(lengthMs), identifier: `${SEGMENTS_SOURCE}:${name}:${lengthMs}`,
        isStream: false, uri: null, artworkUrl: null, isrc: null, sourceName: SEGMENTS_SOURCE, sourceData: Buffer.alloc(0),
      };
    },
    tick(session, player, clockNowMs) {
      const state = live(key(session.id, player.guildId), player);
      if (!state || state.categories.length === 0) return;
      const fields = player.trackFields;
      if (fields !== state.track) {
        state.track = fields;
        state.fromMs = player.position(clockNowMs);
        state.skipped = new Set();
        const segments = fields ? segmentsOf(fields).filter((s) => state.categories.includes(s.category)) : [];
        if (segments.length > 0) session.send({ op: "event", type: "SegmentsLoaded", guildId: player.guildId, segments });
      }
      if (!fields || player.paused) return;
      const position = player.position(clockNowMs);
      segmentsOf(fields).forEach((segment, i) => {
        if (state.skipped.has(i) || !state.categories.includes(segment.category)) return;
        // A tick can step over a whole segment on a fast clock: entering means passing its start.
        if (segment.end > state.fromMs && position >= segment.start) {
          state.skipped.add(i);
          session.send({ op: "event", type: "SegmentSkipped", guildId: player.guildId, segment });
          if (position < segment.end) player.seek(segment.end);
        }
      });
    },
  };
}
