import { Emulator, startEmulator } from "./index";
import { Frame, RawClient } from "./raw-client";
import { waitFor } from "./wait-for";

const VOICE = { token: "tok", endpoint: "127.0.0.1:1", sessionId: "dvs", channelId: "222" };
const P = "/v4/sessions/{sid}/players/1";

let emu: Emulator;
let c: RawClient;

async function setup(opts: Parameters<typeof startEmulator>[0] = {}): Promise<void> {
  emu = await startEmulator({ playerUpdateIntervalMs: 50, statsIntervalMs: 60000, ...opts });
  c = await RawClient.connect(emu.url);
}
afterEach(async () => {
  await c.close();
  await emu.close();
});

const types = (frames: Frame[]): string[] => frames.filter((f) => f.op === "event").map((f) => (f.reason ? `${f.type}:${f.reason}` : f.type));

describe("simulated voice", () => {
  it("plays with voice: connected, position advances, pause freezes it, seek moves it, timescale speeds it up", async () => {
    await setup({ clockSpeed: 10 });
    const res = await c.rest("PATCH", P, { voice: VOICE, track: { identifier: "emulator:song:600000", userData: { q: 1 } } });
    expect(res.json).toMatchObject({ voice: VOICE, state: { connected: true }, track: { info: { title: "song" }, userData: { q: 1 } } });
    const start = await c.waitFrame((f) => f.type === "TrackStartEvent");
    expect(start.track).toMatchObject({ userData: { q: 1 }, pluginInfo: {} });
    await waitFor(() => (emu.player(c.sessionId, "1") as any).state.position >= 2000);
    await c.rest("PATCH", P, { paused: true });
    const paused = (emu.player(c.sessionId, "1") as any).state.position;
    const mark = c.frames.length;
    await waitFor(() => c.frames.slice(mark).filter((f) => f.op === "playerUpdate").length >= 3);
    expect((emu.player(c.sessionId, "1") as any).state.position).toBe(paused);
    expect(types(c.frames.slice(mark))).toEqual([]); // no event for pause
    await c.rest("PATCH", P, { paused: false, position: 100000 });
    const seekUpdate = await c.waitFrame((f) => f.op === "playerUpdate" && f.state.position >= 100000, { from: mark });
    expect(seekUpdate.state).toMatchObject({ connected: true, ping: expect.any(Number) });
    const p1 = (emu.player(c.sessionId, "1") as any).state.position;
    await c.rest("PATCH", P, { filters: { timescale: { speed: 2 } } });
    expect((emu.player(c.sessionId, "1") as any).filters).toEqual({ timescale: { speed: 2, pitch: 1, rate: 1 } });
    const t0 = Date.now();
    await waitFor(() => (emu.player(c.sessionId, "1") as any).state.position >= p1 + 4000);
    // At speed 2 × clock 10, 4 s of media needs ~200 ms of wall time; at speed 1 it would need 400 ms.
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("ends with finished, honours endTime, and emits replaced before the next start", async () => {
    await setup({ clockSpeed: 20 });
    await c.rest("PATCH", P, { voice: VOICE, track: { identifier: "emulator:short:1000" } });
    await c.waitFrame((f) => f.type === "TrackEndEvent");
    await c.rest("PATCH", P, { track: { identifier: "emulator:long:600000" }, endTime: 2000 });
    const end = await c.waitFrame((f) => f.type === "TrackEndEvent" && f.track.info.title === "long");
    expect(end.reason).toBe("finished");
    const mark = c.frames.length;
    await c.rest("PATCH", P, { track: { identifier: "emulator:a:600000" } });
    await c.rest("PATCH", P, { track: { identifier: "emulator:b:600000" } });
    await c.rest("PATCH", P, { track: { identifier: "emulator:c:600000" } }, );
    expect(types(c.frames.slice(mark))).toEqual(["TrackStartEvent", "TrackEndEvent:replaced", "TrackStartEvent", "TrackEndEvent:replaced", "TrackStartEvent"]);
    expect(types(c.frames.slice(0, mark))).toEqual(["TrackStartEvent", "TrackEndEvent:finished", "TrackStartEvent", "TrackEndEvent:finished"]);
    expect(emu.counters.trackStarts).toBe(5);
    expect(emu.counters.trackStartsByGuild.get("1")).toBe(5);
  });

  it("applies noReplace, userData replacement, volume clamp, stop (un-pausing), and DELETE events", async () => {
    await setup();
    await c.rest("PATCH", P, { voice: VOICE, track: { identifier: "emulator:a" }, paused: true });
    const kept = await c.rest("PATCH", P + "?noReplace=true", { track: { identifier: "emulator:b" }, volume: 2000, paused: false });
    expect(kept.json).toMatchObject({ track: { info: { title: "a" } }, volume: 1000, paused: true });
    const ud = await c.rest("PATCH", P, { track: { userData: { x: "y" } } });
    expect(ud.json.track.userData).toEqual({ x: "y" });
    const stopped = await c.rest("PATCH", P, { track: { encoded: null }, position: 0 });
    expect(stopped.json).toMatchObject({ track: null, paused: false });
    await c.rest("PATCH", P, { track: { identifier: "emulator:c" } });
    const mark = c.frames.length;
    expect((await c.rest("DELETE", P)).status).toBe(204);
    await c.waitFrame((f) => f.type === "WebSocketClosedEvent", { from: mark });
    expect(types(c.frames.slice(mark))).toEqual(["TrackEndEvent:stopped", "WebSocketClosedEvent"]);
    expect(c.frames.slice(mark).find((f) => f.type === "WebSocketClosedEvent")).toMatchObject({ code: 1000, reason: "", byRemote: false });
    expect(types(c.frames)).toContain("TrackEndEvent:stopped");
  });

  it("filters replace the whole chain and trigger a playerUpdate", async () => {
    await setup();
    await c.rest("PATCH", P, { voice: VOICE });
    const mark = c.frames.length;
    const first = await c.rest("PATCH", P, { filters: { timescale: { speed: 1.2 }, equalizer: [{ band: 0, gain: 0.2 }, { band: 3 }] } });
    expect(first.json.filters).toEqual({ equalizer: [{ band: 0, gain: 0.2 }, { band: 3, gain: 1 }], timescale: { speed: 1.2, pitch: 1, rate: 1 } });
    await c.waitFrame((f) => f.op === "playerUpdate", { from: mark });
    const second = await c.rest("PATCH", P, { filters: { volume: 1, karaoke: null, lowPass: {} } });
    expect(second.json.filters).toEqual({ volume: 1, lowPass: { smoothing: 20 } });
    expect((await c.rest("PATCH", P, { filters: { equalizer: [{ band: 15, gain: 0 }] } })).status).toBe(500);
  });
});

describe("no-voice mode", () => {
  it("keeps connected false, ping -1, position 0, and ends the track with cleanup after 60 s of media time", async () => {
    await setup({ voice: "no-voice", clockSpeed: 200 });
    const res = await c.rest("PATCH", P, { voice: VOICE, track: { identifier: "emulator:a:1000" } });
    expect(res.json.state).toMatchObject({ connected: false, ping: -1, position: 0 });
    expect(res.json.voice).toEqual(VOICE);
    const mark = c.frames.length;
    await c.rest("PATCH", P, { position: 500 });
    const seek = await c.waitFrame((f) => f.op === "playerUpdate", { from: mark });
    expect(seek.state.position).toBe(500);
    const end = await c.waitFrame((f) => f.type === "TrackEndEvent", { timeoutMs: 10000 });
    expect(end.reason).toBe("cleanup");
    const updates = c.frames.filter((f) => f.op === "playerUpdate");
    expect(updates.every((f) => f.state.connected === false && f.state.ping === -1)).toBe(true);
    expect(updates.filter((f) => f !== seek).every((f) => f.state.position === 0)).toBe(true);
    expect(types(c.frames)).toEqual(["TrackStartEvent", "TrackEndEvent:cleanup"]);
  });
});

describe("track faults", () => {
  it("failTrack: exception then loadFailed; at a position: exception then finished", async () => {
    await setup({ clockSpeed: 20 });
    emu.control.failTrack("emulator:bad");
    await c.rest("PATCH", P, { voice: VOICE, track: { identifier: "emulator:bad" } });
    await c.waitFrame((f) => f.type === "TrackEndEvent");
    expect(types(c.frames)).toEqual(["TrackStartEvent", "TrackExceptionEvent", "TrackEndEvent:loadFailed"]);
    expect(c.frames.find((f) => f.type === "TrackExceptionEvent")!.exception).toEqual({
      message: expect.any(String), severity: "fault", cause: expect.any(String), causeStackTrace: expect.any(String) });
    const loaded = (await c.rest("GET", "/v4/loadtracks?identifier=emulator:mid:600000")).json.data;
    emu.control.failTrack(loaded.encoded, { atMs: 1000, severity: "common", message: "decoder died" });
    const mark = c.frames.length;
    await c.rest("PATCH", P, { track: { encoded: loaded.encoded } });
    await c.waitFrame((f) => f.type === "TrackEndEvent", { from: mark });
    expect(types(c.frames.slice(mark))).toEqual(["TrackStartEvent", "TrackExceptionEvent", "TrackEndEvent:finished"]);
    expect(emu.counters.trackStartsByTrack.get(loaded.encoded)).toBe(1);
  });

  it("stickTrack: TrackStuckEvent with thresholdMs followed by a playerUpdate; the track keeps its place", async () => {
    await setup({ clockSpeed: 50 });
    emu.control.stickTrack("emulator:sticky:600000", { atMs: 1000 });
    await c.rest("PATCH", P, { voice: VOICE, track: { identifier: "emulator:sticky:600000" } });
    const stuck = await c.waitFrame((f) => f.type === "TrackStuckEvent");
    expect(stuck.thresholdMs).toBe(10000);
    const idx = c.frames.indexOf(stuck);
    await waitFor(() => c.frames.length > idx + 1);
    expect(c.frames[idx + 1].op).toBe("playerUpdate");
    expect((emu.player(c.sessionId, "1") as any).track.info.title).toBe("sticky");
  });
});
