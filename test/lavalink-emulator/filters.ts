import { HttpError } from "./errors";
import { JsonObject } from "./json";
import { asInt, expectObject, hasKey, optNumber } from "./json-input";

/** The 10 built-in filters in the order `/v4/info` lists them. */
export const BUILTIN_FILTERS = [
  "volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion", "rotation", "channelMix", "lowPass",
] as const;

/** Sub-field defaults of each object-typed filter (every field is echoed, as Lavalink 4.1+ does). */
const OBJECT_FILTERS: Record<string, Record<string, number>> = {
  karaoke: { level: 1, monoLevel: 1, filterBand: 220, filterWidth: 100 },
  timescale: { speed: 1, pitch: 1, rate: 1 },
  tremolo: { frequency: 2, depth: 0.5 },
  vibrato: { frequency: 2, depth: 0.5 },
  distortion: { sinOffset: 0, sinScale: 1, cosOffset: 0, cosScale: 1, tanOffset: 0, tanScale: 1, offset: 0, scale: 1 },
  rotation: { rotationHz: 0 },
  channelMix: { leftToLeft: 1, leftToRight: 0, rightToLeft: 0, rightToRight: 1 },
  lowPass: { smoothing: 20 },
};

/** The echo key order of Lavalink's Filters object. */
const ECHO_ORDER = ["volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion", "rotation", "channelMix", "lowPass"];

/** A normalised filter set: exactly what the Player object echoes. */
export type Filters = JsonObject;

/**
 * Validates a `filters` object and returns the new, complete filter set (it replaces the old one).
 * Throws HttpError 400 for type errors or disabled filters, 500 for an equalizer band outside 0–14
 * (as Lavalink does). Ranges of DSP values are not checked.
 */
export function parseFilters(raw: unknown, disabled: ReadonlySet<string>, pluginFilters: Readonly<Record<string, (value: unknown) => JsonObject>> = {}): Filters {
  const o = expectObject(raw, "filters");
  const off = BUILTIN_FILTERS.filter((name) => disabled.has(name) && hasKey(o, name));
  if (off.length > 0) throw new HttpError(400, `Following filters are disabled in the config: ${off.join(", ")}`);
  const out: Filters = {};
  for (const key of ECHO_ORDER) {
    if (!hasKey(o, key) || o[key] === undefined) continue;
    const value = o[key];
    if (key === "volume") {
      out.volume = optNumber(o, "volume", "filters");
    } else if (key === "equalizer") {
      out.equalizer = parseEqualizer(value);
    } else if (value !== null) {
      const sub = expectObject(value, `filters.${key}`);
      const defaults = OBJECT_FILTERS[key];
      const parsed: JsonObject = {};
      for (const field of Object.keys(defaults)) parsed[field] = optNumber(sub, field, `filters.${key}`) ?? defaults[field];
      out[key] = parsed;
    }
  }
  if (hasKey(o, "pluginFilters") && o.pluginFilters !== undefined) {
    // Entries of installed plugin filters are kept; others are dropped (and an empty object omitted).
    const given = expectObject(o.pluginFilters, "filters.pluginFilters");
    const kept: JsonObject = {};
    for (const [name, value] of Object.entries(given)) {
      const parse = pluginFilters[name];
      if (parse && value !== null && value !== undefined) kept[name] = parse(value);
    }
    if (Object.keys(kept).length > 0) out.pluginFilters = kept;
  }
  return out;
}

function parseEqualizer(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) throw new HttpError(400, "JSON parse error: field 'filters.equalizer' must be an array");
  return value.map((entry, i) => {
    const band = expectObject(entry, `filters.equalizer[${i}]`);
    if (!hasKey(band, "band")) throw new HttpError(400, `JSON parse error: field 'filters.equalizer[${i}].band' is required`);
    const index = asInt(band.band, `filters.equalizer[${i}].band`);
    if (index < 0 || index > 14) throw new HttpError(500, `Index ${index} out of bounds for length 15`);
    // A band object without `gain` means gain 1.0 in Lavalink.
    return { band: index, gain: optNumber(band, "gain", `filters.equalizer[${i}]`) ?? 1 };
  });
}

/** Playback speed multiplier implied by the filters (timescale speed × rate; 1 without timescale). */
export function playbackSpeed(filters: Filters): number {
  const ts = filters.timescale as { speed?: number; rate?: number } | undefined;
  if (!ts) return 1;
  const speed = (ts.speed ?? 1) * (ts.rate ?? 1);
  return speed > 0 ? speed : 1;
}
