/**
 * Auto-advance across two in-process Routers sharing one Redis registry. Each Router's hub is
 * handed the same TrackEnd, as each receives it from its own stream to the node: the queue
 * advances exactly once, repeat modes hold, stale and non-advancing ends change nothing.
 */
import { randomUUID } from "node:crypto";
import { TrackEndReason } from "../../../gen/ts/pyro/lavalink/v1/events";
import { RepeatMode } from "../../../gen/ts/pyro/router/v1/queue";
import { advanceAfterEnd, type AdvanceOutcome } from "../../../services/router/src/queue/auto-advance";
import { createQueuePlayback } from "../../../services/router/src/queue/queue-playback";
import { readPlayTag, type PlayTag } from "../../../services/router/src/queue/queue-entry";
import { waitFor } from "../../support/wait-for";
import { encoded, makeRegistry, src, startQueueRouter, type QueueRouter } from "./queue-harness";

let guildSeq = 1;
const freshGuild = (): string => String(310000000000000000n + BigInt(guildSeq++));

describe("queue auto-advance with two Routers on Redis", () => {
  const prefix = `tqa-${randomUUID().slice(0, 8)}:`;
  let a: QueueRouter;
  let b: QueueRouter;
  beforeAll(async () => {
    a = await startQueueRouter(makeRegistry("redis", prefix));
    b = await startQueueRouter(makeRegistry("redis", prefix));
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  /** The play tag the guild's player holds now. */
  const playing = async (g: string): Promise<PlayTag | undefined> => readPlayTag((await a.registry.players.get(g))?.state.userData);

  /** Both Routers handle the end of `tag` concurrently; returns their outcomes, sorted. */
  const endOnBoth = async (g: string, tag: PlayTag): Promise<AdvanceOutcome[]> => {
    const run = (r: QueueRouter) => advanceAfterEnd({ registry: r.registry, playback: createQueuePlayback(r.app.context), logger: r.app.context.logger }, g, tag);
    return (await Promise.all([run(a), run(b)])).sort();
  };

  it("advances once per end, in order, and ends the queue", async () => {
    const g = freshGuild();
    const { added } = await a.client.enqueue({ guildId: g, tracks: [1, 2, 3].map((n) => src(n)), playIfIdle: true });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const tag = (await playing(g))!;
      order.push(tag.itemId);
      expect(await endOnBoth(g, tag)).toEqual([i < 2 ? "advanced" : "ended", "lost"]);
      // The same end seen again (a late replica) changes nothing.
      expect(await endOnBoth(g, tag)).toEqual(["lost", "lost"]);
    }
    expect(order).toEqual(added.map((e) => e.entryId));
    const q = await b.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 10 });
    expect(q.nowPlaying).toBeUndefined();
    expect(q.history.map((e) => e.entryId)).toEqual([...order].reverse());
  });

  it("repeat track replays the same entry once per end; repeat queue wraps", async () => {
    const g = freshGuild();
    const { added } = await a.client.enqueue({ guildId: g, tracks: [1, 2].map((n) => src(n)), playIfIdle: true });
    await b.client.setRepeatMode({ guildId: g, repeatMode: RepeatMode.REPEAT_MODE_TRACK });
    const first = (await playing(g))!;
    expect(await endOnBoth(g, first)).toEqual(["advanced", "lost"]);
    const replay = (await playing(g))!;
    expect(replay.itemId).toBe(first.itemId);
    expect(replay.since).toBeGreaterThan(first.since);
    expect(await endOnBoth(g, first)).toEqual(["lost", "lost"]);

    await b.client.setRepeatMode({ guildId: g, repeatMode: RepeatMode.REPEAT_MODE_QUEUE });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const tag = (await playing(g))!;
      expect(await endOnBoth(g, tag)).toEqual(["advanced", "lost"]);
      seen.push((await playing(g))!.itemId);
    }
    const [x, y] = added.map((e) => e.entryId);
    expect(seen).toEqual([y, x, y, x]);
  });

  it("advances from TrackEnd events delivered to both hubs, and only for may_start_next", async () => {
    const g = freshGuild();
    await a.client.enqueue({ guildId: g, tracks: [1, 2, 3].map((n) => src(n)), playIfIdle: true });
    const end = (tag: PlayTag, reason: TrackEndReason, mayStartNext: boolean) => {
      const userData = { pyroQueueItemId: tag.itemId, pyroQueueSince: tag.since };
      for (const r of [a, b]) {
        r.app.context.hub.fromNode({ guildId: g, nodeId: "node-x", kind: { $case: "trackEnd", value: { track: { encoded: encoded(1), userData }, reason, mayStartNext } } }, 0n);
      }
    };
    const first = (await playing(g))!;
    end(first, TrackEndReason.TRACK_END_REASON_REPLACED, false);
    end(first, TrackEndReason.TRACK_END_REASON_STOPPED, false);
    end(first, TrackEndReason.TRACK_END_REASON_FINISHED, true);
    const second = await waitFor(async () => {
      const t = await playing(g);
      return t && t.itemId !== first.itemId ? t : undefined;
    }, { what: "the second entry to play" });
    const q = await a.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 });
    expect(q).toMatchObject({ version: BigInt(second.since), upcomingLength: 1 });
    end(second, TrackEndReason.TRACK_END_REASON_LOAD_FAILED, true);
    const third = await waitFor(async () => {
      const t = await playing(g);
      return t && t.since > second.since ? t : undefined;
    }, { what: "the third entry to play" });
    expect((await a.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 })).version).toBe(BigInt(third.since));
  });
});
