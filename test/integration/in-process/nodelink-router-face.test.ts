// The Router's faces over a NodeLink-shaped server (issue 22): the emulator in its `nodelink` quirk
// profile behind a Lavanode and a Router with the Lavalink-compatible endpoint, in this process.
// GetNode must answer (NodeLink's info arrays used to make it INTERNAL), the endpoint's /v4/info and
// /v4/stats must carry real figures (a 500 and zeros before), nodeStats events must reach
// WatchEvents (every NodeLink stats frame used to be dropped), and lavalink-client's search() must
// work through the endpoint (it failed with "has no sourceManagers enabled" on the 500 body).
import * as grpc from "@grpc/grpc-js";
import type * as LavalinkClient from "lavalink-client" with { "resolution-mode": "require" };
import { WatchEventsRequest, type WatchEventsResponse } from "../../../gen/ts/pyro/router/v1/event";
import type { GetNodeResponse } from "../../../gen/ts/pyro/router/v1/node";
import { RouterServiceClient } from "../../../gen/ts/pyro/router/v1/router_service";
import { FAKE_BOT_ID } from "../../lavalink-emulator/fake-discord";
import { startInProcessCluster, type InProcessCluster } from "../../support/in-process-cluster";
import { waitFor } from "../../support/wait-for";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LavalinkManager } = require("lavalink-client") as typeof LavalinkClient;

const PASSWORD = "nodelink-face-pw";
let cluster: InProcessCluster;
let client: RouterServiceClient;
let base: string;

beforeAll(async () => {
  cluster = await startInProcessCluster(1, { quirks: "nodelink", routerArgs: ["--lavalink-port", "0", "--lavalink-password", PASSWORD] });
  client = new RouterServiceClient(`127.0.0.1:${cluster.app.port}`, grpc.credentials.createInsecure());
  base = `http://127.0.0.1:${cluster.app.router.lavalinkPort}`;
});

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

/** GET on the Lavalink-compatible endpoint; the status and the parsed body. */
async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { headers: { Authorization: PASSWORD } });
  return { status: res.status, body: await res.json() };
}

describe("the Router over a NodeLink-shaped server", () => {
  it("GetNode answers with the node's live info instead of INTERNAL", async () => {
    const res = await new Promise<GetNodeResponse>((resolve, reject) =>
      client.getNode({ nodeId: cluster.nodeIds[0]! }, (err, r) => (err ? reject(err) : resolve(r))));
    expect(res.node?.id).toBe(cluster.nodeIds[0]);
    expect(res.info?.sourceManagers).toContain("youtube");
    expect(res.info?.version?.semver).toBe("4.2.2");
  });

  it("/v4/info answers 200 with the server's source managers", async () => {
    const { status, body } = await getJson("/v4/info");
    expect(status).toBe(200);
    expect(body.sourceManagers).toContain("youtube");
    expect(body.version).toMatchObject({ semver: "4.2.2", major: 4 });
  });

  it("/v4/stats answers 200 with real figures once a stats frame was read", async () => {
    const stats = await waitFor(async () => {
      const r = await getJson("/v4/stats");
      return r.status === 200 && r.body.cpu?.cores > 0 ? r.body : undefined;
    }, { timeoutMs: 10000, what: "non-zero /v4/stats" });
    expect(stats.uptime).toBeGreaterThan(0);
    expect(stats.memory.used).toBeGreaterThan(0);
    expect(stats.cpu.lavalinkLoad).toBeGreaterThanOrEqual(0);
  });

  it("nodeStats events reach WatchEvents", async () => {
    const stream = client.watchEvents(WatchEventsRequest.fromPartial({ includeNodeEvents: true, excludePlayerUpdates: true }));
    stream.on("error", () => undefined);
    try {
      const event = await new Promise<WatchEventsResponse>((resolve) => stream.on("data", (e: WatchEventsResponse) => {
        if (e.event?.kind?.$case === "nodeStats") resolve(e);
      }));
      expect(event.event!.nodeId).toBe(cluster.nodeIds[0]);
      const kind = event.event!.kind as { $case: "nodeStats"; value: { cpu?: { cores: number } } };
      expect(kind.value.cpu?.cores).toBeGreaterThan(0);
    } finally {
      stream.cancel();
    }
  });

  it("lavalink-client 2.11's search() works through the endpoint", async () => {
    const manager = new LavalinkManager({
      nodes: [{ id: "pyro", host: "127.0.0.1", port: cluster.app.router.lavalinkPort!, authorization: PASSWORD, retryAmount: 5, retryDelay: 100 }],
      sendToShard: () => undefined,
      client: { id: FAKE_BOT_ID, username: "NodeLinkFaceBot" },
    });
    manager.nodeManager.on("error", () => undefined);
    try {
      await manager.init({ id: FAKE_BOT_ID, username: "NodeLinkFaceBot" });
      const node = await waitFor(() => {
        const n = manager.nodeManager.nodes.get("pyro");
        return n?.connected && n.info?.sourceManagers?.length ? n : undefined;
      }, { timeoutMs: 10000, what: "lavalink-client connected with the node's info" });
      const result = await node.search({ query: "never gonna", source: "ytsearch" }, { id: "42" });
      expect(result.loadType).toBe("search");
      expect(result.tracks.length).toBeGreaterThan(0);
      expect(result.tracks[0]!.info.sourceName).toBe("youtube");
    } finally {
      for (const n of manager.nodeManager.nodes.values()) n.destroy(undefined, true);
    }
  });
});
