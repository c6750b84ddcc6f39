// Every REST endpoint of the Lavalink client against the in-process emulator, plus error, timeout,
// abort and unavailability paths.
import { startEmulator, type Emulator } from "../../lavalink-emulator";
import { createLavalinkRest, LavalinkSession, type LavalinkRest } from "../../../services/lavanode/src/lavalink";
import { LavalinkRestError, LavalinkTimeoutError, LavalinkUnavailableError } from "../../../services/common/src/lavalink-protocol";
import { VOICE, waitFor } from "./helpers";

const PASSWORD = "s3cret-pass";
let emulator: Emulator;
let rest: LavalinkRest;
let session: LavalinkSession;
let sessionId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, password: PASSWORD, voice: "simulated", statsIntervalMs: 60000, playerUpdateIntervalMs: 1000, clockSpeed: 1 });
  rest = createLavalinkRest({ baseUrl: emulator.url, password: PASSWORD, timeoutMs: 5000 });
  session = new LavalinkSession({ baseUrl: emulator.url, password: PASSWORD, userId: "170939974227591168", rest });
  sessionId = (await session.start({ signal: AbortSignal.timeout(10000) })).sessionId;
});

afterAll(async () => {
  await session?.close({ destroySession: true });
  rest?.close();
  await emulator?.close();
});

describe("node endpoints", () => {
  test("getVersion, getInfo, getStats", async () => {
    expect(await rest.getVersion()).toMatch(/^4\.\d+\.\d+/);
    const info = await rest.getInfo();
    expect(info.version.major).toBe(4);
    expect(info.filters).toContain("equalizer");
    const stats = await rest.getStats();
    expect(stats.frameStats).toBeNull();
    expect(stats.cpu.cores).toBeGreaterThan(0);
  });

  test("route planner: disabled (204 → null), enabled status, free address, free all", async () => {
    expect(await rest.getRoutePlannerStatus()).toBeNull();
    const disabled = await rest.freeAllRoutePlannerAddresses().catch((e) => e);
    expect(disabled).toBeInstanceOf(LavalinkRestError);
    expect(disabled).toMatchObject({ status: 500, serverMessage: "Can't access disabled route planner", method: "POST", endpoint: "/v4/routeplanner/free/all" });
    emulator.control.setRoutePlanner({ class: "RotatingNanoIpRoutePlanner" });
    try {
      const status = await rest.getRoutePlannerStatus();
      expect(status?.class).toBe("RotatingNanoIpRoutePlanner");
      await expect(rest.freeRoutePlannerAddress("1.2.3.4")).resolves.toBeUndefined();
      await expect(rest.freeAllRoutePlannerAddresses()).resolves.toBeUndefined();
      const bad = await rest.freeRoutePlannerAddress("not an address!").catch((e) => e);
      expect(bad).toMatchObject({ code: "LAVALINK_REST_ERROR", status: 400 });
    } finally {
      emulator.control.setRoutePlanner(null);
    }
  });
});

describe("tracks", () => {
  test("loadTracks: track, playlist, search, empty, error", async () => {
    const track = await rest.loadTracks("emulator:Song One:120000");
    expect(track.loadType === "track" && track.data.info).toMatchObject({ title: "Song One", length: 120000 });
    const playlist = await rest.loadTracks("emulator-playlist:mix:3:1");
    expect(playlist.loadType === "playlist" && playlist.data.info).toEqual({ name: expect.any(String), selectedTrack: 1 });
    expect(playlist.loadType === "playlist" && playlist.data.tracks).toHaveLength(3);
    const search = await rest.loadTracks("ytsearch:never gonna");
    expect(search.loadType === "search" && search.data).toHaveLength(5);
    expect(await rest.loadTracks("definitely-unknown")).toEqual({ loadType: "empty", data: null });
    const error = await rest.loadTracks("emulator-error:Video unavailable");
    expect(error).toMatchObject({ loadType: "error", data: { message: "Video unavailable", severity: "common" } });
  });

  test("decodeTrack and decodeTracks echo the input (base64 with +/= survives the query string)", async () => {
    const search = await rest.loadTracks("scsearch:lo-fi beats");
    if (search.loadType !== "search") throw new Error(search.loadType);
    const encoded = search.data.map((t) => t.encoded);
    const one = await rest.decodeTrack(encoded[0]);
    expect(one.encoded).toBe(encoded[0]);
    expect(one.info.title).toBe(search.data[0].info.title);
    const many = await rest.decodeTracks(encoded);
    expect(many.map((t) => t.encoded)).toEqual(encoded);
    const bad = await rest.decodeTrack("definitely-not-a-track").catch((e) => e);
    expect(bad).toMatchObject({ code: "LAVALINK_REST_ERROR", status: 500, method: "GET", endpoint: "/v4/decodetrack" });
    await expect(rest.decodeTracks([])).rejects.toMatchObject({ status: 400, serverMessage: "No tracks to decode provided" });
  });
});

