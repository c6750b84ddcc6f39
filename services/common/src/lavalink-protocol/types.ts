/**
 * TypeScript shapes of every Lavalink v4 JSON payload (REST bodies and WebSocket frames), as the
 * validators in `validate-*.ts` return them. Snowflakes are strings; durations are ms unless noted.
 * Fields the protocol marks nullable are `T | null`; fields old 4.x servers may omit are normalised by the
 * validators (e.g. missing `pluginInfo` becomes `{}`), so consumers see one shape.
 */

import type { Filters } from "./filter-types";
import type { JsonObject } from "./json-object";

export type { JsonObject } from "./json-object";

/** Metadata of a track (`Track.info`). `length` is Long.MAX (imprecise in JS) for streams. */
export interface TrackInfo {
  identifier: string;
  isSeekable: boolean;
  author: string;
  length: number;
  isStream: boolean;
  position: number;
  title: string;
  uri: string | null;
  artworkUrl: string | null;
  isrc: string | null;
  sourceName: string;
}

/** A track: base64 `encoded` blob (embeds a position, so never compare it for identity) plus metadata. */
export interface Track {
  encoded: string;
  info: TrackInfo;
  pluginInfo: JsonObject;
  userData: JsonObject;
}

/** Severity of a Lavaplayer FriendlyException. */
export type ExceptionSeverity = "common" | "suspicious" | "fault";

/** Exception object of `TrackExceptionEvent` and of the `error` load result. */
export interface LavalinkException {
  message: string | null;
  severity: ExceptionSeverity;
  cause: string;
  /** Added in 4.1.0; absent on 4.0.x servers. */
  causeStackTrace?: string;
}

/** Why a track ended; only `finished` and `loadFailed` allow starting the next track. */
export type TrackEndReason = "finished" | "loadFailed" | "stopped" | "replaced" | "cleanup";

/** Player state of `playerUpdate` frames and REST players. `time` is the server's ms epoch clock. */
export interface PlayerState {
  time: number;
  position: number;
  connected: boolean;
  /** Voice gateway ping in ms; -1 without a voice connection. */
  ping: number;
}

/** Discord voice connection data. In responses the strings are `""` and `channelId` null when unknown. */
export interface VoiceState {
  token: string;
  endpoint: string;
  sessionId: string;
  /** Required (non-blank) in requests since 4.2.0; null in responses when unknown. */
  channelId: string | null;
}

/** The ten built-in filters plus plugin filters; see filter-types.ts. */
export type { ChannelMixFilter, DistortionFilter, EqualizerBand, Filters, KaraokeFilter, LowPassFilter, RotationFilter, TimescaleFilter, TremoloFilter, VibratoFilter } from "./filter-types";

/** A player as returned by `GET/PATCH …/players/{guildId}`. */
export interface Player {
  guildId: string;
  track: Track | null;
  volume: number;
  paused: boolean;
  state: PlayerState;
  voice: VoiceState;
  filters: Filters;
}

/**
 * Body of `PATCH …/players/{guildId}`. Every field is optional; absent means "unchanged".
 * `track.encoded: null` stops the current track; `endTime: null` is accepted but a no-op on real servers.
 */
export interface PlayerUpdate {
  track?: { encoded?: string | null; identifier?: string; userData?: JsonObject };
  /** @deprecated top-level form of `track.encoded`; cannot be combined with `track`. */
  encodedTrack?: string | null;
  /** @deprecated top-level form of `track.identifier`; cannot be combined with `track`. */
  identifier?: string;
  position?: number;
  endTime?: number | null;
  volume?: number;
  paused?: boolean;
  filters?: Filters;
  voice?: VoiceState;
}

/** Playlist metadata; `selectedTrack` is −1 when none is selected. */
export interface PlaylistInfo { name: string; selectedTrack: number }
/** Data of the `playlist` load result. */
export interface Playlist { info: PlaylistInfo; pluginInfo: JsonObject; tracks: Track[] }

/** Result of `GET /v4/loadtracks`, discriminated by `loadType` (an `error` still comes with HTTP 200). */
export type LoadResult =
  | { loadType: "track"; data: Track }
  | { loadType: "playlist"; data: Playlist }
  | { loadType: "search"; data: Track[] }
  | { loadType: "empty"; data: null }
  | { loadType: "error"; data: LavalinkException };

/** Resume configuration of a session; `timeout` is in seconds. */
export interface SessionInfo { resuming: boolean; timeout: number }
/** Body of `PATCH /v4/sessions/{sessionId}`; absent fields are unchanged. `timeout` in seconds. */
export interface SessionUpdate { resuming?: boolean; timeout?: number }

/** `GET /v4/info` response. `preRelease` may be `""` or null for releases. */
export interface LavalinkInfo {
  version: { semver: string; major: number; minor: number; patch: number; preRelease: string | null; build?: string | null };
  buildTime: number;
  git: { branch: string; commit: string; commitTime: number };
  jvm: string;
  lavaplayer: string;
  sourceManagers: string[];
  filters: string[];
  plugins: { name: string; version: string }[];
}

/** JVM memory figures in bytes. */
export interface MemoryStats { free: number; used: number; allocated: number; reservable: number }
/** CPU figures; loads are fractions 0–1. */
export interface CpuStats { cores: number; systemLoad: number; lavalinkLoad: number }
/** Per-session, per-playing-player averages over the previous minute. */
export interface FrameStats { sent: number; nulled: number; deficit: number }

/** Node statistics (`GET /v4/stats`, and the WS `stats` frame minus `op`). */
export interface LavalinkStats {
  players: number;
  playingPlayers: number;
  uptime: number;
  memory: MemoryStats;
  cpu: CpuStats;
  /** Null when unavailable; REST omits it entirely (normalised to null). */
  frameStats: FrameStats | null;
}

/** An address the route planner marked as failing. */
export interface FailingAddress { failingAddress: string; failingTimestamp: number; failingTime: string }
/** Details every route planner reports. `size` is a BigInteger as a string. */
export interface RoutePlannerDetailsBase {
  ipBlock: { type: "Inet4Address" | "Inet6Address"; size: string };
  failingAddresses: FailingAddress[];
}

/** `GET /v4/routeplanner/status` body (the endpoint answers 204 when no planner is configured). */
export type RoutePlannerStatus =
  | { class: "RotatingIpRoutePlanner"; details: RoutePlannerDetailsBase & { rotateIndex: string; ipIndex: string; currentAddress: string | null } }
  | { class: "NanoIpRoutePlanner"; details: RoutePlannerDetailsBase & { currentAddressIndex: string } }
  | { class: "RotatingNanoIpRoutePlanner"; details: RoutePlannerDetailsBase & { blockIndex: string; currentAddressIndex: string } }
  | { class: "BalancingIpRoutePlanner"; details: RoutePlannerDetailsBase };

/** JSON error body of a non-2xx REST response (`trace` only with `?trace=true`). */
export interface LavalinkErrorBody {
  timestamp: number;
  status: number;
  error: string;
  trace?: string;
  message: string;
  path: string;
}
