import { TrackFields, encodeTrack } from "./track-codec";

/**
 * Counters of what the emulator did, for assertions in tests and benchmarks. `trackStartsByTrack` is keyed
 * by the track's encoding at position 0 (the `encoded` string `loadtracks` returns).
 */
export interface Counters {
  trackStarts: number;
  trackStartsByGuild: Map<string, number>;
  trackStartsByTrack: Map<string, number>;
  playersCreated: number;
  playersDestroyed: number;
  restRequests: number;
  /** W3C `traceparent` header of the most recent REST requests (newest last, at most 50), with method and path. */
  recentTraceparents: Array<{ method: string; path: string; traceparent: string }>;
  sessionsCreated: number;
  sessionsResumed: number;
  wsConnections: number;
}

/** A zeroed counter set. */
export function createCounters(): Counters {
  return {
    trackStarts: 0,
    trackStartsByGuild: new Map(),
    trackStartsByTrack: new Map(),
    playersCreated: 0,
    playersDestroyed: 0,
    restRequests: 0,
    recentTraceparents: [],
    sessionsCreated: 0,
    sessionsResumed: 0,
    wsConnections: 0,
  };
}

/** Records a track start for a guild. */
export function countTrackStart(c: Counters, guildId: string, fields: TrackFields): void {
  c.trackStarts++;
  c.trackStartsByGuild.set(guildId, (c.trackStartsByGuild.get(guildId) ?? 0) + 1);
  const key = encodeTrack(fields, 0n);
  c.trackStartsByTrack.set(key, (c.trackStartsByTrack.get(key) ?? 0) + 1);
}

/** JSON form of the counters (maps become objects). */
export function countersJson(c: Counters): Record<string, unknown> {
  return {
    ...c,
    trackStartsByGuild: Object.fromEntries(c.trackStartsByGuild),
    trackStartsByTrack: Object.fromEntries(c.trackStartsByTrack),
  };
}
