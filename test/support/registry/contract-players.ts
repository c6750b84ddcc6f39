// Contract tests of PlayerStore: every backend must pass these unchanged.
import {
  InvalidArgumentError,
  PlayerNotFoundError,
  StaleEpochError,
  type PlayerRecord,
} from "../../../services/common/src/registry";
import { manualClock, track, type RegistryFactory, useRegistries } from "./harness";

const voice = { sessionId: "sess-1", token: "tok-1", endpoint: "us-east1.discord.media:443", channelId: "300000000000000001" };

/** Player records: create, get, checkpoint, claim, setVoice, delete, list, orphans. */
export function describePlayerContract(factory: RegistryFactory): void {
  describe("players", () => {
    const make = useRegistries(factory);

    test("checkpoint keeps recorded plugin calls apart from the rest of the state, and fences them", async () => {
      const r = await make();
      await r.players.create({ guildId: "150", ownerNodeId: "node-a", voice });
      const pluginCalls = [{ method: "PUT", path: "/sponsorblock/categories", query: "", contentType: "application/json", body: '["sponsor"]' }];
      await r.players.checkpoint("150", 1, { pluginCalls });
      await r.players.checkpoint("150", 1, { positionMs: 5000, volume: 50 });
      const got = await r.players.get("150");
      expect(got!.state.pluginCalls).toEqual(pluginCalls);
      expect(got!.state.volume).toBe(50);
      await r.players.claim("150", 1, "node-b");
      await expect(r.players.checkpoint("150", 1, { pluginCalls: [] })).rejects.toBeInstanceOf(StaleEpochError);
      await expect(r.players.checkpoint("150", 2, { pluginCalls: [{ method: "PUT", path: "no-slash", query: "", contentType: "" }] })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect((await r.players.get("150"))!.state.pluginCalls).toEqual(pluginCalls);
    });

    test("create is create-if-absent with epoch 1 and default state", async () => {
      const clock = manualClock();
      const r = await make({ now: clock.now });
      const first = await r.players.create({ guildId: "100", ownerNodeId: "node-a", voice });
      expect(first.created).toBe(true);
      expect(first.record).toEqual({
        guildId: "100",
        ownerNodeId: "node-a",
        epoch: 1,
        voice,
        state: { encodedTrack: null, positionMs: 0, positionAt: 0, paused: false, volume: 100, filters: {}, endTimeMs: null, userData: {} },
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      clock.advance(1000);
      const second = await r.players.create({ guildId: "100", ownerNodeId: "node-b" });
      expect(second.created).toBe(false);
      expect(second.record).toEqual(first.record);
      expect(await r.players.get("100")).toEqual(first.record);
      expect(await r.players.get("999")).toBeNull();
    });

    test("checkpoint merges the given fields, keeps the epoch, and round-trips JSON exactly", async () => {
      const clock = manualClock();
      const r = await make({ now: clock.now });
      await r.players.create({ guildId: "101", ownerNodeId: "node-a", state: { volume: 80 } });
      clock.advance(500);
      const filters = { equalizer: [{ band: 0, gain: 0.123456789012345 }], timescale: { speed: 1.5, pitch: 1, rate: 1 }, pluginFilters: {} };
      const rec = await r.players.checkpoint("101", 1, {
        encodedTrack: track(1), positionMs: 12_345, positionAt: 1_764_000_000_123, filters, endTimeMs: 90_000, userData: { requester: "u1", list: [] },
      });
      expect(rec.epoch).toBe(1);
      expect(rec.updatedAt).toBe(clock.now());
      expect(rec.state).toEqual({ encodedTrack: track(1), positionMs: 12_345, positionAt: 1_764_000_000_123, paused: false, volume: 80, filters, endTimeMs: 90_000, userData: { requester: "u1", list: [] } });
      const again = await r.players.checkpoint("101", 1, { paused: true, encodedTrack: null });
      expect(again.state).toMatchObject({ paused: true, encodedTrack: null, volume: 80, positionMs: 12_345, filters });
      expect(await r.players.get("101")).toEqual(again);
    });

    test("checkpoint rejects a stale epoch, a missing player and invalid fields without writing", async () => {
      const r = await make();
      await r.players.create({ guildId: "102", ownerNodeId: "node-a" });
      await expect(r.players.checkpoint("102", 2, { volume: 5 })).rejects.toMatchObject({ code: "STALE_EPOCH", guildId: "102", expectedEpoch: 2, actualEpoch: 1 });
      await expect(r.players.checkpoint("102", 2, { volume: 5 })).rejects.toBeInstanceOf(StaleEpochError);
      await expect(r.players.checkpoint("nope", 1, { volume: 5 })).rejects.toBeInstanceOf(PlayerNotFoundError);
      await expect(r.players.checkpoint("102", 1, { volume: 1001 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "state.volume" });
      await expect(r.players.checkpoint("102", 1, { bogus: 1 } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
      expect((await r.players.get("102"))!.state.volume).toBe(100);
    });

    test("checkpoint with an expected owner checks owner AND epoch (two owners at one epoch: only the recorded one writes)", async () => {
      const r = await make();
      await r.players.create({ guildId: "112", ownerNodeId: "node-a" });
      await expect(r.players.checkpoint("112", 1, { volume: 5 }, { expectedOwner: "node-b" })).rejects.toMatchObject({ code: "STALE_EPOCH", guildId: "112", actualEpoch: 1 });
      await expect(r.players.checkpoint("112", 1, { volume: 5 }, { expectedOwner: null })).rejects.toBeInstanceOf(StaleEpochError);
      expect((await r.players.get("112"))!.state.volume).toBe(100);
      expect((await r.players.checkpoint("112", 1, { volume: 6 }, { expectedOwner: "node-a" })).state.volume).toBe(6);
      await r.players.create({ guildId: "113" });
      expect((await r.players.checkpoint("113", 1, { volume: 7 }, { expectedOwner: null })).state.volume).toBe(7);
    });

    test("writeCheckpoint writes like checkpoint, answers nothing, and is fenced by epoch and owner", async () => {
      const clock = manualClock();
      const r = await make({ now: clock.now });
      await r.players.create({ guildId: "114", ownerNodeId: "node-a", state: { volume: 80 } });
      clock.advance(250);
      const filters = { equalizer: [{ band: 1, gain: 0.05 }], pluginFilters: {} };
      await expect(r.players.writeCheckpoint("114", 1, { encodedTrack: track(2), positionMs: 4_000, positionAt: 1_764_000_000_500, paused: true, filters }, { expectedOwner: "node-a" }))
        .resolves.toBeUndefined();
      const rec = (await r.players.get("114"))!;
      expect(rec).toMatchObject({ epoch: 1, ownerNodeId: "node-a", updatedAt: clock.now() });
      expect(rec.state).toMatchObject({ encodedTrack: track(2), positionMs: 4_000, positionAt: 1_764_000_000_500, paused: true, volume: 80, filters });
      await expect(r.players.writeCheckpoint("114", 2, { volume: 5 })).rejects.toMatchObject({ code: "STALE_EPOCH", guildId: "114", expectedEpoch: 2, actualEpoch: 1 });
      await expect(r.players.writeCheckpoint("114", 1, { volume: 5 }, { expectedOwner: "node-b" })).rejects.toBeInstanceOf(StaleEpochError);
      await expect(r.players.writeCheckpoint("nope", 1, { volume: 5 })).rejects.toBeInstanceOf(PlayerNotFoundError);
      await expect(r.players.writeCheckpoint("114", 1, { volume: 1001 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "state.volume" });
      expect((await r.players.get("114"))!.state.volume).toBe(80);
    });

    test("claim is a compare-and-set that bumps the epoch and moves the owner index", async () => {
      const r = await make();
      await r.players.create({ guildId: "103", ownerNodeId: "node-a" });
      const rec = await r.players.claim("103", 1, "node-b");
      expect(rec).toMatchObject({ guildId: "103", ownerNodeId: "node-b" });
      expect(rec.epoch).toBeGreaterThan(1);
      await expect(r.players.claim("103", 1, "node-c")).rejects.toMatchObject({ code: "STALE_EPOCH", actualEpoch: rec.epoch });
      expect((await r.players.list({ ownerNodeId: "node-a" })).items).toEqual([]);
      expect((await r.players.list({ ownerNodeId: "node-b" })).items.map((p) => p.guildId)).toEqual(["103"]);
      const unowned = await r.players.claim("103", rec.epoch, null);
      expect(unowned.ownerNodeId).toBeNull();
      expect(unowned.epoch).toBeGreaterThan(rec.epoch);
      expect((await r.players.list({ ownerNodeId: null })).items.map((p) => p.guildId)).toEqual(["103"]);
      await expect(r.players.claim("missing", 1, "node-a")).rejects.toBeInstanceOf(PlayerNotFoundError);
    });

    test("20 parallel claims of the same epoch: exactly one wins, the rest get StaleEpochError", async () => {
      const r = await make();
      await r.players.create({ guildId: "104", ownerNodeId: "dead" });
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => r.players.claim("104", 1, `node-${i}`)));
      const won = results.filter((x): x is PromiseFulfilledResult<PlayerRecord> => x.status === "fulfilled");
      const lost = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost.every((x) => x.reason instanceof StaleEpochError)).toBe(true);
      const final = (await r.players.get("104"))!;
      expect(final).toMatchObject({ epoch: won[0]!.value.epoch, ownerNodeId: won[0]!.value.ownerNodeId });
      expect(final.epoch).toBeGreaterThan(1);
      const orphans = await r.players.listOrphans(["dead"]);
      expect(orphans).toEqual([]);
      for (let i = 0; i < 20; i++) {
        const owned = (await r.players.list({ ownerNodeId: `node-${i}` })).items.map((p) => p.guildId);
        expect(owned).toEqual(`node-${i}` === final.ownerNodeId ? ["104"] : []);
      }
    });

    test("contended read-claim-retry loops lose no update: 40 successful claims form one chain of rising epochs", async () => {
      const r = await make();
      await r.players.create({ guildId: "105", ownerNodeId: "n0" });
      const wins: Array<{ from: number; to: number }> = [];
      const worker = async (w: number): Promise<void> => {
        for (let done = 0; done < 4; ) {
          const cur = (await r.players.get("105"))!;
          try {
            const rec = await r.players.claim("105", cur.epoch, `n${w}`);
            wins.push({ from: cur.epoch, to: rec.epoch });
            done++;
          } catch (err) {
            if (!(err instanceof StaleEpochError)) throw err;
          }
        }
      };
      await Promise.all(Array.from({ length: 10 }, (_, w) => worker(w)));
      // Each win starts where the previous one ended: no two claims won from the same epoch.
      wins.sort((a, b) => a.to - b.to);
      expect(wins).toHaveLength(40);
      wins.forEach((w, i) => expect(w.from).toBe(i === 0 ? 1 : wins[i - 1]!.to));
      expect((await r.players.get("105"))!.epoch).toBe(wins[39]!.to);
    });

    test("200 parallel checkpoints of different fields all land", async () => {
      const r = await make();
      await r.players.create({ guildId: "106", ownerNodeId: "node-a" });
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          r.players.checkpoint("106", 1, i % 4 === 0 ? { paused: true } : i % 4 === 1 ? { volume: 555 } : i % 4 === 2 ? { filters: { volume: 0.5 } } : { userData: { k: "v" } }),
        ),
      );
      expect((await r.players.get("106"))!.state).toMatchObject({ paused: true, volume: 555, filters: { volume: 0.5 }, userData: { k: "v" } });
    });

    test("setVoice replaces or removes credentials, fenced when an epoch is given", async () => {
      const r = await make();
      await r.players.create({ guildId: "107" });
      expect((await r.players.setVoice("107", voice)).voice).toEqual(voice);
      const moved = { ...voice, endpoint: "eu-west2.discord.media:443", token: "tok-2" };
      expect((await r.players.setVoice("107", moved, { expectedEpoch: 1 })).voice).toEqual(moved);
      await expect(r.players.setVoice("107", voice, { expectedEpoch: 7 })).rejects.toBeInstanceOf(StaleEpochError);
      await expect(r.players.setVoice("107", { ...voice, channelId: "" })).rejects.toMatchObject({ field: "voice.channelId" });
      const cleared = await r.players.setVoice("107", null);
      expect(cleared.voice).toBeUndefined();
      expect((await r.players.get("107"))!.voice).toBeUndefined();
      await expect(r.players.setVoice("missing", voice)).rejects.toBeInstanceOf(PlayerNotFoundError);
    });

    test("delete removes the record and its index entry, fenced by an optional epoch", async () => {
      const r = await make();
      await r.players.create({ guildId: "108", ownerNodeId: "node-a" });
      await expect(r.players.delete("108", { expectedEpoch: 3 })).rejects.toBeInstanceOf(StaleEpochError);
      expect(await r.players.get("108")).not.toBeNull();
      expect(await r.players.delete("108", { expectedEpoch: 1 })).toBe(true);
      expect(await r.players.delete("108")).toBe(false);
      expect(await r.players.get("108")).toBeNull();
      expect((await r.players.list({ ownerNodeId: "node-a" })).items).toEqual([]);
      const again = await r.players.create({ guildId: "108", ownerNodeId: "node-b" });
      expect(again).toMatchObject({ created: true, record: { epoch: 1 } });
    });

    test("purge removes a readable record and its index entry without an epoch; a listing of valid records has no broken entries", async () => {
      const r = await make();
      await r.players.create({ guildId: "109", ownerNodeId: "node-a" });
      await r.players.claim("109", 1, "node-b");
      expect((await r.players.list({ ownerNodeId: "node-b" })).broken).toEqual([]);
      expect((await r.players.list()).broken).toEqual([]);
      expect(await r.players.purge("109")).toBe(true);
      expect(await r.players.purge("109")).toBe(false);
      expect(await r.players.get("109")).toBeNull();
      expect((await r.players.list({ ownerNodeId: "node-b" })).items).toEqual([]);
    });

    test("list pages through every player, all or by owner", async () => {
      const r = await make();
      for (let i = 0; i < 25; i++) await r.players.create({ guildId: `2${String(i).padStart(2, "0")}`, ownerNodeId: i % 2 ? "odd" : "even" });
      const collect = async (ownerNodeId?: string | null): Promise<string[]> => {
        const seen = new Set<string>();
        let cursor: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await r.players.list({ ownerNodeId, cursor, limit: 7 });
          page.items.forEach((p) => seen.add(p.guildId));
          if (page.cursor === null) return [...seen].sort();
          cursor = page.cursor;
        }
        throw new Error("list did not terminate");
      };
      expect(await collect()).toHaveLength(25);
      const odd = await collect("odd");
      expect(odd).toHaveLength(12);
      expect(odd.every((g) => Number(g.slice(1)) % 2 === 1)).toBe(true);
      expect(await collect("even")).toHaveLength(13);
      expect(await collect("nobody")).toEqual([]);
    });

    test("listOrphans returns the players of dead nodes, and unowned ones on request", async () => {
      const r = await make();
      await r.players.create({ guildId: "301", ownerNodeId: "dead-1" });
      await r.players.create({ guildId: "302", ownerNodeId: "dead-2" });
      await r.players.create({ guildId: "303", ownerNodeId: "alive" });
      await r.players.create({ guildId: "304" });
      const claimed = await r.players.claim("302", 1, "dead-1");
      expect((await r.players.listOrphans(["dead-1", "dead-2"])).map((p) => [p.guildId, p.epoch])).toEqual([["301", 1], ["302", claimed.epoch]]);
      expect((await r.players.listOrphans(["dead-2"], { includeUnowned: true })).map((p) => p.guildId)).toEqual(["304"]);
      expect(await r.players.listOrphans([])).toEqual([]);
    });

    test("ids that would break hash tags are rejected", async () => {
      const r = await make();
      await expect(r.players.create({ guildId: "a{b}" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "guildId" });
      await expect(r.players.get("")).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(r.players.claim("1", 1, "n }")).rejects.toMatchObject({ field: "newOwnerNodeId" });
    });

    test("an aborted signal rejects before anything is written", async () => {
      const r = await make();
      const ac = new AbortController();
      ac.abort();
      await expect(r.players.create({ guildId: "109" }, { signal: ac.signal })).rejects.toThrow();
      expect(await r.players.get("109")).toBeNull();
    });
  });
}
