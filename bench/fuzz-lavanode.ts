/**
 * LavanodeService fuzzer: a live cluster (1 emulator, 1 Lavanode, 1 Router, Redis) receives random
 * and mutated requests on every unary LavanodeService RPC, with the cluster token and without it,
 * and mutated or hostile commands on a Connect stream of its own (user_data nested 17..200 deep,
 * huge band lists, corrupt bytes). Counts statuses, crashes, INTERNAL answers, restarts of the
 * fuzzer's own Connect stream and torn-down Router-Lavanode links; any of the last four fails the
 * run. A player is live on the node throughout, and a Router command must still work at the end.
 *
 *   node -r @swc-node/register bench/fuzz-lavanode.ts [--quick] [--requests N] [--seed N]   (quick: 10,000; default 50,000)
 */
import * as grpc from "@grpc/grpc-js";
import { LavanodeServiceService, type ConnectRequest } from "../gen/ts/pyro/lavanode/v1/lavanode";
import { forEachLimited } from "../services/common/src/for-each-limited";
import { TEST_CLUSTER_TOKEN } from "../test/support/cluster-token";
import { waitFor } from "../test/support/wait-for";
import { undecodable } from "../services/common/src/grpc/tolerant-decode";
import { decodeConnectRequest } from "../services/lavanode/src/rpc/tolerant-service";
import { createRng, type Rng } from "./chaos/rng";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { crashes as countCrashes, hostileBands, hostileObject, linkOpens, mutate, nestedObject, Tally } from "./support/fuzz-kit";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { printTable } from "./support/table";
import { writeResults } from "./support/results-file";

const G = "930000000000000001";
const VOICE = { token: "fuzz-voice", endpoint: "us-east1.discord.media:443", sessionId: "fuzz-session", channelId: "230000000000000001" };

const UNARY_SEEDS: Record<string, unknown> = {
  loadTracks: { identifier: "emulator:fuzz:100000" }, decodeTrack: { encodedTrack: "QAAAUQMA" }, decodeTracks: { encodedTracks: ["QAAAUQMA"] },
  getPlayer: { guildId: G }, updateSession: { resuming: true, timeoutSeconds: 60 }, freeRoutePlannerAddress: { address: "1.2.3.4" },
};

/** A Connect command: a valid seed, mutated bytes of it, or a well-formed one with hostile contents. */
function command(rng: Rng, requestId: bigint): Buffer {
  const seed: ConnectRequest = { kind: { $case: "command", value: { requestId, guildId: "930000000000000999", epoch: 1n, traceContext: {}, action: { $case: "updatePlayer", value: { volume: 50, noReplace: false, fullState: false } } } } };
  const encode = (m: ConnectRequest): Buffer => LavanodeServiceService.connect.requestSerialize(m);
  if (rng.next() < 0.5) return mutate(rng, encode(seed));
  const value = rng.next() < 0.5
    ? { userData: nestedObject(rng.pick([17, 33, 40, 200])), noReplace: false, fullState: false }
    : { filters: { equalizer: hostileBands(rng), pluginFilters: hostileObject(rng) }, noReplace: false, fullState: false };
  return encode({ kind: { $case: "command", value: { ...seed.kind!.value as object, requestId, action: { $case: "updatePlayer", value } } as never } });
}

