/** `Fail` implementations for the two sources of records, and id checks shared by both backends. */
import { CorruptRecordError, InvalidArgumentError } from "./errors";
import type { Fail } from "./json-check";

/** Fails with CorruptRecordError naming the stored `key`: for data read back from Redis. */
export function corrupt(key: string): Fail {
  return (path, reason) => {
    throw new CorruptRecordError(key, `${path} ${reason}`);
  };
}

/** Fails with InvalidArgumentError: for caller input. */
export const invalidArgument: Fail = (path, reason) => {
  throw new InvalidArgumentError(path, reason);
};

/**
 * Throws InvalidArgumentError unless `id` is a non-empty string of at most 200 characters without braces
 * or whitespace (braces would break Redis Cluster hash tags).
 */
export function assertId(id: unknown, field: string): asserts id is string {
  if (typeof id !== "string" || id.length === 0) invalidArgument(field, "must be a non-empty string");
  if (id.length > 200) invalidArgument(field, "must be at most 200 characters");
  if (/[{}\s]/.test(id)) invalidArgument(field, "must not contain braces or whitespace");
}

/** Throws InvalidArgumentError unless `value` is a safe integer within [min, max]. */
export function assertInt(value: unknown, field: string, min = 0, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    invalidArgument(field, `must be an integer within ${min}..${max}`);
  }
}
