/** Summary statistics of latency samples. */

/** Figures of one series, in the samples' unit (ms in Pyro's benchmarks). */
export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/**
 * The `p`-th percentile (0..100) of ascending `sorted` samples, nearest-rank method.
 * @throws RangeError for an empty series or p outside 0..100.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of an empty series");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** n, mean, p50, p90, p99, min and max of `samples` (not modified). @throws RangeError when empty. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return {
    n: sorted.length, mean, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99),
    min: sorted[0]!, max: sorted[sorted.length - 1]!,
  };
}

/** Elapsed ms since `start` (a `process.hrtime.bigint()` reading), with µs resolution. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
