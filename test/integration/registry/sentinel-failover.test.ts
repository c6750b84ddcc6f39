/**
 * Epochs across a real Sentinel failover with asynchronous replication. A master, a replica that
 * replicates through a partition proxy, and one sentinel: the replication link is cut (silently, the
 * replica still believes it is in sync), a claim is acknowledged by the master only, and the
 * sentinel promotes the replica, which never saw that claim. The record is rolled back to the
 * previous epoch; the next claim must still hand out an epoch above the lost one, never the same
 * number to a second owner.
 */
import { randomUUID } from "node:crypto";
import { RedisRegistry } from "../../../services/common/src/registry/redis-registry";
import { createRegistryKeys } from "../../../services/common/src/registry/keys";
import { startSentinelGroup, type SentinelGroup } from "../../support/sentinel-group";
import { waitFor } from "../../support/wait-for";

describe("epochs across a Sentinel failover that loses the last writes", () => {
  let group: SentinelGroup;
  const registries: RedisRegistry[] = [];
  beforeAll(async () => {
    group = await startSentinelGroup();
  });
  afterAll(async () => {
    await Promise.all(registries.map((r) => r.close()));
    await group?.stop();
  });

  it("a claim lost by the failover is never reused: the next claim's epoch is above it", async () => {
    const prefix = `sentinel-epoch-${randomUUID().slice(0, 8)}:`;
    const registry = new RedisRegistry({ url: group.url, keyPrefix: prefix });
    registries.push(registry);
    const guild = "830000000000000001";
    const key = createRegistryKeys(prefix).player(guild);
    const master = group.direct(group.masterPort);
    const replica = group.direct(group.replicaPort);

    await registry.players.create({ guildId: guild, ownerNodeId: "node-a" });
    const kept = await registry.players.claim(guild, 1, "node-b");
    await waitFor(async () => (await replica.hget(key, "epoch")) === String(kept.epoch), { timeoutMs: 10000, what: "the first claim on the replica" });

    // Replication stops without a close: the next claim reaches the master only.
    group.replicationLink.cut();
    const lost = await registry.players.claim(guild, kept.epoch, "node-c");
    expect(lost.epoch).toBeGreaterThan(kept.epoch);
    expect(await master.hget(key, "epoch")).toBe(String(lost.epoch));
    expect(await replica.hget(key, "epoch")).toBe(String(kept.epoch));

    await group.failover();
    group.replicationLink.heal();
    // The promoted replica has the record as it was before the lost claim; the registry follows the
    // sentinel there once the old master is demoted (the sentinel then drops its clients).
    const after = await waitFor(async () => {
      const rec = await registry.players.get(guild).catch(() => null);
      return rec?.epoch === kept.epoch ? rec : null;
    }, { timeoutMs: 30000, intervalMs: 100, what: "the registry reading the rolled-back record on the new master" });
    expect(after.ownerNodeId).toBe("node-b");

    // A new owner claims from the rolled-back epoch: its epoch must not be the lost one (node-c's).
    const next = await waitFor(() => registry.players.claim(guild, kept.epoch, "node-d").catch(() => null), { timeoutMs: 20000, intervalMs: 100, what: "a claim on the new master" });
    expect(next.ownerNodeId).toBe("node-d");
    expect(next.epoch).toBeGreaterThan(lost.epoch);
    // node-c still holds the lost epoch: its checkpoints are refused (owner and epoch differ).
    await expect(registry.players.checkpoint(guild, lost.epoch, { volume: 5 }, { expectedOwner: "node-c" })).rejects.toMatchObject({ code: "STALE_EPOCH" });
  });
});
