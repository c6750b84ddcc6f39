// Redis-only behaviour: corrupted records raise typed errors, the per-node index heals, pub/sub crosses
// registry instances, and every key carries a hash tag.
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { CorruptRecordError, RedisRegistry, type JsonValue, type NodeDeath } from "../../../services/common/src/registry";
import { eventually } from "../../support/registry";

const url = process.env.PYRO_TEST_REDIS_URL!;
let raw: Redis;
const open: RedisRegistry[] = [];

function registry(prefix: string, onError?: (e: unknown) => void): RedisRegistry {
  const r = new RedisRegistry({ url, keyPrefix: prefix, onError });
  open.push(r);
  return r;
}
const newPrefix = (): string => `test:${randomUUID()}:`;

beforeAll(() => {
  raw = new Redis(url);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await raw.quit();
});

describe("RedisRegistry with corrupted data", () => {
  test("an invalid field value raises CorruptRecordError naming the key and field", async () => {
    const p = newPrefix();
    const r = registry(p);
    await r.players.create({ guildId: "1", ownerNodeId: "n1" });
    await raw.hset(`${p}{g:1}:player`, "state.volume", "\"loud\"");
    const err = await r.players.get("1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptRecordError);
    expect(err).toMatchObject({ code: "CORRUPT_RECORD", key: `${p}{g:1}:player` });
    expect((err as Error).message).toContain("state.volume");
    await raw.hset(`${p}{g:1}:player`, "state.volume", "{not json");
    await expect(r.players.get("1")).rejects.toBeInstanceOf(CorruptRecordError);
  });

  test("a non-numeric epoch fails checkpoint and claim before writing", async () => {
    const p = newPrefix();
    const r = registry(p);
    await r.players.create({ guildId: "2", ownerNodeId: "n1" });
    await raw.hset(`${p}{g:2}:player`, "epoch", "abc");
    await expect(r.players.checkpoint("2", 1, { volume: 3 })).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(r.players.claim("2", 1, "n2")).rejects.toBeInstanceOf(CorruptRecordError);
    expect(await raw.hget(`${p}{g:2}:player`, "ownerNodeId")).toBe("\"n1\"");
  });

  test("a key of the wrong type raises CorruptRecordError from reads and scripts", async () => {
    const p = newPrefix();
    const r = registry(p);
    await raw.set(`${p}{g:3}:player`, "garbage");
    await raw.set(`${p}{n:x}:node`, "garbage");
    await raw.set(`${p}{g:3}:q:items`, "garbage");
    await expect(r.players.get("3")).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(r.players.checkpoint("3", 1, {})).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(r.nodes.get("x")).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(r.queues.add("3", [{ encodedTrack: "QA" }])).rejects.toBeInstanceOf(CorruptRecordError);
  });

  test("list skips a corrupt record and reports it to onError", async () => {
    const p = newPrefix();
    const errors: unknown[] = [];
    const r = registry(p, (e) => errors.push(e));
    await r.players.create({ guildId: "4", ownerNodeId: "n1" });
    await r.players.create({ guildId: "5", ownerNodeId: "n1" });
    await raw.hdel(`${p}{g:5}:player`, "state.filters");
    expect((await r.players.list({ ownerNodeId: "n1" })).items.map((x) => x.guildId)).toEqual(["4"]);
    expect((await r.players.listOrphans(["n1"])).map((x) => x.guildId)).toEqual(["4"]);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((e) => e instanceof CorruptRecordError)).toBe(true);
  });

  test("list reports each corrupt record as broken (guild and reason, never the stored value), by node and in the full scan", async () => {
    const p = newPrefix();
    const r = registry(p, () => undefined);
    await r.players.create({ guildId: "40", ownerNodeId: "n1" });
    await r.players.create({ guildId: "41", ownerNodeId: "n1" });
    await raw.hset(`${p}{g:41}:player`, "voice", JSON.stringify({ token: "secret-voice-token", endpoint: 7, sessionId: "s" }));
    await raw.set(`${p}{g:42}:player`, "garbage"); // a key of the wrong type, in no index
    const byNode = await r.players.list({ ownerNodeId: "n1" });
    expect(byNode.items.map((x) => x.guildId)).toEqual(["40"]);
    expect(byNode.broken).toEqual([{ guildId: "41", reason: expect.stringContaining("voice") }]);
    const all = await r.players.list({ limit: 100 });
    expect(all.items.map((x) => x.guildId)).toEqual(["40"]);
    expect(all.broken.map((b) => b.guildId).sort()).toEqual(["41", "42"]);
    expect(JSON.stringify(all.broken)).not.toContain("secret-voice-token");
  });

  test("purge deletes a corrupt record (and its index entry) that delete cannot read", async () => {
    const p = newPrefix();
    const r = registry(p, () => undefined);
    await r.players.create({ guildId: "43", ownerNodeId: "n1" });
    await raw.hset(`${p}{g:43}:player`, "ownerNodeId", "{not json");
    await raw.set(`${p}{g:44}:player`, "garbage");
    expect(await r.players.purge("43")).toBe(true);
    expect(await r.players.purge("44")).toBe(true);
    expect(await r.players.purge("45")).toBe(false);
    expect(await raw.exists(`${p}{g:43}:player`, `${p}{g:44}:player`)).toBe(0);
    expect(await r.players.get("43")).toBeNull();
    const all = await r.players.list({ limit: 100 });
    expect([...all.items, ...all.broken]).toEqual([]);
  });

  test("corrupt node records and queue items raise CorruptRecordError", async () => {
    const p = newPrefix();
    const r = registry(p);
    await r.nodes.upsert({ nodeId: "n1", address: "a:1", region: "", capacity: 1, state: "up", userId: "u", sessionId: null, lavalinkUrl: "http://l" });
    await raw.hset(`${p}{n:n1}:node`, "state", "\"exploded\"");
    await expect(r.nodes.get("n1")).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(r.nodes.list()).rejects.toBeInstanceOf(CorruptRecordError);
    await r.queues.add("6", [{ id: "a", encodedTrack: "QA" }]);
    await raw.rpush(`${p}{g:6}:q:items`, "{\"id\":1}");
    await expect(r.queues.page("6")).rejects.toBeInstanceOf(CorruptRecordError);
    await raw.hset(`${p}{g:6}:q:meta`, "version", "x");
    await expect(r.queues.clear("6")).rejects.toBeInstanceOf(CorruptRecordError);
    expect(await raw.llen(`${p}{g:6}:q:items`)).toBe(2);
  });

  test("a malformed death notification is reported, not delivered", async () => {
    const p = newPrefix();
    const errors: unknown[] = [];
    const r = registry(p, (e) => errors.push(e));
    const deaths: NodeDeath[] = [];
    await r.events.subscribeNodeDeaths((d) => deaths.push(d));
    await raw.publish(`${p}node-deaths`, "not json");
    await raw.publish(`${p}node-deaths`, JSON.stringify({ nodeId: 5 }));
    await r.events.publishNodeDeath("n9", "sigterm");
    await eventually(() => (deaths.length === 1 ? true : undefined), 5000, "valid death");
    expect(deaths[0]).toMatchObject({ nodeId: "n9", reason: "sigterm" });
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e instanceof CorruptRecordError)).toBe(true);
  });
});