runBenchmark(async (cleanup) => {
  const quick = isQuick();
  const total = intOption("requests", quick ? 10_000 : 50_000);
  const rng = createRng(intOption("seed", 4321));
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const cluster = await startPyroCluster({ redisUrl: redis.url, nodes: 1, routers: 1, emulatorArgs: ["--stats-interval-ms", "1000"] }, cleanup);
  const router = cluster.clients[0]!;
  const loaded = await router.loadTracks({ identifier: "emulator:fuzz song:3600000" });
  const encoded = loaded.result?.result?.$case === "track" ? loaded.result.result.value.encoded : "";
  await router.updatePlayer({ guildId: G, track: { $case: "encodedTrack", value: encoded }, voice: VOICE, noReplace: false });

  const address = `127.0.0.1:${cluster.lavanodes[0]!.port}`;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  cleanup.add(() => client.close());
  const authorized = new grpc.Metadata();
  authorized.set("authorization", `Bearer ${TEST_CLUSTER_TOKEN}`);
  const methods = Object.entries(LavanodeServiceService).filter(([, d]) => !d.requestStream && !d.responseStream);
  const seeds = new Map(methods.map(([name, d]) => [name, d.requestSerialize((UNARY_SEEDS[name] ?? {}) as never)]));

  // The fuzzer's own Connect stream, with the token; reopened (and counted) if it ever ends.
  let streamRestarts = -1;
  let closing = false;
  let stream: grpc.ClientDuplexStream<Buffer, Buffer>;
  const connectTally = new Tally();
  const open = (): void => {
    if (closing) return;
    streamRestarts++;
    stream = client.makeBidiStreamRequest(LavanodeServiceService.connect.path, (b: Buffer) => b, (b: Buffer) => b, authorized) as grpc.ClientDuplexStream<Buffer, Buffer>;
    stream.on("data", (b: Buffer) => {
      const r = LavanodeServiceService.connect.responseDeserialize(b);
      if (r.kind?.$case === "commandResult") answers++;
      if (r.kind?.$case === "commandResult") connectTally.add(r.kind.value.result?.$case === "error" ? grpc.status[r.kind.value.result.value.code] ?? "error" : "OK");
    });
    stream.on("error", (e: grpc.ServiceError) => { connectTally.add(`stream ended: ${grpc.status[e.code]}`); open(); });
    stream.write(LavanodeServiceService.connect.requestSerialize({ kind: { $case: "hello", value: { routerId: "fuzzer" } } }));
  };
  open();
  cleanup.add(() => { closing = true; stream.cancel(); });

  const unaryTally = new Tally();
  const opensBefore = linkOpens(cluster);
  const started = Date.now();
  let nextId = 1n;
  let commandsSent = 0;
  let expectedAnswers = 0;
  let answers = 0;
  await forEachLimited(Array.from({ length: total }, (_, i) => i), 16, async () => {
    if (rng.next() < 0.4) {
      const bytes = command(rng, nextId++);
      // What the Lavanode must answer: every command it can read a request id from.
      const read = decodeConnectRequest(bytes);
      if (read.kind?.$case === "command" || undecodable(read)?.requestId !== undefined) expectedAnswers++;
      commandsSent++;
      stream.write(bytes);
      return;
    }
    const [name, def] = rng.pick(methods);
    const withToken = rng.next() < 0.8;
    const metadata = withToken ? authorized : new grpc.Metadata();
    const code = await new Promise<string>((resolve) => {
      client.makeUnaryRequest(def.path, (b: Buffer) => b, (b: Buffer) => b, mutate(rng, seeds.get(name)!), metadata, { deadline: Date.now() + 15000 },
        (err) => resolve(err ? grpc.status[err.code] ?? String(err.code) : "OK"));
    });
    unaryTally.add(`${withToken ? "token" : "no token"}: ${code}`);
  });
  await waitFor(() => answers >= expectedAnswers, { timeoutMs: 120_000, what: "an answer to every readable command" }).catch(() => undefined);
  const elapsedS = (Date.now() - started) / 1000;
  closing = true;
  const after = await router.updatePlayer({ guildId: G, volume: 42, noReplace: false }).then((r) => (r.player?.player?.volume === 42 ? "OK" : "wrong volume"), (e: Error) => e.message);
  const crashes = await countCrashes(cluster);
  const tornLinks = linkOpens(cluster) - opensBefore;
  const internal = unaryTally.get("token: INTERNAL") + unaryTally.get("no token: INTERNAL") + connectTally.get("INTERNAL");
  const leakedWithoutToken = methods.length > 0 && unaryTally.rows("x").some((r) => String(r.x).startsWith("no token:") && r.x !== "no token: UNAUTHENTICATED") ? 1 : 0;
  printTable(unaryTally.rows("unary status"));
  printTable(connectTally.rows("Connect command result"));
  printTable([{ inputs: total, "inputs/s": Math.round(total / elapsedS), crashes, internal, "torn router links": tornLinks, "fuzz stream restarts": streamRestarts, "commands sent": commandsSent, "answers expected": expectedAnswers, answers, "answered without token": leakedWithoutToken, "router command after": after }]);
  writeResults("fuzz-lavanode", { total, seconds: elapsedS, crashes, internal, tornLinks, streamRestarts, commandsSent, expectedAnswers, answers, after, unary: unaryTally.toJSON(), connect: connectTally.toJSON() });
  if (crashes > 0 || internal > 0 || tornLinks > 0 || streamRestarts > 0 || leakedWithoutToken > 0 || after !== "OK" || answers < expectedAnswers) {
    throw new Error(`fuzz failed: ${crashes} crash(es), ${internal} INTERNAL, ${tornLinks} torn link(s), ${streamRestarts} stream restart(s), after: ${after}`);
  }
});
