import { computeBackoffMs, DEFAULT_BACKOFF, DEFAULT_CLIENT_NAME, resolveSessionOptions, toWebSocketUrl } from "../../../services/lavanode/src/lavalink";
import { LavalinkTimeoutError, LavalinkUnavailableError } from "../../../services/common/src/lavalink-protocol";

describe("computeBackoffMs", () => {
  test("grows exponentially up to the cap without jitter", () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10].map((a) => computeBackoffMs(a, o))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test("jitter spreads within ±jitter", () => {
    expect(computeBackoffMs(0, { initialMs: 1000, jitter: 0.25 }, () => 0)).toBe(750);
    expect(computeBackoffMs(0, { initialMs: 1000, jitter: 0.25 }, () => 0.999999)).toBe(1250);
    expect(computeBackoffMs(0, {}, () => 0.5)).toBe(DEFAULT_BACKOFF.initialMs);
  });
});

describe("session options", () => {
  test("WebSocket URL from the REST base URL", () => {
    expect(toWebSocketUrl("http://127.0.0.1:2333")).toBe("ws://127.0.0.1:2333/v4/websocket");
    expect(toWebSocketUrl("https://lava.example/prefix/")).toBe("wss://lava.example/prefix/v4/websocket");
  });

  test("defaults", () => {
    const o = resolveSessionOptions({ baseUrl: "http://h:1", password: "pw", userId: "42" });
    expect(o).toMatchObject({ clientName: DEFAULT_CLIENT_NAME, resumeTimeoutSec: 60, resumeWindowMs: 60000, handshakeTimeoutMs: 10000 });
    expect(DEFAULT_CLIENT_NAME).toMatch(/^Pyro\/\d+\.\d+\.\d+/);
    expect(resolveSessionOptions({ baseUrl: "http://h:1", password: "pw", userId: "42", resumeTimeoutSec: 5 }).resumeWindowMs).toBe(5000);
  });

  test("a zero or empty user id is rejected", () => {
    expect(() => resolveSessionOptions({ baseUrl: "http://h:1", password: "pw", userId: "0" })).toThrow(TypeError);
    expect(() => resolveSessionOptions({ baseUrl: "http://h:1", password: "pw", userId: "" })).toThrow(TypeError);
  });
});

describe("errors", () => {
  test("closed codes and names", () => {
    const t = new LavalinkTimeoutError("GET /v4/info", 250);
    expect(t).toMatchObject({ code: "LAVALINK_TIMEOUT", name: "LavalinkTimeoutError", timeoutMs: 250, operation: "GET /v4/info" });
    const u = new LavalinkUnavailableError("websocket connect", "ECONNREFUSED");
    expect(u).toMatchObject({ code: "LAVALINK_UNAVAILABLE", name: "LavalinkUnavailableError" });
    expect(u.message).toBe("Lavalink websocket connect unavailable: ECONNREFUSED");
  });
});
