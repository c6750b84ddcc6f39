/**
 * Picks the node to use among scored, feasible nodes: the lowest total, ties broken by the seeded
 * `tieBreakKey` and then by node id; `preferNodeId` wins whenever it is feasible.
 */
import { tieBreakKey } from "./tie-break";
import type { NodeScore, PlacementRequest } from "./types";

/**
 * Orders scores best first: ascending total, then ascending tie-break key for (seed, guild, node),
 * then node id. Returns a new array.
 */
export function rankScores(scores: readonly NodeScore[], req: PlacementRequest, seed: number): NodeScore[] {
  const keyed = scores.map((s) => ({ s, key: tieBreakKey(seed, req.guildId, s.nodeId) }));
  keyed.sort(
    (a, b) =>
      a.s.total - b.s.total ||
      a.key - b.key ||
      (a.s.nodeId < b.s.nodeId ? -1 : a.s.nodeId > b.s.nodeId ? 1 : 0),
  );
  return keyed.map((k) => k.s);
}

/**
 * Selects a node: `req.preferNodeId` if it is among the (feasible) scores, else the first of
 * `rankScores`. Returns the chosen id (null when `scores` is empty) and the ranked scores.
 */
export function selectNode(
  scores: readonly NodeScore[],
  req: PlacementRequest,
  seed: number,
): { chosen: string | null; ranked: NodeScore[] } {
  const ranked = rankScores(scores, req, seed);
  const preferred = req.preferNodeId;
  if (preferred !== undefined && ranked.some((s) => s.nodeId === preferred)) {
    return { chosen: preferred, ranked };
  }
  return { chosen: ranked[0]?.nodeId ?? null, ranked };
}
