/**
 * The common gRPC server: health, strict reflection (grpcurl stand-in), bearer auth, status
 * mapping across unary and streaming calls, UNIMPLEMENTED for unbuilt RPCs, and shutdown.
 */
import * as grpc from "@grpc/grpc-js";
import { createGrpcServer, type PyroGrpcServer } from "../../../services/common/src/grpc/server";
import { silentLogger } from "../../../services/common/src/logger";
import { InvalidArgumentError } from "../../../services/common/src/errors";
import { HealthClient, HealthCheckResponse_ServingStatus } from "../../../gen/ts/grpc/health/v1/health";
import { RouterServiceClient, RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import type { WatchEventsResponse } from "../../../gen/ts/pyro/router/v1/event";
import { reflect } from "../../support/reflect-client";

const TOKEN = "s3cret-token";

describe("common gRPC server", () => {
  let server: PyroGrpcServer;
  let address: string;
  let client: RouterServiceClient;
  const auth = new grpc.Metadata();
  auth.set("authorization", `Bearer ${TOKEN}`);

  beforeAll(async () => {
    server = createGrpcServer({ logger: silentLogger, service: "test", authToken: TOKEN });
    server.addService("pyro.router.v1.RouterService", RouterServiceService, {
      async getPlayer(req) {
        if (req.guildId === "") throw new InvalidArgumentError("guild_id", "is required");
        throw new TypeError("boom with internals");
      },
      async *watchEvents(_req, ctx) {
        yield { event: { sequence: 1n, guildId: "1", nodeId: "n", replay: false, guildSequence: 0n } } as WatchEventsResponse;
        // Then stay open until the server shuts down.
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
      },
    });
    const port = await server.listen("127.0.0.1", 0);
    address = `127.0.0.1:${port}`;
    client = new RouterServiceClient(address, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await server.shutdown(1000);
  });

  const unary = <Res>(fn: (cb: (e: grpc.ServiceError | null, r: Res) => void) => void): Promise<Res> =>
    new Promise((resolve, reject) => fn((e, r) => (e ? reject(e) : resolve(r))));

  it("answers health checks with SERVING for the server and the service, NOT_FOUND for unknown ones", async () => {
    const health = new HealthClient(address, grpc.credentials.createInsecure());
    try {
      const all = await unary<{ status: number }>((cb) => health.check({ service: "" }, cb));
      expect(all.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
      const svc = await unary<{ status: number }>((cb) => health.check({ service: "pyro.router.v1.RouterService" }, cb));
      expect(svc.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
      await expect(unary((cb) => health.check({ service: "nope.Service" }, cb))).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      health.close();
    }
  });

  it("is fully describable by a strict reflection-only client", async () => {
    const listed = await reflect(address, ["list"]);
    expect(listed.code).toBe(0);
    expect(listed.out[0]).toEqual(expect.arrayContaining([
      "pyro.router.v1.RouterService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    ]));
    const described = await reflect(address, ["describe", "pyro.router.v1.RouterService"]);
    expect(described.code).toBe(0);
    const svc = described.out[0] as { methods: Array<{ name: string; input: string; clientStreaming: boolean; serverStreaming: boolean }> };
    const names = svc.methods.map((m) => m.name);
    for (const rpc of ["UpdatePlayer", "GetPlayer", "ListPlayers", "DestroyPlayer", "MovePlayer", "UpdateVoiceState", "UpdateVoiceServer",
      "IngestVoiceEvents", "LoadTracks", "DecodeTracks", "Enqueue", "GetQueue", "RemoveFromQueue", "MoveInQueue", "ShuffleQueue", "ClearQueue",
      "Skip", "Previous", "SetRepeatMode", "WatchEvents", "Session", "ListNodes", "GetNode", "CordonNode", "UncordonNode", "DrainNode",
      "ExplainPlacement", "FreeRoutePlannerAddress", "FreeAllRoutePlannerAddresses"]) {
      expect(names).toContain(rpc);
    }
    expect(svc.methods.find((m) => m.name === "Session")).toMatchObject({ clientStreaming: true, serverStreaming: true });
    // A message that imports google.protobuf types resolves with its whole import closure.
    const msg = await reflect(address, ["describe", "pyro.router.v1.UpdatePlayerRequest"]);
    expect(msg.out[0]).toMatchObject({ message: "pyro.router.v1.UpdatePlayerRequest", fields: expect.arrayContaining(["guild_id", "user_data", "filters"]) });
  });

  it("rejects calls without the bearer token, and with a wrong one, as UNAUTHENTICATED", async () => {
    await expect(unary((cb) => client.getPlayer({ guildId: "1" }, cb))).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    const wrong = new grpc.Metadata();
    wrong.set("authorization", "Bearer nope");
    await expect(unary((cb) => client.getPlayer({ guildId: "1" }, wrong, cb))).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    const viaPython = await reflect(address, ["call", "pyro.router.v1.RouterService/GetPlayer", '{"guildId":"1"}']);
    expect(viaPython.code).toBe(3);
    expect(viaPython.out[0]).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  it("maps domain errors to their status with the field, and hides unexpected ones", async () => {
    await expect(unary((cb) => client.getPlayer({ guildId: "" }, auth, cb))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT, details: "guild_id: is required",
    });
    const err = await unary((cb) => client.getPlayer({ guildId: "5" }, auth, cb)).catch((e: grpc.ServiceError) => e);
    expect(err).toMatchObject({ code: grpc.status.INTERNAL, details: "internal error" });
  });

  it("answers undecodable request bytes with INVALID_ARGUMENT, not INTERNAL", async () => {
    const raw = new grpc.Client(address, grpc.credentials.createInsecure());
    try {
      const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
      const err = await new Promise<grpc.ServiceError | null>((resolve) =>
        raw.makeUnaryRequest("/pyro.router.v1.RouterService/GetPlayer", (b: Buffer) => b, (b: Buffer) => b, garbage, auth, (e) => resolve(e)));
      expect(err).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining("request: is not a valid GetPlayerRequest message") });
    } finally {
      raw.close();
    }
  });

  it("answers UNIMPLEMENTED for RPCs that are not built", async () => {
    await expect(unary((cb) => client.listNodes({ states: [] }, auth, cb))).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    const viaPython = await reflect(address, ["call", "pyro.router.v1.RouterService/ListNodes", "{}", "--metadata", `authorization=Bearer ${TOKEN}`]);
    expect(viaPython.out[0]).toMatchObject({ error: { code: "UNIMPLEMENTED" } });
  });

  it("streams, and ends open streams with UNAVAILABLE at shutdown", async () => {
    const stream = client.watchEvents({ guildIds: [], includeNodeEvents: true, excludePlayerUpdates: false, resumeFrom: [] }, auth);
    const first = await new Promise<WatchEventsResponse>((resolve) => stream.once("data", resolve));
    expect(first.event?.sequence).toBe(1n);
    const ended = new Promise<grpc.ServiceError>((resolve) => stream.on("error", resolve));
    await server.shutdown(2000);
    expect((await ended).code).toBe(grpc.status.UNAVAILABLE);
  });
});
