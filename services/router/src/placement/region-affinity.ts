/**
 * Region affinity scorer: a soft penalty for nodes outside the region of the player's voice server,
 * like the JVM Lavalink-Client's `VoiceRegionPenaltyProvider` SOFT_BLOCK (+1000). Soft, so a local
 * node still loses when it is far worse: +1000 equals 1000 playing players, the CPU term of a host
 * at ~95 % load (1020), or ~200 deficit frames per minute per player.
 */
import type { PlacementRequest } from "./types";
import {
  coarseRegionOf,
  isNeutralRegionLabel,
  normalizeRegionLabel,
  regionFromVoiceEndpoint,
  type CoarseRegion,
} from "./voice-region";

/** Penalty added to a labelled node outside the wanted region. */
export const REGION_MISMATCH_PENALTY = 1000;

/** The region a placement prefers. */
export interface WantedRegion {
  /** Coarse region, when the label or endpoint maps to one. */
  coarse: CoarseRegion | null;
  /** Finer name: the city / legacy name of the endpoint, or the requested label as given (lowercase). */
  fine: string;
}

/**
 * Resolves the wanted region of a request: `req.region` when non-blank (a neutral label such as
 * "any" disables affinity), else the region of `req.voiceEndpoint`, else null (no affinity).
 */
export function resolveWantedRegion(req: PlacementRequest): WantedRegion | null {
  const override = normalizeRegionLabel(req.region);
  if (override !== "") {
    if (isNeutralRegionLabel(override)) return null;
    return { coarse: coarseRegionOf(override), fine: override };
  }
  return regionFromVoiceEndpoint(req.voiceEndpoint);
}

/** The region name reported by ExplainPlacement: the coarse region, else the label; "" for none. */
export function describeWantedRegion(wanted: WantedRegion | null): string {
  return wanted ? (wanted.coarse ?? wanted.fine) : "";
}

/**
 * Region penalty of a node, comparing case-insensitively:
 * - no wanted region, or a neutral node label ("", "default", "any", "global", "*") → 0;
 * - node label equal to the wanted fine name or coarse region → 0 (e.g. "frankfurt", "eu");
 * - node label mapping to the same coarse region (e.g. "eu-west", "europe-west3", "ams") → 0;
 * - any other labelled node, including labels we cannot map → `REGION_MISMATCH_PENALTY`: a node that
 *   declares a region we cannot place in the wanted one is treated as remote.
 */
export function regionAffinityPenalty(nodeRegion: string, wanted: WantedRegion | null): number {
  if (wanted === null || isNeutralRegionLabel(nodeRegion)) return 0;
  const label = normalizeRegionLabel(nodeRegion);
  if (label === wanted.fine || label === wanted.coarse) return 0;
  const coarse = coarseRegionOf(label);
  if (coarse !== null && coarse === wanted.coarse) return 0;
  return REGION_MISMATCH_PENALTY;
}
