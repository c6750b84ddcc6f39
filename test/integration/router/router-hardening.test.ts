/**
 * Poisonous input at an in-process Router (no Lavanodes: every request here fails validation before
 * any node is needed): stream caps (finding 6), malformed input on the Lavalink-compatible endpoint
 * (finding 5), TLS on that endpoint (finding 5), huge invalid lists (finding 4).
 */
import * as grpc from "@grpc/grpc-js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { MemoryRegistry } from "../../../services/common/src/registry";
import { RouterServiceClient } from "../../../gen/ts/pyro/router/v1/router_service";
import { WatchEventsRequest } from "../../../gen/ts/pyro/router/v1/event";
import { waitFor } from "../../support/wait-for";
import { startQueueRouter, type QueueRouter } from "./queue-harness";

const PW = "hardening-pw";
const auth = { Authorization: PW };

describe("stream caps", () => {
  let r: QueueRouter;
  let client: RouterServiceClient;
  beforeAll(async () => {
    r = await startQueueRouter(new MemoryRegistry(), ["--max-streams-per-client", "2", "--max-streams", "3"]);
    client = new RouterServiceClient(`127.0.0.1:${r.app.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await r?.stop();
  });

  const errorOf = (s: grpc.ClientReadableStream<unknown>): Promise<grpc.ServiceError> => new Promise((resolve) => s.on("error", resolve));

  it("refuses a client's stream past --max-streams-per-client with RESOURCE_EXHAUSTED, and frees the slot when a stream ends", async () => {
    const hub = r.app.context.hub;
    const s1 = client.watchEvents(WatchEventsRequest.fromPartial({ guildIds: ["900000000000000001"] }));
    const s2 = client.watchEvents(WatchEventsRequest.fromPartial({ guildIds: ["900000000000000002"] }));
    s1.on("error", () => undefined);
    s2.on("error", () => undefined);
    await waitFor(() => hub.subscriberCount === 2, { what: "two subscriptions" });
    const third = await errorOf(client.watchEvents(WatchEventsRequest.fromPartial({ guildIds: ["900000000000000003"] })));
    expect(third.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(third.details).toMatch(/--max-streams-per-client/);
    s1.cancel();
    await waitFor(() => hub.subscriberCount === 1, { what: "s1 ended" });
    // The slot is released when the call ends; a new stream then subscribes.
    await waitFor(async () => {
      const s = client.watchEvents(WatchEventsRequest.fromPartial({ guildIds: ["900000000000000004"] }));
      const failed = errorOf(s);
      const opened = waitFor(() => hub.subscriberCount === 2, { timeoutMs: 1000, what: "subscribed" }).then(() => true, () => false);
      const ok = await Promise.race([opened, failed.then(() => false)]);
      if (!ok) s.cancel();
      return ok;
    }, { what: "a new stream after one ended" });
    s2.cancel();
  });
});

describe("Lavalink-compatible endpoint: malformed input is a 4xx with Lavalink's error body", () => {
  let r: QueueRouter;
  let base: string;
  let sessionId: string;
  let socket: WebSocket;
  beforeAll(async () => {
    r = await startQueueRouter(new MemoryRegistry(), ["--lavalink-port", "0", "--lavalink-password", PW]);
    base = `http://127.0.0.1:${r.app.lavalinkPort}`;
    socket = new WebSocket(`ws://127.0.0.1:${r.app.lavalinkPort}/v4/websocket`, { headers: { ...auth, "User-Id": "42" } });
    socket.on("error", () => undefined);
    sessionId = await new Promise<string>((resolve) => socket.on("message", (m) => {
      const f = JSON.parse(String(m)) as { op: string; sessionId?: string };
      if (f.op === "ready") resolve(f.sessionId!);
    }));
  });
  afterAll(async () => {
    socket?.close();
    await r?.stop();
  });

  async function expectLavalinkError(res: Response, status: number): Promise<Record<string, unknown>> {
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual(expect.objectContaining({ status, error: expect.any(String), message: expect.any(String), path: expect.any(String), timestamp: expect.any(Number) }));
    return body;
  }

  it("a malformed percent-encoding is 400, not 500", async () => {
    const body = await expectLavalinkError(await fetch(`${base}/v4/sessions/${sessionId}/players/%E0%A4%A`, { headers: auth }), 400);
    expect(body.message).toMatch(/percent-encoding/);
  });

  it("guild ids -5 and 0 are refused as on gRPC", async () => {
    for (const g of ["-5", "0"]) {
      const res = await fetch(`${base}/v4/sessions/${sessionId}/players/${g}`, {
        method: "PATCH", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ volume: 50 }),
      });
      expect((await expectLavalinkError(res, 400)).message).toMatch(/snowflake/);
    }
  });

  it("a PATCH with userData nested 40 deep is 400 (was 503)", async () => {
    let userData: unknown = {};
    for (let i = 0; i < 39; i++) userData = { a: userData };
    const res = await fetch(`${base}/v4/sessions/${sessionId}/players/900000000000000001`, {
      method: "PATCH", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ track: { encoded: "QAAA", userData } }),
    });
    await expectLavalinkError(res, 400);
  });

  it("a request target that is not a URL is 400 and the endpoint keeps serving", async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const s = connect(r.app.lavalinkPort!, "127.0.0.1", () => s.write(`GET http://[ HTTP/1.1\r\nHost: x\r\nAuthorization: ${PW}\r\nConnection: close\r\n\r\n`));
      let out = "";
      s.on("data", (d) => (out += String(d)));
      s.on("end", () => resolve(out));
      s.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${base}/`, { headers: auth })).status).toBe(200);
  });

  it("a WebSocket frame larger than 64 KiB closes the socket with 1009 instead of being buffered", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${r.app.lavalinkPort}/v4/websocket`, { headers: { ...auth, "User-Id": "43" } });
    ws.on("error", () => undefined);
    await new Promise<void>((resolve) => ws.once("open", () => resolve()));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(Buffer.alloc(128 * 1024));
    expect(await closed).toBe(1009);
  });
});

describe("TLS on the Lavalink-compatible endpoint", () => {
  let dir: string;
  let r: QueueRouter;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pyro-lavalink-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    // gRPC TLS configured: the Lavalink endpoint follows it.
    r = await startQueueRouter(new MemoryRegistry(), ["--lavalink-port", "0", "--lavalink-password", PW, "--tls-cert", join(dir, "cert.pem"), "--tls-key", join(dir, "key.pem")]);
  });
  afterAll(async () => {
    await r?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves HTTPS when gRPC TLS is configured, and refuses plaintext", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest({ host: "127.0.0.1", port: r.app.lavalinkPort, path: "/", headers: auth, ca: readFileSync(join(dir, "cert.pem")) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${r.app.lavalinkPort}/`, { headers: auth })).rejects.toThrow();
  });
});
