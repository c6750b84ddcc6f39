/**
 * JSON-friendly views of generated messages: every `bigint` becomes a `number` (milliseconds,
 * versions, epochs and sequences all stay far below 2^53 in practice); a value beyond 2^53, such
 * as the length of a live stream (2^63-1 ms), becomes `Infinity` (JSON: null). `Date`s stay Dates.
 */

/** `T` with every bigint replaced by number, recursively. */
export type Plain<T> = T extends bigint
  ? number
  : T extends Date
    ? Date
    : T extends readonly (infer U)[]
      ? Plain<U>[]
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;

/** Converts a generated message (or any value) to its Plain form. */
export function toPlain<T>(value: T): Plain<T> {
  return convert(value) as Plain<T>;
}

function convert(v: unknown): unknown {
  if (typeof v === "bigint") return v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER) ? (v > 0n ? Infinity : -Infinity) : Number(v);
  if (v === null || typeof v !== "object" || v instanceof Date || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(convert);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = convert(x);
  return out;
}
