/**
 * desiredCheckpoint: the checkpoint a player update leads to, known before Lavalink answers (so
 * the registry write can overlap the PATCH), and the updates it must leave to the sequential path.
 */
import { desiredCheckpoint } from "../../../services/lavanode/src/players/desired-checkpoint";
import type { PlayerEntry } from "../../../services/lavanode/src/players/player-table";
import type { Player } from "../../../services/common/src/lavalink-protocol/types";

const T0 = 1_700_000_000_000;

function entry(over: Partial<Player> = {}): PlayerEntry {
  const player = {
    guildId: "1",
    track: { encoded: "QUFB", info: { length: 3_600_000, isStream: false } as never, pluginInfo: {}, userData: { a: 1 } },
    volume: 100,
    paused: false,
    state: { time: T0, position: 10_000, connected: true, ping: 1 },
    voice: { token: "t", endpoint: "e", sessionId: "s" },
    filters: {},
    ...over,
  } as Player;
  return { guildId: "1", epoch: 3, player, endTimeMs: 50_000, lastUpdateAt: T0 };
}

describe("desiredCheckpoint", () => {
  it("pausing a playing player freezes the position where the track is now", () => {
    expect(desiredCheckpoint(entry(), { paused: true }, false, T0 + 2500)).toEqual({
      encodedTrack: "QUFB", positionMs: 12_500, positionAt: T0 + 2500, paused: true, volume: 100, filters: {}, endTimeMs: 50_000, userData: { a: 1 },
    });
  });

  it("resuming a paused player keeps its frozen position and restarts the clock", () => {
    expect(desiredCheckpoint(entry({ paused: true }), { paused: false }, false, T0 + 9000)).toMatchObject({ paused: false, positionMs: 10_000, positionAt: T0 + 9000 });
  });

  it("volume and filters replace theirs; the position is carried forward at the timescale speed", () => {
    const filters = { timescale: { speed: 1.5, pitch: 1, rate: 1 } };
    expect(desiredCheckpoint(entry({ filters }), { volume: 70 }, false, T0 + 1000)).toMatchObject({ volume: 70, positionMs: 11_500, filters });
    const eq = { equalizer: [{ band: 0, gain: 0.1 }] };
    expect(desiredCheckpoint(entry(), { filters: eq }, false, T0 + 10)).toMatchObject({ filters: eq, volume: 100 });
  });

  it("a seek sets the position at now; an end time is kept for the current track", () => {
    expect(desiredCheckpoint(entry(), { position: 42_000, endTime: 90_000 }, false, T0 + 5)).toMatchObject({ positionMs: 42_000, positionAt: T0 + 5, endTimeMs: 90_000 });
  });

  it("a new encoded track replaces track and user data and starts at 0; a stop clears the track", () => {
    expect(desiredCheckpoint(entry(), { track: { encoded: "QkJC", userData: { q: "x" } } }, false, T0 + 7))
      .toMatchObject({ encodedTrack: "QkJC", userData: { q: "x" }, positionMs: 0, positionAt: T0 + 7, endTimeMs: null });
    expect(desiredCheckpoint(entry(), { track: { encoded: null } }, false, T0 + 7)).toMatchObject({ encodedTrack: null, endTimeMs: null });
  });

  it("noReplace while a track plays leaves the track as it is", () => {
    expect(desiredCheckpoint(entry(), { track: { encoded: "QkJC" }, volume: 5 }, true, T0 + 7)).toMatchObject({ encodedTrack: "QUFB", volume: 5 });
    expect(desiredCheckpoint(entry({ track: null }), { track: { encoded: "QkJC" } }, true, T0 + 7)).toMatchObject({ encodedTrack: "QkJC", positionMs: 0 });
  });

  it("leaves what only Lavalink knows to the sequential path", () => {
    expect(desiredCheckpoint({ ...entry(), player: null }, { volume: 5 }, false, T0)).toBeUndefined();
    expect(desiredCheckpoint(entry(), { track: { identifier: "ytsearch:x" } }, false, T0)).toBeUndefined();
    expect(desiredCheckpoint(entry(), { identifier: "ytsearch:x" }, false, T0)).toBeUndefined();
    expect(desiredCheckpoint(entry(), { encodedTrack: "QkJC" }, false, T0)).toBeUndefined();
  });
});
