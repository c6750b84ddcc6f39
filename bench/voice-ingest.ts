/**
 * Voice pulled from gateway ingest (--voice-ingest redis-stream://), through 2 Routers as processes
 * (2 emulators, 2 Lavanodes, one redis-server):
 * 1. throughput: P packets published to the stream, timed until the group has read and
 *    acknowledged all of them, for two mixes: "gateway" (what a gateway forwards: 90% other
 *    members' VOICE_STATE_UPDATEs, 10% the bot's own state/server pairs, each pair placing a player)
 *    and "bot-only" (every packet the bot's; every pair places a player). Baseline in the same run:
 *    two bare consumers (XREADGROUP + JSON.parse + XACK, no handling) on the same Redis.
 * 2. latency: a player waiting for voice (UpdatePlayer with a track, no voice), its bot's
 *    VOICE_STATE_UPDATE published, then the clock starts at the VOICE_SERVER_UPDATE's publication
 *    and stops at PlayerPlaced and at TrackStart (WatchEvents). Baseline: the push path, the same
 *    halves through UpdateVoiceState/UpdateVoiceServer RPCs.
 *
 * Each throughput row also gives the CPU time the phase cost the Routers, the Lavanodes, the
 * emulators (standing in for Lavalink) and Redis, per 1,000 packets (from /proc: a figure less
 * sensitive to a loaded machine than packets/s).
 *
 *   node -r @swc-node/register bench/voice-ingest.ts [--quick] [--packets N] [--samples N] [--cpu-prof-dir DIR]
 * (--cpu-prof-dir: Routers and Lavanodes write V8 CPU profiles there when they stop)
 */
import Redis from "ioredis";
import { createVoicePublisher, type PyroClient } from "../clients/ts/src";
import { BOT_USER_ID } from "../test/support/lavanode-harness";
import { voiceServerPacket, voiceStatePacket } from "../test/support/voice-packets";
import { runBenchmark, type Cleanup } from "./support/cleanup";
import { intOption, isQuick, stringOption } from "./support/cli-options";
import { cpuSeconds } from "./support/process-memory";
import { summarize } from "./support/percentiles";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

let guildSeq = 900000000000000000n;
const nextGuild = (): string => String(guildSeq++);
const OTHER_USER = "300000000000000003";

type Packet = ReturnType<typeof voiceStatePacket> | ReturnType<typeof voiceServerPacket>;

function gatewayMix(n: number): Packet[] {
  const out: Packet[] = [];
  while (out.length < n) {
    const g = nextGuild();
    for (let i = 0; i < 18 && out.length < n; i++) out.push(voiceStatePacket(g, OTHER_USER));
    out.push(voiceStatePacket(g, BOT_USER_ID), voiceServerPacket(g));
  }
  return out.slice(0, n);
}

function membersMix(n: number): Packet[] {
  const out: Packet[] = [];
  while (out.length < n) {
    const g = nextGuild();
    for (let i = 0; i < 20 && out.length < n; i++) out.push(voiceStatePacket(g, OTHER_USER));
  }
  return out;
}

function botOnlyMix(n: number): Packet[] {
  const out: Packet[] = [];
  while (out.length < n) {
    const g = nextGuild();
    out.push(voiceStatePacket(g, BOT_USER_ID), voiceServerPacket(g));
  }
  return out.slice(0, n);
}

async function groupProgress(redis: Redis, stream: string, group: string): Promise<{ read: number; pending: number }> {
  const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
  for (const g of groups) {
    const m = new Map<string, unknown>();
    for (let i = 0; i + 1 < g.length; i += 2) m.set(String(g[i]), g[i + 1]);
    if (m.get("name") === group) return { read: Number(m.get("entries-read") ?? 0), pending: Number(m.get("pending")) };
  }
  return { read: 0, pending: 0 };
}

