/**
 * Routers pull voice from a Redis stream (--voice-ingest redis-stream://...): two Routers as
 * processes read in one consumer group. Entries a dead Router took and never acknowledged are
 * claimed (XAUTOCLAIM); every packet is handled exactly once across the Routers (the sum of their
 * counters equals what was published); unknown bots, other users, non-voice dispatches and malformed
 * packets are acknowledged and counted without stalling the stream; the stream is trimmed.
 */
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createVoicePublisher } from "../../../clients/ts/src";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { BOT_USER_ID } from "../../support/lavanode-harness";
import { guildIds } from "../../support/players-helpers";
import { stablePort } from "../../support/stable-port";
import { counterSum, voiceServerPacket, voiceStatePacket } from "../../support/voice-packets";
import { waitFor } from "../../support/wait-for";

const DEAD_ROUTER_GUILDS = 10;
const LIVE_GUILDS = 40;

describe("voice ingest from a Redis stream", () => {
  let cluster: Cluster;
  let redis: Redis;
  let metricsPorts: number[];
  const stream = `voice-${randomUUID().slice(0, 8)}`;
  const guilds = guildIds(DEAD_ROUTER_GUILDS + LIVE_GUILDS, 600000000000000000n);

  beforeAll(async () => {
    redis = new Redis(process.env.PYRO_TEST_REDIS_URL!);
    const publisher = createVoicePublisher(redis, { streamKey: stream });
    // A Router that read entries and died before acknowledging them.
    await redis.xgroup("CREATE", stream, "pyro", "$", "MKSTREAM");
    for (const g of guilds.slice(0, DEAD_ROUTER_GUILDS)) {
      await publisher.publish(voiceStatePacket(g, BOT_USER_ID));
      await publisher.publish(voiceServerPacket(g));
    }
    const taken = (await redis.xreadgroup("GROUP", "pyro", "dead-router", "COUNT", 1000, "STREAMS", stream, ">")) as Array<[string, unknown[]]>;
    expect(taken[0]![1]).toHaveLength(2 * DEAD_ROUTER_GUILDS);
    metricsPorts = [await stablePort(), await stablePort()];
    const url = `redis-stream://${new URL(process.env.PYRO_TEST_REDIS_URL!).host}/${stream}?claimIdleMs=3000`;
    cluster = await startCluster({ nodes: 2, routers: 2, routerArgsAt: (i) => ["--voice-ingest", url, "--metrics-port", String(metricsPorts[i])] });
  });

  afterAll(async () => {
    await cluster?.stop();
    await redis?.del(stream);
    redis?.disconnect();
  });

  it("places every guild once, claims the dead Router's entries, counts and acknowledges everything", async () => {
    const publisher = createVoicePublisher(redis, { streamKey: stream, botUserId: BOT_USER_ID });
    for (const g of guilds.slice(DEAD_ROUTER_GUILDS)) {
      await publisher.publish(voiceServerPacket(g));
      await publisher.publish(voiceStatePacket(g, BOT_USER_ID));
    }
    await publisher.publish(voiceStatePacket(guilds[0]!, "300000000000000003")); // another member of the channel
    await publisher.publish({ t: "MESSAGE_CREATE", d: { id: "1" } }); // not voice: the publisher skips it
    await redis.xadd(stream, "*", "packet", JSON.stringify({ op: 0, t: "TYPING_START", d: {} })); // not voice
    await redis.xadd(stream, "*", "packet", JSON.stringify(voiceServerPacket(guilds[1]!)), "bot", "900000000000000009"); // unknown bot
    for (const bad of ["{not json", "[]", "not json either"]) await redis.xadd(stream, "*", "packet", bad);
    await redis.xadd(stream, "*", "packet", JSON.stringify({ op: 0, t: "VOICE_SERVER_UPDATE", d: { guild_id: "abc", token: "t" } }));
    await redis.xadd(stream, "*", "something", "else"); // no packet field

    await waitFor(async () => {
      const recs = await Promise.all(guilds.map((g) => cluster.registry.players.get(g)));
      return recs.every((r) => r !== null && r.voice?.sessionId === `session-${r.guildId}` && r.ownerNodeId !== null);
    }, { timeoutMs: 60000, intervalMs: 200, what: "every guild's player placed with its voice" });

    const scrape = async (outcome: string): Promise<number> => {
      const bodies = await Promise.all(metricsPorts.map(async (p) => (await fetch(`http://127.0.0.1:${p}/metrics`)).text()));
      return bodies.reduce((sum, b) => sum + counterSum(b, "pyro_voice_ingest_packets_total", { source: "redis-stream", outcome }), 0);
    };
    await waitFor(async () => (await scrape("malformed")) === 5, { timeoutMs: 20000, what: "5 malformed packets counted" });
    // A guild's record has its voice before the packet that completed it is done (placement follows).
    await waitFor(async () => (await scrape("applied")) >= 2 * guilds.length, { timeoutMs: 30000, what: "every voice packet applied" });
    expect(await scrape("applied")).toBe(2 * guilds.length);
    expect(await scrape("other_user")).toBe(1);
    expect(await scrape("unknown_bot")).toBe(1);
    expect(await scrape("ignored")).toBe(1);
    expect(await scrape("failed")).toBe(0);

    // Nothing pending (the dead Router's entries included), and handled entries are trimmed away.
    await waitFor(async () => Number(((await redis.xpending(stream, "pyro")) as [number])[0]) === 0, { what: "no pending entries" });
    await waitFor(async () => (await redis.xlen(stream)) === 0, { timeoutMs: 20000, what: "the stream trimmed" });

    // Malformed packets are logged once per kind per Router, and never with their text.
    for (const r of cluster.routers) {
      const lines = r.logs.filter((l) => l.includes("malformed voice ingest packet"));
      const kinds = lines.map((l) => (JSON.parse(l) as { kind: string }).kind);
      expect(new Set(kinds).size).toBe(kinds.length);
      expect(lines.join("\n")).not.toContain("not json either");
    }
  });
});
