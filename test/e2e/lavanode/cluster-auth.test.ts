/**
 * The internal plane is authenticated (finding 2): a Lavanode process refuses every LavanodeService
 * call and the Connect stream without the cluster token, so a caller without it learns nothing (no
 * players, voice tokens or epochs) and changes nothing. A command the Lavanode refuses as too deep
 * (finding 3) fails alone; the Router's stream stays up.
 */
import * as grpc from "@grpc/grpc-js";
import { LavanodeServiceClient, LavanodeServiceService, type ConnectResponse, type LoadTracksResponse } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { LavanodeLink } from "../../../services/router/src/nodes/lavanode-link";
import type { RedisRegistry } from "../../../services/common/src/registry/redis-registry";
import { createLavanodeClient } from "../../../services/router/src/nodes/lavanode-client";
import { startEmulatorProcess, type EmulatorProcess } from "../../support/emulator-process";
import { connectLink, lavanodeArgs, startLavanodeProcess, testRegistry, unary, voiceFor } from "../../support/lavanode-harness";
import type { PyroProcess } from "../../support/pyro-process";

const NODE = "node-auth";
const G = "910000000000000001";

describe("LavanodeService authentication (processes)", () => {
  let emulator: EmulatorProcess;
  let lavanode: PyroProcess;
  let link: LavanodeLink;
  let registry: RedisRegistry;
  let prefix: string;
  let address: string;
  const clients: grpc.Client[] = [];

  beforeAll(async () => {
    ({ registry, prefix } = testRegistry());
    emulator = await startEmulatorProcess([]);
    lavanode = await startLavanodeProcess(lavanodeArgs({ nodeId: NODE, emulator, prefix }));
    address = `127.0.0.1:${lavanode.port}`;
    link = await connectLink(NODE, lavanode.port);
    const loaded = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "emulator:auth song:600000" }, cb));
    if (loaded.result?.result?.$case !== "track") throw new Error("expected a track");
    const epoch = (await registry.players.create({ guildId: G, ownerNodeId: NODE })).record.epoch;
    await link.command(G, epoch, { $case: "updatePlayer", value: { track: { $case: "encodedTrack", value: loaded.result.result.value.encoded }, voice: voiceFor(G), noReplace: false, fullState: false } });
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    link?.close();
    await lavanode?.stop();
    await emulator?.stop();
    await registry?.close();
  });

  /** Clients without a token, with a wrong token of another length, and of the same length. */
  function outsiders(): Array<[string, LavanodeServiceClient]> {
    const made: Array<[string, LavanodeServiceClient]> = [
      ["no token", new LavanodeServiceClient(address, grpc.credentials.createInsecure())],
      ["short wrong token", createLavanodeClient({ address, clusterToken: "wrong" })],
      ["same-length wrong token", createLavanodeClient({ address, clusterToken: "x".repeat("test-cluster-token-0123456789".length) })],
    ];
    clients.push(...made.map(([, c]) => c));
    return made;
  }

  it("answers UNAUTHENTICATED to every unary RPC, revealing nothing", async () => {
    const unaryMethods = Object.entries(LavanodeServiceService).filter(([, d]) => !d.requestStream && !d.responseStream).map(([name]) => name);
    expect(unaryMethods).toEqual(expect.arrayContaining(["getPlayer", "listPlayers", "updateSession", "getNodeStatus"]));
    for (const [label, client] of outsiders()) {
      for (const method of unaryMethods) {
        const defaults = (LavanodeServiceService as unknown as Record<string, { requestDeserialize(b: Buffer): Record<string, unknown> }>)[method]!.requestDeserialize(Buffer.alloc(0));
        const request = method === "getPlayer" ? { ...defaults, guildId: G } : method === "loadTracks" ? { ...defaults, identifier: "x" } : defaults;
        const err = await unary((cb) => (client as unknown as Record<string, (r: unknown, cb: unknown) => void>)[method]!.call(client, request, cb)).then(() => undefined, (e: grpc.ServiceError) => e);
        expect({ label, method, code: err?.code }).toEqual({ label, method, code: grpc.status.UNAUTHENTICATED });
        expect(err!.details).not.toMatch(/token-|session-|epoch|\d{18}/);
      }
    }
  });

  it("ends an unauthenticated Connect stream before any message: no node status, no epoch, no command run", async () => {
    const [, client] = outsiders()[0]!;
    const stream = client.connect();
    const received: ConnectResponse[] = [];
    stream.on("data", (m: ConnectResponse) => received.push(m));
    const ended = new Promise<grpc.ServiceError>((resolve) => stream.on("error", resolve));
    stream.write({ kind: { $case: "hello", value: { routerId: "intruder" } } });
    // A destroy at epoch 0: on the old code it answered with currentEpoch, then could destroy at it.
    stream.write({ kind: { $case: "command", value: { requestId: 1n, guildId: G, epoch: 0n, action: { $case: "destroyPlayer", value: {} }, traceContext: {} } } });
    expect((await ended).code).toBe(grpc.status.UNAUTHENTICATED);
    expect(received).toEqual([]);
    // The player is still there and still playing.
    const players = await emulator.state();
    expect(JSON.stringify(players)).toContain(G);
  });

  it("the Router's link (with the token) still works, and a too-deep command fails alone", async () => {
    let userData: Record<string, unknown> = {};
    for (let i = 0; i < 33; i++) userData = { a: userData };
    const epoch = (await registry.players.get(G))!.epoch;
    await expect(link.command(G, epoch, { $case: "updatePlayer", value: { userData, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/does not decode/) });
    // Within the decoder's reach but past the shared limit: refused by validation, with the field path.
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) deep = { a: deep };
    await expect(link.command(G, epoch, { $case: "updatePlayer", value: { userData: deep, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/user_data: is nested deeper than 16 levels/) });
    expect(link.connected).toBe(true);
    const r = await link.command(G, epoch, { $case: "updatePlayer", value: { volume: 55, noReplace: false, fullState: false } });
    expect(r.result?.$case === "player" && r.result.value.volume).toBe(55);
  });
});
