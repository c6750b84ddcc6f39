/** Conversions between Lavalink epoch-millisecond integers and proto Timestamps (`Date`). */

/** Converts milliseconds since the Unix epoch to a `Date` (proto Timestamp). */
export function epochMsToDate(ms: number): Date {
  return new Date(ms);
}

/** Converts a `Date` (proto Timestamp) to milliseconds since the Unix epoch; absent → `fallback` (default 0). */
export function dateToEpochMs(date: Date | undefined, fallback = 0): number {
  return date === undefined ? fallback : date.getTime();
}
