/** The placement engine's entry point: filter, score, select, over one snapshot of nodes. */
import { filterNodes } from "./filters";
import { describeWantedRegion, resolveWantedRegion } from "./region-affinity";
import { scoreNodes } from "./scorers";
import { selectNode } from "./select";
import type { NodeSnapshot, PlacementOptions, PlacementRequest, PlacementResult } from "./types";

/**
 * Decides where to place a guild's player. Pure: no I/O, no clock, no randomness beyond `opts.seed`;
 * `nodes` is not modified. Never throws; when no node passes the filters `chosen` is null and every
 * node appears in `rejections` (the caller turns that into RESOURCE_EXHAUSTED). The caller records
 * the placement by incrementing the chosen node's `pending` for the next call.
 */
export function placePlayer(
  nodes: readonly NodeSnapshot[],
  req: PlacementRequest,
  opts: PlacementOptions,
): PlacementResult {
  const { feasible, rejections } = filterNodes(nodes, req);
  const wanted = resolveWantedRegion(req);
  const { chosen, ranked } = selectNode(scoreNodes(feasible, wanted), req, opts.seed);
  return { chosen, scores: ranked, rejections, region: describeWantedRegion(wanted), seed: opts.seed };
}
