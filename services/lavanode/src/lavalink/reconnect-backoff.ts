/** Exponential backoff settings for WebSocket reconnects (all durations in ms). */
export interface BackoffOptions {
  /** Delay before the first retry; default 250 ms. */
  initialMs?: number;
  /** Upper bound of the un-jittered delay; default 5000 ms. */
  maxMs?: number;
  /** Growth factor per attempt; default 2. */
  factor?: number;
  /** Relative jitter: the delay is scaled by a random factor in [1 − jitter, 1 + jitter]; default 0.25. */
  jitter?: number;
}

/** Defaults applied by {@link computeBackoffMs}. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 250, maxMs: 5000, factor: 2, jitter: 0.25 };

/**
 * Delay before reconnect attempt `attempt` (0-based): `min(maxMs, initialMs × factor^attempt)` spread by
 * ± `jitter` so that many clients do not reconnect in lockstep. `random` returns a value in [0, 1).
 */
export function computeBackoffMs(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const o = { ...DEFAULT_BACKOFF, ...options };
  const base = Math.min(o.maxMs, o.initialMs * Math.pow(o.factor, Math.max(0, attempt)));
  const spread = 1 - o.jitter + random() * 2 * o.jitter;
  return Math.max(0, Math.round(base * spread));
}
