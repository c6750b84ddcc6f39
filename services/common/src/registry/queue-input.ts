/** Validation of queue edit arguments shared by both backends. */
import { randomUUID } from "node:crypto";
import { assertId, assertInt, invalidArgument } from "./fail";
import type { QueueEditOptions } from "./registry";
import type { QueueItem, QueueItemInput } from "./types";
import { validateQueueItem } from "./validate-queue";

/** Largest number of items accepted by one `add`, whatever the queue limit. */
export const MAX_ITEMS_PER_ADD = 10_000;

/** Validates items for `add` and assigns a random id to those without one. Throws InvalidArgumentError. */
export function prepareQueueItems(items: readonly QueueItemInput[]): QueueItem[] {
  if (!Array.isArray(items) || items.length === 0) invalidArgument("items", "must be a non-empty array");
  if (items.length > MAX_ITEMS_PER_ADD) invalidArgument("items", `must hold at most ${MAX_ITEMS_PER_ADD} items`);
  return items.map((it, i) => validateQueueItem({ ...it, id: it?.id ?? randomUUID() }, `items[${i}]`, invalidArgument));
}

/** Checks the guild id and the optional expected version common to every edit. */
export function checkEdit(guildId: string, opts: QueueEditOptions): void {
  assertId(guildId, "guildId");
  if (opts.expectedVersion !== undefined) assertInt(opts.expectedVersion, "expectedVersion", 0);
}

/** Checks that `value` is an integer (possibly negative: range errors are the store's InvalidIndexError). */
export function checkIndexArg(value: unknown, field: string): asserts value is number {
  assertInt(value, field, -Number.MAX_SAFE_INTEGER);
}

/**
 * Checks every argument of `add` (guild, expected version, index, maximum length) and prepares the
 * items; returns the maximum length that applies (`opts.maxLength`, else `defaultMax`).
 * Throws InvalidArgumentError.
 */
export function checkAdd(
  guildId: string,
  items: readonly QueueItemInput[],
  opts: QueueEditOptions & { index?: number; maxLength?: number },
  defaultMax: number,
): { max: number; prepared: QueueItem[] } {
  checkEdit(guildId, opts);
  if (opts.index !== undefined) checkIndexArg(opts.index, "index");
  const max = opts.maxLength ?? defaultMax;
  assertInt(max, "maxLength", 1);
  return { max, prepared: prepareQueueItems(items) };
}
