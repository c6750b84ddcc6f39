import { WebSocket } from "ws";
import { Emulator, startEmulator } from "./index";
import { RawClient, rest } from "./raw-client";
import { waitFor } from "./wait-for";

let emu: Emulator;
const clients: RawClient[] = [];
const connect = async (opts: Parameters<typeof RawClient.connect>[1] = {}): Promise<RawClient> => {
  const c = await RawClient.connect(emu.url, opts);
  clients.push(c);
  return c;
};

beforeEach(async () => {
  emu = await startEmulator({ statsIntervalMs: 100, playerUpdateIntervalMs: 50 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await emu.close();
});

function handshakeStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(emu.url.replace("http", "ws") + path, { headers });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on("open", () => {
      ws.terminate();
      resolve(101);
    });
    ws.on("error", (e) => (e.message.includes("Unexpected server response") ? undefined : reject(e)));
  });
}

describe("WebSocket handshake and first frames", () => {
  it("rejects bad Authorization with 401 and a missing/empty/0 User-Id with 400; other paths do not upgrade", async () => {
    expect(await handshakeStatus("/v4/websocket", { Authorization: "wrong", "User-Id": "1" })).toBe(401);
    expect(await handshakeStatus("/v4/websocket", { "User-Id": "1" })).toBe(401);
    expect(await handshakeStatus("/v4/websocket", { Authorization: "youshallnotpass" })).toBe(400);
    expect(await handshakeStatus("/v4/websocket", { Authorization: "youshallnotpass", "User-Id": "" })).toBe(400);
    expect(await handshakeStatus("/v4/websocket", { Authorization: "youshallnotpass", "User-Id": "0" })).toBe(400);
    expect(await handshakeStatus("/v3/websocket", { Authorization: "youshallnotpass", "User-Id": "1" })).toBe(200);
    expect(await handshakeStatus("/v4/other", { Authorization: "youshallnotpass", "User-Id": "1" })).toBe(404);
  });

  it("closes with 1011 for a non-numeric User-Id", async () => {
    const ws = new WebSocket(emu.url.replace("http", "ws") + "/v4/websocket", { headers: { Authorization: "youshallnotpass", "User-Id": "abc" } });
    const code = await new Promise((resolve) => ws.on("close", resolve));
    expect(code).toBe(1011);
  });

  it("sends ready (16-char id) first, then stats with a frameStats key, with the handshake headers", async () => {
    const c = await connect();
    expect(c.upgradeHeaders["session-resumed"]).toBe("false");
    expect(c.upgradeHeaders["lavalink-api-version"]).toBe("4");
    expect(c.frames[0]).toEqual({ op: "ready", resumed: false, sessionId: expect.stringMatching(/^[a-z0-9]{16}$/) });
    const stats = await c.waitFrame((f) => f.op === "stats");
    expect(stats).toHaveProperty("frameStats", null);
    expect(stats).toMatchObject({ players: 0, playingPlayers: 0, cpu: { systemLoad: 0, lavalinkLoad: 0 } });
    // Periodic stats every statsIntervalMs.
    await waitFor(() => c.frames.filter((f) => f.op === "stats").length >= 3);
  });

  it("connects without Client-Name and ignores client messages", async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ op: "play" }));
    const before = c.frames.length;
    await waitFor(() => c.frames.filter((f) => f.op === "stats").length >= 2);
    expect(c.frames.slice(before).every((f) => f.op === "stats")).toBe(true);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("sends periodic playerUpdates only while a track is loaded", async () => {
    const c = await connect();
    await c.rest("PATCH", "/v4/sessions/{sid}/players/1", {});
    const idleMark = c.frames.length;
    await waitFor(() => c.frames.filter((f) => f.op === "stats").length >= 3);
    expect(c.frames.slice(idleMark).filter((f) => f.op === "playerUpdate")).toEqual([]);
    const mark = c.frames.length;
    await c.rest("PATCH", "/v4/sessions/{sid}/players/1", { track: { identifier: "emulator:a" } });
    await waitFor(() => c.frames.slice(mark).filter((f) => f.op === "playerUpdate").length >= 5);
    await c.rest("PATCH", "/v4/sessions/{sid}/players/1", { track: { encoded: null } });
    const stopMark = c.frames.length;
    await waitFor(() => c.frames.filter((f) => f.op === "stats").length >= c.frames.slice(0, stopMark).filter((f) => f.op === "stats").length + 2);
    expect(c.frames.slice(stopMark).filter((f) => f.op === "playerUpdate")).toEqual([]);
  });

  it("closes sockets with 1001 on shutdown", async () => {
    const c = await connect();
    await emu.close();
    await waitFor(() => c.closeCode !== null);
    expect(c.closeCode).toBe(1001);
  });
});

