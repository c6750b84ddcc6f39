/** Placement engine: pure functions that choose a node for a player. Re-exports only. */
export type {
  CpuStats, FrameStats, NodeScore, NodeSnapshot, NodeState, NodeStats, PlacementNeeds, PlacementOptions, PlacementRequest,
  PlacementResult, Rejection, RejectionReason, ScoreComponents,
} from "./types";
export { placePlayer } from "./place-player";
export { needsOf } from "./needs";
export {
  filterNodes, PLACEMENT_FILTERS, rejectAtCapacity, rejectCordoned, rejectDown, rejectDraining, rejectExcluded,
  rejectMissingCapability, rejectNotAlive, type PlacementFilter,
} from "./filters";
export {
  cpuPenalty, deficitPenalty, EXPECTED_FRAMES_PER_MINUTE, lavalinkPenalty, nulledPenalty, type LavalinkPenalty,
} from "./lavalink-penalty";
export {
  describeWantedRegion, REGION_MISMATCH_PENALTY, regionAffinityPenalty, resolveWantedRegion, type WantedRegion,
} from "./region-affinity";
export {
  AIRPORT_REGIONS, coarseRegionOf, isNeutralRegionLabel, LABEL_PREFIX_REGIONS, LEGACY_REGIONS,
  NEUTRAL_REGION_LABELS, normalizeRegionLabel, regionFromVoiceEndpoint, type CoarseRegion, type VoiceRegion,
} from "./voice-region";
export { scoreNode, scoreNodes, totalOf } from "./scorers";
export { rankScores, selectNode } from "./select";
export { tieBreakKey } from "./tie-break";
export { rejectionToProto, SCORE_COMPONENT_NAMES, scoreToProto, toExplainPlacementResponse } from "./explain";
