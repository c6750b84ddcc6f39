/** Options of `waitFor`. */
export interface WaitForOptions {
  /** Give up after this many ms (default 5000). */
  timeoutMs?: number;
  /** Poll period in ms (default 10). */
  intervalMs?: number;
  /** Text for the timeout error. */
  description?: string;
}

/**
 * Polls `fn` until it returns a value other than `undefined`/`false`/`null` (or stops throwing), and
 * resolves with it. Rejects with the last error (or a timeout error) after `timeoutMs`.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, opts: WaitForOptions = {}): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false && v !== null) return v as Exclude<T, false | null | undefined>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      if (lastError instanceof Error) throw lastError;
      throw new Error(`waitFor timed out after ${opts.timeoutMs ?? 5000} ms${opts.description ? `: ${opts.description}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 10));
  }
}
