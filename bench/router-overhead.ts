/**
 * Overhead of Pyro's Router on player updates. The same updates (pause, resume, volume, seek,
 * filters, in that cycle) on players that already exist and play, sent three ways in the same run:
 *
 *   unary    TS client (createPyroClient) unary UpdatePlayer → Router → Lavanode stream → emulator PATCH
 *   session  the same UpdatePlayer as a command on one bidirectional Session stream → Router → ...
 *   direct   the same PATCH body to the emulator's REST API over a keep-alive agent
 *
 * at 1 and 64 concurrent callers (each caller owns one player; the 64 unary callers share one gRPC
 * channel, the 64 session callers one Session stream, the 64 direct callers one keep-alive agent
 * with 64 sockets). The ways alternate in blocks (the order rotates every round) so drift of this
 * shared machine hits all alike. Prints p50, p99, mean and throughput, the ratio of each Pyro way to
 * direct, and the CPU the Router and the Lavanode(s) spent per update (µs, summed over their
 * threads from /proc during that way's blocks); writes bench/results/router-overhead.json.
 *
 *   node -r @swc-node/register bench/router-overhead.ts [--quick] [--n1 N] [--n64 N] [--nodes K]
 *
 * Starts redis-server, K emulators (default 1), one Lavanode each and one Router as child processes,
 * and stops the Router and the Lavanodes with SIGTERM at the end. `--cpu-prof-dir DIR` runs those two
 * under `node --cpu-prof` and leaves their profiles in DIR (scripts/cpu-profile-top.ts summarises).
 */
import { cpus } from "node:os";
import type { UpdatePlayerRequest } from "../gen/ts/pyro/router/v1/player";
import { RawClient } from "../test/lavalink-emulator/raw-client";
import { voiceFor } from "../test/support/lavanode-harness";
import { guildIds, loadTrack } from "../test/support/players-helpers";
import { waitFor } from "../test/support/wait-for";
import { runBenchmark, type Cleanup } from "./support/cleanup";
import { intOption, isQuick, listOption, stringOption } from "./support/cli-options";
import { createKeepAliveAgent, httpRequest } from "./support/http-json";
import { msSince, summarize, type Summary } from "./support/percentiles";
import { threadCpuSeconds } from "./support/process-memory";
import { startPyroCluster } from "./support/pyro-cluster";
import { openSessionCaller } from "./support/session-caller";
import { startRedisServer } from "./support/redis-server";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

const EMULATOR_ARGS = ["--player-update-interval-ms", "5000", "--stats-interval-ms", "5000"];
const TRACK = "emulator:overhead:36000000";
/** Block length per caller: each way runs this many updates per caller before the other way runs. */
const OPS_PER_CALLER_PER_BLOCK = 50;
/** Every measured phase stops issuing new blocks after this long, whatever its count. */
const PHASE_BUDGET_MS = 60000;

/** The k-th update of a caller, as a PATCH body (Lavalink JSON) and as an UpdatePlayer request. */
function update(k: number, guildId: string): { body: string; request: UpdatePlayerRequest } {
  const base: UpdatePlayerRequest = { guildId, noReplace: false };
  switch (k % 5) {
    case 0: return { body: `{"paused":true}`, request: { ...base, paused: true } };
    case 1: return { body: `{"paused":false}`, request: { ...base, paused: false } };
    case 2: {
      const volume = 50 + (k % 100);
      return { body: `{"volume":${volume}}`, request: { ...base, volume } };
    }
    case 3: {
      const position = (k * 7919) % 3000000;
      return { body: `{"position":${position}}`, request: { ...base, positionMs: BigInt(position) } };
    }
    default: return k % 2 === 0
      ? { body: `{"filters":{"timescale":{"speed":1.1,"pitch":1,"rate":1},"equalizer":[{"band":0,"gain":0.1}]}}`,
        request: { ...base, filters: { equalizer: [{ band: 0, gain: 0.1 }], timescale: { speed: 1.1, pitch: 1, rate: 1 } } } }
      : { body: `{"filters":{"equalizer":[{"band":1,"gain":0.05}]}}`, request: { ...base, filters: { equalizer: [{ band: 1, gain: 0.05 }] } } };
  }
}

const WAYS = ["direct", "unary", "session"] as const;
type Way = (typeof WAYS)[number];
/** Sends the k-th update of `caller`. */
type Send = (caller: number, k: number) => Promise<void>;

