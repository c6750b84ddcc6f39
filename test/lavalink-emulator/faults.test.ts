import { createConnection } from "node:net";
import { WebSocket } from "ws";
import { Emulator, startEmulator } from "./index";
import { RawClient, rest } from "./raw-client";
import { waitFor } from "./wait-for";

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ playerUpdateIntervalMs: 50, statsIntervalMs: 100 });
});
afterEach(async () => {
  await emu.close();
});

function tcpRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(port, "127.0.0.1");
    s.on("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

describe("fault controls", () => {
  it("kill drops sockets, loses state and refuses connections; revive listens again on the same port", async () => {
    const c = await RawClient.connect(emu.url);
    await c.rest("PATCH", "/v4/sessions/{sid}/players/1", {});
    await emu.control.kill();
    await waitFor(() => c.closeCode !== null);
    expect(c.closeCode).toBe(1006);
    expect(await tcpRefused(emu.port)).toBe(true);
    await emu.control.revive();
    expect(emu.sessions()).toEqual([]);
    const again = await RawClient.connect(emu.url);
    expect(again.frames[0]).toMatchObject({ op: "ready", resumed: false });
    await again.close();
  });

  it("kill over HTTP with reviveAfterMs comes back by itself", async () => {
    const res = await rest(emu.url, "POST", "/_emulator/kill", { body: { reviveAfterMs: 100 } });
    expect(res.status).toBe(204);
    await waitFor(() => emu.control.killed === false, { timeoutMs: 5000 });
    expect((await rest(emu.url, "GET", "/version")).text).toBe("4.2.2");
  });

  it("freeze accepts TCP but answers nothing until unfreeze; control routes stay usable", async () => {
    const c = await RawClient.connect(emu.url);
    await rest(emu.url, "POST", "/_emulator/freeze");
    const marker = c.frames.length;
    let answered = false;
    const pending = rest(emu.url, "GET", "/v4/info").then((r) => {
      answered = true;
      return r;
    });
    const state = await rest(emu.url, "GET", "/_emulator/state");
    expect(state.json.frozen).toBe(true);
    // A negative assertion needs time to pass: let three stats periods (100 ms each) go by.
    const frozenAt = Date.now();
    await waitFor(() => Date.now() - frozenAt >= 300);
    expect(answered).toBe(false);
    expect(c.frames.length).toBe(marker);
    expect(emu.counters.restRequests).toBe(0);
    emu.control.unfreeze();
    expect((await pending).status).toBe(200);
    await c.waitFrame((f) => f.op === "stats", { from: marker });
    await c.close();
  });

  it("dropWebSocket closes sockets only; REST keeps working", async () => {
    const c = await RawClient.connect(emu.url);
    emu.control.dropWebSocket();
    await waitFor(() => c.closeCode === 1006);
    expect((await rest(emu.url, "GET", "/v4/info")).status).toBe(200);
  });

  it("failNextRest fails the next N Lavalink requests with the status", async () => {
    await rest(emu.url, "POST", "/_emulator/failNextRest", { body: { count: 2, status: 503 } });
    const a = await rest(emu.url, "GET", "/v4/info");
    expect(a.json).toMatchObject({ status: 503, error: "Service Unavailable", path: "/v4/info" });
    expect((await rest(emu.url, "GET", "/v4/stats")).status).toBe(503);
    expect((await rest(emu.url, "GET", "/v4/stats")).status).toBe(200);
    expect(emu.counters.restRequests).toBe(3);
  });

  it("setStats steers cpu load and frame stats on WS stats; computed frame stats turn healthy after a minute", async () => {
    const c = await RawClient.connect(emu.url);
    await rest(emu.url, "POST", "/_emulator/setStats", { body: { cpu: { systemLoad: 0.75, lavalinkLoad: 0.5 }, frameStats: { sent: 2000, nulled: 500, deficit: 500 } } });
    const forced = await c.waitFrame((f) => f.op === "stats" && f.cpu.systemLoad === 0.75);
    expect(forced).toMatchObject({ cpu: { lavalinkLoad: 0.5 }, frameStats: { sent: 2000, nulled: 500, deficit: 500 } });
    emu.control.setStats({});
    emu.control.setClockSpeed(300);
    await c.rest("PATCH", "/v4/sessions/{sid}/players/1", { voice: { token: "t", endpoint: "e", sessionId: "s", channelId: "1" }, track: { identifier: "emulator:long:3600000" } });
    const healthy = await c.waitFrame((f) => f.op === "stats" && f.frameStats !== null && f.cpu.systemLoad === 0);
    expect(healthy.frameStats).toEqual({ sent: 3000, nulled: 0, deficit: 0 });
    await c.close();
  });

  it("control API needs the password and validates input; state lists counters and players", async () => {
    expect((await rest(emu.url, "GET", "/_emulator/state", { password: null })).status).toBe(401);
    expect((await rest(emu.url, "POST", "/_emulator/setClockSpeed", { body: { speed: -1 } })).status).toBe(400);
    expect((await rest(emu.url, "POST", "/_emulator/failTrack", { body: {} })).status).toBe(400);
    expect((await rest(emu.url, "POST", "/_emulator/nope")).status).toBe(404);
    const c = await RawClient.connect(emu.url);
    await c.rest("PATCH", "/v4/sessions/{sid}/players/9", { track: { identifier: "emulator:a" } });
    const state = (await rest(emu.url, "GET", "/_emulator/state")).json;
    expect(state.counters).toMatchObject({ trackStarts: 1, playersCreated: 1, trackStartsByGuild: { "9": 1 } });
    expect(state.players[c.sessionId][0]).toMatchObject({ guildId: "9", track: { info: { title: "a" } } });
    await c.close();
  });

  it("sendRawFrames writes text and binary frames as-is, in order, on open sessions only", async () => {
    const received: Array<{ text: string; binary: boolean }> = [];
    const ws = new WebSocket(`${emu.url.replace(/^http/, "ws")}/v4/websocket`, { headers: { Authorization: "youshallnotpass", "User-Id": "1" } });
    ws.on("message", (data: Buffer, binary: boolean) => received.push({ text: binary ? data.toString("hex") : data.toString(), binary }));
    await waitFor(() => received.length > 0);
    const sessionId = (JSON.parse(received[0].text) as { sessionId: string }).sessionId;
    const from = received.length;
    const frames = ['{"op":"playerUpdate","guildId":', { binary: Buffer.from([0, 1, 254, 255]).toString("base64") }, '{"op":"nope"}', ""];
    expect((await rest(emu.url, "POST", "/_emulator/sendRawFrames", { body: { sessionId, frames } })).status).toBe(204);
    const isFuzz = (f: { text: string }): boolean => !f.text.startsWith('{"op":"stats"') && !f.text.startsWith('{"op":"ready"');
    await waitFor(() => received.slice(from).filter(isFuzz).length === 4);
    expect(received.slice(from).filter(isFuzz)).toEqual([
      { text: '{"op":"playerUpdate","guildId":', binary: false },
      { text: "0001feff", binary: true },
      { text: '{"op":"nope"}', binary: false },
      { text: "", binary: false },
    ]);
    expect(emu.control.sendRawFrames(["x"])).toBe(1);
    expect((await rest(emu.url, "POST", "/_emulator/sendRawFrames", { body: { sessionId: "nosuchsession000", frames: ["x"] } })).status).toBe(404);
    expect((await rest(emu.url, "POST", "/_emulator/sendRawFrames", { body: { frames: [] } })).status).toBe(400);
    expect((await rest(emu.url, "POST", "/_emulator/sendRawFrames", { body: { frames: [42] } })).status).toBe(400);
    const closed = new Promise((resolve) => ws.once("close", resolve));
    ws.close();
    await closed;
    // Without resuming the session is destroyed with its socket: nobody is left to send to.
    await waitFor(() => emu.sessions().length === 0);
    expect((await rest(emu.url, "POST", "/_emulator/sendRawFrames", { body: { frames: ["x"] } })).status).toBe(404);
    expect(emu.control.sendRawFrames(["x"])).toBe(0);
  });
});
