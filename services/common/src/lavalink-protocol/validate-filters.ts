/**
 * Validator for the filter set echoed in Player objects. Every known filter is checked for the JSON
 * types of the sub-fields it carries (sub-fields may be absent: servers before 4.1 omitted defaults);
 * values are not range-checked, because the server does not range-check them either.
 */
import { asObject, childPath, readArray, readInt32, readObjectOrEmpty, readOptionalNumber } from "./validate-json";
import type { EqualizerBand, Filters, JsonObject } from "./types";
import { OBJECT_FILTER_FIELDS as OBJECT_FILTERS, type ObjectFilterName } from "../lavalink-filter-fields";


function validateNumericObject(value: unknown, path: string, fields: readonly string[]): JsonObject {
  const o = asObject(value, path);
  const out: JsonObject = {};
  for (const f of fields) {
    const n = readOptionalNumber(o, f, path);
    if (n !== undefined) out[f] = n;
  }
  return out;
}

function validateBand(value: unknown, path: string): EqualizerBand {
  const o = asObject(value, path);
  const band: EqualizerBand = { band: readInt32(o, "band", path) };
  const gain = readOptionalNumber(o, "gain", path);
  if (gain !== undefined) band.gain = gain;
  return band;
}

/**
 * Turns unknown JSON into {@link Filters}. Null object filters are dropped (null ≡ off).
 * @throws LavalinkProtocolError naming e.g. `player.filters.timescale.speed`.
 */
export function validateFilters(value: unknown, path: string): Filters {
  const o = asObject(value, path);
  const out: Filters = {};
  const volume = readOptionalNumber(o, "volume", path);
  if (volume !== undefined) out.volume = volume;
  if (o.equalizer !== undefined) out.equalizer = readArray(o, "equalizer", path, validateBand);
  for (const name of Object.keys(OBJECT_FILTERS) as ObjectFilterName[]) {
    const v = o[name];
    if (v === undefined || v === null) continue;
    (out as Record<string, unknown>)[name] = validateNumericObject(v, childPath(path, name), OBJECT_FILTERS[name]);
  }
  if (o.pluginFilters !== undefined && o.pluginFilters !== null) out.pluginFilters = readObjectOrEmpty(o, "pluginFilters", path);
  return out;
}