interface PhaseResult {
  concurrency: number;
  samples: Record<Way, number[]>;
  /** Summed wall time of each way's blocks, ms. */
  wallMs: Record<Way, number>;
  /** CPU seconds the Router and Lavanode processes spent during each way's blocks. */
  cpuS: Record<Way, number>;
}

const perWay = <T>(f: () => T): Record<Way, T> => ({ direct: f(), unary: f(), session: f() });

/** One block: `concurrency` callers each send `perCaller` updates back to back. Returns wall ms. */
async function block(send: Send, concurrency: number, perCaller: number, counters: number[], out: number[]): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async (_, caller) => {
    for (let i = 0; i < perCaller; i++) {
      const k = counters[caller]!++;
      const t = process.hrtime.bigint();
      await send(caller, k);
      out.push(msSince(t));
    }
  }));
  return msSince(started);
}

/**
 * Runs `total` updates each way at `concurrency`, in blocks whose order rotates every round;
 * `pids` are the Pyro processes whose CPU time is charged to the way whose block ran.
 */
async function phase(ways: Record<Way, Send>, concurrency: number, total: number, warmup: number, pids: number[]): Promise<PhaseResult> {
  const counters = Array.from({ length: concurrency }, () => 0);
  const perCaller = OPS_PER_CALLER_PER_BLOCK;
  for (const way of WAYS) await block(ways[way], concurrency, Math.max(1, Math.ceil(warmup / concurrency)), counters, []);
  const result: PhaseResult = { concurrency, samples: perWay(() => []), wallMs: perWay(() => 0), cpuS: perWay(() => 0) };
  const deadline = Date.now() + PHASE_BUDGET_MS;
  for (let round = 0; result.samples.unary.length < total && Date.now() < deadline; round++) {
    const left = Math.ceil((total - result.samples.unary.length) / concurrency);
    const order = WAYS.map((_, i) => WAYS[(i + round) % WAYS.length]!);
    for (const way of order) {
      const cpuBefore = threadCpuSeconds(pids);
      result.wallMs[way] += await block(ways[way], concurrency, Math.min(perCaller, left), counters, result.samples[way]);
      result.cpuS[way] += threadCpuSeconds(pids) - cpuBefore;
    }
  }
  return result;
}

