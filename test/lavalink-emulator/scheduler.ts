import { EmulatorContext } from "./context";
import { LavalinkSession } from "./session";
import { buildStats } from "./stats";
import { shapeStats } from "./quirks";

/** Intervals of the periodic frames, in wall-clock ms. */
export interface SchedulerOptions {
  statsIntervalMs: number;
  playerUpdateIntervalMs: number;
}

/** Upper bound for the tick period: track ends are detected at most this late (wall ms). */
const MAX_TICK_MS = 250;

/**
 * The emulator's single timer. Each tick walks every session and player once: periodic `stats` per session,
 * then `EmulatorPlayer.tick` (faults, natural ends, cleanup, periodic `playerUpdate`). Work per tick is
 * O(players) with no per-player timers, so 10,000 players cost one pass every tick.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private paused = false;
  readonly tickMs: number;

  constructor(private readonly ctx: EmulatorContext, private readonly opts: SchedulerOptions) {
    this.tickMs = Math.max(5, Math.min(MAX_TICK_MS, opts.statsIntervalMs, opts.playerUpdateIntervalMs));
  }

  /** Sends the immediate stats frame of a new session and schedules the periodic ones. */
  startStats(session: LavalinkSession): void {
    this.sendStats(session);
    session.nextStatsAtMs = Date.now() + this.opts.statsIntervalMs;
  }

  private sendStats(session: LavalinkSession): void {
    const stats = buildStats(this.ctx.sessions.all(), this.ctx.statsOverrides, this.ctx.startedAtMs, this.ctx.clock.now(), session);
    session.send({ op: "stats", ...shapeStats(this.ctx.quirks, stats) });
  }

  /** Starts ticking. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** Stops ticking (close, kill). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** While paused (freeze) ticks do nothing: no frames are produced. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Runs one pass now (also used by tests through the control API). */
  tick(): void {
    if (this.paused) return;
    const wallNow = Date.now();
    const clockNow = this.ctx.clock.now();
    for (const session of this.ctx.sessions.all()) {
      if (session.state === "destroyed") continue;
      if (wallNow >= session.nextStatsAtMs) {
        session.nextStatsAtMs += this.opts.statsIntervalMs;
        if (session.nextStatsAtMs <= wallNow) session.nextStatsAtMs = wallNow + this.opts.statsIntervalMs;
        this.sendStats(session);
      }
      for (const player of session.players.values()) {
        try {
          player.tick(clockNow, wallNow);
          this.ctx.plugins.tick(session, player, clockNow);
        } catch (e) {
          // A player bug must not stop the whole emulator's clock.
          process.emitWarning(`lavalink-emulator: player tick failed: ${(e as Error).message}`);
        }
      }
    }
  }
}
