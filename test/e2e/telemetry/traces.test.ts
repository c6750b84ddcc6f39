/**
 * Traces leave the process: a cluster (2 emulators, 2 Lavanodes, 1 Router, as processes) exports
 * spans over OTLP/HTTP (JSON encoding) to a receiver in this test, configured only by the standard
 * OTEL_* variables and without --metrics-port. Asserts the span tree of one UpdatePlayer (Router
 * RPC → placement, and → Lavanode command → Lavalink REST PATCH) and of one failover (a root
 * `pyro.failover` span with one `pyro.failover.move` child per moved player, each reaching the
 * target Lavanode).
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { loadTrack } from "../../support/players-helpers";
import { voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";
import { childrenOf, descendantsOf, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../../support/otlp-receiver";

describe("OTLP traces (processes)", () => {
  let receiver: OtlpReceiver;
  let cluster: Cluster;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    cluster = await startCluster({
      nodes: 2, routers: 1,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_BSP_SCHEDULE_DELAY: "100" },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver?.close();
  });

  const rpcSpan = (guildId: string): ReceivedSpan | undefined =>
    receiver.spans.find((s) => s.service === "pyro-router" && s.name.endsWith("RouterService/UpdatePlayer") && s.parentSpanId === ""
      && receiver.spans.some((p) => p.traceId === s.traceId && p.name === "pyro.placement" && p.attributes["pyro.guild_id"] === guildId));

  it("exports the span tree of one UpdatePlayer: RPC → placement, RPC → Lavanode command → Lavalink PATCH", async () => {
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:traced:600000");
    const guildId = "710000000000000001";
    await client.updatePlayer({ guildId, track: { $case: "encodedTrack", value: track }, voice: voiceFor(guildId), noReplace: false });
    const root = await waitFor(() => {
      const r = rpcSpan(guildId);
      const lavanode = r && descendantsOf(receiver.spans, r).find((s) => s.service === "pyro-lavanode" && s.name.startsWith("lavanode."));
      return lavanode && descendantsOf(receiver.spans, lavanode).some((s) => s.name.startsWith("PATCH")) ? r : undefined;
    }, { timeoutMs: 20000, what: "the UpdatePlayer trace" });
    const children = childrenOf(receiver.spans, root);
    expect(children.find((s) => s.name === "pyro.placement")?.attributes["pyro.placement.chosen"]).toMatch(/^node-[ab]$/);
    const command = descendantsOf(receiver.spans, root).find((s) => s.service === "pyro-lavanode" && s.name.startsWith("lavanode."))!;
    const patch = descendantsOf(receiver.spans, command).find((s) => s.name.startsWith("PATCH"))!;
    expect(patch.service).toBe("pyro-lavanode");
    expect(String(patch.attributes["url.full"] ?? patch.attributes["http.url"] ?? "")).toContain(`/players/${guildId}`);
  });

  it("exports a failover as one parent span with a child per moved player", async () => {
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:failover:600000");
    const guilds = ["710000000000000011", "710000000000000012", "710000000000000013"];
    for (const g of guilds) await client.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), noReplace: false });
    const owners = await Promise.all(guilds.map(async (g) => (await client.getPlayer({ guildId: g })).player?.nodeId));
    // Kill the Lavanode that owns the first player (its lease expires); its players fail over.
    const victim = owners[0]!;
    const moved = guilds.filter((_, i) => owners[i] === victim);
    await cluster.lavanodes[cluster.nodeIds.indexOf(victim)]!.stop("SIGKILL");
    const parents = await waitFor(() => {
      const found = receiver.spans.filter((s) => s.service === "pyro-router" && s.name === "pyro.failover" && s.parentSpanId === "");
      const movedGuilds = new Set(found.flatMap((p) => childrenOf(receiver.spans, p)).filter((m) => m.name === "pyro.failover.move").map((m) => m.attributes["pyro.guild_id"]));
      return moved.every((g) => movedGuilds.has(g)) ? found : undefined;
    }, { timeoutMs: 30000, what: "the failover trace" });
    const moves = parents.flatMap((p) => childrenOf(receiver.spans, p)).filter((m) => m.name === "pyro.failover.move" && moved.includes(String(m.attributes["pyro.guild_id"])));
    for (const m of moves) {
      expect(m.attributes["pyro.from_node_id"]).toBe(victim);
      expect(m.attributes["pyro.to_node_id"]).not.toBe(victim);
      // The move reaches the surviving Lavanode in the same trace.
      await waitFor(() => descendantsOf(receiver.spans, m).some((s) => s.service === "pyro-lavanode"), { timeoutMs: 10000, what: "the move's Lavanode span" });
    }
  });
});