runBenchmark(async (cleanup: Cleanup) => {
  const quick = isQuick();
  const nodes = intOption("nodes", 1);
  const sizes = new Map<number, number>([[1, intOption("n1", quick ? 300 : 5000)], [64, intOption("n64", quick ? 2000 : 40000)]]);
  const concurrencies = listOption("concurrency", ["1", "64"]).map(Number);
  for (const c of concurrencies) if (!sizes.has(c)) sizes.set(c, intOption(`n${c}`, quick ? 1000 : 10000));
  const callers = Math.max(...concurrencies);

  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const profileDir = stringOption("cpu-prof-dir");
  const nodeArgs = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
  const cluster = await startPyroCluster({ redisUrl: redis.url, nodes, routers: 1, emulatorArgs: EMULATOR_ARGS, nodeArgs }, cleanup);
  const client = cluster.clients[0]!;

  // Pyro's players: created through the Router, which places them on the nodes.
  const track = await loadTrack(client, TRACK);
  const pyroGuilds = guildIds(callers, 600000000000000000n);
  for (const g of pyroGuilds) {
    await client.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), noReplace: false });
  }
  // The direct players: same emulators, same track, in a session of their own (so Pyro's copies
  // are not touched behind its back), spread over the emulators like Pyro's.
  const raws = await Promise.all(cluster.emulators.map(async (e) => {
    const raw = await RawClient.connect(e.url, { password: e.password });
    cleanup.add(() => raw.close());
    return raw;
  }));
  const directGuilds = guildIds(callers, 700000000000000000n);
  const agent = createKeepAliveAgent(callers);
  cleanup.add(() => agent.destroy());
  const directTarget = directGuilds.map((g, i) => {
    const e = cluster.emulators[i % nodes]!;
    return { port: e.port, password: e.password, path: `/v4/sessions/${raws[i % nodes]!.sessionId}/players/${g}` };
  });
  for (const [i, g] of directGuilds.entries()) {
    const t = directTarget[i]!;
    const { status } = await httpRequest(agent, { ...t, method: "PATCH", body: { track: { encoded: track }, voice: voiceFor(g) } });
    if (status !== 200) throw new Error(`creating direct player ${g} answered ${status}`);
  }
  await waitFor(async () => {
    const states = await Promise.all(cluster.emulators.map((e) => e.state()));
    const playing = states.flatMap((s) => Object.values(s.players).flat()).filter((p) => p.track && !p.paused).length;
    return playing === 2 * callers;
  }, { timeoutMs: 30000, what: "every player playing" });

  const session = openSessionCaller(`127.0.0.1:${cluster.routers[0]!.port}`);
  cleanup.add(() => session.close());
  const ways: Record<Way, Send> = {
    async unary(caller, k) {
      await client.updatePlayer(update(k, pyroGuilds[caller]!).request);
    },
    async session(caller, k) {
      await session.call({ $case: "updatePlayer", value: update(k, pyroGuilds[caller]!).request });
    },
    async direct(caller, k) {
      const t = directTarget[caller]!;
      const { status, text } = await httpRequest(agent, { ...t, method: "PATCH", body: update(k, directGuilds[caller]!).body });
      if (status !== 200) throw new Error(`direct PATCH answered ${status}: ${text}`);
    },
  };

  const phases: PhaseResult[] = [];
  const pids = [...cluster.routers, ...cluster.lavanodes].map((p) => p.proc.pid!);
  for (const c of concurrencies) phases.push(await phase(ways, c, sizes.get(c)!, Math.min(sizes.get(c)! / 10, 20 * c), pids));

  const rows: Array<Record<string, string | number>> = [];
  const json: Array<Record<string, unknown>> = [];
  const LABEL: Record<Way, string> = { direct: "direct PATCH to emulator", unary: "Pyro Router (TS client, unary)", session: "Pyro Router (Session stream)" };
  for (const p of phases) {
    const s: Record<Way, Summary> = { direct: summarize(p.samples.direct), unary: summarize(p.samples.unary), session: summarize(p.samples.session) };
    const rate = (w: Way): number => (p.samples[w].length / p.wallMs[w]) * 1000;
    const cpuUs = (w: Way): number => (p.cpuS[w] / p.samples[w].length) * 1e6;
    const row = (w: Way) => ({ concurrency: p.concurrency, path: LABEL[w], n: s[w].n, "p50 ms": s[w].p50, "p99 ms": s[w].p99, "mean ms": s[w].mean, "updates/s": rate(w),
      "pyro CPU µs/update": w === "direct" ? "" : cpuUs(w) });
    const ratio = (w: Way) => ({ p50: s[w].p50 / s.direct.p50, p99: s[w].p99 / s.direct.p99, mean: s[w].mean / s.direct.mean, throughput: rate(w) / rate("direct") });
    rows.push(row("direct"));
    for (const w of ["unary", "session"] as const) {
      const r = ratio(w);
      rows.push(row(w), { concurrency: p.concurrency, path: `ratio ${w} / direct`, n: "", "p50 ms": r.p50, "p99 ms": r.p99, "mean ms": r.mean, "updates/s": r.throughput, "pyro CPU µs/update": "" });
    }
    json.push({ concurrency: p.concurrency,
      ...Object.fromEntries(WAYS.map((w) => [w, { ...s[w], throughputPerS: rate(w), ...(w === "direct" ? {} : { pyroCpuUsPerUpdate: cpuUs(w) }) }])),
      ratio: { unary: ratio("unary"), session: ratio("session") } });
  }
  process.stdout.write(`\nplayer updates (pause, resume, volume, seek, filters) on playing players: Pyro Router vs direct REST; ` +
    `${nodes} emulator(s) + ${nodes} Lavanode(s) + 1 Router + Redis, ${cpus().length} CPUs\n\n`);
  printTable(rows, { columns: ["concurrency", "path", "n", "p50 ms", "p99 ms", "mean ms", "updates/s", "pyro CPU µs/update"] });
  // A graceful stop (SIGTERM), so a Router or Lavanode run under --cpu-prof writes its profile.
  await Promise.all([...cluster.routers, ...cluster.lavanodes].map((p) => p.stop("SIGTERM")));
  const file = writeResults("router-overhead", {
    quick, nodes, emulatorArgs: EMULATOR_ARGS, opsPerCallerPerBlock: OPS_PER_CALLER_PER_BLOCK, unit: "ms",
    clients: "unary: one createPyroClient channel shared by all callers; session: one Session stream shared by all callers; direct: one keep-alive agent, one socket per caller",
    phases: json,
  });
  process.stdout.write(`\nwrote ${file}\n`);
});
