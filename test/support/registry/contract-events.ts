// Contract tests of EventBus.
import type { JsonValue, NodeDeath } from "../../../services/common/src/registry";
import { eventually, type RegistryFactory, useRegistries } from "./harness";

/** Death notifications and generic channels. */
export function describeEventContract(factory: RegistryFactory): void {
  describe("events", () => {
    const make = useRegistries(factory);

    test("a node death reaches its subscriber with the reason and time", async () => {
      const r = await make({ now: () => 1234 });
      const deaths: NodeDeath[] = [];
      const sub = await r.events.subscribeNodeDeaths((d) => deaths.push(d));
      await r.events.publishNodeDeath("node-a", "lavalink unreachable");
      await eventually(() => (deaths.length > 0 ? true : undefined), 5000, "death delivery");
      expect(deaths).toEqual([{ nodeId: "node-a", reason: "lavalink unreachable", at: 1234 }]);
      await sub.unsubscribe();
      await sub.unsubscribe();
    });

    test("generic channels deliver JSON in order; unsubscribe and abort stop delivery", async () => {
      const r = await make();
      const a: JsonValue[] = [];
      const b: JsonValue[] = [];
      const other: JsonValue[] = [];
      const ac = new AbortController();
      const subA = await r.events.subscribe("guild-events", (p) => a.push(p));
      await r.events.subscribe("guild-events", (p) => b.push(p), { signal: ac.signal });
      await r.events.subscribe("other", (p) => other.push(p));
      for (let i = 0; i < 20; i++) await r.events.publish("guild-events", { seq: i, nested: { list: [1, "x", null] } });
      await eventually(() => (a.length === 20 && b.length === 20 ? true : undefined), 5000, "20 events");
      expect(a.map((p) => (p as { seq: number }).seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(a[0]).toEqual({ seq: 0, nested: { list: [1, "x", null] } });
      expect(b).toEqual(a);
      expect(other).toEqual([]);

      await subA.unsubscribe();
      ac.abort();
      await r.events.publish("guild-events", "late");
      // A marker on another channel, published after, proves delivery has caught up.
      await r.events.publish("other", "marker");
      await eventually(() => (other.length === 1 ? true : undefined), 5000, "marker");
      expect(a).toHaveLength(20);
      expect(b).toHaveLength(20);
    });

    test("a handler that throws does not stop other handlers; the error goes to onError", async () => {
      const errors: unknown[] = [];
      const r = await make({ onError: (e) => errors.push(e) });
      const got: JsonValue[] = [];
      await r.events.subscribe("c", () => {
        throw new Error("handler bug");
      });
      await r.events.subscribe("c", (p) => got.push(p));
      await r.events.publish("c", 1);
      await eventually(() => (got.length === 1 && errors.length === 1 ? true : undefined), 5000, "delivery");
      expect((errors[0] as Error).message).toBe("handler bug");
    });

    test("an already aborted signal refuses to subscribe", async () => {
      const r = await make();
      const ac = new AbortController();
      ac.abort();
      await expect(r.events.subscribe("c", () => undefined, { signal: ac.signal })).rejects.toThrow();
    });
  });
}
