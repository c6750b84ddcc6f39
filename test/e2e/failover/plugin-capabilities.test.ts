/**
 * Plugins and placement with every component as a process: node-a's Lavalink has no plugins,
 * node-b's and node-c's have segment-skip (source `segments`), lyrics and echo-filter (plugin filter
 * `echo`). A player that needs the plugin source and filter is placed, drained and failed over only
 * to b or c, keeps its SponsorBlock categories and plugin filter across the drain and the failover
 * (categories replayed on a fresh Lavalink), waits with a named
 * reason while no capable node is alive, and is placed again when one is back. Players that need
 * nothing are never blocked.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { playersByGuild, startEmulatorProcess } from "../../support/emulator-process";
import { voiceFor } from "../../support/lavanode-harness";
import { loadTrack } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";
import { PlacementRejection } from "../../../gen/ts/pyro/router/v1/node";

const EMULATOR_ARGS = ["--player-update-interval-ms", "500", "--stats-interval-ms", "1000"];
const PLUGINS = ["--plugin", "segment-skip", "--plugin", "lyrics", "--plugin", "echo-filter"];
const ECHO = { echo: { echoLength: 2, decay: 0.25 } };
const SEGMENT_GUILD = "700000000000000001";
const PLAIN_GUILDS = ["700000000000000011", "700000000000000012", "700000000000000013", "700000000000000014"];

describe("plugin capabilities in placement, drain and failover (processes)", () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      nodes: 3, routers: 1, emulatorArgs: EMULATOR_ARGS, emulatorArgsAt: (i) => (i === 0 ? [] : PLUGINS),
      lavanodeArgs: ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"],
    });
    await waitFor(async () => (await cluster.clients[0]!.listNodes({ states: [] })).nodes.filter((n) => n.sourceManagers.includes("segments")).length === 2,
      { timeoutMs: 20000, what: "capabilities in the node records" });
  }, 120000);

  afterAll(async () => {
    await cluster?.stop();
  });

  const client = () => cluster.clients[0]!;
  const ownerOf = async (guildId: string) => (await client().getPlayer({ guildId })).player!.nodeId;
  const echoOnOwner = async () => {
    const nodeId = await ownerOf(SEGMENT_GUILD);
    const state = await cluster.emulators[cluster.nodeIds.indexOf(nodeId)]!.state();
    return playersByGuild(state).get(SEGMENT_GUILD)?.filters.pluginFilters;
  };
  const categories = async () => {
    const r = await client().callPlugin({ method: "GET", path: "/sponsorblock/categories", guildId: SEGMENT_GUILD, bodyJson: "" });
    return { status: r.httpStatus, nodeId: r.nodeId, body: r.httpStatus === 200 ? JSON.parse(r.body) : r.body };
  };

  it("lists capabilities and routes LoadTracks by source prefix", async () => {
    const nodes = (await client().listNodes({ states: [] })).nodes;
    expect(nodes.find((n) => n.id === "node-a")!.plugins).toEqual([]);
    expect(nodes.find((n) => n.id === "node-b")!.plugins.map((p) => p.name)).toEqual(["sponsorblock-plugin", "lavalyrics-plugin", "java-lyrics-plugin", "lavadspx-plugin"]);
    for (let i = 0; i < 4; i++) {
      const r = await client().loadTracks({ identifier: "segments:talk:600000" });
      expect(r.result!.result!.$case).toBe("track");
      expect(r.nodeId).not.toBe("node-a");
    }
    expect((await client().loadTracks({ identifier: "segments:talk:600000", nodeId: "node-a" })).result!.result!.$case).toBe("empty");
  });

  it("places the player that needs the plugin source on a capable node; others anywhere", async () => {
    const track = await loadTrack(client(), "segments:talk:600000");
    await client().updatePlayer({
      guildId: SEGMENT_GUILD, track: { $case: "encodedTrack", value: track }, voice: voiceFor(SEGMENT_GUILD), noReplace: false,
      filters: { equalizer: [], pluginFilters: ECHO },
    });
    expect(await ownerOf(SEGMENT_GUILD)).not.toBe("node-a");
    expect(await echoOnOwner()).toEqual(ECHO);
    const explain = await client().explainPlacement({ guildId: SEGMENT_GUILD, excludeNodeIds: [] });
    expect(explain.rejections).toContainEqual({ nodeId: "node-a", reason: PlacementRejection.PLACEMENT_REJECTION_MISSING_CAPABILITY, detail: "Lavalink lacks source segments; filter echo" });
    const plain = await loadTrack(client(), "emulator:plain:600000");
    for (const g of PLAIN_GUILDS) await client().updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: plain }, voice: voiceFor(g), noReplace: false });
    const put = await client().callPlugin({ method: "PUT", path: "/sponsorblock/categories", guildId: SEGMENT_GUILD, bodyJson: '["sponsor","intro"]' });
    expect(put.httpStatus).toBe(204);
    expect(await categories()).toMatchObject({ status: 200, body: ["sponsor", "intro"] });
  });

  it("drain: the player moves to the other capable node and its categories are still in effect", async () => {
    const from = await ownerOf(SEGMENT_GUILD);
    await client().drainNode({ nodeId: from, reason: "test" });
    await waitFor(async () => (await ownerOf(SEGMENT_GUILD)) !== from, { timeoutMs: 20000, what: "the drain to move the player" });
    const to = await ownerOf(SEGMENT_GUILD);
    expect(to).not.toBe("node-a");
    expect(await categories()).toEqual({ status: 200, nodeId: to, body: ["sponsor", "intro"] });
    expect(await echoOnOwner()).toEqual(ECHO);
    await client().uncordonNode({ nodeId: from });
  });

  it("failover with every capable node dead waits with the reason; a capable node coming back gets it, categories replayed", async () => {
    const owner = await ownerOf(SEGMENT_GUILD);
    const other = owner === "node-b" ? "node-c" : "node-b";
    const ownerIdx = cluster.nodeIds.indexOf(owner);
    const otherIdx = cluster.nodeIds.indexOf(other);
    // First the other capable node goes, then the owner: nothing capable is left.
    const otherPort = cluster.emulators[otherIdx]!.port;
    await cluster.emulators[otherIdx]!.stop("SIGKILL");
    await cluster.emulators[ownerIdx]!.stop("SIGKILL");
    await waitFor(async () => {
      const e = await client().explainPlacement({ guildId: SEGMENT_GUILD, excludeNodeIds: [] });
      return e.chosenNodeId === undefined && e.rejections.some((r) => r.nodeId === "node-a" && r.reason === PlacementRejection.PLACEMENT_REJECTION_MISSING_CAPABILITY);
    }, { timeoutMs: 20000, what: "the player to wait for a capable node" });
    // Players that need nothing moved to node-a and a new one is placed there.
    await waitFor(async () => {
      for (const g of PLAIN_GUILDS) if ((await ownerOf(g)) !== "node-a") return false;
      return true;
    }, { timeoutMs: 20000, what: "plain players on node-a" });
    const plain = await loadTrack(client(), "emulator:plain:600000");
    const fresh = await client().updatePlayer({ guildId: "700000000000000021", track: { $case: "encodedTrack", value: plain }, voice: voiceFor("700000000000000021"), noReplace: false });
    expect(fresh.player!.nodeId).toBe("node-a");
    expect((await client().getPlayer({ guildId: SEGMENT_GUILD })).player!.nodeId).not.toBe("node-a");
    await expect(client().loadTracks({ identifier: "segments:nowhere:1000" })).rejects.toMatchObject({ code: 8, details: expect.stringContaining("source segments") });
    // A fresh Lavalink (no plugin state) comes back on the other node's port.
    cluster.emulators[otherIdx] = await startEmulatorProcess([...EMULATOR_ARGS, ...PLUGINS], "emulator-pw", otherPort);
    await waitFor(async () => (await ownerOf(SEGMENT_GUILD)) === other && (await categories()).status === 200, { timeoutMs: 30000, what: "the player on the revived node" });
    expect(await categories()).toEqual({ status: 200, nodeId: other, body: ["sponsor", "intro"] });
    expect(await echoOnOwner()).toEqual(ECHO);
  });

  it("capabilities are read again on reconnect: a Lavalink restarted with other plugins reports the new set", async () => {
    const idx = cluster.nodeIds.indexOf("node-a");
    const port = cluster.emulators[idx]!.port;
    await cluster.emulators[idx]!.stop("SIGKILL");
    cluster.emulators[idx] = await startEmulatorProcess([...EMULATOR_ARGS, "--plugin", "lyrics"], "emulator-pw", port);
    await waitFor(async () => {
      const a = (await client().listNodes({ states: [] })).nodes.find((n) => n.id === "node-a");
      return a?.lavalinkConnected === true && a.plugins.some((p) => p.name === "lavalyrics-plugin");
    }, { timeoutMs: 30000, what: "node-a's new capabilities" });
    const a = (await client().listNodes({ states: [] })).nodes.find((n) => n.id === "node-a")!;
    expect(a.sourceManagers).not.toContain("segments");
  });
});
