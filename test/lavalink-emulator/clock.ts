/**
 * The emulator's media clock: milliseconds that run `speed` times faster than wall time. Track positions,
 * end times and the no-voice cleanup threshold are measured on it; protocol intervals (stats,
 * playerUpdate, resume timeout) stay in wall time.
 */
export class MediaClock {
  private baseWallMs: number;
  private baseClockMs: number;
  private speedFactor: number;

  /** Throws RangeError when `speed` is not a positive finite number. */
  constructor(speed = 1, private readonly wallNow: () => number = Date.now) {
    assertSpeed(speed);
    this.speedFactor = speed;
    this.baseWallMs = wallNow();
    this.baseClockMs = this.baseWallMs;
  }

  /** Current media time in ms (starts equal to the wall clock). */
  now(): number {
    return this.baseClockMs + (this.wallNow() - this.baseWallMs) * this.speedFactor;
  }

  /** Current speed multiplier. */
  get speed(): number {
    return this.speedFactor;
  }

  /** Changes the speed from now on (time already elapsed is kept). Throws RangeError on a bad value. */
  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.baseClockMs = this.now();
    this.baseWallMs = this.wallNow();
    this.speedFactor = speed;
  }
}

function assertSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
}
