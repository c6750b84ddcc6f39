/**
 * Drains a node: marks it draining (placement gives it nothing new), then moves its players to
 * other nodes through the batched placement (batch-placement.ts: targets chosen up front, one
 * claim script per chunk, starts pipelined), starting each on the target before stopping it on the
 * source. Progress goes out as NodeDraining events. Runs in the background; a Router that dies
 * mid-drain leaves the remaining players playing on the (still alive) draining node.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { PlayerRecord } from "../../../common/src/registry/types";
import { Semaphore } from "../../../common/src/semaphore";
import { listOwnedPlayers } from "../../../common/src/registry/list-owned";
import { MoveReason } from "../../../../gen/ts/pyro/router/v1/event";
import { NoNodeAvailableError } from "../errors";
import type { NodeChooser } from "../nodes/node-chooser";
import { needsOf } from "../placement/needs";
import type { PlayerManager } from "../players/player-manager";
import type { EventHub } from "../events/event-hub";
import { NO_ROUTER_METRICS, type RouterMetrics } from "../router-metrics";
import { withSpan } from "../../../common/src/telemetry/with-span";
import { placeBatch, type BatchItem } from "./batch-placement";

/** Moves in flight of a drain when the DrainNode call sets none. */
export const DEFAULT_DRAIN_MOVES = 32;

/** Moves between two NodeDraining progress events. */
const PROGRESS_EVERY = 25;

/**
 * Starts draining `nodeId`; resolves with the number of players to move once it is marked draining.
 * `maxConcurrent` bounds the moves in flight (over all targets). `signal` is the drain's lifetime
 * (the Router's, not the RPC's: the moves outlive the call); when it aborts, the remaining moves
 * are skipped and the moves in flight are cancelled.
 */
export async function startDrain(
  o: { registry: Registry; players: PlayerManager; chooser: NodeChooser; hub: EventHub; logger: Logger; metrics?: RouterMetrics },
  nodeId: string,
  maxConcurrent: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<{ total: number; done: Promise<{ moved: number; failed: number }> }> {
  await o.registry.nodes.setState(nodeId, "draining", { signal });
  const records = await listOwnedPlayers(o.registry, nodeId, { signal });
  const total = records.length;
  let moved = 0;
  let failed = 0;
  const progress = (done: boolean) => o.hub.publish({ guildId: "", nodeId, kind: { $case: "nodeDraining", value: { moved, total, failed, done } } }).catch(() => undefined);
  await progress(false);
  const started = performance.now();
  // The drain's span (a child of the DrainNode call) is the parent of one `pyro.drain.move` per player.
  const done = withSpan("pyro.drain", { "pyro.node_id": nodeId, "pyro.drain.players": total }, async () => {
    const items: BatchItem[] = [];
    for (const record of records) {
      try {
        items.push({ record, target: o.chooser.choose(record.guildId, record.voice?.endpoint, [nodeId], undefined, needsOf(record.state)) });
      } catch (err) {
        failed++;
        o.logger.warn(err instanceof NoNodeAvailableError ? "drain: no node for the player" : "drain: placement failed", { guildId: record.guildId, err: (err as Error).message });
      }
    }
    const limit = new Semaphore(maxConcurrent);
    const start = (claimed: PlayerRecord, old: PlayerRecord, budget: Semaphore) =>
      withSpan("pyro.drain.move", { "pyro.guild_id": old.guildId, "pyro.from_node_id": nodeId, "pyro.to_node_id": claimed.ownerNodeId ?? "" },
        () => o.players.startClaimed(claimed, old, MoveReason.MOVE_REASON_DRAIN, { signal, stopSource: true, limit: budget }));
    try {
      await placeBatch(items, {
        // The source still plays: a player claimed away from it is fenced there at its next checkpoint,
        // so a drain claims a chunk only when the previous one started (no claims ahead of the budget).
        registry: o.registry, logger: o.logger, limiterFor: () => limit, start, signal, chunkSize: maxConcurrent, aheadChunks: 1,
        onOutcome: (it, outcome, err) => {
          if (outcome === "placed") moved++;
          else {
            // A player claimed away meanwhile (another Router, a delete) was not moved: counted as failed, as before.
            failed++;
            if (outcome === "failed") o.logger.warn("drain: move failed", { guildId: it.record.guildId, err: (err as Error).message });
            if (outcome === "skipped") o.chooser.cancelPending(it.target);
          }
          if ((moved + failed) % PROGRESS_EVERY === 0) void progress(false);
        },
      });
    } catch (err) {
      if (!signal?.aborted) o.logger.warn("drain: a claim batch failed", { nodeId, err: (err as Error).message });
    }
    await progress(true);
    o.logger.info("drain finished", { nodeId, moved, failed, total });
    (o.metrics ?? NO_ROUTER_METRICS).drain((performance.now() - started) / 1000, moved, failed);
    return { moved, failed };
  });
  return { total, done };
}
