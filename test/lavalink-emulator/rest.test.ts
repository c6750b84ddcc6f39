import { Emulator, startEmulator } from "./index";
import { RawClient, rest } from "./raw-client";

const VOICE = { token: "tok", endpoint: "127.0.0.1:1", sessionId: "dvs", channelId: "222" };

let emu: Emulator;
let client: RawClient;

beforeEach(async () => {
  emu = await startEmulator({ password: "pw", playerUpdateIntervalMs: 50 });
  client = await RawClient.connect(emu.url, { password: "pw" });
});
afterEach(async () => {
  await client.close();
  await emu.close();
});

const call = (method: string, path: string, body?: unknown, extra: { password?: string | null; query?: string } = {}) =>
  rest(emu.url, method, path.replace("{sid}", client.sessionId) + (extra.query ?? ""), { body, password: extra.password === undefined ? "pw" : extra.password });

describe("REST auth and common rules", () => {
  it("answers 401 without Authorization and 403 with a wrong one, empty bodies, with the API version header", async () => {
    const missing = await call("GET", "/v4/info", undefined, { password: null });
    expect(missing.status).toBe(401);
    expect(missing.text).toBe("");
    expect(missing.headers.get("lavalink-api-version")).toBe("4");
    const wrong = await call("GET", "/v4/sessions/{sid}/players", undefined, { password: "nope" });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toBe("");
  });

  it("uses the error body shape, and adds trace only with ?trace=true", async () => {
    const before = Date.now();
    const res = await call("GET", "/v4/sessions/nosuchsession000/players");
    expect(res.status).toBe(404);
    expect(res.headers.get("lavalink-api-version")).toBe("4");
    expect(Object.keys(res.json)).toEqual(["timestamp", "status", "error", "message", "path"]);
    expect(res.json).toMatchObject({ status: 404, error: "Not Found", message: "Session not found", path: "/v4/sessions/nosuchsession000/players" });
    expect(res.json.timestamp).toBeGreaterThanOrEqual(before);
    const traced = await call("GET", "/v4/sessions/nosuchsession000/players", undefined, { query: "?trace=true" });
    expect(Object.keys(traced.json)).toEqual(["timestamp", "status", "error", "trace", "message", "path"]);
    const notTraced = await call("GET", "/v4/sessions/nosuchsession000/players", undefined, { query: "?trace=false" });
    expect(notTraced.json.trace).toBeUndefined();
  });

  it("returns 400 for a non-numeric guild id", async () => {
    const res = await call("PATCH", "/v4/sessions/{sid}/players/abc", {});
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: 400, error: "Bad Request", path: `/v4/sessions/${client.sessionId}/players/abc` });
  });

  it("returns 404 Session not found for an unknown session on every session route", async () => {
    for (const [method, path, body] of [
      ["GET", "/v4/sessions/unknown/players", undefined], ["GET", "/v4/sessions/unknown/players/1", undefined],
      ["PATCH", "/v4/sessions/unknown/players/1", {}], ["DELETE", "/v4/sessions/unknown/players/1", undefined],
      ["PATCH", "/v4/sessions/unknown", {}],
    ] as const) {
      const res = await call(method, path, body);
      expect([method, path, res.status, res.json?.message]).toEqual([method, path, 404, "Session not found"]);
    }
  });

  it("rejects voice without channelId (missing key or null) with 400", async () => {
    const { channelId: _c, ...noKey } = VOICE;
    const missing = await call("PATCH", "/v4/sessions/{sid}/players/1", { voice: noKey });
    expect(missing.status).toBe(400);
    const nul = await call("PATCH", "/v4/sessions/{sid}/players/1", { voice: { ...VOICE, channelId: null } });
    expect(nul.status).toBe(400);
    expect(nul.json.message).toBe("token, endpoint, sessionId and channelId must be provided in voice state");
    const blank = await call("PATCH", "/v4/sessions/{sid}/players/1", { voice: { ...VOICE, token: " " } });
    expect(blank.status).toBe(400);
    expect(emu.player(client.sessionId, "1")).toBeUndefined();
  });

  it("rejects both encoded and identifier, and track with top-level fields, with 400", async () => {
    const both = await call("PATCH", "/v4/sessions/{sid}/players/1", { track: { encoded: null, identifier: "emulator:a" } });
    expect(both.status).toBe(400);
    expect(both.json.message).toBe("Cannot specify both encodedTrack and identifier");
    const mixed = await call("PATCH", "/v4/sessions/{sid}/players/1", { track: { identifier: "emulator:a" }, encodedTrack: null });
    expect(mixed.json.message).toBe("Cannot specify both track and encodedTrack/identifier");
  });

  it("validates types, nulls, endTime and content type", async () => {
    expect((await call("PATCH", "/v4/sessions/{sid}/players/1", { volume: "100" })).status).toBe(400);
    expect((await call("PATCH", "/v4/sessions/{sid}/players/1", { volume: 1.5 })).status).toBe(400);
    expect((await call("PATCH", "/v4/sessions/{sid}/players/1", { paused: null })).status).toBe(400);
    expect((await call("PATCH", "/v4/sessions/{sid}/players/1", { track: { userData: [] } })).status).toBe(400);
    const endTime = await call("PATCH", "/v4/sessions/{sid}/players/1", { endTime: 0 });
    expect(endTime.json.message).toBe("End time must be greater than 0");
    const noJson = await rest(emu.url, "PATCH", `/v4/sessions/${client.sessionId}/players/1`, { password: "pw", rawBody: "{}", headers: { "Content-Type": "text/plain" } });
    expect(noJson.status).toBe(415);
    const badJson = await rest(emu.url, "PATCH", `/v4/sessions/${client.sessionId}/players/1`, { password: "pw", rawBody: "{", headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect((await call("PATCH", "/v4/sessions/{sid}/players/1", {}, { query: "?noReplace=maybe" })).status).toBe(400);
    expect((await call("GET", "/v4/nothing")).status).toBe(404);
    expect((await call("POST", "/v4/info")).status).toBe(405);
  });
});

