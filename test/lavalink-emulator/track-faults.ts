import { TrackFields } from "./track-codec";
import { resolveIdentifier } from "./catalogue";
import { decodeClientTrack } from "./track-json";

/**
 * A fault attached to a track. `fail`: TrackExceptionEvent then TrackEndEvent `loadFailed` right after start
 * (`atMs` 0), or `finished` when the position reaches `atMs` > 0. `stick`: audio stops at `atMs`;
 * after 10 s of media time a TrackStuckEvent (+ playerUpdate) is sent; the track is not stopped.
 * Mid-playback faults need audio to be pulled (voice mode `simulated` with a voice state).
 */
export type TrackFault =
  | { kind: "fail"; atMs: number; message: string; severity: "common" | "suspicious" | "fault" }
  | { kind: "stick"; atMs: number };

/** Options of `failTrack`. */
export interface FailTrackOptions {
  /** Media position (ms) at which the failure happens; 0 (default) = before audio → `loadFailed`. */
  atMs?: number;
  message?: string;
  severity?: "common" | "suspicious" | "fault";
}

/** Options of `stickTrack`. */
export interface StickTrackOptions {
  /** Media position (ms) at which audio stops coming (default 0). */
  atMs?: number;
}

/**
 * Faults keyed by the track's `identifier`, matched when a track starts. An encoded blob, a catalogue
 * identifier (normalised, e.g. `emulator:x` → `emulator:x:180000`) and a raw identifier all select by it.
 */
export class TrackFaults {
  private readonly byKey = new Map<string, TrackFault>();

  /** Registers a failure for a track given by encoded blob or identifier. Throws on an undecodable blob. */
  fail(track: string, opts: FailTrackOptions = {}): void {
    this.byKey.set(keyOf(track), {
      kind: "fail",
      atMs: Math.max(0, opts.atMs ?? 0),
      message: opts.message ?? "Something broke when playing the track.",
      severity: opts.severity ?? "fault",
    });
  }

  /** Registers a stuck fault for a track given by encoded blob or identifier. */
  stick(track: string, opts: StickTrackOptions = {}): void {
    this.byKey.set(keyOf(track), { kind: "stick", atMs: Math.max(0, opts.atMs ?? 0) });
  }

  /** Removes every track fault. */
  clear(): void {
    this.byKey.clear();
  }

  /** The fault for a starting track, if any (faults persist until `clear`). */
  lookup(fields: TrackFields): TrackFault | undefined {
    if (this.byKey.size === 0) return undefined;
    return this.byKey.get(`id:${fields.identifier}`);
  }
}

function keyOf(track: string): string {
  // An identifier never parses as a versioned blob of a known source; try the blob form first.
  try {
    return `id:${decodeClientTrack(track).fields.identifier}`;
  } catch {
    const resolved = resolveIdentifier(track);
    return `id:${resolved.loadType === "track" ? resolved.track.identifier : track}`;
  }
}
