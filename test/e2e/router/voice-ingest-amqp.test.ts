/**
 * Routers pull voice from RabbitMQ (--voice-ingest amqp://...): a private Debian rabbitmq-server,
 * two Routers as processes consuming one shared queue bound to the gateway's exchange. Every
 * message is handled exactly once across the Routers; unknown bots and malformed bodies are
 * acknowledged and counted; the queue drains; the password never appears in a log line.
 */
import { connect, type ChannelModel } from "amqplib";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { BOT_USER_ID } from "../../support/lavanode-harness";
import { guildIds } from "../../support/players-helpers";
import { startRabbit, type RabbitUnderTest } from "../../support/rabbitmq";
import { stablePort } from "../../support/stable-port";
import { counterSum, voiceServerPacket, voiceStatePacket } from "../../support/voice-packets";
import { waitFor } from "../../support/wait-for";

const GUILDS = 30;

describe("voice ingest from RabbitMQ", () => {
  let rabbit: RabbitUnderTest;
  let cluster: Cluster;
  let amqp: ChannelModel;
  let metricsPorts: number[];

  beforeAll(async () => {
    rabbit = await startRabbit();
    metricsPorts = [await stablePort(), await stablePort()];
    const url = `amqp://guest:guest@127.0.0.1:${rabbit.port}/?exchange=gateway&routingKey=voice&queue=pyro-voice-test`;
    cluster = await startCluster({ nodes: 1, routers: 2, routerArgsAt: (i) => ["--voice-ingest", url, "--metrics-port", String(metricsPorts[i])] });
    amqp = await connect(rabbit.url);
  }, 150000);

  afterAll(async () => {
    await amqp?.close().catch(() => undefined);
    await cluster?.stop();
    await rabbit?.stop();
  });

  it("places every guild once across two Routers and acknowledges everything", async () => {
    const ch = await amqp.createChannel();
    await waitFor(async () => (await ch.checkQueue("pyro-voice-test")).consumerCount === 2, { timeoutMs: 30000, what: "both Routers consuming" });
    const guilds = guildIds(GUILDS, 610000000000000000n);
    const send = (body: unknown, headers?: Record<string, string>): boolean =>
      ch.publish("gateway", "voice", Buffer.from(typeof body === "string" ? body : JSON.stringify(body)), { headers });
    for (const g of guilds) {
      send(voiceStatePacket(g, BOT_USER_ID), { bot_user_id: BOT_USER_ID });
      send(voiceServerPacket(g));
    }
    send(voiceServerPacket(guilds[0]!), { bot_user_id: "900000000000000009" });
    send("{oops");
    send({ op: 0, t: "VOICE_STATE_UPDATE", d: { guild_id: guilds[0], user_id: 5 } });

    await waitFor(async () => {
      const recs = await Promise.all(guilds.map((g) => cluster.registry.players.get(g)));
      return recs.every((r) => r !== null && r.voice?.token === `token-${r.guildId}` && r.ownerNodeId !== null);
    }, { timeoutMs: 60000, intervalMs: 200, what: "every guild's player placed with its voice" });
    const scrape = async (outcome: string): Promise<number> => {
      const bodies = await Promise.all(metricsPorts.map(async (p) => (await fetch(`http://127.0.0.1:${p}/metrics`)).text()));
      return bodies.reduce((sum, b) => sum + counterSum(b, "pyro_voice_ingest_packets_total", { source: "amqp", outcome }), 0);
    };
    await waitFor(async () => (await scrape("malformed")) === 2, { timeoutMs: 20000, what: "2 malformed messages counted" });
    // A guild's record has its voice before the packet that completed it is done (placement follows).
    await waitFor(async () => (await scrape("applied")) >= 2 * GUILDS, { timeoutMs: 30000, what: "every voice packet applied" });
    expect(await scrape("applied")).toBe(2 * GUILDS);
    expect(await scrape("unknown_bot")).toBe(1);
    await waitFor(async () => (await ch.checkQueue("pyro-voice-test")).messageCount === 0, { what: "the queue drained" });
    for (const r of [...cluster.routers]) expect(r.logs.join("\n")).not.toContain("guest:guest");
    await ch.close();
  });
});
