/**
 * The TS client's voice forwarder with a discord.js-shaped source: raw gateway packets emitted on
 * "raw" reach the Router's IngestVoiceEvents and the player starts once voice and a track are known.
 */
import { EventEmitter } from "node:events";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { BOT_USER_ID } from "../../support/lavanode-harness";
import { loadTrack, placements } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";
import { forwardVoiceEvents, type RawGatewaySource } from "../../../clients/ts/src";

describe("voice forwarder (processes)", () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1, routers: 1 });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("forwards VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE packets and ignores the rest", async () => {
    const client = cluster.clients[0]!;
    const gateway = new EventEmitter() as EventEmitter & RawGatewaySource;
    const forwarder = forwardVoiceEvents(gateway, client);
    const g = "430000000000000001";
    const track = await loadTrack(client, "emulator:forwarded:300000");
    await client.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, noReplace: false });
    gateway.emit("raw", { t: "MESSAGE_CREATE", d: { content: "hello" } });
    gateway.emit("raw", { t: "VOICE_STATE_UPDATE", d: { guild_id: g, user_id: BOT_USER_ID, session_id: "gw-session", channel_id: "200000000000000009" } });
    gateway.emit("raw", { t: "VOICE_SERVER_UPDATE", d: { guild_id: g, token: "gw-token", endpoint: "c-ams01-1.discord.media:443" } });
    await waitFor(async () => (await placements(cluster)).get(g)?.[0]?.player.state.connected === true, { what: "player playing with voice" });
    expect(forwarder.forwarded).toBe(2);
    const counts = await forwarder.stop();
    expect(counts).toMatchObject({ received: 2n, accepted: 2n, rejected: 0n });
  });
});
