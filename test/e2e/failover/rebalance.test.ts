/**
 * Optional rebalancing (--rebalance): after a node returns, paused or idle players move to it
 * until the load is even; playing players are never moved.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, placements } from "../../support/players-helpers";
import { voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";

describe("rebalance (processes)", () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, routers: 1, routerArgs: ["--rebalance", "--rebalance-max-moves-per-minute", "600"] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("moves only quiet players to the returning node, until the load is even", async () => {
    const c = cluster.clients[0]!;
    const [a, b] = cluster.nodeIds as [string, string];
    const track = await loadTrack(c, "emulator:rebalance:3600000");
    await c.cordonNode({ nodeId: b, reason: "maintenance" });
    const paused = guildIds(20, 910000000000000000n);
    const playing = guildIds(6, 920000000000000000n);
    for (const g of [...paused, ...playing]) {
      await c.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), paused: paused.includes(g), noReplace: false });
    }
    const epochs = new Map(await Promise.all(playing.map(async (g) => [g, (await c.getPlayer({ guildId: g })).player!.epoch] as const)));
    expect((await placements(cluster)).size).toBe(26);
    for (const [, copies] of await placements(cluster)) expect(copies.map((x) => x.nodeId)).toEqual([a]);

    await c.uncordonNode({ nodeId: b });
    await waitFor(async () => {
      const where = await placements(cluster);
      const onB = [...where.values()].filter((copies) => copies.length === 1 && copies[0]!.nodeId === b).length;
      return onB === 13 && where.size === 26;
    }, { timeoutMs: 60000, intervalMs: 200, what: "13 players on each node" });
    const where = await placements(cluster);
    for (const g of playing) {
      expect(where.get(g)!.map((x) => x.nodeId)).toEqual([a]);
      expect((await c.getPlayer({ guildId: g })).player!.epoch).toBe(epochs.get(g));
    }
    for (const [, copies] of where) expect(copies).toHaveLength(1);
  });
});
