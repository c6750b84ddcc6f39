/** JSON objects carried in proto `google.protobuf.Struct` fields (ts-proto maps Struct to a plain object). */
import type { JsonObject } from "../lavalink-protocol";

/**
 * Shallow-copies a JSON object for a proto Struct field (or back), so the result never aliases the
 * caller's top-level object; absent → `{}`.
 */
export function copyJsonObject(value: JsonObject | undefined): JsonObject {
  return value === undefined ? {} : { ...value };
}
