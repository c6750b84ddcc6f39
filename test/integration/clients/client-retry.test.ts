/**
 * @pyro/client's raw calls against a real gRPC server (port 0): Partial input reaches the server
 * with the defaults filled, idempotent calls are retried on UNAVAILABLE, non-idempotent ones are
 * not retried on ABORTED, errors carry errorCode, and `{ signal, deadlineMs }` end a call.
 */
import * as grpc from "@grpc/grpc-js";
import { createGrpcServer, type PyroGrpcServer } from "../../../services/common/src/grpc/server";
import { silentLogger } from "../../../services/common/src/logger";
import { ServiceUnavailableError } from "../../../services/common/src/errors";
import { VersionMismatchError } from "../../../services/common/src/registry/errors";
import { RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import { createPyroClient, PyroClientError, type PyroClient } from "../../../clients/ts/src";

describe("@pyro/client calls", () => {
  let server: PyroGrpcServer;
  let client: PyroClient;
  const calls: Record<string, unknown[]> = { getPlayer: [], enqueue: [], updatePlayer: [], listNodes: [] };

  beforeAll(async () => {
    server = createGrpcServer({ logger: silentLogger, service: "test" });
    server.addService("pyro.router.v1.RouterService", RouterServiceService, {
      async getPlayer(req) {
        calls.getPlayer!.push(req);
        if (calls.getPlayer!.length <= 2) throw new ServiceUnavailableError("lavalink is restarting");
        return { player: { nodeId: "n1", epoch: 3n, phase: 1, player: undefined } };
      },
      async enqueue(req) {
        calls.enqueue!.push(req);
        throw new VersionMismatchError(req.guildId, 1, 2);
      },
      async updatePlayer(req) {
        calls.updatePlayer!.push(req);
        return { player: undefined };
      },
      async listNodes(_req, ctx) {
        calls.listNodes!.push(_req);
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
        return { nodes: [] };
      },
    });
    const port = await server.listen("127.0.0.1", 0);
    client = createPyroClient(`127.0.0.1:${port}`, { backoff: { baseMs: 1, capMs: 5 } });
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(500);
  });

  it("retries an idempotent call on UNAVAILABLE until it succeeds", async () => {
    const r = await client.getPlayer({ guildId: "1" });
    expect(r.player?.nodeId).toBe("n1");
    expect(calls.getPlayer).toHaveLength(3);
  });

  it("does not retry a queue edit that lost a compare-and-set (ABORTED), and names the error", async () => {
    const err = await client.enqueue({ guildId: "1", tracks: [], expectedVersion: 1n }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PyroClientError);
    expect(err).toMatchObject({ code: grpc.status.ABORTED, errorCode: "VERSION_MISMATCH", retryable: true });
    expect(calls.enqueue).toHaveLength(1);
  });

  it("takes Partial input: fields left out arrive with their defaults", async () => {
    await client.updatePlayer({ guildId: "1", paused: true });
    expect(calls.updatePlayer![0]).toMatchObject({ guildId: "1", paused: true, noReplace: false });
  });

  it("ends a call at its deadlineMs and when its signal aborts", async () => {
    await expect(client.listNodes({}, { deadlineMs: 200 })).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    const ac = new AbortController();
    const pending = client.listNodes({}, { signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: grpc.status.CANCELLED });
  });
});
