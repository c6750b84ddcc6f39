/**
 * Data types of the placement engine. Placement is a pure function over a snapshot of nodes:
 * filters reject with a named reason, scorers add up a penalty, select picks the lowest total.
 */

/** Scheduling state of a node, as kept in the registry (mirrors `pyro.router.v1.NodeState`). */
export type NodeState = "up" | "cordoned" | "draining" | "down";

/** Lavalink frame statistics per minute, averaged per playing player (Lavalink `stats.frameStats`). */
export interface FrameStats {
  /** Frames sent to Discord. */
  sent: number;
  /** Frames lost (null frames sent instead of audio). */
  nulled: number;
  /** Expected (3000/min) minus sent minus nulled; -1 means "no data yet". */
  deficit: number;
}

/** CPU part of a Lavalink stats report. Loads are fractions in 0..1. */
export interface CpuStats {
  /** Number of cores of the Lavalink host. */
  cores: number;
  /** Load of the whole host, 0..1. */
  systemLoad: number;
  /** Load of the Lavalink process, 0..1. */
  lavalinkLoad: number;
}

/** The latest Lavalink stats of a node (possibly up to 60 s old). */
export interface NodeStats {
  /** Players on the Lavalink server (all sessions). */
  players: number;
  /** Of those, players with a track that are not paused. */
  playingPlayers: number;
  /** CPU usage; absent when not reported. */
  cpu?: CpuStats;
  /** Frame statistics; null or absent when the session has no usable playing players. */
  frameStats?: FrameStats | null;
}

/** One node as placement sees it: a copy taken from the registry; never mutated by placement. */
export interface NodeSnapshot {
  /** Node id, unique in the cluster. */
  nodeId: string;
  /** Region label (e.g. "eu", "eu-west", "frankfurt", "us-east-1"); "" or "default" = region-less. */
  region: string;
  /** Maximum players the node accepts; 0 (or less) means unlimited. */
  capacity: number;
  /** Scheduling state. */
  state: NodeState;
  /** Lease held and the Router's stream to it open. */
  alive: boolean;
  /** Players the registry assigns to it. */
  players: number;
  /**
   * Placements this Router made that the node has not reported yet. Must not already be counted in
   * `players`, or a burst is counted twice.
   */
  pending: number;
  /** Latest Lavalink stats; absent until the node's first report. */
  stats?: NodeStats;
  /** Source managers and filters its Lavalink reports; absent while unknown (then nothing is rejected for them). */
  capabilities?: { sources: readonly string[]; filters: readonly string[] };
}

/** Capabilities a player needs (see needs.ts). */
export interface PlacementNeeds {
  /** Source manager names, e.g. "segments". */
  sources: string[];
  /** Plugin filter names, e.g. "echo". */
  filters: string[];
}

/** What to place. */
export interface PlacementRequest {
  /** Guild (snowflake) of the player; feeds the tie-break. */
  guildId: string;
  /** Discord voice endpoint, e.g. "c-fra05-1a2b3c4d.discord.media:443"; used for region affinity. */
  voiceEndpoint?: string;
  /** Explicit region label; when set it overrides the region derived from `voiceEndpoint`. */
  region?: string;
  /** Node ids to leave out (e.g. the current node of a moved player). */
  exclude?: string[];
  /** Node to use when it passes every filter, whatever its score. */
  preferNodeId?: string;
  /** Sources and plugin filters the node's Lavalink must have. */
  needs?: PlacementNeeds;
}

/** Options of one placement. */
export interface PlacementOptions {
  /** Seed of the tie-break between equal totals; the same seed gives the same choice. */
  seed: number;
}

/** Why a filter removed a node. A closed set: explain.ts maps each to a proto enum value. */
export type RejectionReason = "down" | "not_alive" | "cordoned" | "draining" | "missing_capability" | "at_capacity" | "excluded";

/** A node removed by a filter. */
export interface Rejection {
  /** Node id. */
  nodeId: string;
  /** The first filter that rejected it. */
  reason: RejectionReason;
  /** Human-readable detail, e.g. "300/300 players". */
  detail: string;
}

/** Per-scorer parts of a node's total; they add up to the total exactly. Lower is better. */
export interface ScoreComponents {
  /** Lavalink player term without pending placements: max(players, playingPlayers). */
  players: number;
  /** Lavalink CPU term from `systemLoad`. */
  cpu: number;
  /** Lavalink frame-deficit term. */
  deficit: number;
  /** Lavalink nulled-frame term. */
  nulled: number;
  /** What pending placements add to the player term: max(players + pending, pp) - max(players, pp). */
  pending: number;
  /** Region affinity: 0 in or without a region, `REGION_MISMATCH_PENALTY` elsewhere. */
  region: number;
}

/** Score of a node that passed every filter. */
export interface NodeScore {
  /** Node id. */
  nodeId: string;
  /** Sum of the components. */
  total: number;
  /** The components. */
  components: ScoreComponents;
}

/** Outcome of one placement, kept whole so it can be logged and returned by ExplainPlacement. */
export interface PlacementResult {
  /** Chosen node id; null when no node passed the filters. */
  chosen: string | null;
  /** Scores of the feasible nodes, best first (lowest total, then tie-break order). */
  scores: NodeScore[];
  /** Every node that was filtered out, in snapshot order. */
  rejections: Rejection[];
  /** Region used for affinity (coarse name such as "eu" when known); "" when none. */
  region: string;
  /** The tie-break seed used. */
  seed: number;
}
