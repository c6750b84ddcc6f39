/** Converts a PlacementResult into the `ExplainPlacementResponse` of pyro.router.v1 (node.proto). */
import {
  PlacementRejection,
  type ExplainPlacementResponse,
  type NodeRejection,
  type NodeScore as NodeScoreProto,
} from "../../../../gen/ts/pyro/router/v1/node";
import type { NodeScore, PlacementResult, RejectionReason, ScoreComponents } from "./types";

/** Scorer names used as `ScoreComponent.name`, in the order they are emitted. */
export const SCORE_COMPONENT_NAMES: Readonly<Record<keyof ScoreComponents, string>> = Object.freeze({
  players: "players",
  pending: "pending_players",
  cpu: "cpu",
  deficit: "frame_deficit",
  nulled: "frames_nulled",
  region: "region_affinity",
});

/**
 * Proto enum value of a rejection reason. `not_alive` (lease lost or Router stream closed) maps to
 * NODE_DOWN, whose proto doc covers an expired lease; the detail string tells the two apart.
 */
export function rejectionToProto(reason: RejectionReason): PlacementRejection {
  switch (reason) {
    case "down":
    case "not_alive":
      return PlacementRejection.PLACEMENT_REJECTION_NODE_DOWN;
    case "cordoned":
      return PlacementRejection.PLACEMENT_REJECTION_CORDONED;
    case "draining":
      return PlacementRejection.PLACEMENT_REJECTION_DRAINING;
    case "at_capacity":
      return PlacementRejection.PLACEMENT_REJECTION_AT_CAPACITY;
    case "excluded":
      return PlacementRejection.PLACEMENT_REJECTION_EXCLUDED;
    case "missing_capability":
      return PlacementRejection.PLACEMENT_REJECTION_MISSING_CAPABILITY;
    default: {
      const unreachable: never = reason;
      throw new TypeError(`unknown rejection reason ${String(unreachable)}`);
    }
  }
}

/** Proto form of one node score; components in `SCORE_COMPONENT_NAMES` order. */
export function scoreToProto(score: NodeScore): NodeScoreProto {
  const keys = Object.keys(SCORE_COMPONENT_NAMES) as Array<keyof ScoreComponents>;
  return {
    nodeId: score.nodeId,
    total: score.total,
    components: keys.map((k) => ({ name: SCORE_COMPONENT_NAMES[k], value: score.components[k] })),
  };
}

/**
 * Builds the ExplainPlacement response: chosen node (absent when null), scores best first,
 * rejections, region and seed. The seed is truncated to an integer; a non-finite seed becomes 0.
 */
export function toExplainPlacementResponse(result: PlacementResult): ExplainPlacementResponse {
  const rejections: NodeRejection[] = result.rejections.map((r) => ({
    nodeId: r.nodeId,
    reason: rejectionToProto(r.reason),
    detail: r.detail,
  }));
  return {
    ...(result.chosen !== null ? { chosenNodeId: result.chosen } : {}),
    scores: result.scores.map(scoreToProto),
    rejections,
    region: result.region,
    tieBreakSeed: Number.isFinite(result.seed) ? BigInt(Math.trunc(result.seed)) : 0n,
  };
}