describe("RedisRegistry across instances and keys", () => {
  test("events published by one instance reach subscribers of another; prefixes isolate", async () => {
    const p = newPrefix();
    const a = registry(p);
    const b = registry(p);
    const c = registry(newPrefix());
    const gotB: JsonValue[] = [];
    const gotC: JsonValue[] = [];
    const deaths: NodeDeath[] = [];
    await b.events.subscribe("fanout", (x) => gotB.push(x));
    await c.events.subscribe("fanout", (x) => gotC.push(x));
    await b.events.subscribeNodeDeaths((d) => deaths.push(d));
    await a.events.publish("fanout", { guildId: "1", kind: "moved" });
    await a.events.publishNodeDeath("n1", "lease expired");
    await eventually(() => (gotB.length === 1 && deaths.length === 1 ? true : undefined), 5000, "cross-instance delivery");
    expect(gotB).toEqual([{ guildId: "1", kind: "moved" }]);
    expect(deaths[0]!.nodeId).toBe("n1");
    expect(gotC).toEqual([]);
    expect(await c.players.get("1")).toBeNull();
  });

  test("a stale index entry (e.g. left by a lost claim) is filtered and removed on read", async () => {
    const p = newPrefix();
    const r = registry(p);
    await r.players.create({ guildId: "7", ownerNodeId: "n1" });
    await raw.sadd(`${p}{n:n2}:players`, "7", "ghost");
    expect((await r.players.list({ ownerNodeId: "n2" })).items).toEqual([]);
    expect(await raw.smembers(`${p}{n:n2}:players`)).toEqual([]);
    expect(await raw.smembers(`${p}{n:n1}:players`)).toEqual(["7"]);
  });

  test("every key is hash-tagged by guild or node, so each script touches one Cluster slot", async () => {
    const p = newPrefix();
    const r = registry(p);
    await r.players.create({ guildId: "8", ownerNodeId: "n1" });
    await r.players.claim("8", 1, "n2");
    await r.nodes.upsert({ nodeId: "n1", address: "a:1", region: "eu", capacity: 1, state: "up", userId: "u", sessionId: null, lavalinkUrl: "http://l" });
    await r.leases.acquire("n1", "h", 10_000);
    await r.queues.add("8", [{ encodedTrack: "QA" }, { encodedTrack: "QB" }]);
    await r.queues.advance("8", { count: 2 });
    const keys = (await raw.keys(`${p}*`)).map((k) => k.slice(p.length)).sort();
    // The items list is empty after two advances, so Redis dropped it; n1's index emptied by the claim.
    expect(keys).toEqual(["{g:8}:player", "{g:8}:q:history", "{g:8}:q:meta", "{n:n1}:lease", "{n:n1}:node", "{n:n2}:players", "{nodes}:all"]);
  });

  test("a lease expires in Redis itself (PX), visible to another instance", async () => {
    const p = newPrefix();
    const a = registry(p);
    const b = registry(p);
    await a.leases.acquire("n1", "a", 200);
    expect((await b.leases.acquire("n1", "b", 200)).acquired).toBe(false);
    await eventually(async () => ((await b.leases.acquire("n1", "b", 5000)).acquired ? true : undefined), 5000, "takeover");
    expect((await a.leases.get("n1"))!.holderId).toBe("b");
  });
});
