/**
 * What only a Redis Cluster can get wrong, on a real local cluster (3 masters + 3 replicas): listing
 * every player walks every shard; an epoch change waits for the replica of the key's own master;
 * sharded pub/sub follows a channel's slot to the promoted replica after its master is killed.
 */
import { randomUUID } from "node:crypto";
import { RedisRegistry, ReplicaWaitError, createRegistryKeys } from "../../../services/common/src/registry";
import { startRedisCluster, type RedisClusterUnderTest } from "../../support/redis-cluster";
import { waitFor } from "../../support/wait-for";

let cluster: RedisClusterUnderTest;
const open: RedisRegistry[] = [];

function registry(onError?: (err: unknown) => void): { reg: RedisRegistry; prefix: string } {
  const prefix = `c-${randomUUID().slice(0, 8)}:`;
  const reg = new RedisRegistry({ url: cluster.url, keyPrefix: prefix, onError });
  open.push(reg);
  return { reg, prefix };
}

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await cluster?.stop();
});

describe("registry on a Redis Cluster", () => {
  it("lists players from every shard, in small pages, each exactly once", async () => {
    const { reg, prefix } = registry();
    const guilds = Array.from({ length: 60 }, (_, i) => String(800000000000000000n + BigInt(i)));
    for (const g of guilds) await reg.players.create({ guildId: g, ownerNodeId: "node-a" });
    const keys = createRegistryKeys(prefix);
    const masters = new Set(await Promise.all(guilds.map((g) => cluster.masterPortOf(keys.player(g)))));
    expect(masters.size).toBe(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reg.players.list({ limit: 7, cursor });
      seen.push(...page.items.map((p) => p.guildId));
      cursor = page.cursor ?? undefined;
      if (cursor !== undefined) expect(cursor).toMatch(/^\d+$/);
      pages++;
    } while (cursor !== undefined && pages < 100);
    expect([...new Set(seen)].sort()).toEqual(guilds);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("an epoch change waits for the replica of the key's own master", async () => {
    const errors: unknown[] = [];
    const { reg, prefix } = registry((e) => errors.push(e));
    const guild = "810000000000000001";
    await reg.players.create({ guildId: guild, ownerNodeId: "node-a" });
    expect(errors).toEqual([]);
    const master = await cluster.masterPortOf(createRegistryKeys(prefix).player(guild));
    const replica = await cluster.replicaPortOf(master);
    // The replica stops reading replication for 1 s: WAIT on the right master cannot be satisfied in time.
    const asleep = cluster.cli(replica, "debug", "sleep", "1");
    await new Promise((r) => setTimeout(r, 50));
    const claimed = await reg.players.claim(guild, 1, "node-b");
    await asleep;
    expect(claimed.epoch).toBeGreaterThan(1);
    expect(errors).toEqual([expect.any(ReplicaWaitError)]);
    expect(String((errors[0] as Error).message)).toContain("0 of 1 replicas");
    // With the replica awake again, the next epoch change is confirmed.
    await reg.players.claim(guild, claimed.epoch, "node-a");
    expect(errors).toHaveLength(1);
  });

  it("node deaths still arrive after the channel's master is killed and its replica promoted", async () => {
    const { reg: a, prefix } = registry();
    const b = new RedisRegistry({ url: cluster.url, keyPrefix: prefix });
    open.push(b);
    const deaths: string[] = [];
    await a.events.subscribeNodeDeaths((d) => deaths.push(d.nodeId));
    await b.events.publishNodeDeath("node-x", "before");
    await waitFor(() => deaths.includes("node-x"), { what: "the first death" });
    await cluster.kill9(await cluster.masterPortOf(createRegistryKeys(prefix).deathChannel));
    await cluster.waitHealthy(30000);
    // Publish until it arrives: the subscriber moves to the new master on its next slots refresh.
    await waitFor(async () => {
      await b.events.publishNodeDeath("node-y", "after").catch(() => undefined);
      return deaths.includes("node-y");
    }, { timeoutMs: 20000, intervalMs: 200, what: "a death published after the failover" });
  });
});
