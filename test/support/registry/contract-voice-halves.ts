// Contract tests of VoiceHalfStore: pairing voice credential halves across Routers.
import { eventually, type RegistryFactory, useRegistries } from "./harness";

/** Merge, either order, concurrency, expiry and clear. */
export function describeVoiceHalfContract(factory: RegistryFactory): void {
  describe("voice halves", () => {
    const make = useRegistries(factory);

    test("halves merge in either order and the second merge returns both", async () => {
      const r = await make();
      expect(await r.voiceHalves.merge("1", { token: "t", endpoint: "e" }, 10000)).toEqual({ token: "t", endpoint: "e" });
      expect(await r.voiceHalves.merge("1", { sessionId: "s", channelId: "c" }, 10000)).toEqual({ token: "t", endpoint: "e", sessionId: "s", channelId: "c" });
      expect(await r.voiceHalves.merge("2", { sessionId: "s2", channelId: "c2" }, 10000)).toEqual({ sessionId: "s2", channelId: "c2" });
    });

    test("a newer half replaces the older values; other guilds are untouched", async () => {
      const r = await make();
      await r.voiceHalves.merge("1", { token: "old", endpoint: "e1" }, 10000);
      expect(await r.voiceHalves.merge("1", { token: "new", endpoint: "e2" }, 10000)).toEqual({ token: "new", endpoint: "e2" });
      expect(await r.voiceHalves.merge("9", {}, 10000)).toEqual({});
    });

    test("concurrent halves from two writers pair exactly once as complete on the last merge", async () => {
      const r = await make();
      const [x, y] = await Promise.all([
        r.voiceHalves.merge("3", { token: "t", endpoint: "e" }, 10000),
        r.voiceHalves.merge("3", { sessionId: "s", channelId: "c" }, 10000),
      ]);
      const complete = [x, y].filter((h) => Object.keys(h).length === 4);
      expect(complete).toHaveLength(1);
    });

    test("halves expire and can be cleared", async () => {
      const r = await make();
      await r.voiceHalves.merge("4", { token: "t", endpoint: "e" }, 100);
      expect(await r.voiceHalves.get("4")).toEqual({ token: "t", endpoint: "e" });
      await eventually(async () => (Object.keys(await r.voiceHalves.get("4")).length === 0 ? true : undefined), 5000, "expiry");
      await r.voiceHalves.merge("5", { token: "t", endpoint: "e" }, 10000);
      await r.voiceHalves.clear("5");
      expect(await r.voiceHalves.get("5")).toEqual({});
    });
  });
}
