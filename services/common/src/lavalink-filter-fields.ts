/**
 * The object-typed Lavalink filters and their numeric sub-fields (Lavalink v4 protocol, filters
 * section). Lavalink JSON and Pyro's generated proto types use the same camelCase names, so the
 * Lavanode's validator and the JSON/proto mapping share this one table.
 */
export const OBJECT_FILTER_FIELDS = {
  karaoke: ["level", "monoLevel", "filterBand", "filterWidth"],
  timescale: ["speed", "pitch", "rate"],
  tremolo: ["frequency", "depth"],
  vibrato: ["frequency", "depth"],
  rotation: ["rotationHz"],
  distortion: ["sinOffset", "sinScale", "cosOffset", "cosScale", "tanOffset", "tanScale", "offset", "scale"],
  channelMix: ["leftToLeft", "leftToRight", "rightToLeft", "rightToRight"],
  lowPass: ["smoothing"],
} as const;

/** Name of an object-typed filter. */
export type ObjectFilterName = keyof typeof OBJECT_FILTER_FIELDS;
