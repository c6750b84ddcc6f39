/**
 * Continuous double-play sampling: polls every emulator's state (every 100 ms by default) and
 * measures, per guild, how long two or more Lavalink servers held a playing copy at once. A window
 * opens at the first sample that sees two copies and closes at the first sample that sees at most
 * one, so it over-estimates by at most one interval (plus the time one poll of every emulator takes).
 */
import { playersByGuild, type EmulatorState } from "./emulator-process";

/** What a sampler measured. */
export interface DoublePlayReport {
  /** Longest window of any guild, in ms (0 when no guild ever played twice). */
  maxWindowMs: number;
  /** Guild of the longest window. */
  worstGuild: string | undefined;
  /** Every closed or still-open window, in ms. */
  windows: number[];
  samples: number;
}

/** A running sampler. */
export interface DoublePlaySampler {
  /** Stops sampling and reports (windows still open are closed at the last sample). */
  stop(): Promise<DoublePlayReport>;
}

/** Starts sampling `states()` (emulator states by node id) every `intervalMs`. */
export function sampleDoublePlay(states: () => Promise<Map<string, EmulatorState>>, intervalMs = 100): DoublePlaySampler {
  const open = new Map<string, number>(); // guild -> first sample that saw two copies
  const windows: Array<{ guild: string; ms: number }> = [];
  let samples = 0;
  let last = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const began = Date.now();
      const all = await states().catch(() => undefined);
      const now = Date.now();
      if (all) {
        samples++;
        last = now;
        const copies = new Map<string, number>();
        for (const state of all.values()) {
          for (const [g, p] of playersByGuild(state)) if (p.track && !p.paused) copies.set(g, (copies.get(g) ?? 0) + 1);
        }
        for (const [g, n] of copies) if (n >= 2 && !open.has(g)) open.set(g, now);
        for (const [g, since] of open) {
          if ((copies.get(g) ?? 0) < 2) {
            windows.push({ guild: g, ms: now - since });
            open.delete(g);
          }
        }
      }
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - began))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      for (const [g, since] of open) windows.push({ guild: g, ms: last - since });
      const worst = windows.reduce<{ guild: string; ms: number } | undefined>((w, x) => (!w || x.ms > w.ms ? x : w), undefined);
      return { maxWindowMs: worst?.ms ?? 0, worstGuild: worst?.guild, windows: windows.map((w) => w.ms), samples };
    },
  };
}
