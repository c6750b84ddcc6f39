// Shared plumbing of the registry contract suite: building registries per test and polling helpers.
import type { Registry, RegistryOptions } from "../../../services/common/src/registry";

/** Builds a fresh, isolated registry (its own key prefix on Redis). */
export type RegistryFactory = (opts?: RegistryOptions) => Promise<Registry>;

/** Returns a `make` function for tests; every registry it built is closed after each test. */
export function useRegistries(factory: RegistryFactory): (opts?: RegistryOptions) => Promise<Registry> {
  const open: Registry[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });
  return async (opts) => {
    const r = await factory(opts);
    open.push(r);
    return r;
  };
}

/** Polls `check` every 10 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A manual clock for timestamps (unix ms). */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** A Lavalink-like base64 track string for tests. */
export function track(n: number): string {
  return `QAAA${n.toString(16).padStart(6, "0")}AAA=`;
}
