// When a rebuilt player is caught up (catch-up.ts): the lag is measured at Lavalink's own timestamp
// against the checkpoint's extrapolation, and only for players whose position can be corrected.
import { rebuildLagMs } from "../../../services/lavanode/src/players/catch-up";
import { buildPlayerRecord } from "../../../services/common/src/registry/player-init";
import type { PlayerRecord } from "../../../services/common/src/registry/types";
import type { Player } from "../../../services/common/src/lavalink-protocol/types";
import { PLAYER } from "../../support/lavalink-json-fixtures";

const AT = 1_700_000_000_000;

function record(positionMs: number, positionAt: number, paused = false): PlayerRecord {
  const r = buildPlayerRecord({ guildId: "1" }, AT);
  return { ...r, state: { ...r.state, encodedTrack: "QAAA", positionMs, positionAt, paused } };
}

function answer(position: number, time: number, patch: Partial<Player> = {}): Player {
  const p = JSON.parse(PLAYER) as Player;
  return { ...p, filters: {}, ...patch, state: { ...p.state, position, time } };
}

describe("rebuildLagMs", () => {
  it("is how far Lavalink's answer is behind the checkpoint's extrapolation to the answer's timestamp", () => {
    // Checkpoint: 60 s at AT. Lavalink answers 2 s later, but applied the position built at AT.
    expect(rebuildLagMs(record(60_000, AT), answer(60_000, AT + 2000))).toBe(2000);
    expect(rebuildLagMs(record(60_000, AT), answer(62_000, AT + 2000))).toBe(0);
    expect(rebuildLagMs(record(60_000, AT), answer(62_500, AT + 2000))).toBe(-500);
  });

  it("is undefined where a seek must not or cannot correct it", () => {
    const p = JSON.parse(PLAYER) as Player;
    expect(rebuildLagMs(record(60_000, AT, true), answer(60_000, AT + 2000, { paused: true }))).toBeUndefined();
    expect(rebuildLagMs(record(60_000, AT), answer(60_000, 0))).toBeUndefined();
    expect(rebuildLagMs(record(60_000, AT), answer(60_000, AT + 2000, { track: undefined }))).toBeUndefined();
    expect(rebuildLagMs(record(60_000, AT), answer(60_000, AT + 2000, { track: { ...p.track!, info: { ...p.track!.info, isStream: true } } }))).toBeUndefined();
    expect(rebuildLagMs(record(60_000, AT), answer(60_000, AT + 2000, { track: { ...p.track!, info: { ...p.track!.info, isSeekable: false } } }))).toBeUndefined();
  });
});
