/**
 * Shapes of the Lavalink v4 filter set (PATCH player `filters`, echoed in Player objects). Sub-fields are
 * optional: the server applies defaults, and servers before 4.1 omitted defaults in echoes. Ranges are not
 * checked by the REST layer; bad values fail later at playback.
 */
import type { JsonObject } from "./json-object";

/** One equalizer band: `band` 0–14; `gain` −0.25–1.0, and an omitted gain means 1.0 on the server. */
export interface EqualizerBand { band: number; gain?: number }
/** Karaoke filter (defaults 1, 1, 220, 100). */
export interface KaraokeFilter { level?: number; monoLevel?: number; filterBand?: number; filterWidth?: number }
/** Timescale filter (defaults 1, 1, 1; each must be > 0). */
export interface TimescaleFilter { speed?: number; pitch?: number; rate?: number }
/** Tremolo filter (defaults frequency 2, depth 0.5). */
export interface TremoloFilter { frequency?: number; depth?: number }
/** Vibrato filter (defaults frequency 2, depth 0.5; frequency ≤ 14). */
export interface VibratoFilter { frequency?: number; depth?: number }
/** Rotation filter (default 0 Hz). */
export interface RotationFilter { rotationHz?: number }
/** Distortion filter (offsets default 0, scales default 1). */
export interface DistortionFilter {
  sinOffset?: number; sinScale?: number; cosOffset?: number; cosScale?: number;
  tanOffset?: number; tanScale?: number; offset?: number; scale?: number;
}
/** Channel mix filter (defaults 1, 0, 0, 1). */
export interface ChannelMixFilter { leftToLeft?: number; leftToRight?: number; rightToLeft?: number; rightToRight?: number }
/** Low-pass filter (default smoothing 20; active only above 1). */
export interface LowPassFilter { smoothing?: number }

/**
 * The whole filter set. A PATCH replaces every filter; an absent key (or null for object filters) means
 * "off". `volume` and `equalizer` must be omitted rather than null.
 */
export interface Filters {
  volume?: number;
  equalizer?: EqualizerBand[];
  karaoke?: KaraokeFilter | null;
  timescale?: TimescaleFilter | null;
  tremolo?: TremoloFilter | null;
  vibrato?: VibratoFilter | null;
  rotation?: RotationFilter | null;
  distortion?: DistortionFilter | null;
  channelMix?: ChannelMixFilter | null;
  lowPass?: LowPassFilter | null;
  pluginFilters?: JsonObject;
}

