/** Conversions between JSON numbers (Lavalink `Long`/`Int` values) and proto int64 (`bigint`). */

/** Largest int64, Lavalink's `length` of streams and unknown durations (Java `Long.MAX_VALUE`). */
export const INT64_MAX = 9223372036854775807n;
/** Smallest int64 (Java `Long.MIN_VALUE`). */
export const INT64_MIN = -9223372036854775808n;

/**
 * Converts a JSON integer to an int64. JavaScript parses `9223372036854775807` as 2^63, one past
 * the int64 range; values at or beyond the range are clamped to {@link INT64_MAX}/{@link INT64_MIN}
 * so Long.MAX survives the trip. Fractions are truncated toward zero.
 * @throws RangeError when `value` is NaN.
 */
export function numberToInt64(value: number): bigint {
  if (Number.isNaN(value)) throw new RangeError("cannot convert NaN to int64");
  if (value >= 2 ** 63) return INT64_MAX;
  if (value < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(value));
}

/**
 * Converts an int64 to a JSON number. Values beyond 2^53 lose precision exactly as they do when
 * JavaScript parses Lavalink's JSON (INT64_MAX becomes 2^63, what `JSON.parse` yields for Long.MAX).
 */
export function int64ToNumber(value: bigint): number {
  return Number(value);
}
