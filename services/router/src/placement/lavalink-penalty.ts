/**
 * The Lavalink penalty scorer, after the JVM Lavalink-Client (lavalink-devs/lavalink-client,
 * `src/main/kotlin/dev/arbjerg/lavalink/internal/loadbalancing/Penalties.kt`, `calculateTotal`):
 *   player  = playingPlayers   (Pyro: max(registry players + pending, playingPlayers), see below)
 *   cpu     = int(1.05^(100·systemLoad)·10 − 10)
 *   deficit = int(1.03^(500·deficit/3000)·600 − 600)        when frameStats present and deficit ≠ −1
 *   nulled  = 2·int(1.03^(500·nulled/3000)·600 − 600)       same condition
 * `int` truncates toward zero as Kotlin's `toInt()` does, so the cpu term at 50 % load is 104
 * (raw 104.67), not the rounded 105 some write-ups quote. The JVM client's error terms (stuck tracks,
 * exceptions, failed loads) are not included: the Router does not count track events per node.
 */
import type { NodeSnapshot } from "./types";

/** Frames Lavalink expects to send per player per minute (20 ms Opus frames). */
export const EXPECTED_FRAMES_PER_MINUTE = 3000;

/** Clamps a reported figure to a finite value ≥ 0, so bad stats never earn a node a bonus. */
function nonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/**
 * CPU term for a host load fraction (0..1; values outside are clamped). 6 at 0.1, 104 at 0.5,
 * 485 at 0.8, 1305 at 1.0.
 */
export function cpuPenalty(systemLoad: number): number {
  const load = Math.min(1, nonNegative(systemLoad));
  return Math.trunc(Math.pow(1.05, 100 * load) * 10 - 10);
}

/** Frame-deficit term for `deficit` lost frames per minute per player (negatives count as 0). */
export function deficitPenalty(deficit: number): number {
  const d = nonNegative(deficit);
  return Math.trunc(Math.pow(1.03, (500 * d) / EXPECTED_FRAMES_PER_MINUTE) * 600 - 600);
}

/** Nulled-frame term for `nulled` frames per minute per player: twice the deficit curve. */
export function nulledPenalty(nulled: number): number {
  return 2 * deficitPenalty(nulled);
}

/** The Lavalink penalty of one node, split into its terms. All terms are integers ≥ 0. */
export interface LavalinkPenalty {
  /** max(players, playingPlayers): the player term without pending placements. */
  players: number;
  /** Increase of the player term due to pending placements. */
  pending: number;
  /** CPU term (0 without cpu stats). */
  cpu: number;
  /** Frame-deficit term (0 without usable frame stats). */
  deficit: number;
  /** Nulled-frame term (0 without usable frame stats). */
  nulled: number;
}

/**
 * Computes the Lavalink penalty of a node. The player term is
 * max(registry players + pending, stats.playingPlayers): like the JVM client's local count (its
 * PR #28), counting our own recent placements makes the score react before the next 60 s stats push,
 * so a burst spreads instead of piling onto the node that looked emptiest a minute ago. It is split
 * into `players` = max(players, playingPlayers) and `pending` = the rest, so the two still add up to
 * the formula. A node without stats gets 0 for cpu and frames (it is not rejected: a freshly started
 * node must be able to take players before its first report).
 */
export function lavalinkPenalty(node: NodeSnapshot): LavalinkPenalty {
  const registry = nonNegative(node.players);
  const pendingCount = nonNegative(node.pending);
  const playing = nonNegative(node.stats?.playingPlayers ?? 0);
  const players = Math.max(registry, playing);
  const pending = Math.max(registry + pendingCount, playing) - players;

  const cpu = node.stats?.cpu ? cpuPenalty(node.stats.cpu.systemLoad) : 0;

  // -1 (or null) means "no frame data", normal for a young node or a session with no playing players.
  const frames = node.stats?.frameStats;
  const usable = frames != null && frames.deficit !== -1;
  const deficit = usable ? deficitPenalty(frames.deficit) : 0;
  const nulled = usable ? nulledPenalty(frames.nulled) : 0;

  return { players, pending, cpu, deficit, nulled };
}