/** Publishes `packets` and waits until `group` read and acknowledged `expected` entries in total; packets/s. */
async function timeDrain(redis: Redis, stream: string, group: string, packets: Packet[], expected: number): Promise<number> {
  const publisher = createVoicePublisher(redis, { streamKey: stream, maxLen: 10_000_000, botUserId: BOT_USER_ID });
  const start = process.hrtime.bigint();
  for (let i = 0; i < packets.length; i += 1000) await Promise.all(packets.slice(i, i + 1000).map((p) => publisher.publish(p)));
  for (;;) {
    const { read, pending } = await groupProgress(redis, stream, group);
    if (read >= expected && pending === 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return packets.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Two bare consumers: XREADGROUP, JSON.parse, XACK; stop when `stop` aborts. */
function bareConsumers(url: string, stream: string, group: string, stop: AbortSignal): Promise<void>[] {
  return [0, 1].map(async (i) => {
    const r = new Redis(url);
    const w = new Redis(url, { enableAutoPipelining: true });
    while (!stop.aborted) {
      const reply = (await r.xreadgroup("GROUP", group, `bare-${i}`, "COUNT", 500, "BLOCK", 100, "STREAMS", stream, ">")) as Array<[string, Array<[string, string[]]>]> | null;
      const entries = reply?.[0]?.[1] ?? [];
      for (const [, f] of entries) JSON.parse(f[1]!);
      if (entries.length > 0) await w.xack(stream, group, ...entries.map((e) => e[0]));
    }
    r.disconnect();
    w.disconnect();
  });
}

async function latency(client: PyroClient, redis: Redis, stream: string, track: string, samples: number, via: "ingest" | "rpc"): Promise<{ placed: number[]; playing: number[] }> {
  const publisher = createVoicePublisher(redis, { streamKey: stream, botUserId: BOT_USER_ID });
  const placed: number[] = [], playing: number[] = [];
  const abort = new AbortController();
  const waiters = new Map<string, { placed?: () => void; playing?: () => void }>();
  const watch = (async () => {
    for await (const e of client.watch({ excludePlayerUpdates: true }, { signal: abort.signal })) {
      const w = waiters.get(e.guildId);
      if (e.kind?.$case === "playerPlaced") w?.placed?.();
      if (e.kind?.$case === "trackStart") w?.playing?.();
    }
  })().catch(() => undefined);
  for (let i = 0; i < samples; i++) {
    const g = nextGuild();
    await client.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, noReplace: false });
    let t0 = 0n;
    const gotPlaced = new Promise<void>((resolve) => waiters.set(g, { placed: () => { placed.push(Number(process.hrtime.bigint() - t0) / 1e6); resolve(); } }));
    const gotPlaying = new Promise<void>((resolve) => (waiters.get(g)!.playing = () => { playing.push(Number(process.hrtime.bigint() - t0) / 1e6); resolve(); }));
    if (via === "ingest") {
      await publisher.publish(voiceStatePacket(g, BOT_USER_ID));
      t0 = process.hrtime.bigint();
      await publisher.publish(voiceServerPacket(g));
    } else {
      await client.updateVoiceState({ guildId: g, userId: BOT_USER_ID, sessionId: `session-${g}`, channelId: "200000000000000001" });
      t0 = process.hrtime.bigint();
      await client.updateVoiceServer({ guildId: g, token: `token-${g}`, endpoint: "us-east1.discord.media:443" });
    }
    await Promise.all([gotPlaced, gotPlaying]);
    waiters.delete(g);
  }
  abort.abort();
  await watch;
  return { placed, playing };
}

async function main(cleanup: Cleanup): Promise<void> {
  const quick = isQuick();
  const packets = intOption("packets", quick ? 10000 : 100000);
  const samples = intOption("samples", quick ? 20 : 200);
  const redisServer = await startRedisServer();
  cleanup.add(() => redisServer.stop());
  const stream = "bench:voice";
  const redis = new Redis(redisServer.url, { enableAutoPipelining: true });
  cleanup.add(() => redis.disconnect());
  await redis.xgroup("CREATE", stream, "pyro", "$", "MKSTREAM");
  const profileDir = stringOption("cpu-prof-dir");
  const cluster = await startPyroCluster({
    nodeArgs: profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
    redisUrl: redisServer.url, nodes: 2, routers: 2, emulatorArgs: ["--player-update-interval-ms", "5000", "--stats-interval-ms", "5000"],
    lavanodeArgs: ["--capacity", "100000"], routerArgs: ["--voice-ingest", `redis-stream://127.0.0.1:${redisServer.port}/${stream}`],
  }, cleanup);

  // Baseline: bare consumers on their own stream.
  const bareStream = "bench:bare";
  await redis.xgroup("CREATE", bareStream, "bare", "$", "MKSTREAM");
  const stopBare = new AbortController();
  const bare = bareConsumers(redisServer.url, bareStream, "bare", stopBare.signal);
  const bareRate = await timeDrain(redis, bareStream, "bare", gatewayMix(packets), packets);
  stopBare.abort();
  await Promise.all(bare);

  const groups = {
    routers: cluster.routers.map((p) => p.proc.pid!),
    lavanodes: cluster.lavanodes.map((p) => p.proc.pid!),
    emulators: cluster.emulators.map((p) => p.proc.pid!),
    redis: [redisServer.proc.pid!],
  };
  let total = 0;
  /** Drains one mix through the Routers; packets/s and CPU ms per 1,000 packets of each group. */
  const phase = async (measure: string, mix: Packet[]) => {
    const before = Object.values(groups).map((pids) => cpuSeconds(pids));
    const rate = await timeDrain(redis, stream, "pyro", mix, (total += mix.length));
    const [routers, lavanodes, emulators, redisCpu] = Object.values(groups).map((pids, i) => (cpuSeconds(pids) - before[i]!) * 1e6 / mix.length);
    return { measure, packets: mix.length, "packets/s": Math.round(rate), "÷ baseline": rate / bareRate,
      "Router CPU ms/1k": routers!, "Lavanode CPU ms/1k": lavanodes!, "emulator CPU ms/1k": emulators!, "Redis CPU ms/1k": redisCpu! };
  };
  const rows = [
    { measure: "bare consumers (baseline)", packets, "packets/s": Math.round(bareRate), "÷ baseline": 1 },
    await phase("2 Routers, other members' updates only", membersMix(packets)),
    await phase("2 Routers, gateway mix (90% other members)", gatewayMix(packets)),
    await phase("2 Routers, bot-only (every pair places)", botOnlyMix(Math.max(2, Math.floor(packets / 10)))),
  ];
  printTable(rows, { columns: Object.keys(rows[1]!) });

  const load = await cluster.clients[0]!.loadTracks({ identifier: "emulator:ingest bench:3600000" });
  if (load.result?.result?.$case !== "track") throw new Error("the emulator did not load the bench track");
  const track = load.result.result.value.encoded;
  const viaRpc = await latency(cluster.clients[0]!, redis, stream, track, samples, "rpc");
  const viaIngest = await latency(cluster.clients[0]!, redis, stream, track, samples, "ingest");
  const s = { ingestPlaced: summarize(viaIngest.placed), ingestPlaying: summarize(viaIngest.playing), rpcPlaced: summarize(viaRpc.placed), rpcPlaying: summarize(viaRpc.playing) };
  printTable([
    { path: "RPC push (baseline): UpdateVoiceServer → PLACED", p50_ms: s.rpcPlaced.p50, p99_ms: s.rpcPlaced.p99 },
    { path: "RPC push (baseline): UpdateVoiceServer → TrackStart", p50_ms: s.rpcPlaying.p50, p99_ms: s.rpcPlaying.p99 },
    { path: "stream: VOICE_SERVER_UPDATE published → PLACED", p50_ms: s.ingestPlaced.p50, p99_ms: s.ingestPlaced.p99, "p50 ÷ baseline": s.ingestPlaced.p50 / s.rpcPlaced.p50 },
    { path: "stream: VOICE_SERVER_UPDATE published → TrackStart", p50_ms: s.ingestPlaying.p50, p99_ms: s.ingestPlaying.p99, "p50 ÷ baseline": s.ingestPlaying.p50 / s.rpcPlaying.p50 },
  ]);
  writeResults("voice-ingest", { quick, packets, samples, throughput: rows, latency: s });
  // A graceful stop, so profiling processes write their profiles.
  if (profileDir !== undefined) await Promise.all([...cluster.routers, ...cluster.lavanodes].map((p) => p.stop("SIGTERM")));
}

runBenchmark(main);
