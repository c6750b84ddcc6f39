import { MediaClock } from "./clock";
import { Filters, playbackSpeed } from "./filters";
import { JsonObject } from "./json";
import { TrackFields } from "./track-codec";
import { TrackJson, trackJson } from "./track-json";
import { TrackFault } from "./track-faults";

/** `simulated`: voice connects and audio is "pulled"; `no-voice`: Lavalink without a Discord voice connection. */
export type VoiceMode = "simulated" | "no-voice";

/** Voice state as sent in PATCH and echoed in the Player object. */
export interface VoiceState {
  token: string;
  endpoint: string;
  sessionId: string;
  channelId: string | null;
}

/** PlayerState as in `playerUpdate` frames. */
export interface PlayerStateJson {
  time: number;
  position: number;
  connected: boolean;
  ping: number;
}

/** What a player needs from its surroundings (session and emulator). */
export interface PlayerEnv {
  clock: MediaClock;
  voiceMode: VoiceMode;
  playerUpdateIntervalMs: number;
  /** Sends an `event` frame for this session (queued while the session is paused). */
  sendEvent(frame: JsonObject): void;
  /** Sends a `playerUpdate` frame (dropped while the session is paused). */
  sendPlayerUpdate(guildId: string, state: PlayerStateJson): void;
  /** Looks up the fault configured for a track, if any. */
  faultFor(fields: TrackFields): TrackFault | undefined;
  onTrackStart(guildId: string, fields: TrackFields): void;
}

/** Lavaplayer's default stuck threshold and cleanup threshold (ms of media time). */
export const STUCK_THRESHOLD_MS = 10000;
export const CLEANUP_THRESHOLD_MS = 60000;
const VOICE_PING_MS = 5;

interface LoadedTrack {
  fields: TrackFields;
  lengthMs: number;
  userData: JsonObject;
  endTimeMs: number | null;
  /** Position (ms) at `anchorClockMs`; the position moves from there while audio is pulled. */
  anchorPos: number;
  anchorClockMs: number;
  /** Media time since which nobody pulled audio (no-voice cleanup); null while pulled. */
  unpulledSinceMs: number | null;
  /** Media time since which the track has been playing continuously (frame stats). */
  playingSinceMs: number | null;
  /** True once audio has been pulled at least once (position is 0 until then). */
  everPulled: boolean;
  fault: TrackFault | undefined;
  faultDone: boolean;
  stuckSinceMs: number | null;
}

/**
 * One guild's player. Positions are computed lazily from the media clock; the emulator's shared
 * scheduler calls `tick` to send periodic `playerUpdate`s and to end tracks.
 */
export class EmulatorPlayer {
  volume = 100;
  paused = false;
  filters: Filters = {};
  voice: VoiceState | null = null;
  private loaded: LoadedTrack | null = null;
  /** Wall time of the next periodic playerUpdate; null when no track is loaded. */
  nextUpdateAtMs: number | null = null;

  constructor(readonly guildId: string, private readonly env: PlayerEnv) {}

  /** True when a Discord voice connection is (emulated as) open. */
  get connected(): boolean {
    return this.env.voiceMode === "simulated" && this.voice !== null;
  }

  /** True when a track is loaded. */
  get hasTrack(): boolean {
    return this.loaded !== null;
  }

  /** True when a track is loaded and not paused (Lavalink's `playingPlayers`). */
  get playing(): boolean {
    return this.loaded !== null && !this.paused;
  }

  /** The loaded track's fields, or null. */
  get trackFields(): TrackFields | null {
    return this.loaded?.fields ?? null;
  }

  /** Media time since which the track has played continuously with voice, or null. */
  get playingSinceMs(): number | null {
    return this.loaded?.playingSinceMs ?? null;
  }

  private advancing(t: LoadedTrack): boolean {
    return this.connected && !this.paused && t.stuckSinceMs === null;
  }

  /** Current position in ms (0 without a track; 0 while no audio was ever pulled). */
  position(clockNowMs = this.env.clock.now()): number {
    const t = this.loaded;
    if (!t) return 0;
    if (!this.advancing(t)) return this.connected || t.everPulled ? t.anchorPos : 0;
    const pos = t.anchorPos + (clockNowMs - t.anchorClockMs) * playbackSpeed(this.filters);
    return Math.floor(Math.min(pos, t.lengthMs));
  }

