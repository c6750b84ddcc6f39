import { LavalinkProtocolError, validateErrorBody, validateFilters, validateInfo, validateLoadResult, validatePlayer, validatePlayers, validateRoutePlannerStatus, validateSessionInfo, validateStats, validateTrack, validateTracks } from "../../../services/common/src/lavalink-protocol";
import * as F from "./fixtures";

/** Runs `fn` and returns the path of the protocol error it throws. */
function failingPath(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LavalinkProtocolError);
    return (err as LavalinkProtocolError).path;
  }
  throw new Error("validation unexpectedly succeeded");
}

const track = () => JSON.parse(F.TRACK_JSON);

describe("validateLoadResult", () => {
  test("track", () => {
    const r = validateLoadResult({ loadType: "track", data: track() });
    expect(r.loadType).toBe("track");
    expect(r.loadType === "track" && r.data.info.title).toBe("Rick Astley - Never Gonna Give You Up");
  });

  test("playlist with selectedTrack -1 and pluginInfo", () => {
    const r = validateLoadResult({
      loadType: "playlist",
      data: { info: { name: "Example YouTube Playlist", selectedTrack: -1 }, pluginInfo: { a: 1 }, tracks: [track(), track()] },
    });
    expect(r).toMatchObject({ loadType: "playlist", data: { info: { selectedTrack: -1 }, pluginInfo: { a: 1 } } });
    expect(r.loadType === "playlist" && r.data.tracks).toHaveLength(2);
  });

  test("search, including an empty array", () => {
    expect(validateLoadResult({ loadType: "search", data: [track()] })).toMatchObject({ loadType: "search", data: [{ encoded: expect.any(String) }] });
    expect(validateLoadResult({ loadType: "search", data: [] })).toEqual({ loadType: "search", data: [] });
  });

  test("empty with data null (server) and {} (docs)", () => {
    expect(validateLoadResult({ loadType: "empty", data: null })).toEqual({ loadType: "empty", data: null });
    expect(validateLoadResult({ loadType: "empty", data: {} })).toEqual({ loadType: "empty", data: null });
  });

  test("error", () => {
    const data = { message: "The uploader has not made this video available in your country.", severity: "common", cause: "com.sedmelluq.discord.lavaplayer.tools.FriendlyException: This video is not available" };
    expect(validateLoadResult({ loadType: "error", data })).toEqual({ loadType: "error", data });
  });

  test("malformed: unknown loadType, bad nested track, bad playlist info", () => {
    expect(failingPath(() => validateLoadResult({ loadType: "TRACK_LOADED", data: {} }))).toBe("loadResult.loadType");
    const t = track();
    t.info.isStream = "no";
    expect(failingPath(() => validateLoadResult({ loadType: "search", data: [track(), t] }))).toBe("loadResult.data[1].info.isStream");
    expect(failingPath(() => validateLoadResult({ loadType: "playlist", data: { info: { name: "x" }, tracks: [] } }))).toBe("loadResult.data.info.selectedTrack");
    expect(failingPath(() => validateLoadResult({ loadType: "error", data: null }))).toBe("loadResult.data");
  });
});

describe("tracks", () => {
  test("decodetrack / decodetracks answers", () => {
    expect(validateTrack(track(), "track").encoded).toMatch(/^QAAA/);
    expect(validateTracks([track(), track()])).toHaveLength(2);
    expect(failingPath(() => validateTracks({}))).toBe("tracks");
    const t = track();
    t.info.uri = 5;
    expect(failingPath(() => validateTracks([t]))).toBe("tracks[0].info.uri");
  });
});

describe("validatePlayer", () => {
  test("playing player from the docs", () => {
    const p = validatePlayer(JSON.parse(F.PLAYER), "player");
    expect(p).toMatchObject({ guildId: "817327181659111454", volume: 100, paused: false, filters: {}, voice: { channelId: "1096128419530412122" } });
    expect(p.track?.info.identifier).toBe("dQw4w9WgXcQ");
  });

  test("idle player: track null, empty voice, channelId null or absent (pre-4.2)", () => {
    const o = JSON.parse(F.IDLE_PLAYER);
    expect(validatePlayer(o, "player")).toMatchObject({ track: null, state: { ping: -1 }, voice: { token: "", channelId: null } });
    delete o.voice.channelId;
    expect(validatePlayer(o, "player").voice.channelId).toBeNull();
    expect(validatePlayers([o, JSON.parse(F.PLAYER)], "players")).toHaveLength(2);
  });

  test("malformed player fields", () => {
    const bad = (mutate: (o: any) => void) => {
      const o = JSON.parse(F.PLAYER);
      mutate(o);
      return failingPath(() => validatePlayers([o], "players"));
    };
    expect(bad((o) => { o.volume = "100"; })).toBe("players[0].volume");
    expect(bad((o) => { o.volume = -1; })).toBe("players[0].volume");
    expect(bad((o) => { o.voice.token = null; })).toBe("players[0].voice.token");
    expect(bad((o) => { o.state.connected = 1; })).toBe("players[0].state.connected");
    expect(bad((o) => { o.track.info.title = null; })).toBe("players[0].track.info.title");
    expect(bad((o) => { o.filters.timescale = { speed: "fast" }; })).toBe("players[0].filters.timescale.speed");
  });
});