describe("players and session", () => {
  const guildId = "817327181659111454";

  test("updatePlayer creates, plays, changes volume/filters; getPlayer/getPlayers; noReplace; destroyPlayer", async () => {
    const load = await rest.loadTracks("emulator:Player Test:300000");
    if (load.loadType !== "track") throw new Error(load.loadType);
    const created = await rest.updatePlayer(sessionId, guildId, {});
    expect(created).toMatchObject({ guildId, track: null, volume: 100, paused: false });
    const playing = await rest.updatePlayer(sessionId, guildId, {
      voice: VOICE, track: { encoded: load.data.encoded, userData: { requester: "42" } }, volume: 80,
      filters: { timescale: { speed: 1.25 }, equalizer: [{ band: 0, gain: 0.1 }] },
    });
    expect(playing.track?.info.title).toBe("Player Test");
    expect(playing.track?.userData).toEqual({ requester: "42" });
    expect(playing.volume).toBe(80);
    expect(playing.filters.timescale?.speed).toBe(1.25);
    expect(playing.voice.channelId).toBe(VOICE.channelId);

    const other = await rest.loadTracks("emulator:Other:200000");
    if (other.loadType !== "track") throw new Error(other.loadType);
    const kept = await rest.updatePlayer(sessionId, guildId, { track: { encoded: other.data.encoded }, volume: 50 }, { noReplace: true });
    expect(kept.track?.info.title).toBe("Player Test");
    expect(kept.volume).toBe(50);

    expect((await rest.getPlayer(sessionId, guildId)).track?.info.title).toBe("Player Test");
    expect((await rest.getPlayers(sessionId)).map((p) => p.guildId)).toContain(guildId);
    await rest.destroyPlayer(sessionId, guildId);
    await expect(rest.destroyPlayer(sessionId, guildId)).resolves.toBeUndefined();
    const gone = await rest.getPlayer(sessionId, guildId).catch((e) => e);
    expect(gone).toBeInstanceOf(LavalinkRestError);
    expect(gone).toMatchObject({ status: 404, error: "Not Found", serverMessage: "Player not found" });
  });

  test("PATCH validation errors surface as LavalinkRestError with the server message", async () => {
    const err = await rest.updatePlayer(sessionId, "1", { endTime: 0 }).catch((e) => e);
    expect(err).toMatchObject({ status: 400, serverMessage: "End time must be greater than 0", method: "PATCH" });
    expect(err.path).toBe(`/v4/sessions/${sessionId}/players/1`);
  });

  test("updateSession reads and writes the resume configuration", async () => {
    expect(await rest.updateSession(sessionId, {})).toEqual({ resuming: true, timeout: 60 });
    expect(await rest.updateSession(sessionId, { timeout: 30 })).toEqual({ resuming: true, timeout: 30 });
    expect(await rest.updateSession(sessionId, { timeout: 60 })).toEqual({ resuming: true, timeout: 60 });
  });

  test("unknown session → 404 Session not found", async () => {
    await expect(rest.getPlayers("nosuchsession000")).rejects.toMatchObject({ status: 404, serverMessage: "Session not found" });
  });
});

describe("failures", () => {
  test("failNextRest → LavalinkRestError with status", async () => {
    emulator.control.failNextRest(1, 503);
    const err = await rest.getInfo().catch((e) => e);
    expect(err).toBeInstanceOf(LavalinkRestError);
    expect(err).toMatchObject({ status: 503, method: "GET", endpoint: "/v4/info" });
    await expect(rest.getInfo()).resolves.toBeDefined();
  });

  test("wrong password → 403 without leaking either password", async () => {
    const wrong = createLavalinkRest({ baseUrl: emulator.url, password: "wrong-pass-xyz", timeoutMs: 5000 });
    try {
      const err = await wrong.getStats().catch((e) => e);
      expect(err).toMatchObject({ status: 403, error: "Forbidden" });
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toMatch(/wrong-pass-xyz|s3cret-pass/);
    } finally {
      wrong.close();
    }
  });

  test("frozen Lavalink: the call rejects with LavalinkTimeoutError; caller abort wins over the timeout", async () => {
    emulator.control.freeze();
    try {
      const err = await rest.getInfo({ timeoutMs: 300 }).catch((e) => e);
      expect(err).toBeInstanceOf(LavalinkTimeoutError);
      expect(err).toMatchObject({ code: "LAVALINK_TIMEOUT", timeoutMs: 300, operation: "GET /v4/info" });
      const reason = new Error("caller gave up");
      const ac = new AbortController();
      const pending = rest.getStats({ signal: ac.signal, timeoutMs: 30000 });
      ac.abort(reason);
      await expect(pending).rejects.toBe(reason);
    } finally {
      emulator.control.unfreeze();
    }
    await expect(rest.getStats()).resolves.toBeDefined();
  });

  test("unreachable Lavalink → LavalinkUnavailableError", async () => {
    const other = await startEmulator({ port: 0, password: PASSWORD });
    const client = createLavalinkRest({ baseUrl: other.url, password: PASSWORD, timeoutMs: 5000 });
    try {
      await client.getInfo();
      await other.control.kill();
      const err = await waitFor("connection refused", () => client.getInfo().then(() => null, (e) => e));
      expect(err).toBeInstanceOf(LavalinkUnavailableError);
    } finally {
      client.close();
      await other.close();
    }
  });
});
