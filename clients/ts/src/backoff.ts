/**
 * Reconnect and retry pacing: exponential backoff with full jitter (a random delay between 0 and
 * min(capMs, baseMs·2^attempt)), so many shards or bots that lose the Router at the same moment
 * do not come back in lockstep. Delays are abortable.
 */

/** Backoff parameters; defaults base 100 ms, cap 5000 ms. */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Random source in [0, 1) (default Math.random); tests pass a fixed one. */
  random?: () => number;
}

/** The delay before retry number `attempt` (0-based), in ms. */
export function backoffDelayMs(attempt: number, o: BackoffOptions = {}): number {
  const ceiling = Math.min(o.capMs ?? 5000, (o.baseMs ?? 100) * 2 ** Math.min(attempt, 30));
  return Math.floor((o.random ?? Math.random)() * ceiling);
}

/** Waits `ms`; rejects with an AbortError as soon as `signal` aborts. The timer is always cleared. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abortError = (): Error => Object.assign(new Error("aborted"), { name: "AbortError" });
    if (signal?.aborted) return reject(abortError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
