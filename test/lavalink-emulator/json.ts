/** JSON helpers shared by the REST and WebSocket layers. */

const BIGINT_MARK = "\u0001bigint:";
const BIGINT_RE = /"\\u0001bigint:(-?\d+)"/g;

/**
 * `JSON.stringify` that prints bigint values as exact JSON integers (Lavalink prints stream lengths as
 * `9223372036854775807`, which a JS number cannot hold).
 */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${BIGINT_MARK}${v.toString()}` : v));
  return text === undefined ? "null" : text.replace(BIGINT_RE, "$1");
}

/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
