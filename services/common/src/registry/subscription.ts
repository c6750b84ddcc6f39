/** Subscription plumbing shared by both event buses: idempotent unsubscribe, abort-to-unsubscribe, payload checks. */
import { corrupt } from "./fail";
import { reqNumber, reqObject, reqString } from "./json-check";
import type { Subscription } from "./registry";
import type { NodeDeath } from "./types";

/**
 * Wraps `stop` into a Subscription that runs it at most once, also when `signal` aborts.
 * If the signal is already aborted, stops immediately.
 */
export function createSubscription(stop: () => Promise<void>, signal?: AbortSignal): Subscription {
  let done: Promise<void> | undefined;
  const onAbort = (): void => void unsubscribe().catch(() => undefined);
  const unsubscribe = (): Promise<void> => {
    if (!done) {
      signal?.removeEventListener("abort", onAbort);
      done = stop();
    }
    return done;
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return { unsubscribe };
}

/** Validates a death notification received from another process; throws CorruptRecordError. */
export function validateNodeDeath(v: unknown, channel: string): NodeDeath {
  const fail = corrupt(channel);
  const o = reqObject(v, "death", fail);
  return {
    nodeId: reqString(o.nodeId, "nodeId", fail),
    reason: reqString(o.reason, "reason", fail, true),
    at: reqNumber(o.at, "at", fail, { min: 0 }),
  };
}