describe("session resuming", () => {
  it("pauses on a resumable disconnect: 404 on REST, events queued, updates dropped, replay on resume", async () => {
    const c = await connect();
    await c.rest("PATCH", "/v4/sessions/{sid}", { resuming: true, timeout: 30 });
    await c.rest("PATCH", "/v4/sessions/{sid}/players/7", { track: { identifier: "emulator:long:600000" } });
    await c.rest("PATCH", "/v4/sessions/{sid}/players/8", { voice: { token: "t", endpoint: "e", sessionId: "s", channelId: "1" }, track: { identifier: "emulator:short:300" } });
    const sid = c.sessionId;
    emu.control.dropWebSocket();
    await waitFor(() => emu.sessions().find((s) => s.sessionId === sid)?.state === "paused");
    expect((await rest(emu.url, "GET", `/v4/sessions/${sid}/players`)).status).toBe(404);
    // The short track on guild 8 ends while paused: its TrackEndEvent is queued.
    await waitFor(() => emu.player(sid, "8")?.track === null);
    expect(emu.sessions().find((s) => s.sessionId === sid)!.queuedFrames).toBeGreaterThanOrEqual(2); // end event + stats
    const r = await connect({ sessionId: sid });
    expect(r.upgradeHeaders["session-resumed"]).toBe("true");
    expect(r.frames[0]).toEqual({ op: "ready", resumed: true, sessionId: sid });
    await waitFor(() => r.frames.filter((f) => f.op === "playerUpdate").length >= 2);
    // Replayed frames (events, stale stats) come first, then one playerUpdate per player.
    const firstUpdate = r.frames.findIndex((f) => f.op === "playerUpdate");
    const replayed = r.frames.slice(1, firstUpdate);
    expect(replayed.some((f) => f.type === "TrackEndEvent" && f.guildId === "8" && f.reason === "finished")).toBe(true);
    expect(replayed.every((f) => f.op === "event" || f.op === "stats")).toBe(true);
    expect(r.frames.slice(firstUpdate, firstUpdate + 2).map((f) => [f.op, f.guildId]).sort()).toEqual([["playerUpdate", "7"], ["playerUpdate", "8"]]);
    expect((await r.rest("GET", "/v4/sessions/{sid}/players")).json).toHaveLength(2);
    expect(emu.counters.sessionsResumed).toBe(1);
  });

  it("destroys the session after the timeout; a later Session-Id gets a new session", async () => {
    const c = await connect();
    await c.rest("PATCH", "/v4/sessions/{sid}", { resuming: true, timeout: 1 });
    await c.rest("PATCH", "/v4/sessions/{sid}/players/7", { track: { identifier: "emulator:a" } });
    const sid = c.sessionId;
    await c.close();
    await waitFor(() => emu.sessions().length === 0, { timeoutMs: 5000 });
    expect(emu.counters.playersDestroyed).toBe(1);
    const n = await connect({ sessionId: sid });
    expect(n.frames[0]).toMatchObject({ resumed: false });
    expect(n.sessionId).not.toBe(sid);
    expect(n.upgradeHeaders["session-resumed"]).toBe("false");
  });

  it("destroys players at once on a non-resumable disconnect, and a Session-Id of an open session is not resumed", async () => {
    const c = await connect();
    await c.rest("PATCH", "/v4/sessions/{sid}/players/7", {});
    const second = await connect({ sessionId: c.sessionId });
    expect(second.sessionId).not.toBe(c.sessionId);
    await c.close();
    await waitFor(() => emu.sessions().length === 1);
    expect(emu.counters.playersDestroyed).toBe(1);
  });
});
