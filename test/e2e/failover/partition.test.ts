/**
 * A network partition of a Lavanode, every timing flag at its default (lease TTL 3 s). node-a's
 * Lavanode reaches Redis and is reached by the Router only through partition proxies, which stop
 * forwarding and hold every connection open (silence, not a close). Its Lavalink keeps running.
 * Both emulators are sampled every 100 ms: double play must stay within the lease TTL + 1 s, the
 * guilds must play elsewhere, and once the partition heals the old node must not bring its old
 * copies back.
 * - Lavanode alone cut off: the Router that re-places a player deletes the old copy through the
 *   old Lavalink's REST API.
 * - Lavanode and Lavalink cut off together: no Router can reach that Lavalink, so only the
 *   Lavanode can stop the copies. It does so when its lease deadline passed and no Router's
 *   heartbeat reached it for 3 s (it used to wait for gRPC keepalive to end the streams, ~10 s).
 *   The test points the node record's Lavalink URL at a cut proxy while the Lavanode cannot
 *   rewrite it, so the Router's fencing calls meet silence, as behind the partition.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";
import { sampleDoublePlay } from "../../support/double-play";
import { BOT_USER_ID, startLavanodeProcess } from "../../support/lavanode-harness";
import { startPartitionProxy, type PartitionProxy } from "../../support/partition-proxy";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { stablePort } from "../../support/stable-port";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 12;
const DOUBLE_PLAY_BOUND_MS = 3000 + 1000;
const PARTITION_MS = 14000;

describe("network partition of a Lavanode (default timing flags)", () => {
  let cluster: Cluster;
  const proxies: PartitionProxy[] = [];
  afterEach(async () => {
    await cluster?.stop();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  /** A cluster whose node-a Lavanode talks to Redis and the Router through proxies; players playing, some on node-a. */
  async function start(): Promise<{ redisLink: PartitionProxy; grpcLink: PartitionProxy; guilds: string[]; victims: string[] }> {
    cluster = await startCluster({ nodes: 3, routers: 1 });
    const redis = new URL(process.env.PYRO_TEST_REDIS_URL!);
    const redisLink = await startPartitionProxy(Number(redis.port));
    const grpcPort = await stablePort();
    const grpcLink = await startPartitionProxy(grpcPort);
    proxies.push(redisLink, grpcLink);
    redis.port = String(redisLink.port);
    const emulator = cluster.emulators[0]!;
    await cluster.lavanodes[0]!.stop("SIGTERM");
    cluster.lavanodes[0] = await startLavanodeProcess([
      "lavanode", "--node-id", cluster.nodeIds[0]!, "--lavalink", emulator.url, "--lavalink-password", emulator.password,
      "--user-id", BOT_USER_ID, "--grpc-host", "127.0.0.1", "--grpc-port", String(grpcPort), "--advertise", `127.0.0.1:${grpcLink.port}`,
      "--redis", redis.toString(), "--redis-prefix", cluster.prefix, "--log-level", "debug", ...CLUSTER_TOKEN_ARGS,
    ]);
    const client = cluster.clients[0]!;
    await waitFor(async () => (await client.listNodes({ states: [] })).nodes.some((n) => n.id === cluster.nodeIds[0] && n.lavalinkConnected && n.address.endsWith(`:${grpcLink.port}`)),
      { timeoutMs: 20000, intervalMs: 200, what: "the Router to reach node-a through the proxy" });
    const track = await loadTrack(client, "emulator:partition:3600000");
    const guilds = guildIds(PLAYERS, 630000000000000000n);
    await startPlayers(client, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
    let victims = await onNode(guilds, 0);
    for (const g of guilds.slice(0, Math.max(0, 3 - victims.length))) {
      if (!victims.includes(g)) await client.movePlayer({ guildId: g, targetNodeId: cluster.nodeIds[0]! });
    }
    await waitFor(async () => (victims = await onNode(guilds, 0)).length >= 3, { timeoutMs: 15000, intervalMs: 100, what: "three players on node-a" });
    return { redisLink, grpcLink, guilds, victims };
  }

  async function onNode(guilds: string[], i: number): Promise<string[]> {
    const where = await placements(cluster);
    return guilds.filter((g) => where.get(g)?.some((c) => c.nodeId === cluster.nodeIds[i]));
  }
  const playElsewhereOnly = async (victims: string[]): Promise<boolean> => {
    const where = await placements(cluster);
    return victims.every((g) => (where.get(g) ?? []).length === 1 && where.get(g)![0]!.nodeId !== cluster.nodeIds[0]);
  };

  async function partition(o: { redisLink: PartitionProxy; grpcLink: PartitionProxy; victims: string[]; guilds: string[] }, withLavalink: boolean): Promise<void> {
    const sampler = sampleDoublePlay(() => cluster.states());
    const cutAt = Date.now();
    o.redisLink.cut();
    o.grpcLink.cut();
    if (withLavalink) {
      // The Router's fencing must meet silence: the record names a Lavalink URL behind a cut proxy.
      const silent = await startPartitionProxy(cluster.emulators[0]!.port);
      proxies.push(silent);
      silent.cut();
      const rec = (await cluster.registry.nodes.get(cluster.nodeIds[0]!))!;
      await cluster.registry.nodes.upsert({ ...rec, lavalinkUrl: `http://127.0.0.1:${silent.port}` });
    }
    let elsewhereMs: number | undefined;
    try {
      await waitFor(() => playElsewhereOnly(o.victims), { timeoutMs: 20000, intervalMs: 100, what: "victims playing elsewhere only" });
      elsewhereMs = Date.now() - cutAt;
      await waitFor(() => Date.now() - cutAt >= PARTITION_MS, { timeoutMs: PARTITION_MS + 5000, intervalMs: 100, what: "the partition's length" });
    } finally {
      o.redisLink.heal();
      o.grpcLink.heal();
    }
    const healedAt = Date.now();
    // The node comes back: it re-takes its lease and must not rebuild or resume the moved players.
    const lavanode = cluster.lavanodes[0]!;
    await waitFor(() => lavanode.logs.some((l) => l.includes("lease had expired and was re-taken")), { timeoutMs: 20000, intervalMs: 100, what: "node-a re-taking its lease" });
    // Two reconcile passes (every 5 s) after the heal.
    await waitFor(() => Date.now() - healedAt >= 11000, { timeoutMs: 20000, intervalMs: 100, what: "two reconcile passes" });
    const r = await sampler.stop();
    const where = await placements(cluster);
    process.stdout.write(`[partition figures] ${withLavalink ? "lavanode+lavalink" : "lavanode"}: ${JSON.stringify({ victims: o.victims.length, elsewhereMs, maxDoublePlayMs: r.maxWindowMs, windows: r.windows.length, samples: r.samples })}\n`);
    expect(r.samples).toBeGreaterThan(50);
    expect(r.maxWindowMs).toBeLessThanOrEqual(DOUBLE_PLAY_BOUND_MS);
    for (const g of o.victims) expect((where.get(g) ?? []).map((c) => c.nodeId)).toEqual([expect.not.stringMatching(`^${cluster.nodeIds[0]}$`)]);
    for (const g of o.guilds) expect((where.get(g) ?? []).length).toBe(1);
  }

  it("Lavanode cut off from Redis and the Router, its Lavalink running and reachable: fenced by the Router", async () => {
    const o = await start();
    await partition(o, false);
  });

  it("Lavanode and its Lavalink cut off together: the Lavanode stops its players when no Router hears it", async () => {
    const o = await start();
    await partition(o, true);
  });
});
