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
  /** Every window with its guild, when it opened (epoch ms) and the nodes seen playing. */
  details: DoublePlayWindow[];
  samples: number;
}

/** One double-play window. */
export interface DoublePlayWindow {
  guild: string;
  /** First sample that saw two copies (epoch ms). */
  openedAt: number;
  ms: number;
  /** Node ids seen playing the guild while the window was open. */
  nodes: string[];
}

/** A running sampler. */
export interface DoublePlaySampler {
  /** Stops sampling and reports (windows still open are closed at the last sample). */
  stop(): Promise<DoublePlayReport>;
}

/** Starts sampling `states()` (emulator states by node id) every `intervalMs`. */
export function sampleDoublePlay(states: () => Promise<Map<string, EmulatorState>>, intervalMs = 100): DoublePlaySampler {
  const open = new Map<string, { since: number; nodes: Set<string> }>(); // guild -> first sample that saw two copies
  const windows: DoublePlayWindow[] = [];
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
        const copies = new Map<string, string[]>();
        for (const [node, state] of all) {
          for (const [g, p] of playersByGuild(state)) if (p.track && !p.paused) copies.set(g, [...(copies.get(g) ?? []), node]);
        }
        for (const [g, nodes] of copies) {
          if (nodes.length < 2) continue;
          const w = open.get(g) ?? { since: now, nodes: new Set<string>() };
          nodes.forEach((n) => w.nodes.add(n));
          open.set(g, w);
        }
        for (const [g, w] of open) {
          if ((copies.get(g)?.length ?? 0) < 2) {
            windows.push({ guild: g, openedAt: w.since, ms: now - w.since, nodes: [...w.nodes] });
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
      for (const [g, w] of open) windows.push({ guild: g, openedAt: w.since, ms: last - w.since, nodes: [...w.nodes] });
      const worst = windows.reduce<DoublePlayWindow | undefined>((w, x) => (!w || x.ms > w.ms ? x : w), undefined);
      return { maxWindowMs: worst?.ms ?? 0, worstGuild: worst?.guild, windows: windows.map((w) => w.ms), details: windows, samples };
    },
  };
}
