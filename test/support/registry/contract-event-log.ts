// Contract tests of EventLogStore: the bounded per-guild log behind resumable event streams.
import { manualClock, type RegistryFactory, useRegistries } from "./harness";

/** Sequences, idempotent appends, reads after a cursor, and both bounds. */
export function describeEventLogContract(factory: RegistryFactory): void {
  describe("event log", () => {
    const make = useRegistries(factory);

    test("appends get consecutive sequences per guild and readAfter returns what follows a cursor", async () => {
      const r = await make();
      expect(await r.eventLog.append("1", "a", { n: 1 })).toEqual({ sequence: 1, duplicate: false });
      expect(await r.eventLog.append("1", "b", { n: 2, s: "x\ny" })).toEqual({ sequence: 2, duplicate: false });
      expect(await r.eventLog.append("2", "a", { n: 9 })).toEqual({ sequence: 1, duplicate: false });
      expect((await r.eventLog.readAfter("1", 0)).map((e) => [e.sequence, e.payload])).toEqual([[1, { n: 1 }], [2, { n: 2, s: "x\ny" }]]);
      expect((await r.eventLog.readAfter("1", 1)).map((e) => e.payload)).toEqual([{ n: 2, s: "x\ny" }]);
      expect(await r.eventLog.readAfter("1", 2)).toEqual([]);
      expect(await r.eventLog.readAfter("3", 0)).toEqual([]);
    });

    test("the same event id appended by two writers is logged once, and both get its sequence", async () => {
      const r = await make();
      const [x, y] = await Promise.all([r.eventLog.append("1", "same", { w: 1 }), r.eventLog.append("1", "same", { w: 2 })]);
      expect(x.sequence).toBe(1);
      expect(y.sequence).toBe(1);
      expect([x.duplicate, y.duplicate].sort()).toEqual([false, true]);
      expect(await r.eventLog.readAfter("1", 0)).toHaveLength(1);
    });

    test("a cursor beyond the last sequence (an older log) gets the whole log", async () => {
      const r = await make();
      await r.eventLog.append("1", "a", 1);
      expect((await r.eventLog.readAfter("1", 500)).map((e) => e.payload)).toEqual([1]);
    });

    test("the log keeps at most maxEntries and nothing older than maxAgeMs", async () => {
      const clock = manualClock();
      const r = await make({ now: clock.now, eventLog: { maxEntries: 3, maxAgeMs: 1000 } });
      for (let i = 1; i <= 5; i++) await r.eventLog.append("1", `e${i}`, i);
      expect((await r.eventLog.readAfter("1", 0)).map((e) => e.sequence)).toEqual([3, 4, 5]);
      clock.advance(600);
      await r.eventLog.append("1", "e6", 6);
      clock.advance(600);
      expect((await r.eventLog.readAfter("1", 0)).map((e) => e.payload)).toEqual([6]);
      // A trimmed id no longer deduplicates: it is a new event now.
      expect((await r.eventLog.append("1", "e3", 3)).duplicate).toBe(false);
    });
  });
}
