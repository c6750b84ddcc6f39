/**
 * A fault during a move never loses the track (processes: Redis, 2 emulators, 2 Lavanodes, 1 Router,
 * default timing flags). One injected REST 500 on the target's Lavalink makes the rebuild fail.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { connectLink } from "../../support/lavanode-harness";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";

/** True when an encoded track is "keep me" (the encoding also carries the position, so compare the title). */
const isOurTrack = (encoded: string | null | undefined): boolean => !!encoded && Buffer.from(encoded, "base64").toString("latin1").includes("keep me");

describe("failed moves (processes)", () => {
  let cluster: Cluster;
  let track: string;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, routers: 1 });
    track = await loadTrack(cluster.clients[0]!, "emulator:keep me:3600000");
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  /** Starts a player and returns it with the index of the node it landed on. */
  const playerOn = async (base: bigint): Promise<{ guild: string; from: number }> => {
    const [guild] = guildIds(1, base);
    await startPlayers(cluster.clients[0]!, [guild!], track);
    const where = await waitFor(async () => (await placements(cluster)).get(guild!)?.[0], { timeoutMs: 15000, what: "player playing" });
    return { guild: guild!, from: cluster.nodeIds.indexOf(where.nodeId) };
  };

  it("MovePlayer whose rebuild fails on the target is rolled back: the track keeps playing, a later volume change keeps it", async () => {
    const { guild, from } = await playerOn(620000000000000000n);
    const to = 1 - from;
    await cluster.emulators[to]!.control("failNextRest", { count: 1, status: 500 });
    await expect(cluster.clients[0]!.movePlayer({ guildId: guild, targetNodeId: cluster.nodeIds[to]! })).rejects.toThrow();
    // The old code left the claim on the target, which lacked the player.
    const record = await cluster.registry.players.get(guild);
    expect(record?.ownerNodeId).toBe(cluster.nodeIds[from]);
    expect(isOurTrack(record?.state.encodedTrack)).toBe(true);
    await cluster.clients[0]!.updatePlayer({ guildId: guild, volume: 40, noReplace: false });
    const after = await cluster.registry.players.get(guild);
    expect(isOurTrack(after?.state.encodedTrack)).toBe(true);
    expect(after?.state.volume).toBe(40);
    await waitFor(async () => {
      const copies = (await placements(cluster)).get(guild) ?? [];
      return copies.length === 1 && copies[0]!.player.track?.info.title === "keep me" && copies[0]!.player.volume === 40;
    }, { timeoutMs: 15000, what: "one copy with the track at volume 40" });
  });

  it("a partial update of a player its owner never built (failed rebuild) rebuilds it from the checkpoint first", async () => {
    const { guild, from } = await playerOn(620000000000000100n);
    const to = 1 - from;
    const before = (await cluster.registry.players.get(guild))!;
    // Claim the player for the other node the way a Router's move does, and fail its rebuild.
    const claimed = await cluster.registry.players.claim(guild, before.epoch, cluster.nodeIds[to]!);
    const link = await connectLink(cluster.nodeIds[to]!, cluster.lavanodes[to]!.port);
    try {
      await cluster.emulators[to]!.control("failNextRest", { count: 1, status: 500 });
      await expect(link.command(guild, claimed.epoch, { $case: "rebuildPlayer", value: { holdPosition: false, recordJson: "" } })).rejects.toThrow();
      // The old code PATCHed an empty player here and checkpointed `track: null` over the record.
      await link.command(guild, claimed.epoch, { $case: "updatePlayer", value: { volume: 30, noReplace: false, fullState: false } });
    } finally {
      link.close();
    }
    const after = await cluster.registry.players.get(guild);
    expect(isOurTrack(after?.state.encodedTrack)).toBe(true);
    expect(after?.state.volume).toBe(30);
    const onTarget = (await placements(cluster)).get(guild)?.find((c) => c.nodeId === cluster.nodeIds[to]);
    expect(onTarget?.player.track?.info.title).toBe("keep me");
  });
});
