/**
 * Drains a node: marks it draining (placement gives it nothing new), then moves each of its
 * players to another node with a concurrency budget, starting each on the target before stopping
 * it on the source. Progress goes out as NodeDraining events. Runs in the background; a Router
 * that dies mid-drain leaves the remaining players playing on the (still alive) draining node.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import { forEachLimited } from "../../../common/src/for-each-limited";
import { listOwnedPlayers } from "../../../common/src/registry/list-owned";
import { MoveReason } from "../../../../gen/ts/pyro/router/v1/event";
import type { PlayerManager } from "../players/player-manager";
import type { EventHub } from "../events/event-hub";
import { NO_ROUTER_METRICS, type RouterMetrics } from "../router-metrics";
import { withSpan } from "../../../common/src/telemetry/with-span";

/**
 * Starts draining `nodeId`; resolves with the number of players to move once it is marked draining.
 * `signal` is the drain's lifetime (the Router's, not the RPC's: the moves outlive the call); when it
 * aborts, the remaining moves are skipped and the move in flight is cancelled.
 */
export async function startDrain(
  o: { registry: Registry; players: PlayerManager; hub: EventHub; logger: Logger; metrics?: RouterMetrics },
  nodeId: string,
  maxConcurrent: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<{ total: number; done: Promise<{ moved: number; failed: number }> }> {
  await o.registry.nodes.setState(nodeId, "draining", { signal });
  const guilds = (await listOwnedPlayers(o.registry, nodeId, { signal })).map((p) => p.guildId);
  const total = guilds.length;
  let moved = 0;
  let failed = 0;
  const progress = (done: boolean) => o.hub.publish({ guildId: "", nodeId, kind: { $case: "nodeDraining", value: { moved, total, failed, done } } }).catch(() => undefined);
  await progress(false);
  const started = performance.now();
  // The drain's span (a child of the DrainNode call) is the parent of one `pyro.drain.move` per player.
  const done = withSpan("pyro.drain", { "pyro.node_id": nodeId, "pyro.drain.players": total }, async () => {
    await forEachLimited(guilds, maxConcurrent, async (guildId) => {
      if (signal?.aborted) return;
      try {
        await withSpan("pyro.drain.move", { "pyro.guild_id": guildId, "pyro.from_node_id": nodeId }, () => o.players.move(guildId, MoveReason.MOVE_REASON_DRAIN, undefined, signal));
        moved++;
      } catch (err) {
        failed++;
        o.logger.warn("drain: move failed", { guildId, err: (err as Error).message });
      }
      if ((moved + failed) % 25 === 0) await progress(false);
    });
    await progress(true);
    o.logger.info("drain finished", { nodeId, moved, failed, total });
    (o.metrics ?? NO_ROUTER_METRICS).drain((performance.now() - started) / 1000, moved, failed);
    return { moved, failed };
  });
  return { total, done };
}
