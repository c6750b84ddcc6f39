/**
 * Drain speed: N players on one node of an in-process cluster (emulated Lavalinks, Lavanodes on
 * port 0, a Router, one MemoryRegistry), then every player moves to the other node, two ways in
 * the same run on fresh clusters:
 *   - baseline: one `PlayerManager.move` per player (claim, rebuild, stop, one by one) with the
 *     same number in flight, as drains ran before the batched path;
 *   - drain: `startDrain` (targets up front, one claim script per chunk, rebuilds carrying the
 *     claimed record, starts pipelined).
 * Figures: time to the end, players per second, and per guild the longest sampled stretch in which
 * it played on no node (sampled every --sample-ms; the sampler's own worst interval is printed,
 * since it shares the process with the Router), and the ratio drain / baseline.
 *
 *   node -r @swc-node/register bench/drain.ts [--quick] [--players N] [--sample-ms N] [--concurrency N]
 *
 * --quick: 300 players. Default 1,000 players, 32 moves in flight (DEFAULT_DRAIN_MOVES).
 */
import { DEFAULT_DRAIN_MOVES, startDrain } from "../services/router/src/failover/drain";
import { forEachLimited } from "../services/common/src/for-each-limited";
import { listOwnedPlayers } from "../services/common/src/registry/list-owned";
import { MoveReason } from "../gen/ts/pyro/router/v1/event";
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../test/support/in-process-cluster";
import { waitFor } from "../test/support/wait-for";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { summarize } from "./support/percentiles";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

type EmuPlayer = { guildId: string; track: unknown; paused: boolean };
type Mode = "baseline" | "drain";

/** Guilds playing (track set, not paused) on any emulator of the cluster. */
function playing(cluster: InProcessCluster): Set<string> {
  const out = new Set<string>();
  for (const e of cluster.emulators) for (const list of Object.values(e.playersJson())) for (const p of list as EmuPlayer[]) if (p.track !== null && !p.paused) out.add(p.guildId);
  return out;
}

async function drainOnce(mode: Mode, players: number, concurrency: number, sampleMs: number): Promise<Record<string, number | string>> {
  const cluster = await startInProcessCluster(2, { capacity: 100_000 });
  try {
    const ctx = cluster.app.router.context;
    const [source, target] = cluster.nodeIds as [string, string];
    // Every player on `source`: the target is cordoned while they are created.
    await cluster.registry.nodes.setState(target, "cordoned");
    await ctx.directory.refresh();
    const guilds = Array.from({ length: players }, (_, i) => `35000000000${String(i).padStart(5, "0")}`);
    for (let i = 0; i < guilds.length; i += 32) {
      await Promise.all(guilds.slice(i, i + 32).map((g) => ctx.players.update({ guildId: g, noReplace: false, voice: simulatedVoice(g), track: { $case: "identifier", value: "emulator:drain song:3600000" } })));
    }
    await waitFor(() => playing(cluster).size === players, { timeoutMs: 60000, what: "all players playing" });
    await cluster.registry.nodes.setState(target, "up");
    await ctx.directory.refresh();
    const silentSince = new Map<string, number>();
    const longest = new Map<string, number>();
    let worstInterval = 0;
    let last = Date.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = Date.now();
        worstInterval = Math.max(worstInterval, now - last);
        last = now;
        const on = playing(cluster);
        for (const g of guilds) {
          if (on.has(g)) {
            const since = silentSince.get(g);
            if (since !== undefined) longest.set(g, Math.max(longest.get(g) ?? 0, now - since));
            silentSince.delete(g);
          } else if (!silentSince.has(g)) silentSince.set(g, now);
        }
        await new Promise((r) => setTimeout(r, sampleMs));
      }
    })();
    const t0 = Date.now();
    let moved = 0;
    let failed = 0;
    if (mode === "drain") {
      const { done } = await startDrain(ctx, source, concurrency);
      ({ moved, failed } = await done);
    } else {
      await cluster.registry.nodes.setState(source, "draining");
      const owned = (await listOwnedPlayers(cluster.registry, source)).map((p) => p.guildId);
      await forEachLimited(owned, concurrency, async (g) => {
        try {
          await ctx.players.move(g, MoveReason.MOVE_REASON_DRAIN);
          moved++;
        } catch {
          failed++;
        }
      });
    }
    const drainMs = Date.now() - t0;
    await waitFor(() => playing(cluster).size === players, { timeoutMs: 30000, what: "all players playing after the drain" });
    sampling = false;
    await sampler;
    const gaps = summarize(guilds.map((g) => longest.get(g) ?? 0));
    return {
      mode, "in flight": concurrency, moved, failed, "ms": drainMs, "players/s": Math.round((moved * 1000) / drainMs),
      "gap p50": gaps.p50, "gap p99": gaps.p99, "gap max": gaps.max, "gaps >150ms": guilds.filter((g) => (longest.get(g) ?? 0) > 150).length, "sampler worst ms": worstInterval,
    };
  } finally {
    await cluster.stop();
  }
}

runBenchmark(async () => {
  const players = intOption("players", isQuick() ? 300 : 1000);
  const sampleMs = intOption("sample-ms", 50);
  const concurrency = intOption("concurrency", DEFAULT_DRAIN_MOVES);
  process.stdout.write(`drain: ${players} players from one node to another (in-process cluster), ${concurrency} moves in flight, sampled every ${sampleMs} ms\n`);
  const rows: Record<string, number | string>[] = [];
  for (const mode of ["baseline", "drain"] as const) {
    const row = await drainOnce(mode, players, concurrency, sampleMs);
    rows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  process.stdout.write("\n");
  printTable(rows, { digits: 0 });
  const [base, batched] = rows as [Record<string, number>, Record<string, number>];
  process.stdout.write(`\nratio drain / baseline: time ${(batched.ms! / base.ms!).toFixed(2)}x, rate ${(batched["players/s"]! / base["players/s"]!).toFixed(2)}x\n`);
  writeResults("drain", { players, sampleMs, concurrency, rows });
});
