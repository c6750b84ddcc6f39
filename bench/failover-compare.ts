/**
 * The same failure measured three ways in one run: kill -9 of the emulator holding about a third of
 * the players, on fresh emulators each time, with
 *
 *   (a) Pyro: Redis + 3 emulators + 3 Lavanodes + 2 Routers as processes,
 *   (b) shoukaku with `moveOnDisconnect`, players created through shoukaku (fake Discord connector),
 *   (c) lavalink-client with `autoMove`, players created through lavalink-client.
 *
 * Each contender creates the same number of players (16 at a time), they play for a while, then
 * one emulator is killed. The survivors' `/_emulator/state` is polled: a victim is back when it
 * plays (track, not paused) on a survivor. Figures: detection time (kill → first sign the system
 * noticed), move start, time to the first and last victim playing again, victims lost (not playing
 * again within the bound; with --quick, also once the library's own move routine has returned and
 * nothing changed for the settle period), position error (|reported − (time − start)| when first
 * seen on a survivor), survivors' players restarted or stopped, guilds playing twice.
 * What a library cannot do is reported as measured.
 *
 *   node -r @swc-node/register bench/failover-compare.ts [--quick] [--players N] [--play-ms N]
 *        [--bound-ms N] [--settle-ms N] [--poll-ms N] [--only pyro,shoukaku,lavalink-client] [--cpu-prof-dir DIR]
 *
 * --quick: 300 players, 0.5 s of play, bound 25 s, settle 2 s, and shoukaku with reconnectTries 1
 * (its default 3 alone takes 15 s); the full run keeps every library default.
 *
 * Writes bench/results/failover-compare.json.
 */
import { cpus } from "node:os";
import { guildIds } from "../test/support/players-helpers";
import { createCleanup, runBenchmark, type Cleanup } from "./support/cleanup";
import { intOption, isQuick, listOption, stringOption } from "./support/cli-options";
import { FAILOVER_EMULATOR_ARGS, type FailoverContender } from "./support/failover-contender";
import { createLavalinkClientContender } from "./support/failover-lavalink-client";
import { killAndObserve, pickVictim, waitAllPlaying, type FailoverOutcome, type ObserveOptions } from "./support/failover-observer";
import { createPyroContender } from "./support/failover-pyro";
import { createShoukakuContender } from "./support/failover-shoukaku";
import { summarize } from "./support/percentiles";
import { writeResults } from "./support/results-file";
import { printTable, type Cell } from "./support/table";

/**
 * Pyro's Lavanodes with the default timing flags (3 s lease, 60 s resume window: a kill -9 of
 * Lavalink is a definitive death that skips the window). The one flag changed is `--capacity`: the
 * default 1,000 players per node would refuse the victims of the full 3,000-player run.
 */
const PYRO_LAVANODE_ARGS = ["--capacity", "100000"];

interface Run {
  contender: FailoverContender;
  players: number;
  victimNode: number;
  setupMs: number;
  outcome?: FailoverOutcome;
  notes: string[];
  error?: string;
}

async function runOne(contender: FailoverContender, guilds: string[], playMs: number, observe: ObserveOptions): Promise<Run> {
  // Each contender has its own teardown, run before the next one starts: fresh emulators each time.
  const cleanup: Cleanup = createCleanup();
  const t0 = Date.now();
  const run: Run = { contender, players: guilds.length, victimNode: -1, setupMs: 0, notes: [] };
  try {
    process.stdout.write(`- ${contender.name}: starting, ${guilds.length} players\n`);
    const scene = await contender.setup(guilds, cleanup);
    const where = await waitAllPlaying(scene, 60000);
    run.setupMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, playMs));
    run.victimNode = pickVictim(where, scene.emulators.length);
    await contender.arm?.(run.victimNode);
    run.outcome = await killAndObserve(scene, where, run.victimNode, observe);
    run.notes = contender.notes?.() ?? [];
    process.stdout.write(`  killed node ${run.victimNode} (${run.outcome.victims} players): ${run.outcome.recovered} back, ${run.outcome.lost} lost, ended by ${run.outcome.endedBy} after ${run.outcome.observedMs} ms\n`);
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
    process.stdout.write(`  failed: ${run.error}\n`);
  } finally {
    await cleanup.run();
  }
  return run;
}

const ms = (v: number | null | undefined): Cell => (v === null || v === undefined ? "-" : Math.round(v));

