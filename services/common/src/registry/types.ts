/**
 * Plain JSON record types held by the registry. These are deliberately not the generated proto types:
 * the registry stores its own shape and validates it when reading it back.
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (Lavalink filters, user data, event payloads). */
export type JsonObject = { [key: string]: JsonValue };

/** Discord voice credentials of a player, paired from VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE. */
export interface VoiceState {
  sessionId: string;
  token: string;
  endpoint: string;
  channelId: string;
}

/** The last known playback state of a player, enough to rebuild it on another node. */
export interface PlayerState {
  /** Base64 Lavalink track, or null when nothing plays. */
  encodedTrack: string | null;
  /** Position in ms at the instant `positionAt`. */
  positionMs: number;
  /** Unix time in ms at which `positionMs` was observed (extrapolate from it unless paused). */
  positionAt: number;
  paused: boolean;
  /** Lavalink volume, 0..1000. */
  volume: number;
  /** Lavalink filter JSON object, stored verbatim. */
  filters: JsonObject;
  /** Track end time in ms, or null. */
  endTimeMs: number | null;
  /** Opaque user data attached to the track. */
  userData: JsonObject;
  /**
   * Plugin calls that set per-player state only the Lavalink holds (SponsorBlock categories, a
   * lyrics subscription), in the order made; replayed on the new node after a move or rebuild.
   * Absent = none.
   */
  pluginCalls?: PluginStateCall[];
  /**
   * Set when the owner node stopped rebuilding the player because its Lavalink kept refusing it
   * (phase PARKED); null or absent = not parked. A client command or a successful rebuild clears it.
   */
  parked?: ParkedState | null;
}

/** Why and since when a player is parked (see `PlayerState.parked`). */
export interface ParkedState {
  /** Lavalink's last refusal (status and message; never a credential). */
  reason: string;
  /** Consecutive refused attempts. */
  attempts: number;
  /** Unix ms when it was parked. */
  at: number;
}

/** One recorded plugin call (see `PlayerState.pluginCalls`). */
export interface PluginStateCall {
  /** HTTP method, e.g. "PUT". */
  method: string;
  /** Path relative to `/v4/sessions/{s}/players/{g}`, e.g. "/sponsorblock/categories". */
  path: string;
  /** Raw query string without `?`; "" for none. */
  query: string;
  /** Body text (UTF-8); absent for none. */
  body?: string;
  /** Content-Type of the body; "" for none. */
  contentType: string;
}

/** One player per guild: who owns it, its fencing epoch, voice credentials and checkpointed state. */
export interface PlayerRecord {
  guildId: string;
  /** Node currently responsible for the player, or null while unplaced. */
  ownerNodeId: string | null;
  /** Fencing token: bumped by every successful claim. Starts at 1. */
  epoch: number;
  voice?: VoiceState;
  state: PlayerState;
  /** Unix ms. */
  createdAt: number;
  /** Unix ms of the last change. */
  updatedAt: number;
}

/** Lifecycle state of a node: only `up` nodes receive new players. */
export type NodeState = "up" | "cordoned" | "draining" | "down";

/** Every valid NodeState, in order. */
export const NODE_STATES: readonly NodeState[] = ["up", "cordoned", "draining", "down"];

/** What a node's Lavalink reports in `GET /v4/info` beyond the core protocol (placement needs it). */
export interface NodeCapabilities {
  /** Installed plugins with versions (Lavalink `plugins`). */
  plugins: { name: string; version: string }[];
  /** Enabled source names (Lavalink `sourceManagers`), core and plugin sources. */
  sourceManagers: string[];
  /** Enabled filter names (Lavalink `filters`), built-in and plugin filters. */
  filters: string[];
}

/** Lavalink statistics last reported by a node (the subset placement needs). */
export interface NodeStats {
  players: number;
  playingPlayers: number;
  uptimeMs: number;
  cpu?: { cores: number; systemLoad: number; lavalinkLoad: number };
  memory?: { free: number; used: number; allocated: number; reservable: number };
  frameStats?: { sent: number; nulled: number; deficit: number } | null;
  /** Unix ms when these stats were observed. */
  reportedAt: number;
}

/** A Lavanode and the Lavalink server it fronts. */
export interface NodeRecord {
  nodeId: string;
  /** host:port of the Lavanode's gRPC server. */
  address: string;
  region: string;
  /** Maximum players. */
  capacity: number;
  state: NodeState;
  /** Discord bot user id the Lavalink session was opened for. */
  userId: string;
  /** Lavalink session id, kept so a restarted or standby Lavanode can resume it. */
  sessionId: string | null;
  lavalinkUrl: string;
  /**
   * Lavalink password, so that whoever takes over a dead node's players can fence (destroy) the old
   * copies through the old Lavalink's REST API. A secret: never logged, never in an API response.
   */
  lavalinkPassword?: string;
  stats?: NodeStats;
  /** The Lavalink's plugins, sources and filters; absent until the node has read `/v4/info`. */
  capabilities?: NodeCapabilities;
  /** Unix ms of the last write. */
  updatedAt: number;
}

/** A node record as written by `upsert`; `updatedAt` is set by the registry. */
export type NodeRecordInput = Omit<NodeRecord, "updatedAt">;

/** Who holds a node's lease and for how much longer. */
export interface Lease {
  nodeId: string;
  holderId: string;
  /** Remaining time to live in ms at the moment of the read. */
  ttlRemainingMs: number;
}

/** Result of `acquire`: either the lease (newly taken or re-taken by the same holder) or the other holder. */
export type LeaseAcquireResult =
  | { acquired: true; lease: Lease }
  | { acquired: false; holderId: string; ttlRemainingMs: number };

/** Published when a node is known dead (graceful stop, Lavalink gone, lease expired). */
export interface NodeDeath {
  nodeId: string;
  reason: string;
  /** Unix ms of the publication. */
  at: number;
}

/** One track waiting in (or played from) a guild's queue. */
export interface QueueItem {
  /** Unique within the queue; generated when not supplied. */
  id: string;
  encodedTrack: string;
  /** Lavalink track info, stored verbatim. */
  info?: JsonObject;
  userData?: JsonObject;
}

/** A queue item as passed to `add`; `id` is optional. */
export type QueueItemInput = Omit<QueueItem, "id"> & { id?: string };

/** What happens when the current track ends. */
export type RepeatMode = "off" | "track" | "queue";

/** Every valid RepeatMode. */
export const REPEAT_MODES: readonly RepeatMode[] = ["off", "track", "queue"];

/** One page of a queue, read atomically. */
export interface QueuePage {
  guildId: string;
  /** Bumped by every edit; 0 for a queue never written. */
  version: number;
  repeatMode: RepeatMode;
  /** The now-playing item, or null. */
  current: QueueItem | null;
  /** Upcoming items from `offset`, at most `limit`. */
  items: QueueItem[];
  /** Number of upcoming items in the whole queue. */
  total: number;
  offset: number;
  /** Most recent first, bounded by the history limit. */
  history: QueueItem[];
}
