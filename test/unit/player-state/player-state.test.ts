// The one definition of Lavalink PATCH semantics and position extrapolation, driven by bodies in
// the form Lavalink's docs show (PATCH /v4/sessions/{sessionId}/players/{guildId}, the Player object).
import { applyUpdate, extrapolatePositionMs, fromLavalinkPlayer, playbackSpeed, toRebuildPatch } from "../../../services/common/src/player-state";
import { defaultPlayerState } from "../../../services/common/src/registry/validate-player";
import type { Player, PlayerUpdate } from "../../../services/common/src/lavalink-protocol";
import type { PlayerRecord, PlayerState } from "../../../services/common/src/registry/types";

const T0 = 1_700_000_000_000;
const ENCODED = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==";
const OTHER = "QAAAdQIAEU90aGVyIHRyYWNrIHRpdGxlAAZhdXRob3IAAAAAAAGGoAAEb3RoZXIAAQAQaHR0cHM6Ly9leGFtcGxlLmNvbQAEaHR0cAAAAAAAAAAA";

const playing = (over: Partial<PlayerState> = {}): PlayerState => ({
  ...defaultPlayerState(), encodedTrack: ENCODED, positionMs: 10_000, positionAt: T0, userData: { requester: "1" }, ...over,
});
const parse = (json: string): PlayerUpdate => JSON.parse(json) as PlayerUpdate;

describe("applyUpdate", () => {
  it("starts a track from the docs' PATCH body: position 0, unpaused, user data attached", () => {
    const body = parse(`{"track": {"encoded": "${OTHER}", "userData": {"queue": 2}}, "volume": 80}`);
    const next = applyUpdate(playing({ paused: true, endTimeMs: 50_000 }), body, T0 + 5000);
    expect(next).toMatchObject({ encodedTrack: OTHER, positionMs: 0, positionAt: T0 + 5000, paused: false, endTimeMs: null, userData: { queue: 2 }, volume: 80 });
  });

  it("keeps the playing track with noReplace, and skips the fields tied to it", () => {
    const body = parse(`{"track": {"encoded": "${OTHER}"}, "position": 3000, "paused": true, "volume": 50}`);
    const next = applyUpdate(playing(), body, T0 + 1000, { noReplace: true });
    expect(next).toMatchObject({ encodedTrack: ENCODED, positionMs: 10_000, paused: false, volume: 50 });
  });

  it("replaces the track when noReplace is false", () => {
    const next = applyUpdate(playing(), parse(`{"track": {"encoded": "${OTHER}"}}`), T0 + 1000, { noReplace: false });
    expect(next).toMatchObject({ encodedTrack: OTHER, positionMs: 0, userData: {} });
  });

  it("noReplace on an idle player plays the track", () => {
    const next = applyUpdate(defaultPlayerState(), parse(`{"track": {"encoded": "${OTHER}"}}`), T0, { noReplace: true });
    expect(next.encodedTrack).toBe(OTHER);
  });

  it("stops with track.encoded null: no end time, unpaused", () => {
    const next = applyUpdate(playing({ endTimeMs: 40_000, paused: true }), parse(`{"track": {"encoded": null}}`), T0);
    expect(next).toMatchObject({ encodedTrack: null, endTimeMs: null, paused: false });
  });

  it("an identifier plays what it resolved to, and stops when it resolved to nothing", () => {
    const body = parse(`{"track": {"identifier": "dQw4w9WgXcQ"}}`);
    expect(applyUpdate(defaultPlayerState(), body, T0, { resolvedTrack: ENCODED }).encodedTrack).toBe(ENCODED);
    expect(applyUpdate(playing(), body, T0).encodedTrack).toBeNull();
  });

  it("seeks (clamped at 0) and re-timestamps; endTime null clears the marker", () => {
    const next = applyUpdate(playing({ endTimeMs: 90_000 }), parse(`{"position": -20, "endTime": null}`), T0 + 7000);
    expect(next).toMatchObject({ positionMs: 0, positionAt: T0 + 7000, endTimeMs: null });
    expect(applyUpdate(playing(), parse(`{"endTime": 120000}`), T0).endTimeMs).toBe(120_000);
  });

  it("an idle player has no end time", () => {
    expect(applyUpdate(defaultPlayerState(), parse(`{"endTime": 120000}`), T0).endTimeMs).toBeNull();
  });

  it("replaces filters as a whole", () => {
    const before = playing({ filters: { timescale: { speed: 1.2 }, volume: 0.5 } });
    const next = applyUpdate(before, parse(`{"filters": {"karaoke": {"level": 1.0}}}`), T0);
    expect(next.filters).toEqual({ karaoke: { level: 1 } });
    expect(applyUpdate(before, parse(`{"filters": {}}`), T0).filters).toEqual({});
  });

  it("a userData-only track object keeps the track", () => {
    const next = applyUpdate(playing(), parse(`{"track": {"userData": {"x": 1}}}`), T0 + 10);
    expect(next).toMatchObject({ encodedTrack: ENCODED, positionMs: 10_000, userData: { x: 1 } });
  });

  it("does not mutate its input", () => {
    const before = playing();
    const copy = structuredClone(before);
    applyUpdate(before, parse(`{"track": {"encoded": null}, "volume": 1}`), T0);
    expect(before).toEqual(copy);
  });
});

