/**
 * Range checks for a proto filter set, following the documented Lavalink ranges (reference §5).
 * Lavalink itself accepts out-of-range values at the REST layer and only fails later on the audio
 * thread (the track then ends with an exception), so Pyro rejects them up front instead.
 */
import type { Filters } from "../../../../gen/ts/pyro/lavalink/v1/filters";
import { InvalidArgumentError } from "../errors";
import { MAX_EQUALIZER_BANDS, MAX_PLUGIN_FILTERS_BYTES, jsonLimitProblem } from "../limits";

/** A numeric constraint: a predicate on a finite value and the text used when it fails. */
interface Rule { ok: (v: number) => boolean; expected: string }

const ANY: Rule = { ok: () => true, expected: "a finite number" };
const POSITIVE: Rule = { ok: (v) => v > 0, expected: "greater than 0" };
const UNIT: Rule = { ok: (v) => v >= 0 && v <= 1, expected: "between 0 and 1" };
const DEPTH: Rule = { ok: (v) => v > 0 && v <= 1, expected: "greater than 0 and at most 1" };

/**
 * Sub-field rules per object filter, keyed by TypeScript (camelCase) name, with the proto field
 * name used in error paths. Where the reference states no range only NaN/±Infinity are rejected.
 */
const RULES: Record<string, { proto: string; fields: Record<string, [string, Rule]> }> = {
  karaoke: { proto: "karaoke", fields: {
    level: ["level", UNIT], monoLevel: ["mono_level", UNIT],
    filterBand: ["filter_band", ANY], filterWidth: ["filter_width", ANY],
  } },
  timescale: { proto: "timescale", fields: { speed: ["speed", POSITIVE], pitch: ["pitch", POSITIVE], rate: ["rate", POSITIVE] } },
  tremolo: { proto: "tremolo", fields: { frequency: ["frequency", POSITIVE], depth: ["depth", DEPTH] } },
  vibrato: { proto: "vibrato", fields: {
    frequency: ["frequency", { ok: (v) => v > 0 && v <= 14, expected: "greater than 0 and at most 14" }],
    depth: ["depth", DEPTH],
  } },
  rotation: { proto: "rotation", fields: { rotationHz: ["rotation_hz", ANY] } },
  distortion: { proto: "distortion", fields: {
    sinOffset: ["sin_offset", ANY], sinScale: ["sin_scale", ANY], cosOffset: ["cos_offset", ANY],
    cosScale: ["cos_scale", ANY], tanOffset: ["tan_offset", ANY], tanScale: ["tan_scale", ANY],
    offset: ["offset", ANY], scale: ["scale", ANY],
  } },
  channelMix: { proto: "channel_mix", fields: {
    leftToLeft: ["left_to_left", UNIT], leftToRight: ["left_to_right", UNIT],
    rightToLeft: ["right_to_left", UNIT], rightToRight: ["right_to_right", UNIT],
  } },
  lowPass: { proto: "low_pass", fields: { smoothing: ["smoothing", { ok: (v) => v > 1, expected: "greater than 1" }] } },
};

/** Checks one number; pushes an error naming `field` when it is not finite or breaks `rule`. */
function check(errors: InvalidArgumentError[], field: string, value: number | undefined, rule: Rule): void {
  if (value === undefined) return;
  if (!Number.isFinite(value)) {
    errors.push(new InvalidArgumentError(field, `must be a finite number, got ${value}`));
  } else if (!rule.ok(value)) {
    errors.push(new InvalidArgumentError(field, `must be ${rule.expected}, got ${value}`));
  }
}

/**
 * Validates the values of a proto filter set and returns every problem found (empty when valid);
 * never throws. Field paths are `${fieldPrefix}.<proto field>`, e.g. `filters.timescale.speed`,
 * `filters.equalizer[2].gain`, `filters.low_pass.smoothing` (prefix `""` gives `timescale.speed`).
 *
 * Ranges: volume 0..5; equalizer band an integer 0..14 and gain -0.25..1; karaoke level and
 * mono_level 0..1; timescale speed/pitch/rate > 0; tremolo frequency > 0 and 0 < depth <= 1;
 * vibrato 0 < frequency <= 14 and 0 < depth <= 1; channel_mix factors 0..1; low_pass smoothing > 1.
 * Other numbers (karaoke band/width, rotation, distortion) need only be finite. At most
 * MAX_EQUALIZER_BANDS bands (a longer list is one problem, its bands are not checked). Plugin
 * filters are plugin-defined: only their depth and size are limited (MAX_JSON_DEPTH,
 * MAX_PLUGIN_FILTERS_BYTES). The list is short by construction (a few per band at most).
 */
export function validateFilters(filters: Filters, fieldPrefix: string): InvalidArgumentError[] {
  const path = (p: string): string => (fieldPrefix ? `${fieldPrefix}.${p}` : p);
  const errors: InvalidArgumentError[] = [];
  check(errors, path("volume"), filters.volume, { ok: (v) => v >= 0 && v <= 5, expected: "between 0 and 5" });
  const bands = filters.equalizer ?? [];
  if (bands.length > MAX_EQUALIZER_BANDS) {
    errors.push(new InvalidArgumentError(path("equalizer"), `must have at most ${MAX_EQUALIZER_BANDS} bands, got ${bands.length}`));
  } else {
    bands.forEach((band, i) => {
      const bandRule: Rule = { ok: (v) => Number.isInteger(v) && v >= 0 && v <= 14, expected: "an integer between 0 and 14" };
      check(errors, path(`equalizer[${i}].band`), band.band, bandRule);
      check(errors, path(`equalizer[${i}].gain`), band.gain, { ok: (v) => v >= -0.25 && v <= 1, expected: "between -0.25 and 1" });
    });
  }
  if (filters.pluginFilters !== undefined) {
    const problem = jsonLimitProblem(filters.pluginFilters, MAX_PLUGIN_FILTERS_BYTES);
    if (problem) errors.push(new InvalidArgumentError(path("plugin_filters"), problem));
  }
  for (const [name, { proto, fields }] of Object.entries(RULES)) {
    const value = (filters as unknown as Record<string, Record<string, number | undefined> | undefined>)[name];
    if (value === undefined) continue;
    for (const [key, [protoKey, rule]] of Object.entries(fields)) check(errors, path(`${proto}.${protoKey}`), value[key], rule);
  }
  return errors;
}
