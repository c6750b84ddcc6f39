// The emulator's simulated plugins: listed in /v4/info only when enabled, their routes, events and source.
import { Emulator, startEmulator } from "./index";
import { parseEmulatorArgs } from "./cli-args";
import { RawClient, rest } from "./raw-client";

const VOICE = { token: "tok", endpoint: "127.0.0.1:1", sessionId: "dvs", channelId: "222" };
const GUILD = "1001";

let emu: Emulator;
let client: RawClient;

async function setup(plugins: string[]): Promise<void> {
  emu = await startEmulator({ password: "pw", playerUpdateIntervalMs: 50, clockSpeed: 20, plugins });
  client = await RawClient.connect(emu.url, { password: "pw" });
}
afterEach(async () => {
  await client?.close();
  await emu?.close();
});

const call = (method: string, path: string, body?: unknown) => rest(emu.url, method, path.replace("{sid}", client.sessionId), { body, password: "pw" });

describe("emulator plugins", () => {
  it("lists nothing without plugins and 404s their routes", async () => {
    await setup([]);
    const info = (await call("GET", "/v4/info")).json;
    expect(info.plugins).toEqual([]);
    expect(info.sourceManagers).not.toContain("segments");
    expect((await call("GET", "/v4/lyrics?track=x")).status).toBe(404);
    expect((await call("GET", "/v4/loadtracks?identifier=segments:a")).json.loadType).toBe("empty");
  });

  it("lists each enabled plugin as Lavalink does, with the segment source", async () => {
    await setup(["lyrics", "segment-skip"]);
    const info = (await call("GET", "/v4/info")).json;
    expect(info.plugins).toEqual([
      { name: "lavalyrics-plugin", version: "1.1.0" }, { name: "java-lyrics-plugin", version: "1.6.6" }, { name: "sponsorblock-plugin", version: "3.0.1" },
    ]);
    expect(info.sourceManagers).toContain("segments");
  });

  it("lyrics: global route, player route, subscription with found and timed line events", async () => {
    await setup(["lyrics"]);
    const track = (await call("GET", "/v4/loadtracks?identifier=emulator:song:60000")).json.data;
    const global = await call("GET", `/v4/lyrics?track=${track.encoded}&skipTrackSource=false`);
    expect(global.status).toBe(200);
    expect(global.json.lines).toHaveLength(6);
    expect(global.json.lines[1]).toEqual({ timestamp: 10000, duration: 10000, line: "song line 2", plugin: {} });
    expect((await call("GET", "/v4/lyrics")).status).toBe(400);
    expect((await call("GET", `/v4/sessions/{sid}/players/${GUILD}/track/lyrics`)).status).toBe(404);
    await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { voice: VOICE });
    expect((await call("POST", `/v4/sessions/{sid}/players/${GUILD}/lyrics/subscribe?skipTrackSource=false`)).status).toBe(204);
    await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { track: { encoded: track.encoded } });
    const current = await call("GET", `/v4/sessions/{sid}/players/${GUILD}/track/lyrics`);
    expect(current.json.text).toContain("song line 1");
    await client.waitFrame((f) => f.type === "LyricsLineEvent" && f.lineIndex === 5, { timeoutMs: 10000 });
    const types = client.events().map((e) => e.type).filter((t) => t.startsWith("Lyrics") || t === "TrackStartEvent");
    expect(types).toEqual(["TrackStartEvent", "LyricsFoundEvent", ...Array(6).fill("LyricsLineEvent")]);
    const lines = client.events().filter((e) => e.type === "LyricsLineEvent");
    expect(lines.map((e) => e.lineIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lines[0]).toMatchObject({ guildId: GUILD, line: { line: "song line 1" }, skipped: false });
    expect((await call("DELETE", `/v4/sessions/{sid}/players/${GUILD}/lyrics/subscribe`)).status).toBe(204);
  });

  it("segment-skip: categories per player, segments loaded and skipped, the segments source", async () => {
    await setup(["segment-skip"]);
    const loaded = (await call("GET", "/v4/loadtracks?identifier=segments:talk:10000")).json;
    expect(loaded).toMatchObject({ loadType: "track", data: { info: { sourceName: "segments", identifier: "segments:talk:10000" } } });
    await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { voice: VOICE });
    const path = `/v4/sessions/{sid}/players/${GUILD}/sponsorblock/categories`;
    expect((await call("GET", path)).json).toEqual([]);
    expect((await call("PUT", path, ["bogus"])).status).toBe(400);
    expect((await call("PUT", path, ["sponsor"])).status).toBe(204);
    expect((await call("GET", path)).json).toEqual(["sponsor"]);
    expect((await call("GET", `/v4/sessions/{sid}/players/2002/sponsorblock/categories`)).status).toBe(404);
    await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { track: { encoded: loaded.data.encoded } });
    const skipped = await client.waitFrame((f) => f.type === "SegmentSkipped", { timeoutMs: 10000 });
    expect(skipped).toEqual({ op: "event", type: "SegmentSkipped", guildId: GUILD, segment: { category: "sponsor", start: 1000, end: 2000 } });
    expect(client.events().find((e) => e.type === "SegmentsLoaded")).toMatchObject({ segments: [{ category: "sponsor" }] });
    expect((await call("DELETE", path)).status).toBe(204);
    expect((await call("GET", path)).json).toEqual([]);
    // Categories belong to the player: destroying it drops them, as on a real node.
    await call("PUT", path, ["selfpromo"]);
    await call("DELETE", `/v4/sessions/{sid}/players/${GUILD}`);
    await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { voice: VOICE });
    expect((await call("GET", path)).json).toEqual([]);
  });

  it("echo-filter: keeps pluginFilters.echo where installed, drops it elsewhere", async () => {
    await setup(["echo-filter"]);
    expect((await call("GET", "/v4/info")).json.filters).toContain("echo");
    const patched = await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { filters: { pluginFilters: { echo: { decay: 0.3 }, other: { x: 1 } } } });
    expect(patched.json.filters).toEqual({ pluginFilters: { echo: { echoLength: 1, decay: 0.3 } } });
    expect((await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { filters: { pluginFilters: { echo: { decay: "x" } } } })).status).toBe(400);
    await client.close();
    await emu.close();
    await setup([]);
    const plain = await call("PATCH", `/v4/sessions/{sid}/players/${GUILD}`, { filters: { pluginFilters: { echo: { decay: 0.3 } } } });
    expect(plain.json.filters).toEqual({});
  });

  it("takes --plugin on the command line and rejects unknown names", () => {
    expect(parseEmulatorArgs(["--plugin", "lyrics", "--plugin=segment-skip"])).toEqual({ ok: true, options: { plugins: ["lyrics", "segment-skip"] } });
    expect(parseEmulatorArgs(["--plugin", "lavasrc"])).toMatchObject({ ok: false });
  });
});
