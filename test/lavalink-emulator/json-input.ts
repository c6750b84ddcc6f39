import { HttpError } from "./errors";
import { isJsonObject, JsonObject } from "./json";

/**
 * Readers for inbound JSON fields with Lavalink's semantics: absent → `undefined`, `null` where the field is
 * not nullable → 400, wrong type → 400. Every failure is an HttpError naming the field path.
 */

function bad(path: string, expected: string): HttpError {
  return new HttpError(400, `JSON parse error: field '${path}' must be ${expected}`);
}

/** Parses a request body as JSON; empty body → 400 "Required request body is missing". */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === "") throw new HttpError(400, "Required request body is missing");
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new HttpError(400, `JSON parse error: ${(e as Error).message}`);
  }
}

/** Asserts a JSON object (the body or a nested value). */
export function expectObject(v: unknown, path: string): JsonObject {
  if (!isJsonObject(v)) throw bad(path, "an object");
  return v;
}

function present(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}

/** Optional finite number (Kotlin Float/Double); `null` → 400. */
export function optNumber(o: JsonObject, key: string, path: string): number | undefined {
  if (!present(o, key)) return undefined;
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(`${path}.${key}`, "a number");
  return v;
}

/** Optional integer within [min, max] (Kotlin Int or Long); fractions and strings → 400; `null` → 400. */
export function optInt(o: JsonObject, key: string, path: string, bits: 32 | 64 = 32): number | undefined {
  if (!present(o, key)) return undefined;
  return asInt(o[key], `${path}.${key}`, bits);
}

/** Validates one integer value (used for nullable integers after the null check). */
export function asInt(v: unknown, path: string, bits: 32 | 64 = 32): number {
  const limit = bits === 32 ? 2 ** 31 : 2 ** 63;
  if (typeof v !== "number" || !Number.isInteger(v) || v < -limit || v >= limit) {
    throw bad(path, bits === 32 ? "a 32-bit integer" : "a 64-bit integer");
  }
  return v;
}

/** Optional boolean; `null` → 400. */
export function optBool(o: JsonObject, key: string, path: string): boolean | undefined {
  if (!present(o, key)) return undefined;
  const v = o[key];
  if (typeof v !== "boolean") throw bad(`${path}.${key}`, "a boolean");
  return v;
}

/** Optional string; `null` → 400. */
export function optString(o: JsonObject, key: string, path: string): string | undefined {
  if (!present(o, key)) return undefined;
  const v = o[key];
  if (typeof v !== "string") throw bad(`${path}.${key}`, "a string");
  return v;
}

/** Optional nullable string: absent → undefined, null → null. */
export function optNullableString(o: JsonObject, key: string, path: string): string | null | undefined {
  if (!present(o, key)) return undefined;
  if (o[key] === null) return null;
  return optString(o, key, path);
}

/** Optional object; `null` → 400. */
export function optObject(o: JsonObject, key: string, path: string): JsonObject | undefined {
  if (!present(o, key)) return undefined;
  return expectObject(o[key], `${path}.${key}`);
}

/** True when the key exists in the object (even with value null). */
export function hasKey(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Parses Spring's boolean query parameter forms (`true/false`, `1/0`, `yes/no`, `on/off`); bad → 400. */
export function parseQueryBool(value: string | null, name: string): boolean {
  if (value === null || value === "") return false;
  const v = value.toLowerCase();
  if (v === "true" || v === "1" || v === "yes" || v === "on") return true;
  if (v === "false" || v === "0" || v === "no" || v === "off") return false;
  throw new HttpError(400, `Failed to convert value of type 'java.lang.String' to required type 'boolean'; Invalid boolean value [${value}] for '${name}'`);
}
