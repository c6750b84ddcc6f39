import { cpus } from "node:os";
import { getHeapStatistics } from "node:v8";
import { JsonObject } from "./json";
import { LavalinkSession } from "./session";

/** Frame statistics as Lavalink reports them (per session, per playing player, last whole minute). */
export interface FrameStats {
  sent: number;
  nulled: number;
  deficit: number;
}

/**
 * Values forced by the fault API. Absent fields are computed. `frameStats: null` forces null;
 * `frameStats` absent computes "healthy" stats (3000/0/0) once a player of the session has played with
 * voice for a full minute of media time, else null.
 */
export interface StatsOverrides {
  cpu?: { cores?: number; systemLoad?: number; lavalinkLoad?: number };
  frameStats?: FrameStats | null;
  players?: number;
  playingPlayers?: number;
}

const FULL_MINUTE_MS = 60000;

/** Frame stats of one session, honouring overrides. */
export function sessionFrameStats(session: LavalinkSession, overrides: StatsOverrides, clockNowMs: number): FrameStats | null {
  if (overrides.frameStats !== undefined) return overrides.frameStats;
  for (const player of session.players.values()) {
    const since = player.playingSinceMs;
    if (since !== null && clockNowMs - since >= FULL_MINUTE_MS) return { sent: 3000, nulled: 0, deficit: 0 };
  }
  return null;
}

/**
 * Builds the Stats object. With `session` the WS form (with the `frameStats` key, possibly null);
 * without it the REST `/v4/stats` form (no `frameStats` key). Player counts are node-wide.
 */
export function buildStats(all: LavalinkSession[], overrides: StatsOverrides, startedAtMs: number, clockNowMs: number, session?: LavalinkSession): JsonObject {
  let players = 0;
  let playingPlayers = 0;
  for (const s of all) {
    players += s.players.size;
    for (const p of s.players.values()) if (p.playing) playingPlayers++;
  }
  const heap = process.memoryUsage();
  const stats: JsonObject = {
    players: overrides.players ?? players,
    playingPlayers: overrides.playingPlayers ?? playingPlayers,
    uptime: Date.now() - startedAtMs,
    memory: {
      free: heap.heapTotal - heap.heapUsed,
      used: heap.heapUsed,
      allocated: heap.heapTotal,
      reservable: getHeapStatistics().heap_size_limit,
    },
    cpu: {
      cores: overrides.cpu?.cores ?? cpus().length,
      systemLoad: overrides.cpu?.systemLoad ?? 0,
      lavalinkLoad: overrides.cpu?.lavalinkLoad ?? 0,
    },
  };
  if (session) stats.frameStats = sessionFrameStats(session, overrides, clockNowMs);
  return stats;
}
