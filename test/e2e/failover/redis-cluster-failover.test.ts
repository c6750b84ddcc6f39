/**
 * Failover on a Redis Cluster registry (3 masters + 3 replicas), with every Pyro component as a
 * process and default timing flags. An emulator is killed (-9), and while its players move, the
 * Redis master holding the first victim's record is killed too (-9). After the replica is promoted:
 * every player still exists and plays on exactly one node, off the dead one, and no epoch was ever
 * seen twice with different owners, or going backwards (sampled every 50 ms throughout).
 */
import { createRegistryKeys } from "../../../services/common/src/registry/keys";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { startRedisCluster, type RedisClusterUnderTest } from "../../support/redis-cluster";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 40;

describe("failover on a Redis Cluster registry", () => {
  let redis: RedisClusterUnderTest;
  let cluster: Cluster;

  beforeAll(async () => {
    const t0 = Date.now();
    redis = await startRedisCluster();
    // The default lease TTL (3 s) outlives the ~2 s replica promotion; a short resume window makes the
    // emulator's death definitive quickly (as the other failover tests do).
    cluster = await startCluster({ nodes: 2, routers: 1, redisUrl: redis.url, lavanodeArgs: ["--resume-timeout-s", "2"] });
    process.stdout.write(`[cluster failover] redis cluster + pyro started in ${Date.now() - t0} ms\n`);
  }, 90000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  it("kill -9 of an emulator and of a Redis master: players move, nothing is lost, no epoch is reused", async () => {
    const track = await loadTrack(cluster.clients[0]!, "emulator:cluster song:3600000");
    const guilds = guildIds(PLAYERS, 700000000000000000n);
    await startPlayers(cluster.clients[0]!, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
    const where = await placements(cluster);
    const victims = guilds.filter((g) => where.get(g)?.some((c) => c.nodeId === cluster.nodeIds[0]));
    expect(victims.length).toBeGreaterThan(0);

    // Every (guild, epoch) → owner ever observed, and the highest epoch seen per guild.
    const ownerAt = new Map<string, string | null>();
    const highest = new Map<string, number>();
    const violations: string[] = [];
    let sampling = true;
    const sample = async (): Promise<void> => {
      for (const g of guilds) {
        const rec = await cluster.registry.players.get(g).catch(() => undefined);
        if (!rec) continue;
        const key = `${g}@${rec.epoch}`;
        if (ownerAt.has(key) && ownerAt.get(key) !== rec.ownerNodeId) violations.push(`${key} owned by ${ownerAt.get(key)} and ${rec.ownerNodeId}`);
        ownerAt.set(key, rec.ownerNodeId);
        if (rec.epoch < (highest.get(g) ?? 0)) violations.push(`${g} epoch went back from ${highest.get(g)} to ${rec.epoch}`);
        highest.set(g, Math.max(rec.epoch, highest.get(g) ?? 0));
      }
    };
    await sample();
    const before = new Map(highest);
    const sampler = (async () => {
      while (sampling) {
        await sample();
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const masterPort = await redis.masterPortOf(createRegistryKeys(cluster.prefix).player(victims[0]!));
    await cluster.emulators[0]!.stop("SIGKILL");
    // While the failover claims players, the master of (at least) one victim's record dies.
    await waitFor(async () => (await cluster.registry.nodes.get(cluster.nodeIds[0]!).catch(() => null))?.state === "down" || (highest.get(victims[0]!) ?? 0) > before.get(victims[0]!)!,
      { timeoutMs: 30000, intervalMs: 20, what: "the failover to begin" });
    await redis.kill9(masterPort);
    await redis.waitHealthy(30000);

    await waitFor(async () => {
      const now = await placements(cluster);
      return guilds.every((g) => (now.get(g) ?? []).length === 1 && now.get(g)![0]!.nodeId === cluster.nodeIds[1]);
    }, { timeoutMs: 90000, intervalMs: 200, what: "every guild playing once, on the survivor" });
    sampling = false;
    await sampler;
    await sample();

    expect(violations).toEqual([]);
    const { items } = await cluster.registry.players.list({ limit: 1000 });
    expect(items.map((p) => p.guildId).sort()).toEqual([...guilds].sort());
    for (const g of victims) expect(highest.get(g)!).toBeGreaterThan(before.get(g)!);
    for (const p of items) expect(p.ownerNodeId).toBe(cluster.nodeIds[1]);
  });
});
