/**
 * The failover scenario shared by every contender of bench/failover-compare.ts: players already
 * playing on N emulators, one emulator killed with SIGKILL, and the survivors' `/_emulator/state`
 * polled until every victim plays again, the bound passes, or the contender's own failover attempt
 * is over and nothing has changed for a settle period. What counts is only what the emulators
 * report, so Pyro and the client libraries are judged by the same observer.
 */
import type { EmulatorPlayer, EmulatorProcess, EmulatorState } from "../../test/support/emulator-process";

/** Timestamps (wall ms) a contender reports about itself; all optional. */
export interface FailoverSignals {
  /** First sign the contender noticed the death (socket closed, node flagged disconnected). */
  detectedAt?: number;
  /** The contender started moving players (node declared dead, move routine entered). */
  moveStartedAt?: number;
  /** The contender's move routine returned: nothing more will happen on its own. */
  moveDoneAt?: number;
}

/** What the observer needs about a contender that has players playing. */
export interface FailoverScene {
  emulators: EmulatorProcess[];
  /** Wall ms each guild's track was started (the moment its play request was sent). */
  startedAt: Map<string, number>;
  signals: FailoverSignals;
}

/** Bounds of one observation. */
export interface ObserveOptions {
  /** Players still not playing after this long (ms after the kill) are lost. */
  boundMs: number;
  /** When > 0: stop this long after the contender's `moveDoneAt` and the last recovery. */
  settleMs: number;
  /** Poll interval of the emulators' state, ms: the resolution of the recovery times. */
  pollMs: number;
}

/** Measured outcome of one kill. */
export interface FailoverOutcome {
  victims: number;
  killedAt: number;
  detectMs: number | null;
  moveStartMs: number | null;
  moveDoneMs: number | null;
  /** Kill → first / last victim seen playing on a survivor. */
  firstBackMs: number | null;
  lastBackMs: number | null;
  recovered: number;
  lost: number;
  /** |position − (time − startedAt)| of each recovered victim when first seen on a survivor, ms. */
  positionErrorsMs: number[];
  /** Recovered victims whose position was off by more than 1 s (e.g. restarted from the beginning). */
  errorsOver1s: number;
  /** Players of the survivors before the kill whose track was started again, or that stopped playing. */
  bystandersRestarted: number;
  bystandersNotPlaying: number;
  /** Guilds with a track on more than one emulator at the end. */
  duplicates: number;
  endedBy: "all-recovered" | "bound" | "settled";
  observedMs: number;
}

/** Players with a track that is not paused, by guild id, in one emulator state. */
export function playingByGuild(state: EmulatorState | undefined): Map<string, EmulatorPlayer> {
  const out = new Map<string, EmulatorPlayer>();
  if (!state) return out;
  for (const p of Object.values(state.players).flat()) if (p.track && !p.paused) out.set(p.guildId, p);
  return out;
}

async function states(emulators: EmulatorProcess[], indexes: number[]): Promise<Array<EmulatorState | undefined>> {
  return Promise.all(indexes.map((i) => emulators[i]!.state().catch(() => undefined)));
}

