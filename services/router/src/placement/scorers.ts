/**
 * Scores feasible nodes: the Lavalink penalty (players incl. pending placements, CPU, frames) plus
 * region affinity. Lower totals are better; the components always add up to the total.
 */
import { lavalinkPenalty } from "./lavalink-penalty";
import { regionAffinityPenalty, type WantedRegion } from "./region-affinity";
import type { NodeScore, NodeSnapshot, ScoreComponents } from "./types";

/** Sum of score components. */
export function totalOf(c: ScoreComponents): number {
  return c.players + c.pending + c.cpu + c.deficit + c.nulled + c.region;
}

/** Scores one node for a wanted region (null = no region affinity). */
export function scoreNode(node: NodeSnapshot, wanted: WantedRegion | null): NodeScore {
  const { players, pending, cpu, deficit, nulled } = lavalinkPenalty(node);
  const components: ScoreComponents = {
    players,
    cpu,
    deficit,
    nulled,
    pending,
    region: regionAffinityPenalty(node.region, wanted),
  };
  return { nodeId: node.nodeId, total: totalOf(components), components };
}

/** Scores every node, in input order. */
export function scoreNodes(nodes: readonly NodeSnapshot[], wanted: WantedRegion | null): NodeScore[] {
  return nodes.map((n) => scoreNode(n, wanted));
}
