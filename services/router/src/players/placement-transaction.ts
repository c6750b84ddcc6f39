/**
 * The one placement path: claim, rebuild, announce. The Router moves ownership in the registry
 * with a compare-and-set that bumps the epoch, tells the new owner to rebuild the player from the
 * registry checkpoint, then publishes PlayerMoved (it left a node) or PlayerPlaced. Creating,
 * failing over, draining, moving and rebalancing all go through it. Callers hold the guild's
 * serializer.
 */
import type { Registry } from "../../../common/src/registry/registry";
import type { PlayerRecord } from "../../../common/src/registry/types";
import type { ManagedPlayer } from "../../../../gen/ts/pyro/router/v1/player";
import { MoveReason } from "../../../../gen/ts/pyro/router/v1/event";
import type { Player } from "../../../../gen/ts/pyro/lavalink/v1/player";
import { NodeUnavailableError } from "../errors";
import type { NodeDirectory } from "../nodes/node-directory";
import type { NodeChooser } from "../nodes/node-chooser";
import type { LavanodeLink } from "../nodes/lavanode-link";
import type { EventHub } from "../events/event-hub";
import type { OwnerCache } from "./owner-cache";
import { needsOf } from "../placement/needs";
import { isClockRunning, settlePosition } from "../../../common/src/player-state";
import type { Semaphore } from "../../../common/src/semaphore";

/** What a placement needs. */
export interface PlacementDeps {
  registry: Registry;
  directory: NodeDirectory;
  chooser: NodeChooser;
  hub: EventHub;
  cache: OwnerCache;
  /** Builds the answer from the record and the node's live player. */
  view: (record: PlayerRecord, live?: Player) => ManagedPlayer;
  /** Clock (unix ms). */
  now: () => number;
  /** Called after every placement (metrics). */
  onPlaced?: (nodeId: string, reason: string) => void;
}

/** The link of the record's owner when that owner is usable, else undefined. */
export function usableOwnerLink(directory: NodeDirectory, record: PlayerRecord): LavanodeLink | undefined {
  if (!record.ownerNodeId) return undefined;
  const node = directory.get(record.ownerNodeId);
  return node && directory.usable(node) ? node.link : undefined;
}

/** The placement transaction over `d`. */
export interface Placement {
  /**
   * Claims `record` for `target` (or the node placement chooses, excluding its old owner), then
   * rebuilds and announces it. `reason` set and an old owner present → PlayerMoved.
   * @throws StaleEpochError when another Router claimed it first; NoNodeAvailableError; NodeUnavailableError.
   */
  place(record: PlayerRecord, reason: MoveReason | undefined, signal?: AbortSignal, target?: string): Promise<ManagedPlayer>;
  /**
   * Rebuilds a record already claimed (or created owned) on its owner, then announces it. `limit`
   * (a batch's per-target budget) bounds the rebuild command only, not the announcement.
   */
  start(claimed: PlayerRecord, oldOwner: string | null, reason: MoveReason | undefined, signal?: AbortSignal, limit?: Semaphore): Promise<ManagedPlayer>;
}

/** Creates the placement transaction. */
export function createPlacement(d: PlacementDeps): Placement {
  const start: Placement["start"] = async (claimed, oldOwner, reason, signal, limit) => {
    const guildId = claimed.guildId;
    const nodeId = claimed.ownerNodeId!;
    d.hub.noteEpoch(guildId, claimed.epoch);
    d.cache.forget(guildId);
    const link = usableOwnerLink(d.directory, claimed);
    if (!link) throw new NodeUnavailableError(nodeId, "not connected");
    // A player that never played (first placement) starts exactly where it was held.
    const holdPosition = oldOwner === null;
    // The claimed record travels with the command: the node needs no registry read to build it.
    const rebuild = () => link.command(guildId, claimed.epoch, { $case: "rebuildPlayer", value: { holdPosition, recordJson: JSON.stringify(claimed) } }, { signal });
    const r = await (limit ? limit.run(rebuild) : rebuild());
    const live = r.result?.$case === "player" ? r.result.value : undefined;
    d.onPlaced?.(nodeId, reason === undefined ? "new" : MoveReason[reason]);
    const positionMs = BigInt(live?.state?.positionMs ?? 0n);
    if (oldOwner && reason !== undefined) {
      await d.hub.publish({ guildId, nodeId, kind: { $case: "playerMoved", value: { oldNodeId: oldOwner, newNodeId: nodeId, reason, epoch: BigInt(claimed.epoch), positionMs } } });
    } else {
      await d.hub.publish({ guildId, nodeId, kind: { $case: "playerPlaced", value: { epoch: BigInt(claimed.epoch) } } });
    }
    return d.view(claimed, live);
  };
  const place: Placement["place"] = async (record, reason, signal, target) => {
    const oldOwner = record.ownerNodeId;
    const nodeId = target ?? d.chooser.choose(record.guildId, record.voice?.endpoint, oldOwner ? [oldOwner] : [], undefined, needsOf(record.state));
    // A player that never ran (it waited for voice or a node) starts from the position it held, not
    // from one extrapolated over the wait: settle the checkpoint before the node rebuilds from it.
    if (!isClockRunning(record)) {
      await d.registry.players.checkpoint(record.guildId, record.epoch, settlePosition(record.state, d.now(), false), { signal });
    }
    const claimed = await d.registry.players.claim(record.guildId, record.epoch, nodeId, { signal });
    return start(claimed, oldOwner, reason, signal);
  };
  return { place, start };
}