describe("REST players and sessions", () => {
  it("GET players is [] and a missing player is 404 Player not found; DELETE of a missing player is 204", async () => {
    expect((await call("GET", "/v4/sessions/{sid}/players")).json).toEqual([]);
    const missing = await call("GET", "/v4/sessions/{sid}/players/5");
    expect(missing.json).toMatchObject({ status: 404, message: "Player not found" });
    expect((await call("DELETE", "/v4/sessions/{sid}/players/5")).status).toBe(204);
  });

  it("PATCH {} creates an idle player with Lavalink's default shape", async () => {
    const res = await call("PATCH", "/v4/sessions/{sid}/players/42", {});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      guildId: "42", track: null, volume: 100, paused: false,
      state: { time: expect.any(Number), position: 0, connected: false, ping: -1 },
      voice: { token: "", endpoint: "", sessionId: "", channelId: null }, filters: {},
    });
    expect(emu.counters.playersCreated).toBe(1);
  });

  it("PATCH session updates resuming/timeout partially and {} reads them", async () => {
    expect((await call("PATCH", "/v4/sessions/{sid}", {})).json).toEqual({ resuming: false, timeout: 60 });
    expect((await call("PATCH", "/v4/sessions/{sid}", { resuming: true })).json).toEqual({ resuming: true, timeout: 60 });
    expect((await call("PATCH", "/v4/sessions/{sid}", { timeout: 5 })).json).toEqual({ resuming: true, timeout: 5 });
    expect((await call("PATCH", "/v4/sessions/{sid}", { timeout: "5" })).status).toBe(400);
  });

  it("identifier play: playlist/search → 400, no match → 400, load error → 400 with its message", async () => {
    const p = "/v4/sessions/{sid}/players/1";
    expect((await call("PATCH", p, { track: { identifier: "ytsearch:abc" } })).json.message).toBe("Cannot play a playlist or search result");
    expect((await call("PATCH", p, { track: { identifier: "nope" } })).json.message).toBe("No matches found for identifier");
    expect((await call("PATCH", p, { track: { identifier: "emulator-error:Video unavailable" } })).json.message).toBe("Video unavailable");
    const ok = await call("PATCH", p, { identifier: "emulator:Deprecated form:9000" });
    expect(ok.json.track.info).toMatchObject({ title: "Deprecated form", length: 9000 });
  });
});

