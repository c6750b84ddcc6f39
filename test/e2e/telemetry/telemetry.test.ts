/**
 * OpenTelemetry across processes: a trace started by the client continues through the Router,
 * the Lavanode's Connect stream and into the Lavalink REST call (the emulator records the
 * `traceparent` header it receives); both servers export Prometheus metrics on --metrics-port.
 */
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { loadTrack } from "../../support/players-helpers";
import { voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";
import { stablePort } from "../../support/stable-port";
import type { UpdatePlayerResponse } from "../../../gen/ts/pyro/router/v1/player";

describe("telemetry (processes)", () => {
  let cluster: Cluster;
  let routerMetrics: number;
  let lavanodeMetrics: number;

  beforeAll(async () => {
    [routerMetrics, lavanodeMetrics] = [await stablePort(), await stablePort()];
    cluster = await startCluster({ nodes: 1, routers: 1, routerArgs: ["--metrics-port", String(routerMetrics)], lavanodeArgs: ["--metrics-port", String(lavanodeMetrics)] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("propagates the client's trace from the Router through the Lavanode to the Lavalink REST call", async () => {
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:traced:200000");
    const traceId = randomBytes(16).toString("hex");
    const md = new grpc.Metadata();
    md.set("traceparent", `00-${traceId}-${randomBytes(8).toString("hex")}-01`);
    const guildId = "700000000000000001";
    await new Promise<UpdatePlayerResponse>((resolve, reject) => client.raw.updatePlayer(
      { guildId, track: { $case: "encodedTrack", value: track }, voice: voiceFor(guildId), noReplace: false }, md,
      (err, res) => (err ? reject(err) : resolve(res))));
    const state = (await cluster.emulators[0]!.state()) as unknown as { counters: { recentTraceparents: Array<{ method: string; path: string; traceparent: string }> } };
    const patch = state.counters.recentTraceparents.find((t) => t.method === "PATCH" && t.path.endsWith(`/players/${guildId}`) && t.traceparent.includes(traceId));
    expect(patch).toBeDefined();
  });

  it("exports Prometheus metrics from the Router and the Lavanode", async () => {
    const text = await waitFor(async () => {
      const body = await (await fetch(`http://127.0.0.1:${routerMetrics}/metrics`)).text();
      return body.includes("rpc_server_duration_ms") && body.includes("pyro_placements_total") ? body : undefined;
    }, { what: "router metrics" });
    expect(text).toMatch(/pyro_node_players\{[^}]*node="node-a"/);
    expect(text).toMatch(/pyro_node_up\{[^}]*node="node-a"[^}]*\} 1/);
    expect(text).toContain("pyro_event_subscribers");
    const lavanode = await (await fetch(`http://127.0.0.1:${lavanodeMetrics}/metrics`)).text();
    expect(lavanode).toContain("target_info");
  });
});