runBenchmark(async () => {
  const quick = isQuick();
  const players = intOption("players", quick ? 300 : 3000);
  const playMs = intOption("play-ms", quick ? 500 : 6000);
  const observe: ObserveOptions = {
    boundMs: intOption("bound-ms", quick ? 25000 : 60000),
    settleMs: process.argv.includes("--settle-ms") ? intOption("settle-ms", 0) : quick ? 2000 : 0,
    pollMs: intOption("poll-ms", 100),
  };
  // --cpu-prof-dir DIR: every Pyro process writes a V8 CPU profile there when it stops.
  const profileDir = stringOption("cpu-prof-dir");
  const only = listOption("only", ["pyro", "shoukaku", "lavalink-client"]);
  const contenders: Array<[string, () => FailoverContender]> = [
    ["pyro", () => createPyroContender({ lavanodeArgs: PYRO_LAVANODE_ARGS, nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] })],
    // --quick: one reconnect try instead of three (5 s instead of 15 s before shoukaku moves anything).
    ["shoukaku", () => createShoukakuContender(quick ? { reconnectTries: intOption("shoukaku-reconnect-tries", 1) } : {})],
    ["lavalink-client", () => createLavalinkClientContender()],
  ];
  const guilds = guildIds(players);
  process.stdout.write(`\nfailover: kill -9 of the emulator holding ~1/3 of ${players} players; emulators ${FAILOVER_EMULATOR_ARGS.join(" ")}; ` +
    `players play ${playMs} ms before the kill; ` +
    `Pyro runs default timing flags, changed only: --capacity 100000 (the default 1,000 per node would refuse the full run's victims); poll every ${observe.pollMs} ms; lost = not back within ${observe.boundMs} ms` +
    `${observe.settleMs > 0 ? ` or ${observe.settleMs} ms after the library's move routine returned with no change` : ""}; ${cpus().length} CPUs\n`);
  const runs: Run[] = [];
  for (const [key, make] of contenders) {
    if (!only.includes(key)) continue;
    const contender = make();
    runs.push(await runOne(contender, guilds, playMs, observe));
  }

  const rows = runs.map((r) => {
    const o = r.outcome;
    const e = o && o.positionErrorsMs.length ? summarize(o.positionErrorsMs) : undefined;
    return {
      contender: r.contender.name, victims: o?.victims ?? (r.error ? "error" : "-"), "detect ms": ms(o?.detectMs), "move start ms": ms(o?.moveStartMs),
      "first back ms": ms(o?.firstBackMs), "last back ms": ms(o?.lastBackMs), lost: o?.lost ?? "-",
      "pos err p50": ms(e?.p50), "pos err p99": ms(e?.p99), "pos err max": ms(e?.max), ">1s off": o?.errorsOver1s ?? "-",
      "others restarted": o?.bystandersRestarted ?? "-", "others stopped": o?.bystandersNotPlaying ?? "-", "twice": o?.duplicates ?? "-",
    };
  });
  process.stdout.write("\n");
  printTable(rows, { digits: 0 });
  process.stdout.write([
    "",
    "detect: kill → first sign (Pyro: Router B lists the node without Lavalink session; shoukaku: node 'close'; lavalink-client: 'disconnect').",
    "move start: Pyro: NodeDown event received on Router B; shoukaku: Node.movePlayers() entered; lavalink-client: movePlayersToReplacementNode() entered.",
    `first/last back: kill → victim first seen playing on a survivor (resolution ${observe.pollMs} ms). pos err: |position − (time − start)| then, ms.`,
    "others restarted / stopped: players of the surviving nodes whose track was started again / that no longer play. twice: guilds playing on two nodes.",
  ].join("\n"));
  process.stdout.write("\n\nconfigurations:\n");
  for (const r of runs) {
    process.stdout.write(`  ${r.contender.name}: ${r.contender.config}${r.error ? `\n    ERROR: ${r.error}` : ""}\n`);
    for (const n of r.notes) process.stdout.write(`    observed: ${n}\n`);
  }
  const pyro = runs.find((r) => r.contender.name.startsWith("Pyro"))?.outcome;
  if (pyro?.lastBackMs) {
    process.stdout.write("\nratios against Pyro (last back ms, p99 position error):\n");
    for (const r of runs) {
      if (!r.outcome || r.outcome === pyro) continue;
      const e = r.outcome.positionErrorsMs.length ? summarize(r.outcome.positionErrorsMs).p99 : NaN;
      const pe = pyro.positionErrorsMs.length ? summarize(pyro.positionErrorsMs).p99 : NaN;
      const last = r.outcome.lastBackMs === null ? "no victim came back" : `${(r.outcome.lastBackMs / pyro.lastBackMs).toFixed(2)}x`;
      process.stdout.write(`  ${r.contender.name}: last back ${last}; p99 position error ${Number.isFinite(e) ? `${(e / Math.max(1, pe)).toFixed(1)}x` : "-"}; lost ${r.outcome.lost} vs ${pyro.lost}\n`);
    }
  }
  const file = writeResults("failover-compare", {
    quick, players, playMs, observe, emulatorArgs: FAILOVER_EMULATOR_ARGS, pyroLavanodeArgs: PYRO_LAVANODE_ARGS, unit: "ms",
    runs: runs.map((r) => ({
      contender: r.contender.name, config: r.contender.config, players: r.players, victimNode: r.victimNode, setupMs: r.setupMs, error: r.error, notes: r.notes,
      outcome: r.outcome && { ...r.outcome, positionErrorsMs: undefined, positionError: r.outcome.positionErrorsMs.length ? summarize(r.outcome.positionErrorsMs) : null },
    })),
  });
  process.stdout.write(`\nwrote ${file}\n`);
});
