/**
 * Deterministic shuffle shared by both backends: a Park-Miller LCG (multiplier 48271, modulus 2^31-1)
 * driving Fisher-Yates. All products stay below 2^53, so JavaScript and Redis Lua (doubles) agree exactly;
 * the Lua copy lives in lua-queue.ts.
 */

const MODULUS = 2147483647;

/** Maps any number to a valid LCG seed in 1..2^31-2. */
export function normaliseSeed(seed: number): number {
  const s = Math.abs(Math.trunc(seed)) % MODULUS;
  return s === 0 ? 1 : s;
}

/** A random valid seed. */
export function randomSeed(): number {
  return 1 + Math.floor(Math.random() * (MODULUS - 2));
}

/** Returns a shuffled copy of `items` for a normalised `seed`. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let state = normaliseSeed(seed);
  for (let i = out.length - 1; i >= 1; i--) {
    state = (state * 48271) % MODULUS;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
