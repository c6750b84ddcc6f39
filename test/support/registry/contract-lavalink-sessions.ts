// Contract tests of LavalinkSessionStore: virtual Lavalink session records, guilds, queued frames.
import type { LavalinkSessionRecord } from "../../../services/common/src/registry";
import { type RegistryFactory, useRegistries } from "./harness";

function session(id: string, over: Partial<LavalinkSessionRecord> = {}): LavalinkSessionRecord {
  return { sessionId: id, userId: "1", clientName: "c/1", resuming: false, timeoutSeconds: 60, state: "open", routerId: "r1",
    heartbeatAt: 1_700_000_000_123, pausedAt: null, resumes: 0, createdAt: 1_700_000_000_000, ...over };
}

/** Create, compare-and-set updates, guilds, frames and removal. */
export function describeLavalinkSessionContract(factory: RegistryFactory): void {
  describe("lavalink sessions", () => {
    const make = useRegistries(factory);

    test("create is once per id; get and list read it back", async () => {
      const r = await make();
      expect(await r.lavalinkSessions.create(session("a"))).toBe(true);
      expect(await r.lavalinkSessions.create(session("a", { userId: "2" }))).toBe(false);
      expect(await r.lavalinkSessions.get("a")).toEqual(session("a"));
      expect(await r.lavalinkSessions.get("b")).toBeNull();
      await r.lavalinkSessions.create(session("b"));
      expect((await r.lavalinkSessions.list()).map((s) => s.sessionId).sort()).toEqual(["a", "b"]);
    });

    test("update merges, keeps nulls and honours its conditions", async () => {
      const r = await make();
      await r.lavalinkSessions.create(session("a"));
      const paused = await r.lavalinkSessions.update("a", { state: "paused", pausedAt: 1_700_000_001_000 }, { state: "open", routerId: "r1" });
      expect(paused).toEqual(session("a", { state: "paused", pausedAt: 1_700_000_001_000 }));
      expect(await r.lavalinkSessions.update("a", { state: "open" }, { state: "open" })).toBeNull();
      expect(await r.lavalinkSessions.update("a", { routerId: "r2" }, { routerId: "r9" })).toBeNull();
      const resumed = await r.lavalinkSessions.update("a", { state: "open", pausedAt: null, routerId: "r2", resumes: 1 }, { state: "paused" });
      expect(resumed).toEqual(session("a", { routerId: "r2", resumes: 1 }));
      expect(await r.lavalinkSessions.get("a")).toEqual(resumed);
      expect(await r.lavalinkSessions.update("zz", { resuming: true })).toBeNull();
    });

    test("of two concurrent claims with the same condition exactly one wins", async () => {
      const r = await make();
      await r.lavalinkSessions.create(session("a", { state: "paused", pausedAt: 5 }));
      const results = await Promise.all(["r2", "r3"].map((id) => r.lavalinkSessions.update("a", { state: "open", routerId: id }, { state: "paused" })));
      expect(results.filter((x) => x !== null)).toHaveLength(1);
    });

    test("guilds are a set per session", async () => {
      const r = await make();
      await r.lavalinkSessions.create(session("a"));
      await r.lavalinkSessions.addGuild("a", "20");
      await r.lavalinkSessions.addGuild("a", "10");
      await r.lavalinkSessions.addGuild("a", "10");
      expect(await r.lavalinkSessions.guilds("a")).toEqual(["10", "20"]);
      expect(await r.lavalinkSessions.removeGuild("a", "10")).toBe(true);
      expect(await r.lavalinkSessions.removeGuild("a", "10")).toBe(false);
      expect(await r.lavalinkSessions.guilds("a")).toEqual(["20"]);
      expect(await r.lavalinkSessions.guilds("nope")).toEqual([]);
    });

    test("frames queue in order, are bounded, and are taken once", async () => {
      const r = await make();
      await r.lavalinkSessions.create(session("a"));
      await r.lavalinkSessions.appendFrames("a", ["1", "2"], 3);
      await r.lavalinkSessions.appendFrames("a", ["3", "4"], 3);
      expect(await r.lavalinkSessions.takeFrames("a")).toEqual(["2", "3", "4"]);
      expect(await r.lavalinkSessions.takeFrames("a")).toEqual([]);
    });

    test("remove returns the guilds to exactly one caller and clears everything", async () => {
      const r = await make();
      await r.lavalinkSessions.create(session("a"));
      await r.lavalinkSessions.addGuild("a", "7");
      await r.lavalinkSessions.appendFrames("a", ["x"], 10);
      const results = await Promise.all([r.lavalinkSessions.remove("a"), r.lavalinkSessions.remove("a")]);
      expect(results.filter((x) => x !== null)).toEqual([["7"]]);
      expect(await r.lavalinkSessions.get("a")).toBeNull();
      expect(await r.lavalinkSessions.guilds("a")).toEqual([]);
      expect(await r.lavalinkSessions.takeFrames("a")).toEqual([]);
      expect(await r.lavalinkSessions.list()).toEqual([]);
    });
  });
}
