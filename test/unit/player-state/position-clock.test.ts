// Position semantics while a player waits (issue: the position ran before there was audio, and a
// pause counted as playback). Driven by an explicit clock: no waiting.
import { applyUpdate, extrapolatePositionMs, isClockRunning, settlePosition, toRebuildPatch } from "../../../services/common/src/player-state";
import { defaultPlayerState } from "../../../services/common/src/registry/validate-player";
import type { PlayerUpdate } from "../../../services/common/src/lavalink-protocol";
import type { PlayerRecord } from "../../../services/common/src/registry/types";

const T0 = 1_700_000_000_000;
const ENCODED = "QAAAdQIAEU90aGVyIHRyYWNrIHRpdGxlAAZhdXRob3IAAAAAAAGGoAAEb3RoZXIAAQAQaHR0cHM6Ly9leGFtcGxlLmNvbQAEaHR0cAAAAAAAAAAA";
const VOICE = { token: "t", endpoint: "e.discord.media", sessionId: "s", channelId: "c" };
const parse = (json: string): PlayerUpdate => JSON.parse(json) as PlayerUpdate;
const record = (over: Partial<PlayerRecord>): PlayerRecord => ({
  guildId: "1", ownerNodeId: null, epoch: 1, state: defaultPlayerState(), createdAt: T0, updatedAt: T0, ...over,
});

describe("the clock of a waiting player", () => {
  it("runs only with an owner and voice", () => {
    expect(isClockRunning(record({}))).toBe(false);
    expect(isClockRunning(record({ voice: VOICE }))).toBe(false);
    expect(isClockRunning(record({ ownerNodeId: "n1" }))).toBe(false);
    expect(isClockRunning(record({ ownerNodeId: "n1", voice: VOICE }))).toBe(true);
  });

  it("wait 4 s for voice, then play: the rebuild starts at 0", () => {
    const state = applyUpdate(defaultPlayerState(), parse(`{"track": {"encoded": "${ENCODED}"}}`), T0, { clockRunning: false });
    const waiting = record({ voice: VOICE, state });
    expect(extrapolatePositionMs(state, T0 + 4000, {}, isClockRunning(waiting))).toBe(0);
    // Placement settles the checkpoint at the moment the node takes it, then the node rebuilds.
    const placed = record({ ownerNodeId: "n1", voice: VOICE, state: settlePosition(state, T0 + 4000, false) });
    expect(toRebuildPatch(placed, T0 + 4010).position).toBeLessThanOrEqual(10);
    // The first rebuild holds the position: however late the node runs it, the track starts at 0.
    expect(toRebuildPatch(placed, T0 + 4900, true).position).toBe(0);
  });

  it("a seek while waiting is kept exactly", () => {
    const playing = applyUpdate(defaultPlayerState(), parse(`{"track": {"encoded": "${ENCODED}"}}`), T0, { clockRunning: false });
    const sought = applyUpdate(playing, parse(`{"position": 61234}`), T0 + 1000, { clockRunning: false });
    const placed = settlePosition(sought, T0 + 9000, false);
    expect(placed).toMatchObject({ positionMs: 61234, positionAt: T0 + 9000 });
    expect(toRebuildPatch(record({ ownerNodeId: "n1", voice: VOICE, state: placed }), T0 + 9000).position).toBe(61234);
  });
});

describe("pause records the position", () => {
  const at10s = { ...defaultPlayerState(), encodedTrack: ENCODED, positionMs: 10_000, positionAt: T0 };

  it("pause 10 s while waiting, then unpause: the position is unchanged", () => {
    const paused = applyUpdate(at10s, parse(`{"paused": true}`), T0 + 500, { clockRunning: false });
    const resumed = applyUpdate(paused, parse(`{"paused": false}`), T0 + 10_500, { clockRunning: false });
    expect(resumed).toMatchObject({ paused: false, positionMs: 10_000, positionAt: T0 + 10_500 });
    expect(toRebuildPatch(record({ ownerNodeId: "n1", voice: VOICE, state: resumed }), T0 + 10_500).position).toBe(10_000);
  });

  it("a running player paused after 2 s keeps 12 s however long the pause lasts, and resumes from it", () => {
    const paused = applyUpdate(at10s, parse(`{"paused": true}`), T0 + 2000);
    expect(paused).toMatchObject({ paused: true, positionMs: 12_000, positionAt: T0 + 2000 });
    const resumed = applyUpdate(paused, parse(`{"paused": false}`), T0 + 60_000);
    expect(resumed).toMatchObject({ positionMs: 12_000, positionAt: T0 + 60_000 });
    expect(extrapolatePositionMs(resumed, T0 + 61_000)).toBe(13_000);
  });

  it("pause with a seek in the same PATCH keeps the seek", () => {
    const next = applyUpdate(at10s, parse(`{"paused": true, "position": 500}`), T0 + 3000);
    expect(next).toMatchObject({ paused: true, positionMs: 500, positionAt: T0 + 3000 });
  });
});
