/**
 * Lavalink node statistics ⇄ pyro.lavalink.v1.Stats: the WebSocket `stats` frame (with a
 * `frameStats` key that may be `null`) and the `GET /v4/stats` body (without that key).
 */
import type { Stats } from "../../../../gen/ts/pyro/lavalink/v1/stats";
import { int64ToNumber, numberToInt64 } from "./int64";
import type { FrameStats, LavalinkStats, StatsMessage } from "../lavalink-protocol";

/** Stats JSON as either source sends it: `frameStats` null (WebSocket) or absent (REST). */
export type StatsJson = Omit<LavalinkStats, "frameStats"> & { frameStats?: FrameStats | null; op?: "stats" };

/** `GET /v4/stats` body: the stats frame without `op` and without the `frameStats` key. */
export type RestStats = Omit<LavalinkStats, "frameStats">;

/**
 * Converts stats JSON (WS frame, with or without `op`, or REST body) to proto. Byte counts and uptime
 * become int64; `frameStats` null or absent becomes an absent field.
 */
export function statsToProto(stats: StatsJson): Stats {
  const out: Stats = {
    players: stats.players,
    playingPlayers: stats.playingPlayers,
    uptimeMs: numberToInt64(stats.uptime),
    memory: {
      free: numberToInt64(stats.memory.free),
      used: numberToInt64(stats.memory.used),
      allocated: numberToInt64(stats.memory.allocated),
      reservable: numberToInt64(stats.memory.reservable),
    },
    cpu: { cores: stats.cpu.cores, systemLoad: stats.cpu.systemLoad, lavalinkLoad: stats.cpu.lavalinkLoad },
  };
  if (stats.frameStats !== undefined && stats.frameStats !== null) {
    const { sent, nulled, deficit } = stats.frameStats;
    out.frameStats = { sent, nulled, deficit };
  }
  return out;
}

/** Converts proto Stats to the REST `GET /v4/stats` body (no `frameStats` key); absent memory/cpu read as zeros. */
export function restStatsFromProto(stats: Stats): RestStats {
  const m = stats.memory;
  const c = stats.cpu;
  return {
    players: stats.players,
    playingPlayers: stats.playingPlayers,
    uptime: int64ToNumber(stats.uptimeMs),
    memory: {
      free: int64ToNumber(m?.free ?? 0n),
      used: int64ToNumber(m?.used ?? 0n),
      allocated: int64ToNumber(m?.allocated ?? 0n),
      reservable: int64ToNumber(m?.reservable ?? 0n),
    },
    cpu: { cores: c?.cores ?? 0, systemLoad: c?.systemLoad ?? 0, lavalinkLoad: c?.lavalinkLoad ?? 0 },
  };
}

/** Converts proto Stats to the WebSocket `stats` frame: `op: "stats"` and `frameStats` (null when absent). */
export function statsMessageFromProto(stats: Stats): StatsMessage {
  const f = stats.frameStats;
  return {
    op: "stats",
    ...restStatsFromProto(stats),
    frameStats: f === undefined ? null : { sent: f.sent, nulled: f.nulled, deficit: f.deficit },
  };
}
