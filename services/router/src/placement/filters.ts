/**
 * Placement filters: each looks at one node and either passes it (undefined) or rejects it with a
 * named reason and a detail. A node is reported with the first filter that rejects it.
 */
import type { NodeSnapshot, PlacementRequest, Rejection, RejectionReason } from "./types";

/** One filter: undefined when the node passes, else the reason and a human-readable detail. */
export type PlacementFilter = (
  node: NodeSnapshot,
  req: PlacementRequest,
) => { reason: RejectionReason; detail: string } | undefined;

/** Rejects nodes in state "down". */
export const rejectDown: PlacementFilter = (node) =>
  node.state === "down" ? { reason: "down", detail: "node state is down" } : undefined;

/** Rejects nodes whose lease is not held or whose stream to this Router is closed. */
export const rejectNotAlive: PlacementFilter = (node) =>
  node.alive ? undefined : { reason: "not_alive", detail: "lease lost or Router stream closed" };

/** Rejects draining nodes (they are moving their players away). */
export const rejectDraining: PlacementFilter = (node) =>
  node.state === "draining" ? { reason: "draining", detail: "node is draining" } : undefined;

/** Rejects cordoned nodes (they keep their players but take no new ones). */
export const rejectCordoned: PlacementFilter = (node) =>
  node.state === "cordoned" ? { reason: "cordoned", detail: "node is cordoned" } : undefined;

/**
 * Rejects nodes whose Lavalink lacks a source or plugin filter the player needs (`req.needs`). A
 * node whose capabilities are not known yet is not rejected for them.
 */
export const rejectMissingCapability: PlacementFilter = (node, req) => {
  const caps = node.capabilities;
  if (!caps || !req.needs) return undefined;
  const sources = req.needs.sources.filter((s) => !caps.sources.includes(s));
  const filters = req.needs.filters.filter((f) => !caps.filters.includes(f));
  if (sources.length === 0 && filters.length === 0) return undefined;
  const parts = [...(sources.length ? [`source ${sources.join(", ")}`] : []), ...(filters.length ? [`filter ${filters.join(", ")}`] : [])];
  return { reason: "missing_capability", detail: `Lavalink lacks ${parts.join("; ")}` };
};

/**
 * Rejects nodes whose registry players plus pending placements reach `capacity`. A capacity of 0 or
 * less means unlimited. Lavalink's own `stats.players` is not used: capacity caps what Pyro places.
 */
export const rejectAtCapacity: PlacementFilter = (node) => {
  if (!(node.capacity > 0)) return undefined;
  const load = node.players + node.pending;
  if (load < node.capacity) return undefined;
  const pending = node.pending > 0 ? ` (${node.pending} pending)` : "";
  return { reason: "at_capacity", detail: `${load}/${node.capacity} players${pending}` };
};

/** Rejects nodes listed in `req.exclude`. */
export const rejectExcluded: PlacementFilter = (node, req) =>
  req.exclude?.includes(node.nodeId) ? { reason: "excluded", detail: "excluded by the request" } : undefined;

/**
 * The filters in the order they run. Health comes first so that a node that is both down and
 * excluded is reported as down, which is the more useful fact during a failover.
 */
export const PLACEMENT_FILTERS: readonly PlacementFilter[] = [
  rejectDown,
  rejectNotAlive,
  rejectDraining,
  rejectCordoned,
  rejectMissingCapability,
  rejectAtCapacity,
  rejectExcluded,
];

/**
 * Splits nodes into the feasible ones and the rejected ones (each with its first rejection), keeping
 * snapshot order in both lists. `filters` defaults to `PLACEMENT_FILTERS`.
 */
export function filterNodes(
  nodes: readonly NodeSnapshot[],
  req: PlacementRequest,
  filters: readonly PlacementFilter[] = PLACEMENT_FILTERS,
): { feasible: NodeSnapshot[]; rejections: Rejection[] } {
  const feasible: NodeSnapshot[] = [];
  const rejections: Rejection[] = [];
  for (const node of nodes) {
    let rejected: Rejection | undefined;
    for (const filter of filters) {
      const r = filter(node, req);
      if (r) {
        rejected = { nodeId: node.nodeId, ...r };
        break;
      }
    }
    if (rejected) rejections.push(rejected);
    else feasible.push(node);
  }
  return { feasible, rejections };
}
