/**
 * Queue RPCs against an in-process Router (real gRPC) on both registry backends: every operation,
 * ABORTED on a version mismatch, RESOURCE_EXHAUSTED at the maximum length, INVALID_ARGUMENT naming
 * the field for bad indexes, no lost update under parallel appends, and the queue events.
 */
import { status } from "@grpc/grpc-js";
import { RepeatMode } from "../../../gen/ts/pyro/router/v1/queue";
import { QueueChange, type Event } from "../../../gen/ts/pyro/router/v1/event";
import { waitFor } from "../../support/wait-for";
import { encoded, makeRegistry, src, startQueueRouter, type Backend, type QueueRouter } from "./queue-harness";

const G = "300000000000000001";
let nextGuild = 2;
const freshGuild = (): string => String(300000000000000000n + BigInt(nextGuild++));

describe.each<Backend>(["memory", "redis"])("queue RPCs (%s registry)", (backend) => {
  let r: QueueRouter;
  beforeAll(async () => {
    r = await startQueueRouter(makeRegistry(backend), ["--max-queue-length", "120"]);
  });
  afterAll(async () => {
    await r?.stop();
  });

  const titles = async (g: string): Promise<string[]> =>
    (await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 })).upcoming.map((e) => e.track!.encoded);

  it("appends, inserts at an index and pages, with ids, times and user data", async () => {
    const g = freshGuild();
    const first = await r.client.enqueue({ guildId: g, tracks: [src(1), src(2), src(3)], playIfIdle: false });
    expect(first).toMatchObject({ version: 1n, upcomingLength: 3, started: false });
    expect(new Set(first.added.map((e) => e.entryId)).size).toBe(3);
    expect(first.added[0]!.addedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const inserted = await r.client.enqueue({ guildId: g, tracks: [src(9, { requester: "u1" })], index: 1, playIfIdle: false });
    expect(inserted.added[0]!.track).toMatchObject({ encoded: encoded(9), userData: { requester: "u1" } });
    expect(await titles(g)).toEqual([1, 9, 2, 3].map(encoded));
    const page = await r.client.getQueue({ guildId: g, offset: 1, limit: 2, historyLimit: 0 });
    expect(page).toMatchObject({ version: 2n, offset: 1, upcomingLength: 4, repeatMode: RepeatMode.REPEAT_MODE_OFF });
    expect(page.upcoming.map((e) => e.track!.encoded)).toEqual([9, 2].map(encoded));
    expect(page.nowPlaying).toBeUndefined();
  });

  it("removes by index, range and entry id; moves; shuffles reproducibly; clears", async () => {
    const g = freshGuild();
    const { added } = await r.client.enqueue({ guildId: g, tracks: [1, 2, 3, 4, 5, 6].map((n) => src(n)), playIfIdle: false });
    expect((await r.client.removeFromQueue({ guildId: g, target: { $case: "index", value: 0 } })).removed.map((e) => e.entryId)).toEqual([added[0]!.entryId]);
    const range = await r.client.removeFromQueue({ guildId: g, target: { $case: "range", value: { start: 1, end: 3 } } });
    expect(range.removed.map((e) => e.track!.encoded)).toEqual([3, 4].map(encoded));
    const byId = await r.client.removeFromQueue({ guildId: g, target: { $case: "entryId", value: added[5]!.entryId } });
    expect(byId).toMatchObject({ version: 4n });
    expect(await titles(g)).toEqual([2, 5].map(encoded));
    await expect(r.client.removeFromQueue({ guildId: g, target: { $case: "entryId", value: added[5]!.entryId } })).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect(await r.client.moveInQueue({ guildId: g, fromIndex: 0, toIndex: 1 })).toEqual({ version: 5n });
    expect(await titles(g)).toEqual([5, 2].map(encoded));

    await r.client.enqueue({ guildId: g, tracks: [7, 8, 9, 10, 11, 12].map((n) => src(n)), playIfIdle: false });
    const h = freshGuild();
    await r.client.enqueue({ guildId: h, tracks: [5, 2, 7, 8, 9, 10, 11, 12].map((n) => src(n)), playIfIdle: false });
    const before = await titles(g);
    await r.client.shuffleQueue({ guildId: g, seed: 1234n });
    await r.client.shuffleQueue({ guildId: h, seed: 1234n });
    const after = await titles(g);
    expect(after).toEqual(await titles(h));
    expect(after).not.toEqual(before);
    expect([...after].sort()).toEqual([...before].sort());

    await r.client.skip({ guildId: g, count: 2 });
    const cleared = await r.client.clearQueue({ guildId: g, clearHistory: false });
    expect(cleared.removedCount).toBe(6);
    const q = await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 10 });
    expect(q).toMatchObject({ upcomingLength: 0, version: cleared.version });
    expect(q.nowPlaying).toBeDefined();
    expect(q.history).toHaveLength(1);
    await r.client.clearQueue({ guildId: g, clearHistory: true });
    expect((await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 10 })).history).toEqual([]);
  });

  it("skips and goes back, driving the player, and ends the queue", async () => {
    const g = freshGuild();
    const { added } = await r.client.enqueue({ guildId: g, tracks: [1, 2, 3, 4].map((n) => src(n)), playIfIdle: true });
    const ids = added.map((e) => e.entryId);
    const started = await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 5 });
    expect(started.nowPlaying?.entryId).toBe(ids[0]);
    // The player (no voice yet: awaiting it) holds the track, tagged with the entry and its play.
    const player = await r.registry.players.get(g);
    expect(player?.state).toMatchObject({ encodedTrack: encoded(1), userData: { pyroQueueItemId: ids[0], pyroQueueSince: Number(started.version) } });
    // A second play_if_idle does not restart anything.
    expect((await r.client.enqueue({ guildId: g, tracks: [src(5)], playIfIdle: true })).started).toBe(false);

    const skip = await r.client.skip({ guildId: g, count: 2 });
    expect(skip.nowPlaying?.entryId).toBe(ids[2]);
    expect(skip.skipped.map((e) => e.entryId)).toEqual([ids[0], ids[1]]);
    expect((await r.registry.players.get(g))?.state.encodedTrack).toBe(encoded(3));
    const back = await r.client.previous({ guildId: g });
    expect(back.nowPlaying?.entryId).toBe(ids[1]);
    const q = await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 5 });
    expect(q.upcoming.map((e) => e.entryId).slice(0, 2)).toEqual([ids[2], ids[3]]);
    expect(q.history.map((e) => e.entryId)).toEqual([ids[0]]);

    const end = await r.client.skip({ guildId: g, count: 10 });
    expect(end.nowPlaying).toBeUndefined();
    expect((await r.registry.players.get(g))?.state.encodedTrack).toBeNull();
    await r.client.previous({ guildId: g });
    await r.client.clearQueue({ guildId: g, clearHistory: true });
    await expect(r.client.previous({ guildId: g })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
  });

  it("sets the repeat mode", async () => {
    const g = freshGuild();
    const v = await r.client.setRepeatMode({ guildId: g, repeatMode: RepeatMode.REPEAT_MODE_QUEUE });
    expect(v.version).toBe(1n);
    expect((await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 })).repeatMode).toBe(RepeatMode.REPEAT_MODE_QUEUE);
  });

  it("rejects every edit with a stale expected_version (ABORTED) and changes nothing", async () => {
    const g = freshGuild();
    await r.client.enqueue({ guildId: g, tracks: [1, 2, 3].map((n) => src(n)), playIfIdle: false });
    await r.client.skip({ guildId: g });
    const stale = { guildId: g, expectedVersion: 1n };
    const calls: Array<() => Promise<unknown>> = [
      () => r.client.enqueue({ ...stale, tracks: [src(4)], playIfIdle: false }),
      () => r.client.removeFromQueue({ ...stale, target: { $case: "index", value: 0 } }),
      () => r.client.removeFromQueue({ ...stale, target: { $case: "entryId", value: "x" } }),
      () => r.client.moveInQueue({ ...stale, fromIndex: 0, toIndex: 1 }),
      () => r.client.shuffleQueue({ ...stale, seed: 1n }),
      () => r.client.clearQueue({ ...stale, clearHistory: false }),
      () => r.client.skip({ ...stale }),
      () => r.client.previous({ ...stale }),
      () => r.client.setRepeatMode({ ...stale, repeatMode: RepeatMode.REPEAT_MODE_TRACK }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: status.ABORTED });
    const q = await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 });
    expect(q).toMatchObject({ version: 2n, upcomingLength: 2, repeatMode: RepeatMode.REPEAT_MODE_OFF });
    expect((await r.client.enqueue({ guildId: g, expectedVersion: 2n, tracks: [src(4)], playIfIdle: false })).version).toBe(3n);
  });

  it("enforces the maximum length with RESOURCE_EXHAUSTED, writing nothing", async () => {
    const g = freshGuild();
    await r.client.enqueue({ guildId: g, tracks: Array.from({ length: 118 }, (_, i) => src(i)), playIfIdle: false });
    await expect(r.client.enqueue({ guildId: g, tracks: [src(1), src(2), src(3)], playIfIdle: false })).rejects.toMatchObject({ code: status.RESOURCE_EXHAUSTED });
    expect((await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 })).upcomingLength).toBe(118);
    expect((await r.client.enqueue({ guildId: g, tracks: [src(1), src(2)], playIfIdle: false })).upcomingLength).toBe(120);
  });

  it("names the field of every invalid index or argument (INVALID_ARGUMENT)", async () => {
    const g = freshGuild();
    await r.client.enqueue({ guildId: g, tracks: [1, 2, 3].map((n) => src(n)), playIfIdle: false });
    const bad: Array<[() => Promise<unknown>, string]> = [
      [() => r.client.enqueue({ guildId: g, tracks: [src(4)], index: 4, playIfIdle: false }), "index"],
      [() => r.client.enqueue({ guildId: g, tracks: [src(4)], index: -1, playIfIdle: false }), "index"],
      [() => r.client.enqueue({ guildId: g, tracks: [], playIfIdle: false }), "tracks"],
      [() => r.client.enqueue({ guildId: g, tracks: [{ source: { $case: "encodedTrack", value: "not base64!" } }], playIfIdle: false }), "tracks[0].encoded_track"],
      [() => r.client.enqueue({ guildId: "nope", tracks: [src(1)], playIfIdle: false }), "guild_id"],
      [() => r.client.removeFromQueue({ guildId: g, target: { $case: "index", value: 3 } }), "index"],
      [() => r.client.removeFromQueue({ guildId: g, target: { $case: "range", value: { start: 3, end: 4 } } }), "range.start"],
      [() => r.client.removeFromQueue({ guildId: g, target: { $case: "range", value: { start: 1, end: 9 } } }), "range.end"],
      [() => r.client.removeFromQueue({ guildId: g, target: { $case: "range", value: { start: 2, end: 2 } } }), "range.end"],
      [() => r.client.removeFromQueue({ guildId: g }), "target"],
      [() => r.client.moveInQueue({ guildId: g, fromIndex: 3, toIndex: 0 }), "from_index"],
      [() => r.client.moveInQueue({ guildId: g, fromIndex: 0, toIndex: 7 }), "to_index"],
      [() => r.client.skip({ guildId: g, count: 0 }), "count"],
      [() => r.client.setRepeatMode({ guildId: g, repeatMode: RepeatMode.REPEAT_MODE_UNSPECIFIED }), "repeat_mode"],
      [() => r.client.getQueue({ guildId: g, offset: -1, limit: 0, historyLimit: 0 }), "offset"],
    ];
    for (const [call, field] of bad) await expect(call()).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, field });
    expect((await r.client.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 0 })).version).toBe(1n);
  });

  it("loses no update: 100 parallel appends leave 100 tracks", async () => {
    const g = freshGuild();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => r.client.enqueue({ guildId: g, tracks: [src(1000 + i)], playIfIdle: false })));
    expect(new Set(results.map((x) => x.version)).size).toBe(100);
    const q = await r.client.getQueue({ guildId: g, offset: 0, limit: 1000, historyLimit: 0 });
    expect(q).toMatchObject({ version: 100n, upcomingLength: 100 });
    expect(new Set(q.upcoming.map((e) => e.track!.encoded)).size).toBe(100);
  });

  it("publishes QueueUpdated for every edit and QueueEnded when the queue runs out", async () => {
    const abort = new AbortController();
    const seen: Event[] = [];
    const watching = (async () => {
      for await (const e of r.client.watch({ guildIds: [G] }, { signal: abort.signal })) seen.push(e);
    })();
    // The subscription is live once an event published after it arrives.
    await waitFor(async () => {
      await r.client.setRepeatMode({ guildId: G, repeatMode: RepeatMode.REPEAT_MODE_OFF });
      return seen.length > 0;
    }, { what: "subscription live" });
    const base = Number((await r.client.getQueue({ guildId: G, offset: 0, limit: 0, historyLimit: 0 })).version);
    seen.length = 0;
    await r.client.enqueue({ guildId: G, tracks: [src(1), src(2)], playIfIdle: true });
    await r.client.moveInQueue({ guildId: G, fromIndex: 0, toIndex: 0 });
    await r.client.skip({ guildId: G, count: 2 });
    await waitFor(() => seen.some((e) => e.kind?.$case === "queueEnded"), { what: "QueueEnded" });
    abort.abort();
    await watching.catch(() => undefined);
    const updates = seen.flatMap((e) => (e.kind?.$case === "queueUpdated" ? [[Number(e.kind.value.version) - base, e.kind.value.change]] : []));
    expect(updates).toEqual([[1, QueueChange.QUEUE_CHANGE_ENQUEUE], [2, QueueChange.QUEUE_CHANGE_ADVANCE], [3, QueueChange.QUEUE_CHANGE_MOVE], [4, QueueChange.QUEUE_CHANGE_SKIP]]);
    const ended = seen.find((e) => e.kind?.$case === "queueEnded");
    expect(ended?.kind).toEqual({ $case: "queueEnded", value: { version: BigInt(base + 4) } });
  });
});
