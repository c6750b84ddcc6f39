/**
 * The Lavalink REST and handshake surface of Pyro's endpoint with raw HTTP: auth (401/403, empty
 * bodies), the error body shape, `Lavalink-Api-Version`, Lavalink's validation messages, and the
 * node-level routes.
 */
import WebSocket from "ws";
import { startPyroTarget, type PyroTarget } from "./pyro-target";

let target: PyroTarget;
let base: string;
let sessionId: string;
let socket: WebSocket;
const auth = { Authorization: "compat-pw" };
const json = { ...auth, "Content-Type": "application/json" };

beforeAll(async () => {
  target = await startPyroTarget();
  base = `http://127.0.0.1:${target.port}`;
  socket = new WebSocket(`ws://127.0.0.1:${target.port}/v4/websocket`, { headers: { ...auth, "User-Id": "42" } });
  sessionId = await new Promise<string>((resolve) => socket.on("message", (m) => {
    const f = JSON.parse(String(m)) as { op: string; sessionId?: string };
    if (f.op === "ready") resolve(f.sessionId!);
  }));
});

afterAll(async () => {
  socket?.close();
  await target?.close();
});

/** The handshake status of a WebSocket attempt with `headers`. */
function handshake(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/v4/websocket`, { headers });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("error", () => undefined);
  });
}

describe("Lavalink REST surface of Pyro", () => {
  it("ready carries a 16-character [a-z0-9] session id", () => {
    expect(sessionId).toMatch(/^[a-z0-9]{16}$/);
  });

  it("handshake: 401 without or with a wrong password, 400 without User-Id or with 0", async () => {
    expect(await handshake({ "User-Id": "1" })).toBe(401);
    expect(await handshake({ Authorization: "nope", "User-Id": "1" })).toBe(401);
    expect(await handshake(auth)).toBe(400);
    expect(await handshake({ ...auth, "User-Id": "0" })).toBe(400);
    expect(await handshake({ ...auth, "User-Id": "7" })).toBe(101);
  });

  it("REST auth: 401 missing, 403 wrong, empty bodies, API version header", async () => {
    const missing = await fetch(`${base}/v4/info`);
    expect(missing.status).toBe(401);
    expect(await missing.text()).toBe("");
    const wrong = await fetch(`${base}/v4/info`, { headers: { Authorization: "x" } });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("lavalink-api-version")).toBe("4");
  });

  it("errors have Lavalink's body; trace only with ?trace=true", async () => {
    const res = await fetch(`${base}/v4/sessions/nosuchsession/players?trace=true`, { headers: auth });
    expect(res.status).toBe(404);
    const body = await res.json() as Record<string, unknown>;
    expect(body).toEqual({ timestamp: expect.any(Number), status: 404, error: "Not Found", trace: expect.any(String), message: "Session not found", path: "/v4/sessions/nosuchsession/players" });
    const plain = await (await fetch(`${base}/v4/sessions/nosuchsession/players`, { headers: auth })).json() as Record<string, unknown>;
    expect(plain.trace).toBeUndefined();
  });

  it("players: [] at first, 404 Player not found, 400 for a bad guild id, PATCH validation messages", async () => {
    expect(await (await fetch(`${base}/v4/sessions/${sessionId}/players`, { headers: auth })).json()).toEqual([]);
    const missing = await fetch(`${base}/v4/sessions/${sessionId}/players/900000000000000123`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await missing.json() as { message: string }).message).toBe("Player not found");
    expect((await fetch(`${base}/v4/sessions/${sessionId}/players/abc`, { headers: auth })).status).toBe(400);
    const patch = async (body: unknown, headers: Record<string, string> = json) =>
      fetch(`${base}/v4/sessions/${sessionId}/players/900000000000000123`, { method: "PATCH", headers, body: JSON.stringify(body) });
    const cases: Array<[unknown, string]> = [
      [{ track: { encoded: "x" }, encodedTrack: "y" }, "Cannot specify both track and encodedTrack/identifier"],
      [{ track: { encoded: "x", identifier: "y" } }, "Cannot specify both encodedTrack and identifier"],
      [{ voice: { token: "t", endpoint: "e", sessionId: "", channelId: "1" } }, "token, endpoint, sessionId and channelId must be provided in voice state"],
      [{ endTime: 0 }, "End time must be greater than 0"],
    ];
    for (const [body, message] of cases) {
      const res = await patch(body);
      expect({ status: res.status, message: (await res.json() as { message: string }).message }).toEqual({ status: 400, message });
    }
    expect((await patch({ volume: "100" })).status).toBe(400);
    expect((await patch({}, { ...auth, "Content-Type": "text/plain" })).status).toBe(415);
  });

  it("PATCH creates an idle player with Lavalink's defaults; DELETE answers 204", async () => {
    const res = await fetch(`${base}/v4/sessions/${sessionId}/players/900000000000000777?noReplace=false`, { method: "PATCH", headers: json, body: JSON.stringify({ volume: 2000 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ guildId: "900000000000000777", track: null, volume: 1000, paused: false, filters: {}, state: { position: 0, connected: false, ping: -1 } });
    expect((await (await fetch(`${base}/v4/sessions/${sessionId}/players`, { headers: auth })).json() as unknown[]).length).toBe(1);
    expect((await fetch(`${base}/v4/sessions/${sessionId}/players/900000000000000777`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/v4/sessions/${sessionId}/players/900000000000000777`, { method: "DELETE", headers: auth })).status).toBe(204);
  });

  it("session PATCH reads and sets resuming/timeout", async () => {
    const read = await fetch(`${base}/v4/sessions/${sessionId}`, { method: "PATCH", headers: json, body: "{}" });
    expect(await read.json()).toEqual({ resuming: false, timeout: 60 });
    const set = await fetch(`${base}/v4/sessions/${sessionId}`, { method: "PATCH", headers: json, body: JSON.stringify({ resuming: true, timeout: 10 }) });
    expect(await set.json()).toEqual({ resuming: true, timeout: 10 });
  });

  it("tracks: loadtracks, decodetrack(s) echo the input, and their 400s", async () => {
    const loaded = await (await fetch(`${base}/v4/loadtracks?identifier=${encodeURIComponent("emulator:Rest:1000")}`, { headers: auth })).json() as { loadType: string; data: { encoded: string } };
    expect(loaded.loadType).toBe("track");
    const decoded = await (await fetch(`${base}/v4/decodetrack?encodedTrack=${encodeURIComponent(loaded.data.encoded)}`, { headers: auth })).json() as { encoded: string; info: { title: string } };
    expect(decoded).toMatchObject({ encoded: loaded.data.encoded, info: { title: "Rest" } });
    const many = await (await fetch(`${base}/v4/decodetracks`, { method: "POST", headers: json, body: JSON.stringify([loaded.data.encoded]) })).json() as unknown[];
    expect(many).toHaveLength(1);
    expect((await fetch(`${base}/v4/loadtracks`, { headers: auth })).status).toBe(400);
    const none = await fetch(`${base}/v4/decodetrack`, { headers: auth });
    expect({ status: none.status, message: (await none.json() as { message: string }).message }).toEqual({ status: 400, message: "No track to decode provided" });
    const empty = await fetch(`${base}/v4/decodetracks`, { method: "POST", headers: json, body: "[]" });
    expect((await empty.json() as { message: string }).message).toBe("No tracks to decode provided");
  });

  it("node routes: /version text, /v4/stats aggregated without frameStats, route planner 204", async () => {
    const version = await fetch(`${base}/version`, { headers: auth });
    expect(version.headers.get("content-type")).toBe("text/plain");
    expect(await version.text()).toMatch(/^\d+\.\d+\.\d+/);
    const stats = await (await fetch(`${base}/v4/stats`, { headers: auth })).json() as Record<string, any>;
    expect(stats).toMatchObject({ players: expect.any(Number), cpu: { cores: expect.any(Number) } });
    expect("frameStats" in stats).toBe(false);
    expect((await fetch(`${base}/v4/routeplanner/status`, { headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/v4/nothing`, { headers: auth })).status).toBe(404);
  });
});
