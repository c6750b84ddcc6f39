/**
 * Named filter presets. Each is a partial Lavalink filter set that `player.filters.preset()`
 * merges into the player's current filters (other filters stay). Values follow the presets
 * lavalink-client and shoukaku users know.
 */
import type { Filters } from "../gen/pyro/lavalink/v1/filters";

/** Preset names. */
export type FilterPreset = "nightcore" | "vaporwave" | "8d" | "bassboost" | "karaoke";

const bass = [0.2, 0.15, 0.1, 0.05, 0.0].map((gain, band) => ({ band, gain }));

/** The filters each preset sets. */
export const FILTER_PRESETS: Readonly<Record<FilterPreset, Partial<Filters>>> = {
  nightcore: { timescale: { speed: 1.3, pitch: 1.3, rate: 1 } },
  vaporwave: { timescale: { speed: 0.85, pitch: 0.8, rate: 1 } },
  "8d": { rotation: { rotationHz: 0.2 } },
  bassboost: { equalizer: bass },
  karaoke: { karaoke: { level: 1, monoLevel: 1, filterBand: 220, filterWidth: 100 } },
};

/** True when `name` is a preset. */
export function isFilterPreset(name: string): name is FilterPreset {
  return Object.prototype.hasOwnProperty.call(FILTER_PRESETS, name);
}
