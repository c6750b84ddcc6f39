import { EmulatorContext } from "./context";
import { countersJson } from "./counters";
import { RoutePlannerConfig } from "./route-planner";
import { SessionSnapshot } from "./session";
import { StatsOverrides } from "./stats";
import { FailTrackOptions, StickTrackOptions, TrackFaults } from "./track-faults";

/** What the fault API needs from the emulator's server lifecycle. */
export interface FaultTarget {
  /** Drops every socket, forgets all sessions (a crashed process) and stops listening. */
  kill(): Promise<void>;
  /** Listens again on the same port with a fresh, empty state. */
  revive(): Promise<void>;
  /** Stops answering: requests and upgrades are parked, WebSocket reads paused, no frames produced. */
  freeze(): void;
  /** Processes parked requests and resumes everything. */
  unfreeze(): void;
  /** Drops WebSocket connections only (sessions go PAUSED when resuming is enabled). */
  dropWebSockets(): void;
  /** Sends `frames` as-is on the socket of session `sessionId` (default: every OPEN session); returns the sessions reached. */
  sendRawFrames(frames: readonly RawFrame[], sessionId?: string): number;
  /** Player JSON per session for `state()`. */
  playersJson(): Record<string, unknown[]>;
  sessionSnapshots(): SessionSnapshot[];
}

/** A WebSocket frame sent without validation: a string is a text frame, bytes a binary frame. */
export type RawFrame = string | Uint8Array;

/** The JSON returned by `GET /_emulator/state` and `control.state()`. */
export interface EmulatorStateJson {
  counters: Record<string, unknown>;
  sessions: SessionSnapshot[];
  /** Player objects (as REST returns them) per session id. */
  players: Record<string, unknown[]>;
  clockSpeed: number;
  killed: boolean;
  frozen: boolean;
}

/**
 * Fault controls for tests, available in-process (`emulator.control`) and over HTTP under `/_emulator/`
 * (see control-routes.ts). All methods are safe to call in any state.
 */
export class FaultControl {
  killed = false;
  frozen = false;
  private reviveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: EmulatorContext, private readonly target: FaultTarget, readonly trackFaults: TrackFaults) {}

  /** Kills the node: every socket dropped, state lost, connections refused until `revive` (or `reviveAfterMs`). */
  async kill(opts: { reviveAfterMs?: number } = {}): Promise<void> {
    if (!this.killed) {
      this.killed = true;
      await this.target.kill();
    }
    if (opts.reviveAfterMs !== undefined) {
      if (this.reviveTimer) clearTimeout(this.reviveTimer);
      this.reviveTimer = setTimeout(() => void this.revive().catch(() => undefined), Math.max(0, opts.reviveAfterMs));
      this.reviveTimer.unref();
    }
  }

  /** Revives a killed node on the same port (no-op when alive). Rejects if the port was taken meanwhile. */
  async revive(): Promise<void> {
    if (this.reviveTimer) clearTimeout(this.reviveTimer);
    this.reviveTimer = null;
    if (!this.killed) return;
    await this.target.revive();
    this.killed = false;
  }

  /** Freezes: TCP is accepted but nothing is answered (the `/_emulator/` routes still work). */
  freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    this.target.freeze();
  }

  /** Ends a freeze; parked requests are then answered. */
  unfreeze(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.target.unfreeze();
  }

  /** Drops every WebSocket (clients see 1006); REST keeps working. */
  dropWebSocket(): void {
    this.target.dropWebSockets();
  }

  /**
   * Sends arbitrary frames, in order, on the WebSocket of one OPEN session (`sessionId`) or of every OPEN
   * session: malformed JSON, wrong types, unknown ops, binary data. Nothing is validated or queued (a
   * PAUSED session gets nothing). Returns how many sessions received the frames (0 when none is OPEN).
   */
  sendRawFrames(frames: readonly RawFrame[], opts: { sessionId?: string } = {}): number {
    return this.target.sendRawFrames(frames, opts.sessionId);
  }

  /** The next `count` Lavalink REST requests answer `status` (default 500) with the error body. */
  failNextRest(count: number, status = 500): void {
    this.ctx.restFailures = { remaining: Math.max(0, Math.floor(count)), status };
  }

  /** Makes a track (encoded blob or identifier) fail whenever it starts; see FailTrackOptions. */
  failTrack(track: string, opts: FailTrackOptions = {}): void {
    this.trackFaults.fail(track, opts);
  }

  /** Makes a track get stuck (TrackStuckEvent after 10 s of media time without audio). */
  stickTrack(track: string, opts: StickTrackOptions = {}): void {
    this.trackFaults.stick(track, opts);
  }

  /** Removes every failTrack/stickTrack fault. */
  clearTrackFaults(): void {
    this.trackFaults.clear();
  }

  /** Replaces the forced stats values (`{}` resets to computed values). */
  setStats(overrides: StatsOverrides): void {
    this.ctx.statsOverrides = overrides;
  }

  /** Media clock speed multiplier (e.g. 60 plays a 3-minute track in 3 s). Throws RangeError if ≤ 0. */
  setClockSpeed(speed: number): void {
    this.ctx.clock.setSpeed(speed);
  }

  /** Enables the route planner with a class, or disables it with null (the default). */
  setRoutePlanner(config: RoutePlannerConfig | null): void {
    this.ctx.routePlanner.configure(config);
  }

  /** Counters, sessions and players. */
  state(): EmulatorStateJson {
    return {
      counters: countersJson(this.ctx.counters),
      sessions: this.target.sessionSnapshots(),
      players: this.target.playersJson(),
      clockSpeed: this.ctx.clock.speed,
      killed: this.killed,
      frozen: this.frozen,
    };
  }

  /** Cancels a pending timed revive (used by close). */
  dispose(): void {
    if (this.reviveTimer) clearTimeout(this.reviveTimer);
    this.reviveTimer = null;
  }
}