describe("extrapolatePositionMs", () => {
  it("advances at 1x without a timescale filter", () => {
    expect(extrapolatePositionMs(playing(), T0 + 2000)).toBe(12_000);
  });

  it("advances at speed x rate with a timescale filter", () => {
    expect(playbackSpeed({ timescale: { speed: 1.2 } })).toBeCloseTo(1.2);
    expect(playbackSpeed({ timescale: { speed: 1.5, rate: 2, pitch: 0.5 } })).toBeCloseTo(3);
    expect(extrapolatePositionMs(playing({ filters: { timescale: { speed: 1.2, pitch: 1.0, rate: 1.0 } } }), T0 + 10_000)).toBeCloseTo(22_000);
  });

  it("stays put when paused or idle, and when the clock went backwards", () => {
    expect(extrapolatePositionMs(playing({ paused: true }), T0 + 5000)).toBe(10_000);
    expect(extrapolatePositionMs({ ...defaultPlayerState(), positionMs: 0 }, T0 + 5000)).toBe(0);
    expect(extrapolatePositionMs(playing(), T0 - 5000)).toBe(10_000);
  });

  it("stops at the track's end when its length is known, not for streams", () => {
    expect(extrapolatePositionMs(playing(), T0 + 600_000, { lengthMs: 212_000 })).toBe(212_000);
    expect(extrapolatePositionMs(playing(), T0 + 600_000, { lengthMs: 212_000, isStream: true })).toBe(610_000);
  });
});

describe("toRebuildPatch", () => {
  const record = (state: PlayerState): PlayerRecord => ({
    guildId: "300000000000000001", ownerNodeId: "node-a", epoch: 2, state, createdAt: T0, updatedAt: T0,
    voice: { token: "tok", endpoint: "us-east1.discord.media:443", sessionId: "sess", channelId: "200000000000000001" },
  });

  it("restores a 1.2x player where it would be now (not at 1x)", () => {
    const patch = toRebuildPatch(record(playing({ filters: { timescale: { speed: 1.2 } } })), T0 + 5000);
    expect(patch.position).toBe(16_000);
    expect(patch.filters).toEqual({ timescale: { speed: 1.2 } });
  });

  it("is a full state: track with user data, voice, volume, paused, filters", () => {
    const patch = toRebuildPatch(record(playing({ endTimeMs: 60_000, volume: 70 })), T0 + 1000);
    expect(patch).toEqual({
      track: { encoded: ENCODED, userData: { requester: "1" } }, position: 11_000, endTime: 60_000, volume: 70, paused: false,
      filters: {}, voice: { token: "tok", endpoint: "us-east1.discord.media:443", sessionId: "sess", channelId: "200000000000000001" },
    });
  });

  it("drops an end time already reached, and sends position 0 when idle", () => {
    expect(toRebuildPatch(record(playing({ endTimeMs: 11_000 })), T0 + 5000).endTime).toBeNull();
    const idle = toRebuildPatch(record({ ...defaultPlayerState(), positionMs: 500 }), T0);
    expect(idle).toMatchObject({ track: { encoded: null }, position: 0, endTime: null });
  });

  it("keeps a paused player's position", () => {
    expect(toRebuildPatch(record(playing({ paused: true })), T0 + 60_000).position).toBe(10_000);
  });
});

describe("fromLavalinkPlayer", () => {
  const player = JSON.parse(`{
    "guildId": "300000000000000001",
    "track": {"encoded": "${ENCODED}", "info": {"identifier": "dQw4w9WgXcQ", "isSeekable": true, "author": "RickAstleyVEVO", "length": 212000,
      "isStream": false, "position": 0, "title": "Rick Astley - Never Gonna Give You Up", "uri": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "artworkUrl": null, "isrc": null, "sourceName": "youtube"}, "pluginInfo": {}, "userData": {"requester": "1"}},
    "volume": 100, "paused": false,
    "state": {"time": 1500467109, "position": 60000.4, "connected": true, "ping": 50},
    "voice": {"token": "...", "endpoint": "...", "sessionId": "...", "channelId": "..."},
    "filters": {"timescale": {"speed": 1.1}}
  }`) as Player;

  it("checkpoints what Lavalink reported, with the node's end marker", () => {
    expect(fromLavalinkPlayer(player, 200_000, T0)).toEqual({
      encodedTrack: ENCODED, positionMs: 60_000, positionAt: 1500467109, paused: false, volume: 100,
      filters: { timescale: { speed: 1.1 } }, endTimeMs: 200_000, userData: { requester: "1" },
    });
  });

  it("an idle player has no end marker and is timestamped now when Lavalink gave no time", () => {
    const idle = { ...player, track: null, state: { ...player.state, time: 0 } } as Player;
    expect(fromLavalinkPlayer(idle, 200_000, T0)).toMatchObject({ encodedTrack: null, endTimeMs: null, positionAt: T0, userData: {} });
  });

  it("round-trips through a rebuild", () => {
    const state = fromLavalinkPlayer({ ...player, state: { ...player.state, time: T0 } }, null, T0);
    const patch = toRebuildPatch({ guildId: player.guildId, ownerNodeId: "n", epoch: 1, state, createdAt: T0, updatedAt: T0 }, T0 + 1000);
    expect(patch.position).toBe(61_100);
    expect(patch.track).toEqual({ encoded: ENCODED, userData: { requester: "1" } });
  });
});
