/**
 * OpenTelemetry across processes: a trace started by the client continues through the Router,
 * the Lavanode's Connect stream and into the Lavalink REST call (the emulator records the
 * `traceparent` header it receives). Every service's `/metrics` (Router, Lavanode, standalone)
 * follows the Prometheus naming conventions, declares no family twice, carries the Lavalink
 * statistics and process metrics, and never contains a secret given as a flag.
 */
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { loadTrack } from "../../support/players-helpers";
import { voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";
import { stablePort } from "../../support/stable-port";
import { startPyro, type PyroProcess } from "../../support/pyro-process";
import { conventionProblems } from "../../support/prom-conventions";
import { createPyroClient } from "../../../clients/ts/src";
import type { UpdatePlayerResponse } from "../../../gen/ts/pyro/router/v1/player";

const ROUTER_TOKEN = `router-flag-secret-${randomBytes(6).toString("hex")}`;
const STANDALONE_TOKEN = `standalone-flag-secret-${randomBytes(6).toString("hex")}`;
const STANDALONE_LAVALINK_PASSWORD = `lavalink-flag-secret-${randomBytes(6).toString("hex")}`;

const scrape = async (port: number): Promise<string> => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

describe("telemetry (processes)", () => {
  let cluster: Cluster;
  let standalone: PyroProcess | undefined;
  let routerMetrics: number;
  let lavanodeMetrics: number;

  beforeAll(async () => {
    [routerMetrics, lavanodeMetrics] = [await stablePort(), await stablePort()];
    cluster = await startCluster({
      nodes: 1, routers: 1,
      routerArgsAt: () => ["--metrics-port", String(routerMetrics), "--auth-token", ROUTER_TOKEN],
      lavanodeArgs: ["--metrics-port", String(lavanodeMetrics)],
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    await standalone?.stop("SIGKILL");
  });

  it("propagates the client's trace from the Router through the Lavanode to the Lavalink REST call", async () => {
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:traced:200000");
    const traceId = randomBytes(16).toString("hex");
    const md = new grpc.Metadata();
    md.set("traceparent", `00-${traceId}-${randomBytes(8).toString("hex")}-01`);
    md.set("authorization", `Bearer ${ROUTER_TOKEN}`);
    const guildId = "700000000000000001";
    await new Promise<UpdatePlayerResponse>((resolve, reject) => client.raw.updatePlayer(
      { guildId, track: { $case: "encodedTrack", value: track }, voice: voiceFor(guildId), noReplace: false }, md,
      (err, res) => (err ? reject(err) : resolve(res))));
    const state = (await cluster.emulators[0]!.state()) as unknown as { counters: { recentTraceparents: Array<{ method: string; path: string; traceparent: string }> } };
    const patch = state.counters.recentTraceparents.find((t) => t.method === "PATCH" && t.path.endsWith(`/players/${guildId}`) && t.traceparent.includes(traceId));
    expect(patch).toBeDefined();
  });

  it("exports conventional Router metrics: node state set, Lavalink stats, RPC latency in seconds, process metrics, no secret", async () => {
    const text = await waitFor(async () => {
      const body = await scrape(routerMetrics);
      return body.includes("pyro_rpc_server_duration_seconds") && body.includes("pyro_placements_total") && body.includes("pyro_lavalink_players") ? body : undefined;
    }, { what: "router metrics" });
    expect(conventionProblems(text)).toEqual([]);
    expect(text).toMatch(/pyro_node_up\{[^}]*node="node-a"[^}]*\} 1/);
    expect(text).toMatch(/pyro_node_state\{[^}]*node="node-a"[^}]*state="up"[^}]*\} 1/);
    expect(text).toMatch(/pyro_node_state\{[^}]*node="node-a"[^}]*state="down"[^}]*\} 0/);
    for (const name of ["pyro_lavalink_playing_players", "pyro_lavalink_memory_used_bytes", "pyro_lavalink_cpu_lavalink_load_ratio",
      "pyro_registry_operation_duration_seconds", "pyro_event_subscribers", "pyro_lavanode_streams", "process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_p99_seconds"]) {
      expect(text).toContain(name);
    }
    expect(text).not.toMatch(/rpc_server_duration_ms|http_server_request_duration|process_command/);
    expect(text).not.toContain(ROUTER_TOKEN);
  });

  it("exports conventional Lavanode metrics without the Lavalink password", async () => {
    const text = await waitFor(async () => {
      const body = await scrape(lavanodeMetrics);
      return body.includes("pyro_rpc_server_duration_seconds") && body.includes("pyro_lavanode_lavalink_connected") ? body : undefined;
    }, { what: "lavanode metrics" });
    expect(conventionProblems(text)).toEqual([]);
    expect(text).toMatch(/pyro_lavanode_lavalink_connected\{[^}]*node="node-a"[^}]*\} 1/);
    expect(text).toContain('service_name="pyro-lavanode"');
    expect(text).not.toContain(cluster.emulators[0]!.password);
  });

  it("standalone (Router + Lavanodes in one process) declares every family once and leaks no flag secret", async () => {
    const port = await stablePort();
    standalone = await startPyro(["standalone", "--grpc-port", "0", "--emulators", "2", "--metrics-port", String(port),
      "--auth-token", STANDALONE_TOKEN, "--lavalink-port", "0", "--lavalink-password", STANDALONE_LAVALINK_PASSWORD], { env: { OTEL_SERVICE_NAME: "pyro-test-standalone" } });
    const client = createPyroClient(`127.0.0.1:${standalone.port}`, { token: STANDALONE_TOKEN });
    await waitFor(async () => (await client.listNodes({ states: [] })).nodes.length === 2, { what: "standalone nodes" });
    client.close();
    const text = await waitFor(async () => {
      const body = await scrape(port);
      return body.includes("pyro_rpc_server_duration_seconds") && body.includes("pyro_lavanode_players") && body.includes("pyro_lavalink_players") ? body : undefined;
    }, { timeoutMs: 20000, what: "standalone metrics" });
    expect(conventionProblems(text)).toEqual([]);
    expect(text).toMatch(/pyro_lavanode_players\{[^}]*node="emulated-b"/);
    expect(text).toContain('service_name="pyro-test-standalone"');
    expect(text).not.toContain(STANDALONE_TOKEN);
    expect(text).not.toContain(STANDALONE_LAVALINK_PASSWORD);
  });
});
