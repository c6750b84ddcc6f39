/** Small helpers for cancellation: every async API in Pyro takes `{ signal }`. */

/** Options accepted by every async API. */
export interface AsyncOptions {
  signal?: AbortSignal;
}

/** Rejects with the signal's reason if it is already aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** The abort reason as an Error (AbortSignal reasons may be anything). */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error(typeof r === "string" ? r : "aborted");
  e.name = "AbortError";
  return e;
}

/**
 * Waits `ms` milliseconds; rejects early with the abort reason when `signal` aborts.
 * The timer is always cleared, so a cancelled delay keeps no handle open.
 */
export function delay(ms: number, { signal }: AsyncOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A signal that aborts when any input aborts or after `timeoutMs` (if given). */
export function combineSignals(signals: Array<AbortSignal | undefined>, timeoutMs?: number): AbortSignal {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (timeoutMs !== undefined) list.push(AbortSignal.timeout(timeoutMs));
  return list.length === 1 ? list[0]! : AbortSignal.any(list);
}