  /** Re-anchors the position before anything that changes how it advances. */
  private rebase(): void {
    const t = this.loaded;
    if (!t) return;
    const now = this.env.clock.now();
    t.anchorPos = this.position(now);
    t.anchorClockMs = now;
    const pulled = this.connected && !this.paused;
    t.playingSinceMs = pulled ? t.playingSinceMs ?? now : null;
    t.everPulled ||= this.connected;
    t.unpulledSinceMs = this.connected ? null : t.unpulledSinceMs ?? now;
  }

  /** PlayerState JSON. `positionOverride` models an update sent while a seek is still queued. */
  state(positionOverride?: number): PlayerStateJson {
    return {
      time: Date.now(),
      position: positionOverride ?? this.position(),
      connected: this.connected,
      ping: this.connected ? VOICE_PING_MS : -1,
    };
  }

  /** Sends an immediate playerUpdate. */
  sendUpdate(positionOverride?: number): void {
    this.env.sendPlayerUpdate(this.guildId, this.state(positionOverride));
  }

  /** The current track as Track JSON (encoded with the current position), or null. */
  trackJson(): TrackJson | null {
    const t = this.loaded;
    return t ? trackJson(t.fields, BigInt(this.position()), t.userData) : null;
  }

  /** Lavalink's Player object. */
  toJson(): JsonObject {
    return {
      guildId: this.guildId,
      track: this.trackJson(),
      volume: this.volume,
      paused: this.paused,
      state: this.state(),
      voice: this.voice ?? { token: "", endpoint: "", sessionId: "", channelId: null },
      filters: this.filters,
    };
  }

  /** Applies voice data; a change closes the old connection (WebSocketClosedEvent 1000) first. */
  setVoice(voice: VoiceState): void {
    const old = this.voice;
    if (old && this.connected && old.token === voice.token && old.endpoint === voice.endpoint &&
      old.sessionId === voice.sessionId && old.channelId === voice.channelId) return;
    this.rebase();
    if (old && this.connected) this.emitVoiceClosed();
    this.voice = voice;
    this.rebase();
    if (this.connected) this.sendUpdate();
  }

  private emitVoiceClosed(): void {
    this.env.sendEvent({ op: "event", type: "WebSocketClosedEvent", guildId: this.guildId, code: 1000, reason: "", byRemote: false });
    this.env.sendPlayerUpdate(this.guildId, { ...this.state(), connected: false, ping: -1 });
  }

