/** Cancellation for registry calls whose transport (ioredis) takes no AbortSignal. */
import { abortReason, throwIfAborted } from "../abort";

/**
 * Runs `start` unless `signal` is already aborted, and rejects as soon as it aborts.
 * An aborted Redis command may still be applied by the server: callers must treat abort as "unknown outcome".
 */
export async function withSignal<T>(signal: AbortSignal | undefined, start: () => Promise<T>): Promise<T> {
  throwIfAborted(signal);
  const work = start();
  if (!signal) return work;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
    // The losing promise must not surface as an unhandled rejection.
    work.catch(() => undefined);
  }
}
