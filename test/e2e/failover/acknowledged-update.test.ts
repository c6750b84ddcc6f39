/**
 * An acknowledged update survives the crash of the node that applied it. The Lavanode writes the
 * checkpoint alongside the Lavalink PATCH and acknowledges only after both: right after the
 * acknowledgements the registry already holds every update, and when the Lavanode and its
 * Lavalink are killed at that instant, the players are rebuilt elsewhere with the updates.
 * Processes: Redis, 2 emulators, 2 Lavanodes, 1 Router.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 12;

describe("acknowledged updates and a node crash", () => {
  let cluster: Cluster;
  let guilds: string[];
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, routers: 1, lavanodeArgs: ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"] });
    const track = await loadTrack(cluster.clients[0]!, "emulator:ack song:3600000");
    guilds = guildIds(PLAYERS, 540000000000000000n);
    await startPlayers(cluster.clients[0]!, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("an update Lavalink refuses fails and leaves the checkpoint as Lavalink has it", async () => {
    const client = cluster.clients[0]!;
    const g = guilds[0]!;
    const owner = (await cluster.registry.players.get(g))!.ownerNodeId!;
    const before = (await cluster.registry.players.get(g))!.state;
    await cluster.emulators[cluster.nodeIds.indexOf(owner)]!.control("failNextRest", { count: 1, status: 400 });
    await expect(client.updatePlayer({ guildId: g, noReplace: false, volume: 11 })).rejects.toThrow();
    const after = (await cluster.registry.players.get(g))!.state;
    expect(after.volume).toBe(before.volume);
    expect((await placements(cluster)).get(g)![0]!.player.volume).toBe(before.volume);
  });

  it("are in the registry when acknowledged and on the new owner after the old one is killed", async () => {
    const client = cluster.clients[0]!;
    const owners = await Promise.all(guilds.map(async (g) => (await cluster.registry.players.get(g))!.ownerNodeId));
    const victims = guilds.filter((_, i) => owners[i] === cluster.nodeIds[0]);
    expect(victims.length).toBeGreaterThan(0);

    // Pause, seek-free volume and filters: each kind the overlapped checkpoint predicts.
    await Promise.all(victims.map((g, i) => client.updatePlayer({
      guildId: g, noReplace: false, paused: true, volume: 30 + i, filters: { equalizer: [], timescale: { speed: 1.25, pitch: 1, rate: 1 } },
    })));
    for (const [i, g] of victims.entries()) {
      const s = (await cluster.registry.players.get(g))!.state;
      expect({ g, paused: s.paused, volume: s.volume, speed: (s.filters.timescale as { speed: number }).speed }).toEqual({ g, paused: true, volume: 30 + i, speed: 1.25 });
    }

    await Promise.all([cluster.lavanodes[0]!.stop("SIGKILL"), cluster.emulators[0]!.stop("SIGKILL")]);
    const moved = await waitFor(async () => {
      const where = await placements(cluster);
      const copies = victims.map((g) => where.get(g) ?? []);
      return copies.every((c) => c.length === 1 && c[0]!.nodeId === cluster.nodeIds[1]) ? copies.map((c) => c[0]!.player) : undefined;
    }, { timeoutMs: 60000, intervalMs: 100, what: "every victim rebuilt on the surviving node" });
    for (const [i, p] of moved.entries()) {
      expect({ g: p.guildId, paused: p.paused, volume: p.volume, speed: (p.filters.timescale as { speed: number } | undefined)?.speed })
        .toEqual({ g: victims[i], paused: true, volume: 30 + i, speed: 1.25 });
    }
  });
});
