/**
 * What the client-library conformance scenarios need from a Lavalink server under test: its
 * address, and a view of its internal state (the session it holds for the client, the player as
 * the Lavalink that plays it holds it, counters). The emulator is one target; Pyro's
 * Lavalink-compatible endpoint with emulators behind it is another (test/e2e/lavalink-compat).
 */

/** The server-side view of the client's session. */
export interface TargetSession {
  sessionId: string;
  state: string;
  resuming: boolean;
  timeoutSeconds: number;
  clientName: string | null;
  userId: string;
}

/** Counters summed over every Lavalink behind the target. */
export interface TargetCounters {
  trackStarts: number;
  trackStartsByGuild: Record<string, number>;
  playersDestroyed: number;
  sessionsResumed: number;
}

/** A Lavalink v4 server under test. */
export interface ConformanceTarget {
  host: string;
  port: number;
  password: string;
  /** The (oldest) session the server holds for the client. */
  session(): Promise<TargetSession | undefined>;
  /** The player of `guildId` (client session `sessionId`) as the Lavalink holding it reports it. */
  player(sessionId: string, guildId: string): Promise<any>;
  counters(): Promise<TargetCounters>;
  /** Drops the client's WebSocket while the server keeps the session (resume must follow). */
  dropWebSocket(): Promise<void>;
  /** Client reconnect tuning: a drop that takes long (a process restart) needs more tries. */
  reconnect: { tries: number; intervalMs: number };
  close(): Promise<void>;
}

/**
 * Filters as a Lavalink holds them, with an empty equalizer dropped: `equalizer: []` and no
 * equalizer mean the same chain (Pyro's proto cannot tell them apart).
 */
export function normalizeFilters(filters: Record<string, unknown>): Record<string, unknown> {
  const out = { ...filters };
  if (Array.isArray(out.equalizer) && out.equalizer.length === 0) delete out.equalizer;
  return out;
}