describe("track loading and decoding", () => {
  it("loadtracks returns every load type", async () => {
    const track = await call("GET", "/v4/loadtracks?identifier=" + encodeURIComponent("emulator:Héllo 😀:12345"));
    expect(track.json.loadType).toBe("track");
    expect(track.json.data).toMatchObject({ info: { title: "Héllo 😀", length: 12345, position: 0, isSeekable: true, sourceName: "emulator",
      uri: null, artworkUrl: null, isrc: null }, pluginInfo: {}, userData: {} });
    const http = await call("GET", "/v4/loadtracks?identifier=" + encodeURIComponent("http://127.0.0.1:2334/test.wav"));
    expect(http.json.data).toMatchObject({ info: { sourceName: "http", title: "test.wav" }, pluginInfo: { probeInfo: "wav" } });
    const playlist = await call("GET", "/v4/loadtracks?identifier=emulator-playlist:Mix:3");
    expect(playlist.json).toMatchObject({ loadType: "playlist", data: { info: { name: "Mix", selectedTrack: -1 }, pluginInfo: {} } });
    expect(playlist.json.data.tracks).toHaveLength(3);
    const search = await call("GET", "/v4/loadtracks?identifier=" + encodeURIComponent("ytsearch:never gonna"));
    expect(search.json.loadType).toBe("search");
    expect(search.json.data).toHaveLength(5);
    const again = await call("GET", "/v4/loadtracks?identifier=" + encodeURIComponent("ytsearch:never gonna"));
    expect(again.json).toEqual(search.json);
    expect((await call("GET", "/v4/loadtracks?identifier=scsearch:nothing")).json).toEqual({ loadType: "search", data: [] });
    expect((await call("GET", "/v4/loadtracks?identifier=unknown-thing")).json).toEqual({ loadType: "empty", data: null });
    const error = await call("GET", "/v4/loadtracks?identifier=emulator-error:boom");
    expect(error.status).toBe(200);
    expect(error.json).toEqual({ loadType: "error", data: { message: "boom", severity: "common", cause: expect.any(String), causeStackTrace: expect.any(String) } });
    expect((await call("GET", "/v4/loadtracks")).status).toBe(400);
  });

  it("decodetrack echoes the input; decodetracks keeps order; bad input gives 400/500", async () => {
    const loaded = (await call("GET", "/v4/loadtracks?identifier=emulator:a:1000")).json.data;
    const other = (await call("GET", "/v4/loadtracks?identifier=emulator:b:2000")).json.data;
    const one = await call("GET", "/v4/decodetrack?encodedTrack=" + encodeURIComponent(loaded.encoded));
    expect(one.json).toEqual(loaded);
    const legacy = await call("GET", "/v4/decodetrack?track=" + encodeURIComponent(loaded.encoded));
    expect(legacy.json.encoded).toBe(loaded.encoded);
    const many = await call("POST", "/v4/decodetracks", [other.encoded, loaded.encoded]);
    expect(many.json.map((t: any) => t.info.title)).toEqual(["b", "a"]);
    expect((await call("GET", "/v4/decodetrack")).json).toMatchObject({ status: 400, message: "No track to decode provided" });
    expect((await call("POST", "/v4/decodetracks", [])).json).toMatchObject({ status: 400, message: "No tracks to decode provided" });
    expect((await call("GET", "/v4/decodetrack?encodedTrack=QUJD")).status).toBe(500);
    expect((await call("POST", "/v4/decodetracks", [loaded.encoded, "garbage"])).status).toBe(500);
  });
});

describe("info, version, stats, route planner", () => {
  it("serves /version as text/plain and /v4/info with the expected shape", async () => {
    const v = await call("GET", "/version");
    expect(v.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(v.text).toBe("4.2.2");
    expect((await call("GET", "/version", undefined, { password: null })).status).toBe(401);
    const info = (await call("GET", "/v4/info")).json;
    expect(info.version).toEqual({ semver: "4.2.2", major: 4, minor: 2, patch: 2, preRelease: "" });
    expect(info.sourceManagers).toEqual(expect.arrayContaining(["youtube", "http", "soundcloud"]));
    expect(info.filters).toEqual(["volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion", "rotation", "channelMix", "lowPass"]);
  });

  it("serves /v4/stats without frameStats and with node-wide player counts", async () => {
    await call("PATCH", "/v4/sessions/{sid}/players/1", { track: { identifier: "emulator:a" } });
    await call("PATCH", "/v4/sessions/{sid}/players/2", {});
    const stats = (await call("GET", "/v4/stats")).json;
    expect(stats).toMatchObject({ players: 2, playingPlayers: 1, memory: { free: expect.any(Number) }, cpu: { cores: expect.any(Number) } });
    expect("frameStats" in stats).toBe(false);
  });

  it("route planner: 204 / 500 when disabled, status and free when enabled", async () => {
    expect((await call("GET", "/v4/routeplanner/status")).status).toBe(204);
    expect((await call("POST", "/v4/routeplanner/free/all")).json).toMatchObject({ status: 500, message: "Can't access disabled route planner" });
    expect((await call("POST", "/v4/routeplanner/free/address", { address: "1.2.3.4" })).status).toBe(500);
    emu.control.setRoutePlanner({ class: "RotatingNanoIpRoutePlanner" });
    const status = (await call("GET", "/v4/routeplanner/status")).json;
    expect(status).toMatchObject({ class: "RotatingNanoIpRoutePlanner", details: { blockIndex: "0", currentAddressIndex: "0", failingAddresses: [] } });
    expect((await call("POST", "/v4/routeplanner/free/address", { address: "1.2.3.4" })).status).toBe(204);
    expect((await call("POST", "/v4/routeplanner/free/address", { address: "not an ip" })).status).toBe(400);
    expect((await call("POST", "/v4/routeplanner/free/all")).status).toBe(204);
  });
});
