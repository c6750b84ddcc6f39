/**
 * The batched form of the placement transaction, shared by failover and drain. Targets are chosen
 * up front; each target's players are claimed in chunks with one `claimMany` (one registry script
 * per chunk instead of five round trips per player), and the claimed players are started on the
 * target with a bounded number of starts in flight on its Connect stream. Each rebuild carries the
 * record its claim returned, so the target reads nothing from the registry either. The budget
 * bounds the rebuild commands only: announcing a started player does not hold a slot. The next chunk
 * is claimed while the previous ones start, at most `aheadChunks` ahead, so a Router dying
 * mid-batch leaves few players claimed but not started (their new owner's reconcile rebuilds
 * them). Fencing is unchanged: every player is claimed with the epoch it was read with, and a lost
 * race skips it.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { PlayerRecord } from "../../../common/src/registry/types";
import { MAX_CLAIM_BATCH } from "../../../common/src/registry/registry";
import { PlayerNotFoundError, StaleEpochError } from "../../../common/src/registry/errors";
import { Semaphore } from "../../../common/src/semaphore";

/** Default starts in flight per target node. */
export const DEFAULT_STARTS_PER_TARGET = 16;

/** Default players per claim script. */
export const DEFAULT_CLAIM_CHUNK = 64;

/** One player to re-place and the node chosen for it. */
export interface BatchItem {
  /** The record as read (its epoch is the expected epoch of the claim). */
  record: PlayerRecord;
  target: string;
}

/** What a batch did: started, lost to another claimer (or gone), failed after the claim. */
export interface BatchResult {
  placed: number;
  skipped: number;
  failed: number;
}

/** Dependencies and knobs of {@link placeBatch}. */
export interface BatchPlacementOptions {
  registry: Registry;
  logger: Logger;
  /** The limiter of starts in flight to `target` (shared across batches to the same node). */
  limiterFor: (target: string) => Semaphore;
  /**
   * Starts a claimed player on its new owner (`old`: the record before the claim), running its
   * rebuild command under `limit` (the target's budget). Throws on failure.
   */
  start: (claimed: PlayerRecord, old: PlayerRecord, limit: Semaphore) => Promise<unknown>;
  /** Called once per item: "placed", "skipped" (lost the claim, or gone) or "failed". */
  onOutcome?: (item: BatchItem, outcome: "placed" | "skipped" | "failed", err?: unknown) => void;
  /** Players per claim script; default DEFAULT_CLAIM_CHUNK, at most MAX_CLAIM_BATCH. */
  chunkSize?: number;
  /** Chunks claimed ahead of their starts; default 2. */
  aheadChunks?: number;
  signal?: AbortSignal;
}

/** A limiter per target with `size` permits, created on first use. */
export function createLimiters(size = DEFAULT_STARTS_PER_TARGET): (target: string) => Semaphore {
  const limits = new Map<string, Semaphore>();
  return (target) => {
    let s = limits.get(target);
    if (!s) limits.set(target, (s = new Semaphore(size)));
    return s;
  };
}

/**
 * Claims and starts every item on its target; resolves when all are done. Never throws for one
 * player: a lost claim is skipped, a failed start is reported through `onOutcome`. Rejects only
 * when a claim script itself fails (registry down; the items not yet claimed are left to the
 * caller's retry) or `signal` aborts.
 */
export async function placeBatch(items: readonly BatchItem[], o: BatchPlacementOptions): Promise<BatchResult> {
  const result: BatchResult = { placed: 0, skipped: 0, failed: 0 };
  const byTarget = new Map<string, BatchItem[]>();
  for (const it of items) {
    const group = byTarget.get(it.target);
    if (group) group.push(it);
    else byTarget.set(it.target, [it]);
  }
  const chunkSize = Math.max(1, Math.min(o.chunkSize ?? DEFAULT_CLAIM_CHUNK, MAX_CLAIM_BATCH));
  const ahead = Math.max(1, o.aheadChunks ?? 2);
  const report = (it: BatchItem, outcome: "placed" | "skipped" | "failed", err?: unknown): void => {
    result[outcome]++;
    o.onOutcome?.(it, outcome, err);
  };
  await Promise.all([...byTarget].map(async ([target, group]) => {
    const limit = o.limiterFor(target);
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < group.length; i += chunkSize) {
      if (o.signal?.aborted) break;
      // Stay at most `ahead` chunks ahead of the starts.
      if (inFlight.length >= ahead) await inFlight.shift();
      const chunk = group.slice(i, i + chunkSize);
      const outcomes = await o.registry.players.claimMany(chunk.map((it) => ({ guildId: it.record.guildId, expectedEpoch: it.record.epoch, newOwnerNodeId: target })), { signal: o.signal });
      inFlight.push(Promise.all(outcomes.map(async (out, k) => {
        const it = chunk[k]!;
        if (!out.ok) {
          if (!(out.error instanceof StaleEpochError || out.error instanceof PlayerNotFoundError)) o.logger.warn("batch claim rejected", { guildId: it.record.guildId, err: out.error.message });
          return report(it, "skipped", out.error);
        }
        try {
          await o.start(out.record, it.record, limit);
          report(it, "placed");
        } catch (err) {
          report(it, "failed", err);
        }
      })));
    }
    await Promise.all(inFlight);
  }));
  return result;
}