/** Polls until every guild of `startedAt` plays somewhere; returns the index of each guild's emulator. */
export async function waitAllPlaying(scene: FailoverScene, timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  const all = scene.emulators.map((_, i) => i);
  for (;;) {
    const where = new Map<string, number>();
    (await states(scene.emulators, all)).forEach((s, i) => { for (const g of playingByGuild(s).keys()) where.set(g, i); });
    if ([...scene.startedAt.keys()].every((g) => where.has(g))) return where;
    if (Date.now() > deadline) throw new Error(`only ${where.size} of ${scene.startedAt.size} players playing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The emulator whose player count is closest to a third of all players (ties: the lowest index). */
export function pickVictim(where: Map<string, number>, emulators: number): number {
  const counts = Array.from({ length: emulators }, () => 0);
  for (const i of where.values()) counts[i]!++;
  const target = where.size / 3;
  return counts.reduce((best, c, i) => (Math.abs(c - target) < Math.abs(counts[best]! - target) ? i : best), 0);
}

function trackStarts(s: EmulatorState | undefined): Record<string, number> {
  return s?.counters.trackStartsByGuild ?? {};
}

/**
 * Kills emulator `victim` with SIGKILL and observes the survivors. `where` is the placement before
 * the kill (from `waitAllPlaying`).
 */
export async function killAndObserve(scene: FailoverScene, where: Map<string, number>, victim: number, o: ObserveOptions): Promise<FailoverOutcome> {
  const survivors = scene.emulators.map((_, i) => i).filter((i) => i !== victim);
  const victims = new Set([...where].filter(([, i]) => i === victim).map(([g]) => g));
  const bystanders = [...where].filter(([, i]) => i !== victim).map(([g]) => g);
  const before = await states(scene.emulators, survivors);
  const startsBefore = new Map<string, number>();
  for (const s of before) for (const [g, n] of Object.entries(trackStarts(s))) startsBefore.set(g, (startsBefore.get(g) ?? 0) + n);

  const killedAt = Date.now();
  await scene.emulators[victim]!.stop("SIGKILL");
  const recovered = new Map<string, { at: number; errorMs: number }>();
  let lastChangeAt = killedAt;
  let endedBy: FailoverOutcome["endedBy"] | undefined;
  for (;;) {
    const tick = Date.now();
    for (const s of await states(scene.emulators, survivors)) {
      for (const [g, p] of playingByGuild(s)) {
        if (!victims.has(g) || recovered.has(g)) continue;
        const expected = p.state.time - scene.startedAt.get(g)!;
        recovered.set(g, { at: p.state.time, errorMs: Math.abs(p.state.position - expected) });
        lastChangeAt = Date.now();
      }
    }
    const now = Date.now();
    const done = scene.signals.moveDoneAt;
    if (recovered.size === victims.size) endedBy = "all-recovered";
    else if (now - killedAt > o.boundMs) endedBy = "bound";
    else if (o.settleMs > 0 && done !== undefined && now - Math.max(done, lastChangeAt) > o.settleMs) endedBy = "settled";
    if (endedBy) break;
    await new Promise((r) => setTimeout(r, Math.max(0, tick + o.pollMs - Date.now())));
  }
  const observedMs = Date.now() - killedAt;

  const after = await states(scene.emulators, survivors);
  const copies = new Map<string, number>();
  const startsAfter = new Map<string, number>();
  for (const s of after) {
    for (const g of playingByGuild(s).keys()) copies.set(g, (copies.get(g) ?? 0) + 1);
    for (const [g, n] of Object.entries(trackStarts(s))) startsAfter.set(g, (startsAfter.get(g) ?? 0) + n);
  }
  const times = [...recovered.values()].map((r) => r.at - killedAt);
  const errors = [...recovered.values()].map((r) => r.errorMs);
  const since = (t: number | undefined): number | null => (t === undefined ? null : t - killedAt);
  return {
    victims: victims.size, killedAt,
    detectMs: since(scene.signals.detectedAt), moveStartMs: since(scene.signals.moveStartedAt), moveDoneMs: since(scene.signals.moveDoneAt),
    firstBackMs: times.length ? Math.min(...times) : null, lastBackMs: times.length ? Math.max(...times) : null,
    recovered: recovered.size, lost: victims.size - recovered.size, positionErrorsMs: errors, errorsOver1s: errors.filter((e) => e > 1000).length,
    bystandersRestarted: bystanders.filter((g) => (startsAfter.get(g) ?? 0) > (startsBefore.get(g) ?? 0)).length,
    bystandersNotPlaying: bystanders.filter((g) => !copies.has(g)).length,
    duplicates: [...copies.values()].filter((n) => n > 1).length,
    endedBy: endedBy!, observedMs,
  };
}
