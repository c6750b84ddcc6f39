import { GuildEventFilter } from "../../../services/router/src/lavalink-compat/guild-event-filter";
import { MoveReason, type Event } from "../../../gen/ts/pyro/router/v1/event";
import { TrackEndReason } from "../../../gen/ts/pyro/lavalink/v1/events";

const info = (title: string, positionMs = 0n) => ({ identifier: title, isSeekable: true, author: "a", lengthMs: 1000n, isStream: false, positionMs, title, sourceName: "http" });
const track = (title: string, positionMs = 0n) => ({ encoded: `${title}-${positionMs}`, info: info(title, positionMs), pluginInfo: {}, userData: {} });
const ev = (nodeId: string, kind: Event["kind"]): Event => ({ sequence: 0n, timestamp: new Date(), guildId: "1", nodeId, kind, replay: false, guildSequence: 0n });
const start = (nodeId: string, title: string, pos = 0n) => ev(nodeId, { $case: "trackStart", value: { track: track(title, pos) } });
const update = (nodeId: string) => ev(nodeId, { $case: "playerUpdate", value: { guildId: "1", state: { time: new Date(), positionMs: 0n, connected: true, pingMs: 1 } } });
const end = (nodeId: string) => ev(nodeId, { $case: "trackEnd", value: { track: track("a"), reason: TrackEndReason.TRACK_END_REASON_STOPPED, mayStartNext: false } });
const moved = (nodeId: string) => ev(nodeId, { $case: "playerMoved", value: { oldNodeId: "a", newNodeId: nodeId, reason: MoveReason.MOVE_REASON_NODE_DIED, epoch: 2n, positionMs: 0n } });

describe("GuildEventFilter", () => {
  it("forwards a start, swallows the rebuild start on a new owner, drops the old owner's output", () => {
    const f = new GuildEventFilter();
    expect(f.admit(start("a", "song"))).toBe(true);
    expect(f.admit(update("a"))).toBe(true);
    expect(f.admit(start("b", "song", 5000n))).toBe(false);
    expect(f.admit(update("b"))).toBe(true);
    expect(f.admit(update("a"))).toBe(false);
    expect(f.admit(end("a"))).toBe(false);
    expect(f.admit(end("b"))).toBe(true);
  });

  it("a move announced first still swallows the rebuild start; Pyro events are never forwarded", () => {
    const f = new GuildEventFilter();
    f.admit(start("a", "song"));
    expect(f.admit(moved("b"))).toBe(false);
    expect(f.admit(start("b", "song", 3000n))).toBe(false);
    expect(f.admit(start("b", "other"))).toBe(true);
  });

  it("a new track or a replay after an end is a real start", () => {
    const f = new GuildEventFilter();
    f.admit(start("a", "song"));
    expect(f.admit(end("a"))).toBe(true);
    expect(f.admit(start("a", "song"))).toBe(true);
    expect(f.admit(start("c", "next"))).toBe(true);
  });
});
