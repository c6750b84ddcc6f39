/**
 * Path-tracking readers shared by the `validate-*` modules. Each reader takes the containing object,
 * the key and the containing object's path, and throws a {@link LavalinkProtocolError} naming
 * `path.key` when the value has the wrong JSON type. Unknown extra keys are never an error.
 */
import { LavalinkProtocolError } from "./errors";
import type { JsonObject } from "./types";

/** Describes a JSON value's type for error messages (never echoes the value itself). */
export function jsonTypeOf(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isFinite(value)) return "non-finite number";
  return typeof value;
}

/** Joins a parent path and a key (`""` parent → key alone). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Asserts `value` is a plain JSON object; throws {@link LavalinkProtocolError} at `path` otherwise. */
export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LavalinkProtocolError(path || "(root)", "object", jsonTypeOf(value));
  }
  return value as JsonObject;
}

/** Asserts `value` is an array; throws at `path` otherwise. */
export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new LavalinkProtocolError(path || "(root)", "array", jsonTypeOf(value));
  return value;
}

/** Reads a required string. */
export function readString(o: JsonObject, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new LavalinkProtocolError(childPath(path, key), "string", jsonTypeOf(v));
  return v;
}

/** Reads a string that may be null; an absent key is tolerated and read as null. */
export function readNullableString(o: JsonObject, key: string, path: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw new LavalinkProtocolError(childPath(path, key), "string or null", jsonTypeOf(v));
  return v;
}

/** Reads an optional string (absent → undefined; null is rejected). */
export function readOptionalString(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new LavalinkProtocolError(childPath(path, key), "string", jsonTypeOf(v));
  return v;
}

/** Reads a required finite number. */
export function readNumber(o: JsonObject, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new LavalinkProtocolError(childPath(path, key), "number", jsonTypeOf(v));
  }
  return v;
}

/** Reads an optional finite number (absent → undefined). */
export function readOptionalNumber(o: JsonObject, key: string, path: string): number | undefined {
  return o[key] === undefined ? undefined : readNumber(o, key, path);
}

/** Reads a required integer (Long.MAX arrives as a rounded but still integral double and is accepted). */
export function readInt(o: JsonObject, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new LavalinkProtocolError(childPath(path, key), "integer", jsonTypeOf(v));
  }
  return v;
}

/** Smallest and largest Java `int`. */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** Largest distance from the Unix epoch a JavaScript `Date` (and so a proto Timestamp) can hold, in ms. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads a required integer that Lavalink sends as a Java `int` (or that Pyro carries as a proto int32:
 * volume, ping, close code, counts): outside [-2^31, 2^31-1] it cannot be encoded and is rejected.
 */
export function readInt32(o: JsonObject, key: string, path: string): number {
  const v = readInt(o, key, path);
  if (v < INT32_MIN || v > INT32_MAX) throw new LavalinkProtocolError(childPath(path, key), "32-bit integer", "out-of-range integer");
  return v;
}

/**
 * Reads a required Unix time in ms (Lavalink's `System.currentTimeMillis()` values). Rejected beyond
 * ±8.64e15 ms, where a `Date` (and so a proto Timestamp) becomes invalid.
 */
export function readEpochMs(o: JsonObject, key: string, path: string): number {
  const v = readInt(o, key, path);
  if (Math.abs(v) > MAX_EPOCH_MS) throw new LavalinkProtocolError(childPath(path, key), "epoch milliseconds", "out-of-range integer");
  return v;
}

/** Reads a required boolean. */
export function readBoolean(o: JsonObject, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== "boolean") throw new LavalinkProtocolError(childPath(path, key), "boolean", jsonTypeOf(v));
  return v;
}

/** Reads a required JSON object. */
export function readObject(o: JsonObject, key: string, path: string): JsonObject {
  return asObject(o[key], childPath(path, key));
}

/** Reads a JSON object that old servers may omit (absent or null → `{}`). */
export function readObjectOrEmpty(o: JsonObject, key: string, path: string): JsonObject {
  const v = o[key];
  if (v === undefined || v === null) return {};
  return asObject(v, childPath(path, key));
}

/** Reads a required array and maps each element with `item`, which receives the element's path. */
export function readArray<T>(o: JsonObject, key: string, path: string, item: (v: unknown, p: string) => T): T[] {
  const p = childPath(path, key);
  return asArray(o[key], p).map((v, i) => item(v, childPath(p, i)));
}

/** Reads a required string that must be one of `allowed`. */
export function readEnum<T extends string>(o: JsonObject, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    const actual = typeof v === "string" ? `unknown value` : jsonTypeOf(v);
    throw new LavalinkProtocolError(childPath(path, key), `one of ${allowed.join("|")}`, actual);
  }
  return v as T;
}

/** Validates a string array element. */
export function stringItem(v: unknown, p: string): string {
  if (typeof v !== "string") throw new LavalinkProtocolError(p, "string", jsonTypeOf(v));
  return v;
}
