// One NodeDown per Lavalink death on every Router (issue 22). Two Routers over one registry, two
// emulated Lavalinks, two Lavanodes, all in this process over real gRPC. When a Lavalink dies, each
// Router notices it twice (the Lavanode's death notice, and the node record going `down`), so four
// detection paths ran and each used to publish its own NodeDown on the shared bus: every Router's
// WatchEvents then saw several for one death (issue 22 observed two). Each must see exactly one.
import { randomBytes } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { WatchEventsRequest, type WatchEventsResponse } from "../../../gen/ts/pyro/router/v1/event";
import { RouterServiceClient } from "../../../gen/ts/pyro/router/v1/router_service";
import { silentLogger } from "../../../services/common/src/logger";
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { loadLavanodeConfig } from "../../../services/lavanode/src/config";
import { startLavanode, type LavanodeApp } from "../../../services/lavanode/src/lavanode-app";
import { loadRouterConfig } from "../../../services/router/src/config";
import { startRouter, type RouterApp } from "../../../services/router/src/router-app";
import { waitForNodes } from "../../../services/standalone/src/node-readiness";
import { startEmulator, type Emulator } from "../../lavalink-emulator";
import { simulatedVoice } from "../../support/in-process-cluster";
import { waitFor } from "../../support/wait-for";

const TOKEN = randomBytes(24).toString("base64url");
const USER_ID = "100000000000000001";
const NODE_IDS = ["node-a", "node-b"];
const registry = new MemoryRegistry();
const emulators: Emulator[] = [];
const lavanodes: LavanodeApp[] = [];
const routers: RouterApp[] = [];
const clients: RouterServiceClient[] = [];
const streams: grpc.ClientReadableStream<WatchEventsResponse>[] = [];
/** NodeDown events each Router's WatchEvents delivered, by Router index: the node ids. */
const downs: string[][] = [[], []];

beforeAll(async () => {
  for (let i = 0; i < NODE_IDS.length; i++) {
    const emulator = await startEmulator({ port: 0, password: `pw-${i}`, voice: "simulated", statsIntervalMs: 500, playerUpdateIntervalMs: 500 });
    emulators.push(emulator);
    // A 1 s resume window, so the Lavanode declares its Lavalink dead soon after the kill.
    const config = loadLavanodeConfig([
      "--cluster-token", TOKEN, "--node-id", NODE_IDS[i]!, "--lavalink", emulator.url, "--lavalink-password", `pw-${i}`, "--user-id", USER_ID,
      "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", "redis://in-memory.invalid", "--log-level", "error", "--resume-timeout-s", "1",
    ], {});
    lavanodes.push(await startLavanode(config, silentLogger, { registry }));
  }
  for (const routerId of ["router-1", "router-2"]) {
    const config = loadRouterConfig(["--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", "redis://in-memory.invalid", "--cluster-token", TOKEN, "--router-id", routerId, "--log-level", "error"], {});
    const router = await startRouter(config, silentLogger, { registry });
    routers.push(router);
    expect(await waitForNodes(router.context.directory, NODE_IDS, { timeoutMs: 20000 })).toEqual([]);
  }
  routers.forEach((router, i) => {
    const client = new RouterServiceClient(`127.0.0.1:${router.port}`, grpc.credentials.createInsecure());
    clients.push(client);
    const stream = client.watchEvents(WatchEventsRequest.fromPartial({ includeNodeEvents: true, excludePlayerUpdates: true }));
    stream.on("data", (e: WatchEventsResponse) => { if (e.event?.kind?.$case === "nodeDown") downs[i]!.push(e.event.nodeId); });
    stream.on("error", () => undefined);
    streams.push(stream);
  });
});

afterAll(async () => {
  streams.forEach((s) => s.cancel());
  clients.forEach((c) => c.close());
  await Promise.all(routers.map((r) => r.stop()));
  await Promise.all(lavanodes.map((l) => l.stop()));
  await Promise.all(emulators.map((e) => e.close().catch(() => undefined)));
  await registry.close();
});

describe("a Lavalink death", () => {
  it("yields exactly one NodeDown on every Router", async () => {
    const guildId = "330000000000002201";
    const placed = await routers[0]!.context.players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId), track: { $case: "identifier", value: "emulator:once song:600000" } });
    const victim = placed.nodeId;
    const survivor = NODE_IDS.find((id) => id !== victim)!;
    await emulators[NODE_IDS.indexOf(victim)]!.control.kill({});

    await waitFor(async () => (await registry.players.get(guildId))?.ownerNodeId === survivor, { timeoutMs: 20000, what: "failover to the survivor" });
    // Both detection paths have run on a Router once its directory shows the record down.
    for (const { context: { directory } } of routers) {
      await waitFor(async () => (await directory.refresh(), directory.get(victim)?.record.state === "down"), { what: "node seen down" });
    }
    await waitFor(() => downs.every((d) => d.length > 0), { what: "a NodeDown on every Router" });
    // A duplicate would come from a detection path still finishing: keep polling for one until a deadline.
    await expect(waitFor(() => downs.some((d) => d.length > 1), { timeoutMs: 1500, what: "a second NodeDown" })).rejects.toThrow(/timed out/);
    expect(downs).toEqual([[victim], [victim]]);
  });
});