describe("validateFilters", () => {
  test("all ten filters plus plugin filters round-trip", () => {
    const value = JSON.parse(F.FILTERS);
    expect(validateFilters(value, "filters")).toEqual(value);
  });

  test("null object filters mean off and are dropped; partial sub-fields (pre-4.1 echo) kept", () => {
    expect(validateFilters({ karaoke: null, lowPass: { smoothing: 30 }, tremolo: {} }, "f")).toEqual({ lowPass: { smoothing: 30 }, tremolo: {} });
  });

  test("malformed filter fields", () => {
    expect(failingPath(() => validateFilters({ equalizer: [{ band: 1.5, gain: 0 }] }, "filters"))).toBe("filters.equalizer[0].band");
    expect(failingPath(() => validateFilters({ equalizer: {} }, "filters"))).toBe("filters.equalizer");
    expect(failingPath(() => validateFilters({ volume: "1" }, "filters"))).toBe("filters.volume");
    expect(failingPath(() => validateFilters({ channelMix: 1 }, "filters"))).toBe("filters.channelMix");
    expect(failingPath(() => validateFilters({ pluginFilters: [] }, "filters"))).toBe("filters.pluginFilters");
  });
});

describe("node payloads", () => {
  test("info from the docs (with build) and from a real 4.2 server (preRelease \"\")", () => {
    const info = validateInfo(JSON.parse(F.INFO));
    expect(info.version).toEqual({ semver: "4.0.0-beta.1", major: 4, minor: 0, patch: 0, preRelease: "beta.1", build: null });
    expect(info.plugins).toEqual([{ name: "some-plugin", version: "1.0.0" }, { name: "foo-plugin", version: "1.2.3" }]);
    const o = JSON.parse(F.INFO);
    o.version = { semver: "4.2.2", major: 4, minor: 2, patch: 2, preRelease: "" };
    expect(validateInfo(o).version.preRelease).toBe("");
    o.filters = ["volume", 3];
    expect(failingPath(() => validateInfo(o))).toBe("info.filters[1]");
  });

  test("REST stats omit frameStats → null", () => {
    expect(validateStats(JSON.parse(F.REST_STATS)).frameStats).toBeNull();
    const o = JSON.parse(F.REST_STATS);
    o.cpu.cores = 2.5;
    expect(failingPath(() => validateStats(o))).toBe("stats.cpu.cores");
  });

  test.each(Object.entries(F.ROUTE_PLANNERS))("route planner %s", (cls, text) => {
    const s = validateRoutePlannerStatus(JSON.parse(text));
    expect(s.class).toBe(cls);
    expect(s.details.failingAddresses[0]).toEqual({ failingAddress: "/1.0.0.0", failingTimestamp: 1573520707545, failingTime: "Mon Nov 11 20:05:07 EST 2019" });
  });

  test("route planner malformed", () => {
    const o = JSON.parse(F.ROUTE_PLANNERS.NanoIpRoutePlanner);
    delete o.details.currentAddressIndex;
    expect(failingPath(() => validateRoutePlannerStatus(o))).toBe("routePlanner.details.currentAddressIndex");
    o.class = "MysteryPlanner";
    expect(failingPath(() => validateRoutePlannerStatus(o))).toBe("routePlanner.class");
  });

  test("session info", () => {
    expect(validateSessionInfo({ resuming: true, timeout: 60 })).toEqual({ resuming: true, timeout: 60 });
    expect(failingPath(() => validateSessionInfo({ resuming: "yes", timeout: 60 }))).toBe("session.resuming");
  });

  test("error body with and without trace", () => {
    expect(validateErrorBody(JSON.parse(F.ERROR_BODY))).toMatchObject({ status: 404, message: "Session not found", trace: "..." });
    const o = JSON.parse(F.ERROR_BODY);
    delete o.trace;
    expect("trace" in validateErrorBody(o)).toBe(false);
  });
});
