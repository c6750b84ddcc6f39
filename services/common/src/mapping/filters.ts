/**
 * Lavalink `Filters` JSON ⇄ pyro.lavalink.v1.Filters. "Absent" and "zero" stay distinct at every
 * level: a filter key that is absent (or `null`) is an unset proto field, a sub-field that is absent
 * is an unset optional scalar, and `0` stays `0`.
 */
import type {
  ChannelMixFilter, DistortionFilter, EqualizerBand as EqualizerBandProto, Filters as FiltersProto, KaraokeFilter,
  LowPassFilter, RotationFilter, TimescaleFilter, TremoloFilter, VibratoFilter,
} from "../../../../gen/ts/pyro/lavalink/v1/filters";
import type { EqualizerBand, Filters } from "../lavalink-protocol";
import { copyJsonObject } from "./json-object";
import { OBJECT_FILTER_FIELDS as OBJECT_FILTERS, type ObjectFilterName } from "../lavalink-filter-fields";

type ObjectFilter =
  | KaraokeFilter | TimescaleFilter | TremoloFilter | VibratoFilter | RotationFilter | DistortionFilter
  | ChannelMixFilter | LowPassFilter;

/** Names of the object-typed filters in Lavalink order (karaoke … lowPass). */
export const OBJECT_FILTER_NAMES = Object.keys(OBJECT_FILTERS) as readonly ObjectFilterName[];

/** Copies the listed numeric sub-fields that are present (not undefined/null) into a new object. */
function copyNumbers(source: object, fields: readonly string[]): Record<string, number> {
  const from = source as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const f of fields) {
    const v = from[f];
    if (typeof v === "number") out[f] = v;
  }
  return out;
}

/** Converts one equalizer band; an omitted `gain` stays omitted (Lavalink then uses 1.0). */
function bandToProto(band: EqualizerBand): EqualizerBandProto {
  const out: EqualizerBandProto = { band: band.band };
  if (band.gain !== undefined) out.gain = band.gain;
  return out;
}

/** Converts one proto equalizer band back to JSON; an unset `gain` is omitted. */
function bandFromProto(band: EqualizerBandProto): EqualizerBand {
  const out: EqualizerBand = { band: band.band };
  if (band.gain !== undefined) out.gain = band.gain;
  return out;
}

/**
 * Converts a Lavalink filter set to proto. `volume`/object filters absent or `null` → unset; present
 * (even `{}`) → set with only the sub-fields that were given. `equalizer` keeps the bands in order,
 * duplicates included. `pluginFilters` is copied when present (even `{}`).
 * Note: an empty `equalizer: []` cannot be told from "no equalizer" in proto and comes back absent.
 */
export function filtersToProto(filters: Filters): FiltersProto {
  const out: FiltersProto = { equalizer: (filters.equalizer ?? []).map(bandToProto) };
  if (filters.volume !== undefined) out.volume = filters.volume;
  for (const name of OBJECT_FILTER_NAMES) {
    const value = filters[name];
    if (value === undefined || value === null) continue;
    (out as unknown as Record<string, ObjectFilter>)[name] = copyNumbers(value, OBJECT_FILTERS[name]);
  }
  if (filters.pluginFilters !== undefined && filters.pluginFilters !== null) {
    out.pluginFilters = copyJsonObject(filters.pluginFilters);
  }
  return out;
}

/**
 * Converts a proto filter set to the Lavalink JSON Lavalink accepts in a PATCH (and echoes in a
 * Player): only set filters appear, each with only its set sub-fields; an empty equalizer list is
 * omitted; nothing set gives `{}`. Keys follow Lavalink's order.
 */
export function filtersFromProto(filters: FiltersProto): Filters {
  const out: Filters = {};
  if (filters.volume !== undefined) out.volume = filters.volume;
  const bands = filters.equalizer ?? [];
  if (bands.length > 0) out.equalizer = bands.map(bandFromProto);
  for (const name of OBJECT_FILTER_NAMES) {
    const value = filters[name];
    if (value === undefined) continue;
    (out as Record<string, unknown>)[name] = copyNumbers(value, OBJECT_FILTERS[name]);
  }
  if (filters.pluginFilters !== undefined) out.pluginFilters = copyJsonObject(filters.pluginFilters);
  return out;
}
