// Contract tests of QueueStore.
import {
  InvalidIndexError,
  QueueFullError,
  VersionMismatchError,
  seededShuffle,
  type QueueItem,
  type Registry,
} from "../../../services/common/src/registry";
import { track, type RegistryFactory, useRegistries } from "./harness";

const item = (n: number): QueueItem => ({ id: `t${n}`, encodedTrack: track(n) });
const ids = (items: readonly QueueItem[]): string[] => items.map((i) => i.id);

async function upcoming(r: Registry, g: string): Promise<string[]> {
  return ids((await r.queues.page(g, { limit: 10_000 })).items);
}

/** Queues: every edit, its errors, repeat modes and concurrency. */
export function describeQueueContract(factory: RegistryFactory): void {
  describe("queues", () => {
    const make = useRegistries(factory);

    test("an unknown queue reads as empty at version 0", async () => {
      const r = await make();
      expect(await r.queues.page("g0")).toEqual({ guildId: "g0", version: 0, repeatMode: "off", current: null, items: [], total: 0, offset: 0, history: [] });
      expect(await r.queues.delete("g0")).toBe(false);
    });

    test("append, insert at an index, page, with ids assigned when missing", async () => {
      const r = await make();
      const first = await r.queues.add("g1", [item(1), item(2), item(3)]);
      expect(first.version).toBe(1);
      const added = await r.queues.add("g1", [{ encodedTrack: track(9), info: { title: "Nine", length: 1000 }, userData: { by: "u" } }, item(8)], { index: 1 });
      expect(added.version).toBe(2);
      expect(added.items[0]!.id).toMatch(/./);
      await r.queues.add("g1", [item(0)], { index: 0 });
      expect(await upcoming(r, "g1")).toEqual(["t0", "t1", added.items[0]!.id, "t8", "t2", "t3"]);
      const page = await r.queues.page("g1", { offset: 2, limit: 2 });
      expect(page).toMatchObject({ version: 3, total: 6, offset: 2 });
      expect(page.items).toEqual([{ id: added.items[0]!.id, encodedTrack: track(9), info: { title: "Nine", length: 1000 }, userData: { by: "u" } }, item(8)]);
    });

    test("bad index, full queue and version mismatch write nothing", async () => {
      const r = await make({ maxQueueLength: 5 });
      await r.queues.add("g2", [item(1), item(2), item(3)]);
      await expect(r.queues.add("g2", [item(4)], { index: 4 })).rejects.toMatchObject({ code: "INVALID_INDEX", guildId: "g2", index: 4, length: 3 });
      await expect(r.queues.add("g2", [item(4)], { index: -1 })).rejects.toBeInstanceOf(InvalidIndexError);
      await expect(r.queues.add("g2", [item(4), item(5), item(6)])).rejects.toMatchObject({ code: "QUEUE_FULL", length: 3, adding: 3, maxLength: 5 });
      await expect(r.queues.add("g2", [item(4), item(5)], { maxLength: 4 })).rejects.toBeInstanceOf(QueueFullError);
      await expect(r.queues.add("g2", [item(4)], { expectedVersion: 0 })).rejects.toMatchObject({ code: "VERSION_MISMATCH", expected: 0, actual: 1 });
      await expect(r.queues.remove("g2", 1, { count: 3 })).rejects.toBeInstanceOf(InvalidIndexError);
      await expect(r.queues.remove("g2", 3)).rejects.toBeInstanceOf(InvalidIndexError);
      await expect(r.queues.move("g2", 0, 3)).rejects.toBeInstanceOf(InvalidIndexError);
      await expect(r.queues.clear("g2", { expectedVersion: 7 })).rejects.toBeInstanceOf(VersionMismatchError);
      await expect(r.queues.add("g2", [])).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "items" });
      await expect(r.queues.add("g2", [{ encodedTrack: "" }])).rejects.toMatchObject({ field: "items[0].encodedTrack" });
      const page = await r.queues.page("g2");
      expect(page.version).toBe(1);
      expect(ids(page.items)).toEqual(["t1", "t2", "t3"]);
      expect((await r.queues.add("g2", [item(4), item(5)], { expectedVersion: 1 })).version).toBe(2);
    });

    test("remove by index and range, move, clear", async () => {
      const r = await make();
      await r.queues.add("g3", [1, 2, 3, 4, 5, 6].map(item));
      expect(await r.queues.remove("g3", 0)).toEqual({ version: 2, removed: [item(1)] });
      expect(await r.queues.remove("g3", 1, { count: 2 })).toEqual({ version: 3, removed: [item(3), item(4)] });
      expect(await upcoming(r, "g3")).toEqual(["t2", "t5", "t6"]);
      expect((await r.queues.move("g3", 0, 2)).version).toBe(4);
      expect(await upcoming(r, "g3")).toEqual(["t5", "t6", "t2"]);
      await r.queues.move("g3", 2, 0);
      expect(await upcoming(r, "g3")).toEqual(["t2", "t5", "t6"]);
      expect(await r.queues.clear("g3")).toEqual({ version: 6, removed: 3 });
      expect(await r.queues.page("g3")).toMatchObject({ version: 6, total: 0, items: [] });
    });

    test("clear keeps the current item, and the history unless asked", async () => {
      const r = await make();
      await r.queues.add("g3b", [1, 2, 3, 4].map(item));
      await r.queues.advance("g3b", { count: 2 });
      expect(await r.queues.clear("g3b")).toEqual({ version: 3, removed: 2 });
      expect(await r.queues.page("g3b")).toMatchObject({ current: item(2), history: [item(1)] });
      await r.queues.add("g3b", [item(5)]);
      expect(await r.queues.clear("g3b", { history: true })).toEqual({ version: 5, removed: 1 });
      expect(await r.queues.page("g3b")).toMatchObject({ current: item(2), history: [], total: 0 });
    });

    test("shuffle is a seeded permutation, identical to seededShuffle", async () => {
      const r = await make();
      const items = Array.from({ length: 30 }, (_, i) => item(i));
      await r.queues.add("g4", items);
      const { seed, version } = await r.queues.shuffle("g4", { seed: 42 });
      expect([seed, version]).toEqual([42, 2]);
      const after = await upcoming(r, "g4");
      expect(after).toEqual(ids(seededShuffle(items, 42)));
      expect(after).not.toEqual(ids(items));
      expect([...after].sort()).toEqual(ids(items).sort());
      const random = await r.queues.shuffle("g4");
      expect(random.seed).toBeGreaterThan(0);
    });

    test("advance with repeat off: history (bounded, newest first) and end of queue", async () => {
      const r = await make({ historyLimit: 2 });
      await r.queues.add("g5", [1, 2, 3, 4].map(item));
      expect(await r.queues.advance("g5")).toEqual({ version: 2, current: item(1), previous: null, ended: false });
      expect(await r.queues.advance("g5", { count: 2 })).toMatchObject({ current: item(3), previous: item(1) });
      await r.queues.advance("g5");
      const page = await r.queues.page("g5");
      expect(page).toMatchObject({ current: item(4), total: 0 });
      expect(ids(page.history)).toEqual(["t3", "t2"]);
      expect(await r.queues.advance("g5")).toMatchObject({ current: null, previous: item(4), ended: true });
      expect(ids((await r.queues.page("g5")).history)).toEqual(["t4", "t3"]);
    });

    test("repeat track keeps the current item unless forced; repeat queue cycles", async () => {
      const r = await make();
      await r.queues.add("g6", [1, 2].map(item));
      await r.queues.advance("g6");
      await r.queues.setRepeatMode("g6", "track");
      expect((await r.queues.advance("g6")).current).toEqual(item(1));
      expect((await r.queues.advance("g6", { force: true })).current).toEqual(item(2));
      const v = (await r.queues.setRepeatMode("g6", "queue")).version;
      expect((await r.queues.page("g6")).repeatMode).toBe("queue");
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) seen.push((await r.queues.advance("g6")).current!.id);
      // The queue is empty after the forced skip, so repeat queue replays the only item.
      expect(seen).toEqual(["t2", "t2", "t2", "t2"]);
      expect((await r.queues.page("g6")).version).toBe(v + 4);
      await expect(r.queues.setRepeatMode("g6", "all" as never)).rejects.toMatchObject({ field: "mode" });
    });

    test("repeat queue plays every item in order, then starts over", async () => {
      const r = await make();
      await r.queues.add("g6b", [1, 2, 3].map(item));
      await r.queues.setRepeatMode("g6b", "queue");
      const seen: string[] = [];
      for (let i = 0; i < 7; i++) seen.push((await r.queues.advance("g6b")).current!.id);
      expect(seen).toEqual(["t1", "t2", "t3", "t1", "t2", "t3", "t1"]);
      expect(await upcoming(r, "g6b")).toEqual(["t2", "t3"]);
    });

    test("previous brings back the last history item and requeues the current one at the front", async () => {
      const r = await make();
      await r.queues.add("g7", [1, 2, 3].map(item));
      await r.queues.advance("g7", { count: 2 });
      expect(await r.queues.previous("g7")).toMatchObject({ current: item(1), previous: item(2), ended: false });
      expect(await upcoming(r, "g7")).toEqual(["t2", "t3"]);
      const unchanged = await r.queues.previous("g7");
      expect(unchanged).toMatchObject({ current: item(1), previous: item(1) });
      expect(unchanged.version).toBe((await r.queues.page("g7")).version);
    });

    test("advance with expectedCurrentId is exactly-once under concurrency", async () => {
      const r = await make();
      await r.queues.add("g8", [1, 2, 3].map(item));
      await r.queues.advance("g8", { expectedCurrentId: null });
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => r.queues.advance("g8", { expectedCurrentId: "t1" })));
      expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
      for (const x of results) if (x.status === "rejected") expect(x.reason).toMatchObject({ code: "VERSION_MISMATCH", expected: "t1", actual: "t2" });
      expect((await r.queues.page("g8")).current).toEqual(item(2));
      await r.queues.advance("g8", { count: 5 });
      await expect(r.queues.advance("g8", { expectedCurrentId: "t3" })).rejects.toMatchObject({ code: "VERSION_MISMATCH", expected: "t3", actual: null });
    });

    test("expectedCurrentSince makes one play advance once, even when repeat track keeps the item", async () => {
      const r = await make();
      await r.queues.add("g8b", [1, 2].map(item));
      await r.queues.setRepeatMode("g8b", "track");
      const started = await r.queues.advance("g8b", { expectedCurrentId: null });
      expect(started.version).toBe(3);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => r.queues.advance("g8b", { expectedCurrentId: "t1", expectedCurrentSince: started.version })));
      const won = results.filter((x) => x.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const x of results) if (x.status === "rejected") expect(x.reason).toMatchObject({ code: "VERSION_MISMATCH", expected: 3, actual: 4 });
      // The replay is a new play: it advances with its own version, the stale one does not.
      await expect(r.queues.advance("g8b", { expectedCurrentSince: 3 })).rejects.toBeInstanceOf(VersionMismatchError);
      await r.queues.add("g8b", [item(3)]);
      expect(await r.queues.advance("g8b", { expectedCurrentId: "t1", expectedCurrentSince: 4 })).toMatchObject({ version: 6, current: item(1) });
      // previous records the version too.
      expect(await r.queues.advance("g8b", { force: true })).toMatchObject({ version: 7, current: item(2) });
      expect(await r.queues.previous("g8b")).toMatchObject({ version: 8, current: item(1) });
      await expect(r.queues.advance("g8b", { expectedCurrentSince: 7 })).rejects.toBeInstanceOf(VersionMismatchError);
      expect((await r.queues.advance("g8b", { expectedCurrentSince: 8, force: true })).current).toEqual(item(2));
    });

    test("200 parallel appends leave 200 items and version 200", async () => {
      const r = await make();
      await Promise.all(Array.from({ length: 200 }, (_, i) => r.queues.add("g9", [item(i)])));
      const page = await r.queues.page("g9", { limit: 1000 });
      expect(page.version).toBe(200);
      expect(page.total).toBe(200);
      expect(new Set(ids(page.items)).size).toBe(200);
    });

    test("50 parallel optimistic edits with expectedVersion retries lose nothing", async () => {
      const r = await make();
      const worker = async (w: number): Promise<void> => {
        for (;;) {
          const { version } = await r.queues.page("g10", { limit: 0 });
          try {
            await r.queues.add("g10", [item(w)], { expectedVersion: version, index: 0 });
            return;
          } catch (err) {
            if (!(err instanceof VersionMismatchError)) throw err;
          }
        }
      };
      await Promise.all(Array.from({ length: 50 }, (_, w) => worker(w)));
      expect((await r.queues.page("g10", { limit: 100 })).total).toBe(50);
    });

    test("a large append is atomic and paged", async () => {
      const r = await make({ maxQueueLength: 10_000 });
      const many = Array.from({ length: 5000 }, (_, i) => item(i));
      await r.queues.add("g11", many);
      await r.queues.add("g11", many.slice(0, 3), { index: 2500 });
      const page = await r.queues.page("g11", { offset: 2499, limit: 5 });
      expect(ids(page.items)).toEqual(["t2499", "t0", "t1", "t2", "t2500"]);
      expect(page.total).toBe(5003);
      await expect(r.queues.add("g11", many)).rejects.toBeInstanceOf(QueueFullError);
      expect((await r.queues.page("g11", { limit: 0 })).total).toBe(5003);
      expect(await r.queues.delete("g11")).toBe(true);
      expect((await r.queues.page("g11")).version).toBe(0);
    });
  });
}
