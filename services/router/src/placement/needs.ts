/**
 * What a player needs from a node's Lavalink beyond the core protocol: the source manager of its
 * track (e.g. "segments", "spotify") and the plugin filters it uses (keys of `pluginFilters`).
 * Pure; a player without a track or plugin filters needs nothing.
 */
import { trackSourceName } from "../../../common/src/track-source";
import type { PlacementNeeds } from "./types";

/** The needs of a player state (`encodedTrack`, Lavalink `filters` JSON), plus `extra` ones. */
export function needsOf(state: { encodedTrack: string | null; filters: Record<string, unknown> }, extra?: Partial<PlacementNeeds>): PlacementNeeds {
  const sources = new Set(extra?.sources ?? []);
  const filters = new Set(extra?.filters ?? []);
  const source = state.encodedTrack ? trackSourceName(state.encodedTrack) : undefined;
  if (source) sources.add(source);
  const plugin = state.filters.pluginFilters;
  if (plugin && typeof plugin === "object" && !Array.isArray(plugin)) for (const k of Object.keys(plugin)) filters.add(k);
  return { sources: [...sources], filters: [...filters] };
}
