/**
 * Minimal structural checks for plain JSON records. Each helper reads one field and reports the first
 * problem through `fail(path, reason)`, which throws the caller's error type (CorruptRecordError for data
 * read back from Redis, InvalidArgumentError for caller input).
 */
import type { JsonObject, JsonValue } from "./types";
import { MAX_RECORD_JSON_DEPTH } from "../limits";

/** Reports a problem at a field path; never returns. */
export type Fail = (path: string, reason: string) => never;

/** True for a non-null, non-array object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Requires an object at `path`. */
export function reqObject(v: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (!isObject(v)) fail(path, "must be an object");
  return v;
}

/** Requires a string (non-empty unless `allowEmpty`). */
export function reqString(v: unknown, path: string, fail: Fail, allowEmpty = false): string {
  if (typeof v !== "string") fail(path, "must be a string");
  if (!allowEmpty && v.length === 0) fail(path, "must not be empty");
  return v;
}

/** Requires a string or null. */
export function reqStringOrNull(v: unknown, path: string, fail: Fail): string | null {
  return v === null ? null : reqString(v, path, fail);
}

/** Requires a finite number, optionally an integer within [min, max]. */
export function reqNumber(
  v: unknown,
  path: string,
  fail: Fail,
  { integer = false, min = -Infinity, max = Infinity }: { integer?: boolean; min?: number; max?: number } = {},
): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(path, "must be a finite number");
  if (integer && !Number.isSafeInteger(v)) fail(path, "must be an integer");
  if (v < min || v > max) fail(path, `must be within ${min}..${max}`);
  return v;
}

/** Requires a number or null. */
export function reqNumberOrNull(v: unknown, path: string, fail: Fail, min = -Infinity): number | null {
  return v === null ? null : reqNumber(v, path, fail, { min });
}

/** Requires a boolean. */
export function reqBoolean(v: unknown, path: string, fail: Fail): boolean {
  if (typeof v !== "boolean") fail(path, "must be a boolean");
  return v;
}

/** Requires one of `allowed`. */
export function reqEnum<T extends string>(v: unknown, allowed: readonly T[], path: string, fail: Fail): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) fail(path, `must be one of ${allowed.join(", ")}`);
  return v as T;
}

/** Requires a JSON object whose values are all JSON (no undefined, functions, NaN, Infinity). */
export function reqJsonObject(v: unknown, path: string, fail: Fail): JsonObject {
  const o = reqObject(v, path, fail);
  assertJson(o, path, fail, 0);
  return o as JsonObject;
}

function assertJson(v: unknown, path: string, fail: Fail, depth: number): asserts v is JsonValue {
  if (depth >= MAX_RECORD_JSON_DEPTH && typeof v === "object" && v !== null) fail(path, `is nested deeper than ${MAX_RECORD_JSON_DEPTH} levels`);
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) fail(path, "must be a finite number");
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertJson(x, `${path}[${i}]`, fail, depth + 1));
    return;
  }
  if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) assertJson(x, `${path}.${k}`, fail, depth + 1);
    return;
  }
  fail(path, "must be JSON");
}

/** Requires any JSON value. */
export function reqJsonValue(v: unknown, path: string, fail: Fail): JsonValue {
  assertJson(v, path, fail, 0);
  return v;
}