  /** Pauses or resumes the current track (no event, as in v4). */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.rebase();
    this.paused = paused;
    this.rebase();
  }

  /** Player volume, clamped to 0–1000. */
  setVolume(volume: number): void {
    this.volume = Math.max(0, Math.min(1000, volume));
  }

  /** Replaces the whole filter chain and sends a playerUpdate. */
  setFilters(filters: Filters): void {
    this.rebase();
    this.filters = filters;
    if (this.loaded) this.loaded.anchorClockMs = this.env.clock.now();
    this.sendUpdate();
  }

  /** Replaces the current track's userData (no-op without a track). */
  setUserData(userData: JsonObject): void {
    if (this.loaded) this.loaded.userData = userData;
  }

  /** Seeks the current track (negative → 0; ignored for streams or without a track) + playerUpdate. */
  seek(positionMs: number): void {
    const t = this.loaded;
    if (!t || t.fields.isStream) return;
    const target = Math.max(0, positionMs);
    t.anchorPos = Math.min(target, t.lengthMs);
    t.anchorClockMs = this.env.clock.now();
    t.stuckSinceMs = null;
    this.sendUpdate(target);
    if (target >= t.lengthMs || (t.endTimeMs !== null && target >= t.endTimeMs)) this.endTrack("finished");
  }

  /** Sets the end marker of the current track; ignored when ≤ the current position. */
  setEndTime(endTimeMs: number): void {
    const t = this.loaded;
    if (!t) return;
    t.endTimeMs = endTimeMs > this.position() ? endTimeMs : null;
  }

  /** Starts a track (ending the current one with `replaced`), sends TrackStartEvent and playerUpdates. */
  startTrack(fields: TrackFields, opts: { startMs: number; userData: JsonObject; endTimeMs: number | null }): void {
    if (this.loaded) this.endTrack("replaced");
    const now = this.env.clock.now();
    const lengthMs = fields.isStream ? Number.POSITIVE_INFINITY : Number(fields.length);
    const startMs = fields.isStream ? 0 : Math.max(0, Math.min(opts.startMs, lengthMs));
    this.loaded = {
      fields, lengthMs, userData: opts.userData,
      endTimeMs: opts.endTimeMs !== null && opts.endTimeMs > startMs ? opts.endTimeMs : null,
      anchorPos: startMs, anchorClockMs: now, unpulledSinceMs: null, playingSinceMs: null, everPulled: false,
      fault: this.env.faultFor(fields), faultDone: false, stuckSinceMs: null,
    };
    this.rebase();
    this.env.onTrackStart(this.guildId, fields);
    this.env.sendEvent({ op: "event", type: "TrackStartEvent", guildId: this.guildId, track: this.trackJson() });
    // The periodic schedule starts with an immediate frame (initial delay 0).
    this.sendUpdate();
    this.nextUpdateAtMs = Date.now() + this.env.playerUpdateIntervalMs;
  }

  /** Stops the current track with `stopped` (no-op without a track). */
  stopTrack(): void {
    if (this.loaded) this.endTrack("stopped");
  }

  /** Ends the current track with `reason` and cancels its playerUpdate schedule. */
  endTrack(reason: "finished" | "loadFailed" | "stopped" | "replaced" | "cleanup"): void {
    const track = this.trackJson();
    if (!track) return;
    this.loaded = null;
    this.nextUpdateAtMs = null;
    this.env.sendEvent({ op: "event", type: "TrackEndEvent", guildId: this.guildId, track, reason });
  }

  /** Destroys the player: stops the track and closes the voice connection (events as on DELETE). */
  destroy(): void {
    this.stopTrack();
    if (this.connected) this.emitVoiceClosed();
    this.voice = null;
  }

  /** Called by the shared scheduler: faults, natural ends, cleanup, periodic playerUpdates. */
  tick(clockNowMs: number, wallNowMs: number): void {
    const t = this.loaded;
    if (!t) return;
    if (t.fault && !t.faultDone) this.checkFault(t, clockNowMs);
    if (this.loaded !== t) return;
    if (this.advancing(t)) {
      const pos = this.position(clockNowMs);
      if (pos >= t.lengthMs || (t.endTimeMs !== null && pos >= t.endTimeMs)) return this.endTrack("finished");
    } else if (t.stuckSinceMs !== null && !t.faultDone && clockNowMs - t.stuckSinceMs >= STUCK_THRESHOLD_MS) {
      t.faultDone = true;
      this.env.sendEvent({ op: "event", type: "TrackStuckEvent", guildId: this.guildId, track: this.trackJson(), thresholdMs: STUCK_THRESHOLD_MS });
      this.sendUpdate();
    }
    if (t.unpulledSinceMs !== null && clockNowMs - t.unpulledSinceMs >= CLEANUP_THRESHOLD_MS) return this.endTrack("cleanup");
    if (this.nextUpdateAtMs !== null && wallNowMs >= this.nextUpdateAtMs) {
      const interval = this.env.playerUpdateIntervalMs;
      this.nextUpdateAtMs += interval;
      if (this.nextUpdateAtMs <= wallNowMs) this.nextUpdateAtMs = wallNowMs + interval;
      this.sendUpdate();
    }
  }

  private checkFault(t: LoadedTrack, clockNowMs: number): void {
    const fault = t.fault!;
    if (fault.kind === "fail") {
      if (fault.atMs <= 0) {
        t.faultDone = true;
        this.emitException(t, fault);
        this.endTrack("loadFailed");
      } else if (this.advancing(t) && this.position(clockNowMs) >= fault.atMs) {
        t.faultDone = true;
        this.emitException(t, fault);
        this.endTrack("finished");
      }
    } else if (t.stuckSinceMs === null && this.advancing(t) && this.position(clockNowMs) >= fault.atMs) {
      // Audio stops coming: freeze the position; the event fires after the stuck threshold.
      t.anchorPos = Math.min(fault.atMs, this.position(clockNowMs));
      t.anchorClockMs = clockNowMs;
      t.stuckSinceMs = clockNowMs;
    }
  }

  private emitException(t: LoadedTrack, fault: Extract<TrackFault, { kind: "fail" }>): void {
    this.env.sendEvent({
      op: "event", type: "TrackExceptionEvent", guildId: this.guildId, track: this.trackJson(),
      exception: { message: fault.message, severity: fault.severity, cause: `java.lang.RuntimeException: ${fault.message}`,
        causeStackTrace: `java.lang.RuntimeException: ${fault.message}\n\tat lavalink.emulator.TrackFault(emulator)\n` },
    });
  }
}
