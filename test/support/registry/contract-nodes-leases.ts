// Contract tests of NodeStore and LeaseStore.
import { InvalidArgumentError, NodeNotFoundError, type NodeRecordInput } from "../../../services/common/src/registry";
import { eventually, manualClock, type RegistryFactory, useRegistries } from "./harness";

function node(nodeId: string, extra: Partial<NodeRecordInput> = {}): NodeRecordInput {
  return {
    nodeId, address: `127.0.0.1:${nodeId.length + 5000}`, region: "us-east", capacity: 500, state: "up",
    userId: "200000000000000001", sessionId: null, lavalinkUrl: "http://127.0.0.1:2333", ...extra,
  };
}

/** Node records. */
export function describeNodeContract(factory: RegistryFactory): void {
  describe("nodes", () => {
    const make = useRegistries(factory);

    test("upsert, get, list sorted, setState, remove", async () => {
      const clock = manualClock();
      const r = await make({ now: clock.now });
      const stats = { players: 3, playingPlayers: 2, uptimeMs: 1000, cpu: { cores: 2, systemLoad: 0.5, lavalinkLoad: 0.25 }, frameStats: { sent: 3000, nulled: 2, deficit: -1 }, reportedAt: clock.now() };
      const b = await r.nodes.upsert(node("node-b", { stats, sessionId: "s1" }));
      expect(b).toEqual({ ...node("node-b", { stats, sessionId: "s1" }), updatedAt: clock.now() });
      await r.nodes.upsert(node("node-a"));
      expect((await r.nodes.list()).map((n) => n.nodeId)).toEqual(["node-a", "node-b"]);
      clock.advance(10);
      const replaced = await r.nodes.upsert(node("node-b", { region: "eu" }));
      expect(replaced.stats).toBeUndefined();
      expect(replaced).toMatchObject({ region: "eu", sessionId: null, updatedAt: clock.now() });
      clock.advance(10);
      const cordoned = await r.nodes.setState("node-b", "cordoned");
      expect(cordoned).toMatchObject({ state: "cordoned", region: "eu", updatedAt: clock.now() });
      expect(await r.nodes.get("node-b")).toEqual(cordoned);
      await expect(r.nodes.setState("node-z", "down")).rejects.toBeInstanceOf(NodeNotFoundError);
      await expect(r.nodes.setState("node-b", "sleeping" as never)).rejects.toMatchObject({ field: "state" });
      expect(await r.nodes.remove("node-b")).toBe(true);
      expect(await r.nodes.remove("node-b")).toBe(false);
      expect(await r.nodes.get("node-b")).toBeNull();
      expect((await r.nodes.list()).map((n) => n.nodeId)).toEqual(["node-a"]);
    });

    test("invalid node input is rejected with the field named", async () => {
      const r = await make();
      await expect(r.nodes.upsert(node("n1", { capacity: -1 }))).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "capacity" });
      await expect(r.nodes.upsert(node("n{1}"))).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await r.nodes.list()).toEqual([]);
    });
  });
}

/** Leases. */
export function describeLeaseContract(factory: RegistryFactory): void {
  describe("leases", () => {
    const make = useRegistries(factory);

    test("acquire when free or re-held; renew and release only by the holder", async () => {
      const r = await make();
      const got = await r.leases.acquire("node-a", "proc-1", 10_000);
      expect(got).toEqual({ acquired: true, lease: { nodeId: "node-a", holderId: "proc-1", ttlRemainingMs: 10_000 } });
      const other = await r.leases.acquire("node-a", "proc-2", 10_000);
      expect(other).toMatchObject({ acquired: false, holderId: "proc-1" });
      expect(other.acquired === false && other.ttlRemainingMs > 0 && other.ttlRemainingMs <= 10_000).toBe(true);
      expect((await r.leases.acquire("node-a", "proc-1", 20_000)).acquired).toBe(true);
      const lease = (await r.leases.get("node-a"))!;
      expect(lease.holderId).toBe("proc-1");
      expect(lease.ttlRemainingMs).toBeGreaterThan(10_000);
      expect(lease.ttlRemainingMs).toBeLessThanOrEqual(20_000);
      expect(await r.leases.renew("node-a", "proc-2", 5000)).toBe(false);
      expect(await r.leases.renew("node-a", "proc-1", 5000)).toBe(true);
      expect((await r.leases.get("node-a"))!.ttlRemainingMs).toBeLessThanOrEqual(5000);
      expect(await r.leases.release("node-a", "proc-2")).toBe(false);
      expect(await r.leases.get("node-a")).not.toBeNull();
      expect(await r.leases.release("node-a", "proc-1")).toBe(true);
      expect(await r.leases.get("node-a")).toBeNull();
      expect((await r.leases.acquire("node-a", "proc-2", 1000)).acquired).toBe(true);
      await expect(r.leases.acquire("node-a", "proc-2", 0)).rejects.toMatchObject({ field: "ttlMs" });
    });

    test("a lease that is not renewed expires and can then be taken by another holder", async () => {
      const r = await make();
      expect((await r.leases.acquire("node-x", "old", 200)).acquired).toBe(true);
      await eventually(async () => ((await r.leases.get("node-x")) === null ? true : undefined), 5000, "lease expiry");
      expect(await r.leases.renew("node-x", "old", 200)).toBe(false);
      const taken = await r.leases.acquire("node-x", "new", 10_000);
      expect(taken).toMatchObject({ acquired: true, lease: { holderId: "new" } });
    });

    test("a renewed lease outlives its original TTL", async () => {
      const r = await make();
      await r.leases.acquire("node-y", "holder", 1000);
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        expect(await r.leases.renew("node-y", "holder", 1000)).toBe(true);
        await new Promise((res) => setTimeout(res, 50));
      }
      expect((await r.leases.get("node-y"))?.holderId).toBe("holder");
    });

    test("20 parallel acquires of a free lease: exactly one holder", async () => {
      const r = await make();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => r.leases.acquire("node-z", `p${i}`, 10_000)));
      const winners = results.filter((x) => x.acquired);
      expect(winners).toHaveLength(1);
      const holder = (await r.leases.get("node-z"))!.holderId;
      expect(results.every((x) => (x.acquired ? x.lease.holderId : x.holderId) === holder)).toBe(true);
    });
  });
}
