// The event tracker: which Lavalink frames change the player table and when they are checkpointed.
// The table is the real one; the commands object records checkpoints (no Lavalink, no registry).
import { silentLogger } from "../../../services/common/src/logger";
import { parseMessage } from "../../../services/common/src/lavalink-protocol/validate-message";
import type { LavalinkEvent, PlayerUpdateMessage } from "../../../services/common/src/lavalink-protocol/message-types";
import type { Player, Track } from "../../../services/common/src/lavalink-protocol/types";
import { createEventTracker } from "../../../services/lavanode/src/players/event-tracker";
import type { PlayerCommands } from "../../../services/lavanode/src/players/player-commands";
import { PlayerTable, type PlayerEntry } from "../../../services/lavanode/src/players/player-table";
import { GUILD_ID, PLAYER, PLAYER_UPDATE, TRACK, TRACK_END, TRACK_START } from "../../support/lavalink-json-fixtures";

function setup(positionCheckpointMs = 5000) {
  let clock = 1_000_000;
  const saved: Array<{ track: Track | null; position: number }> = [];
  const table = new PlayerTable();
  const commands = {
    checkpoint: async (entry: PlayerEntry) => {
      saved.push({ track: entry.player?.track ?? null, position: entry.player?.state.position ?? -1 });
    },
  } as unknown as PlayerCommands;
  const tracker = createEventTracker({ table, commands, logger: silentLogger, positionCheckpointMs, now: () => clock });
  const entry = table.adopt(GUILD_ID, 3);
  entry.player = JSON.parse(PLAYER) as Player;
  return { tracker, table, saved, entry, advance: (ms: number) => (clock += ms), now: () => clock };
}

const frame = <T>(json: string): T => parseMessage(json) as unknown as T;
const otherTrack = (): Track => ({ ...(JSON.parse(TRACK) as Track), info: { ...(JSON.parse(TRACK) as Track).info, identifier: "another-one" } });

describe("event tracker", () => {
  it("TrackStartEvent sets the track at position 0 and checkpoints at once", () => {
    const t = setup();
    t.entry.player = { ...t.entry.player!, track: null };
    t.tracker.onEvent(frame<LavalinkEvent>(TRACK_START));
    expect(t.entry.player!.track?.info.identifier).toBe((JSON.parse(TRACK) as Track).info.identifier);
    expect(t.entry.player!.state.position).toBe(0);
    expect(t.entry.player!.state.time).toBe(t.now());
    expect(t.saved).toHaveLength(1);
  });

  // Issue 14's position outlier: a rebuild at 60 s answered (echo: position 60000 at Lavalink's
  // time), then its TrackStartEvent was read; the old code checkpointed position 0 at the time of
  // reading, so a failover in the next seconds restarted the song (or resumed it seconds behind,
  // when the frame was read late after a first placement).
  it("the TrackStartEvent of the track the entry already holds keeps its Lavalink-timestamped state", () => {
    const t = setup();
    t.advance(2500);
    t.tracker.onEvent(frame<LavalinkEvent>(TRACK_START));
    expect(t.entry.player!.state).toEqual((JSON.parse(PLAYER) as Player).state);
    expect(t.saved).toEqual([{ track: expect.objectContaining({ encoded: (JSON.parse(TRACK) as Track).encoded }), position: 60000 }]);
  });

  it("the TrackStartEvent of a track the entry does not hold takes the position Lavalink reports in it", () => {
    const t = setup();
    t.entry.player = { ...t.entry.player!, track: otherTrack() };
    const start = JSON.parse(TRACK_START) as { track: Track };
    start.track.info.position = 42000;
    t.tracker.onEvent(frame<LavalinkEvent>(JSON.stringify(start)));
    expect(t.entry.player!.track?.info.identifier).toBe((JSON.parse(TRACK) as Track).info.identifier);
    expect(t.entry.player!.state.position).toBe(42000);
    expect(t.entry.player!.state.time).toBe(t.now());
    expect(t.saved).toHaveLength(1);
  });

  it.each(["finished", "loadFailed", "cleanup"])("a Lavalink-decided end (%s) of the current track clears it and checkpoints", (reason) => {
    const t = setup();
    t.entry.endTimeMs = 9000;
    t.tracker.onEvent(frame<LavalinkEvent>(TRACK_END(reason)));
    expect(t.entry.player!.track).toBeNull();
    expect(t.entry.endTimeMs).toBeNull();
    expect(t.saved).toEqual([{ track: null, position: 0 }]);
  });

  it.each(["stopped", "replaced"])("a command-caused end (%s) leaves the track to the command's answer", (reason) => {
    const t = setup();
    t.tracker.onEvent(frame<LavalinkEvent>(TRACK_END(reason)));
    expect(t.entry.player!.track).not.toBeNull();
    expect(t.saved).toHaveLength(0);
  });

  it("the end of another track (a copy being replaced) does not clear the current one", () => {
    const t = setup();
    t.entry.player = { ...t.entry.player!, track: otherTrack() };
    t.tracker.onEvent(frame<LavalinkEvent>(TRACK_END("finished")));
    expect(t.entry.player!.track?.info.identifier).toBe("another-one");
    expect(t.saved).toHaveLength(0);
  });

  it("playerUpdate frames are checkpointed at most once per interval per player", () => {
    const t = setup(5000);
    const update = frame<PlayerUpdateMessage>(PLAYER_UPDATE);
    t.tracker.onPlayerUpdate(update);
    expect(t.saved).toHaveLength(1);
    t.advance(4999);
    t.tracker.onPlayerUpdate(update);
    expect(t.saved).toHaveLength(1);
    t.advance(1);
    t.tracker.onPlayerUpdate(update);
    expect(t.saved).toHaveLength(2);
    expect(t.entry.player!.state.position).toBe(60000);
    expect(t.entry.lastUpdateAt).toBe(t.now());
  });

  it("frames of guilds the node does not hold, or holds without a Lavalink player yet, change nothing", () => {
    const t = setup();
    const pending = t.table.adopt("123456789012345678", 1);
    t.tracker.onPlayerUpdate({ ...frame<PlayerUpdateMessage>(PLAYER_UPDATE), guildId: "999999999999999999" });
    t.tracker.onEvent({ ...frame<LavalinkEvent>(TRACK_START), guildId: "123456789012345678" } as LavalinkEvent);
    expect(pending.player).toBeNull();
    expect(t.table.get("999999999999999999")).toBeUndefined();
    expect(t.saved).toHaveLength(0);
  });
});
