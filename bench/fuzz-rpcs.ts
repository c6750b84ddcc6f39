/**
 * Bad-input fuzzer: sends random and mutated requests to every RouterService RPC of a live
 * cluster (1 emulator, 1 Lavanode, 1 Router, Redis) and counts statuses by code and crashes
 * (a server process that exits or stops answering health checks). Requests are valid seed messages
 * mutated at the byte level (bit flips, truncation, splices, random tails) or pure random bytes,
 * sent raw so they reach the server's decoder. Seeded; loopback only.
 *
 *   node -r @swc-node/register bench/fuzz-rpcs.ts [--quick] [--requests N] [--seed N]
 */
import * as grpc from "@grpc/grpc-js";
import { RouterServiceService } from "../gen/ts/pyro/router/v1/router_service";
import { forEachLimited } from "../services/common/src/for-each-limited";
import { healthOf } from "../test/support/lavanode-harness";
import { HealthCheckResponse_ServingStatus } from "../gen/ts/grpc/health/v1/health";
import { createRng, type Rng } from "./chaos/rng";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { printTable } from "./support/table";
import { writeResults } from "./support/results-file";

const G = "900000000000000001";

/** A valid request per method, the starting point of mutations (anything not listed starts empty). */
const SEEDS: Record<string, unknown> = {
  updatePlayer: { guildId: G, volume: 50, paused: false, noReplace: false, filters: { equalizer: [{ band: 1, gain: 0.1 }], timescale: { speed: 1.1 } } },
  getPlayer: { guildId: G }, destroyPlayer: { guildId: "900000000000000999" }, movePlayer: { guildId: G },
  updateVoiceState: { guildId: G, userId: "100000000000000001", sessionId: "s", channelId: "200000000000000001" },
  updateVoiceServer: { guildId: G, token: "t", endpoint: "us-east1.discord.media:443" },
  loadTracks: { identifier: "emulator:fuzz:100000" }, decodeTrack: { encodedTrack: "QAAAUQMA" }, decodeTracks: { encodedTracks: ["QAAAUQMA"] },
  enqueue: { guildId: G, tracks: [{ source: { $case: "identifier", value: "emulator:q:1000" } }], playIfIdle: false },
  getQueue: { guildId: G, offset: 0, limit: 10, historyLimit: 5 }, removeFromQueue: { guildId: G, target: { $case: "index", value: 0 } },
  moveInQueue: { guildId: G, fromIndex: 0, toIndex: 1 }, shuffleQueue: { guildId: G }, clearQueue: { guildId: G, clearHistory: false },
  skip: { guildId: G, count: 1 }, previous: { guildId: G }, setRepeatMode: { guildId: G, repeatMode: 1 },
  listPlayers: { pageSize: 10, pageToken: "" }, listNodes: { states: [] }, getNode: { nodeId: "node-a" },
  cordonNode: { nodeId: "node-x", reason: "" }, uncordonNode: { nodeId: "node-x" }, drainNode: { nodeId: "node-x", reason: "" },
  explainPlacement: { guildId: G, excludeNodeIds: [] }, getRoutePlannerStatus: { nodeId: "node-a" },
  freeRoutePlannerAddress: { nodeId: "node-a", address: "1.2.3.4" }, freeAllRoutePlannerAddresses: { nodeId: "node-a" },
};

/** Methods the fuzzer must not call with mutations that could take the cluster down on purpose. */
const SKIP = new Set(["drainNode", "cordonNode", "watchEvents", "session", "ingestVoiceEvents"]);

function mutate(rng: Rng, seed: Buffer): Buffer {
  const choice = rng.int(0, 5);
  if (choice === 0 || seed.length === 0) return Buffer.from(Array.from({ length: rng.int(0, 64) }, () => rng.int(0, 255)));
  const b = Buffer.from(seed);
  switch (choice) {
    case 1: for (let i = 0; i < rng.int(1, 4); i++) b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7); return b;
    case 2: return b.subarray(0, rng.int(0, b.length - 1));
    case 3: return Buffer.concat([b, Buffer.from(Array.from({ length: rng.int(1, 32) }, () => rng.int(0, 255)))]);
    case 4: { const at = rng.int(0, b.length); return Buffer.concat([b.subarray(0, at), b.subarray(rng.int(0, b.length))]); }
    default: b[rng.int(0, b.length - 1)] = rng.int(0, 255); return b;
  }
}

runBenchmark(async (cleanup) => {
  const quick = isQuick();
  const total = intOption("requests", quick ? 2000 : 10000);
  const rng = createRng(intOption("seed", 1234));
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const cluster = await startPyroCluster({ redisUrl: redis.url, nodes: 1, routers: 1, emulatorArgs: ["--stats-interval-ms", "1000"] }, cleanup);
  const address = `127.0.0.1:${cluster.routers[0]!.port}`;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  cleanup.add(() => client.close());
  const methods = Object.entries(RouterServiceService).filter(([name, d]) => !SKIP.has(name) && !d.requestStream && !d.responseStream);
  const seeds = new Map(methods.map(([name, d]) => [name, d.requestSerialize((SEEDS[name] ?? {}) as never)]));
  const codes = new Map<string, number>();
  const perMethod = new Map<string, number>();
  const started = Date.now();
  await forEachLimited(Array.from({ length: total }, (_, i) => i), 16, async () => {
    const [name, def] = rng.pick(methods);
    const payload = mutate(rng, seeds.get(name)!);
    const code = await new Promise<string>((resolve) => {
      client.makeUnaryRequest(def.path, (b: Buffer) => b, (b: Buffer) => b, payload, new grpc.Metadata(), { deadline: Date.now() + 15000 },
        (err) => resolve(err ? grpc.status[err.code] ?? String(err.code) : "OK"));
    });
    codes.set(code, (codes.get(code) ?? 0) + 1);
    perMethod.set(name, (perMethod.get(name) ?? 0) + 1);
  });
  const elapsedS = (Date.now() - started) / 1000;
  const processes = [...cluster.routers, ...cluster.lavanodes];
  const exited = processes.filter((p) => p.proc.exitCode !== null || p.proc.signalCode !== null).length;
  const routerHealth = await healthOf(address);
  const crashes = exited + (routerHealth === HealthCheckResponse_ServingStatus.SERVING ? 0 : 1);
  const internal = codes.get("INTERNAL") ?? 0;
  printTable([...codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => ({ status: code, requests: n })));
  printTable([{ requests: total, methods: methods.length, "req/s": Math.round(total / elapsedS), crashes, internal }]);
  writeResults("fuzz-rpcs", { total, seconds: elapsedS, crashes, statuses: Object.fromEntries(codes), perMethod: Object.fromEntries(perMethod) });
  if (crashes > 0) throw new Error(`${crashes} crash(es)`);
});
