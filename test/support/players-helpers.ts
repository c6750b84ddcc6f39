/** Helpers for tests that create many players and check where and how they play. */
import type { PyroClient } from "../../clients/ts/src";
import { forEachLimited } from "../../services/common/src/for-each-limited";
import type { Cluster } from "./cluster-harness";
import { playersByGuild, type EmulatorPlayer } from "./emulator-process";
import { voiceFor } from "./lavanode-harness";

/** Guild ids `base + i`. */
export function guildIds(count: number, base = 500000000000000000n): string[] {
  return Array.from({ length: count }, (_, i) => String(base + BigInt(i)));
}

/** Loads `identifier` and returns its encoded track. */
export async function loadTrack(client: PyroClient, identifier: string): Promise<string> {
  const r = await client.loadTracks({ identifier });
  if (r.result?.result?.$case !== "track") throw new Error(`${identifier} did not load as a track`);
  return r.result.result.value.encoded;
}

/** Creates and starts a player per guild (16 in flight); returns the wall time each one started. */
export async function startPlayers(client: PyroClient, guilds: string[], track: string): Promise<Map<string, number>> {
  const startedAt = new Map<string, number>();
  await forEachLimited(guilds, 16, async (g) => {
    const t = Date.now();
    await client.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), noReplace: false });
    startedAt.set(g, t);
  });
  return startedAt;
}

/** Where each guild is playing: node ids that hold a player with a track for it. */
export async function placements(cluster: Cluster): Promise<Map<string, Array<{ nodeId: string; player: EmulatorPlayer }>>> {
  const out = new Map<string, Array<{ nodeId: string; player: EmulatorPlayer }>>();
  for (const [nodeId, state] of await cluster.states()) {
    for (const [g, p] of playersByGuild(state)) {
      if (!p.track) continue;
      out.set(g, [...(out.get(g) ?? []), { nodeId, player: p }]);
    }
  }
  return out;
}

/** Percentile of a numeric list (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Each guild's playback offset in ms: its position minus the wall time since its play was sent
 * (`startedAt`), read from the copy playing on an emulator (the first when there are several).
 * The offset is fixed while a player plays on undisturbed; a fault changes it by exactly the
 * position error it caused. (It starts slightly negative: the play takes a round trip to start.)
 */
export async function playbackOffsets(cluster: Cluster, guilds: string[], startedAt: Map<string, number>): Promise<Map<string, number>> {
  const where = await placements(cluster);
  const out = new Map<string, number>();
  for (const g of guilds) {
    const p = where.get(g)?.[0]?.player;
    if (p) out.set(g, p.state.position - (p.state.time - startedAt.get(g)!));
  }
  return out;
}

/** How far each guild's offset moved from `before` to `after` (absolute, ms); guilds missing in either are skipped. */
export function offsetShifts(before: Map<string, number>, after: Map<string, number>): number[] {
  const out: number[] = [];
  for (const [g, b] of before) {
    const a = after.get(g);
    if (a !== undefined) out.push(Math.abs(a - b));
  }
  return out;
}
