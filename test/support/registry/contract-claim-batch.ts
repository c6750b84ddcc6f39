// Contract tests of PlayerStore.claimMany (the batched claim of failover and drain): every backend must pass these unchanged.
import {
  InvalidArgumentError,
  MAX_CLAIM_BATCH,
  PlayerNotFoundError,
  StaleEpochError,
  type ClaimOutcome,
  type Registry,
} from "../../../services/common/src/registry";
import { manualClock, type RegistryFactory, useRegistries } from "./harness";

const voice = { sessionId: "sess-1", token: "tok-1", endpoint: "us-east1.discord.media:443", channelId: "300000000000000001" };

const owners = async (r: Registry, node: string | null): Promise<string[]> => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await r.players.list({ ownerNodeId: node, cursor, limit: 1000 });
    ids.push(...page.items.map((p) => p.guildId));
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined);
  return ids.sort();
};

const wins = (outcomes: ClaimOutcome[]): string[] => outcomes.filter((o) => o.ok).map((o) => o.guildId).sort();

/** claimMany: per-item compare-and-set, per-item failures, indexes, one winner under contention, input checks. */
export function describeClaimBatchContract(factory: RegistryFactory): void {
  describe("players.claimMany", () => {
    const make = useRegistries(factory);

    test("claims each matching player like claim would, and reports the others one by one without writing them", async () => {
      const clock = manualClock();
      const r = await make({ now: clock.now });
      for (const g of ["500", "501", "502"]) await r.players.create({ guildId: g, ownerNodeId: "dead", voice, state: { volume: 70 } });
      const other = await r.players.claim("502", 1, "other"); // a claim expecting 1 is stale now
      clock.advance(1000);
      const out = await r.players.claimMany([
        { guildId: "500", expectedEpoch: 1, newOwnerNodeId: "node-b" },
        { guildId: "501", expectedEpoch: 1, newOwnerNodeId: "node-c" },
        { guildId: "502", expectedEpoch: 1, newOwnerNodeId: "node-b" },
        { guildId: "599", expectedEpoch: 1, newOwnerNodeId: "node-b" },
      ]);
      expect(out.map((o) => o.guildId)).toEqual(["500", "501", "502", "599"]);
      const first = out[0]!;
      if (!first.ok) throw first.error;
      expect(first.previousOwnerNodeId).toBe("dead");
      expect(first.record).toEqual({ ...(await r.players.get("500"))!, ownerNodeId: "node-b", updatedAt: clock.now() });
      expect(first.record.epoch).toBeGreaterThan(1);
      expect(first.record.state.volume).toBe(70);
      expect(first.record.voice).toEqual(voice);
      const stale = out[2]!;
      expect(stale.ok).toBe(false);
      expect(!stale.ok && stale.error).toBeInstanceOf(StaleEpochError);
      expect(!stale.ok && (stale.error as StaleEpochError).actualEpoch).toBe(other.epoch);
      expect(!out[3]!.ok && out[3]!.error).toBeInstanceOf(PlayerNotFoundError);
      expect(await r.players.get("502")).toMatchObject({ ownerNodeId: "other", epoch: other.epoch });
      expect(await r.players.get("599")).toBeNull();
      // The per-node indexes follow: listOrphans of the dead node finds nothing left.
      expect(await owners(r, "node-b")).toEqual(["500"]);
      expect(await owners(r, "node-c")).toEqual(["501"]);
      expect(await owners(r, "dead")).toEqual([]);
      expect(await r.players.listOrphans(["dead"])).toEqual([]);
      // A claimed record is fenced like any claim: the old epoch no longer writes.
      await expect(r.players.checkpoint("500", 1, { positionMs: 1 })).rejects.toBeInstanceOf(StaleEpochError);
      await expect(r.players.claimMany([])).resolves.toEqual([]);
    });

    test("a claim to null unplaces the player; claiming back to the same owner keeps it indexed", async () => {
      const r = await make();
      await r.players.create({ guildId: "510", ownerNodeId: "node-a" });
      await r.players.create({ guildId: "511", ownerNodeId: "node-a" });
      const out = await r.players.claimMany([
        { guildId: "510", expectedEpoch: 1, newOwnerNodeId: null },
        { guildId: "511", expectedEpoch: 1, newOwnerNodeId: "node-a" },
      ]);
      expect(out.every((o) => o.ok)).toBe(true);
      expect(await owners(r, null)).toEqual(["510"]);
      expect(await owners(r, "node-a")).toEqual(["511"]);
      expect(await r.players.get("511")).toMatchObject({ ownerNodeId: "node-a" });
      expect((await r.players.get("511"))!.epoch).toBeGreaterThan(1);
    });

    test("of concurrent overlapping batches, exactly one claim per guild wins and every guild ends on one index", async () => {
      const r = await make();
      const guilds = Array.from({ length: 200 }, (_, i) => String(600 + i));
      for (const g of guilds) await r.players.create({ guildId: g, ownerNodeId: "dead" });
      // Four Routers each claim an overlapping window of the orphans for their own target.
      const batches = await Promise.all([0, 50, 100, 150].map((from, k) =>
        r.players.claimMany(guilds.slice(from, from + 100).map((g) => ({ guildId: g, expectedEpoch: 1, newOwnerNodeId: `node-${k}` })))));
      const won = batches.flatMap(wins).sort();
      expect(won).toEqual([...new Set(won)]); // no guild won twice
      expect(won).toEqual([...guilds].sort()); // and every guild was won by someone
      for (const b of batches) for (const o of b) if (!o.ok) expect(o.error).toBeInstanceOf(StaleEpochError);
      const indexed = (await Promise.all([0, 1, 2, 3].map((k) => owners(r, `node-${k}`)))).flat().sort();
      expect(indexed).toEqual([...guilds].sort());
      // Each guild's epoch is the one its single winning claim returned.
      const winning = new Map(batches.flat().flatMap((o) => (o.ok ? [[o.guildId, o.record.epoch] as const] : [])));
      for (const g of guilds) expect((await r.players.get(g))!.epoch).toBe(winning.get(g));
    });

    test("rejects bad input with the field path before claiming anything", async () => {
      const r = await make();
      await r.players.create({ guildId: "520", ownerNodeId: "node-a" });
      const bad = [
        [[{ guildId: "520", expectedEpoch: 1, newOwnerNodeId: "b" }, { guildId: "520", expectedEpoch: 1, newOwnerNodeId: "c" }], "claims[1].guildId"],
        [[{ guildId: "520", expectedEpoch: 0, newOwnerNodeId: "b" }], "claims[0].expectedEpoch"],
        [[{ guildId: "520", expectedEpoch: 1, newOwnerNodeId: "b" }, { guildId: "a{b}", expectedEpoch: 1, newOwnerNodeId: "b" }], "claims[1].guildId"],
        [[{ guildId: "520", expectedEpoch: 1, newOwnerNodeId: "" }], "claims[0].newOwnerNodeId"],
        [Array.from({ length: MAX_CLAIM_BATCH + 1 }, (_, i) => ({ guildId: String(i + 1), expectedEpoch: 1, newOwnerNodeId: "b" })), "claims"],
      ] as const;
      for (const [claims, field] of bad) {
        const err = await r.players.claimMany(claims as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).field).toBe(field);
      }
      expect(await r.players.get("520")).toMatchObject({ ownerNodeId: "node-a", epoch: 1 });
    });
  });
}
