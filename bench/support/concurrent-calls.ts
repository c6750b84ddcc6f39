/** Runs a fixed number of calls with a fixed number of concurrent callers and times each one. */
import { msSince } from "./percentiles";

/** Timings of a `runConcurrent` run. */
export interface ConcurrentRun {
  /** Latency of every successful call, ms. */
  samples: number[];
  /** Wall time from the first call to the last completion, ms. */
  wallMs: number;
  /** Failed calls by error message (the first 60 characters). */
  errors: Map<string, number>;
}

/**
 * Calls `call(i, caller)` for i = 0..count-1 with `concurrency` callers, each issuing its next call
 * as soon as its previous one completes. A failed call is counted, never retried, and does not stop
 * the run.
 */
export async function runConcurrent(count: number, concurrency: number, call: (i: number, caller: number) => Promise<void>): Promise<ConcurrentRun> {
  const run: ConcurrentRun = { samples: [], wallMs: 0, errors: new Map() };
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async (_, caller) => {
    while (next < count) {
      const i = next++;
      const t = process.hrtime.bigint();
      try {
        await call(i, caller);
        run.samples.push(msSince(t));
      } catch (err) {
        const key = (err instanceof Error ? err.message : String(err)).slice(0, 60);
        run.errors.set(key, (run.errors.get(key) ?? 0) + 1);
      }
    }
  }));
  run.wallMs = msSince(started);
  return run;
}

/** Total of the error counts of `run`. */
export function failures(run: ConcurrentRun): number {
  return [...run.errors.values()].reduce((a, b) => a + b, 0);
}
