/**
 * Bad input and auth against Router processes: a table of malformed requests, each answered with
 * the right status naming the field at fault, after which the Router still serves; and bearer
 * auth on a Router started with --auth-token.
 */
import { status } from "@grpc/grpc-js";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { createPyroClient, PyroClientError, type PyroClient } from "../../../clients/ts/src";
import { loadTrack } from "../../support/players-helpers";
import { voiceFor } from "../../support/lavanode-harness";
import type { Filters } from "../../../gen/ts/pyro/lavalink/v1/filters";

const G = "600000000000000001";
const TOKEN = "router-secret-42";

type Case = [name: string, call: (c: PyroClient) => Promise<unknown>, code: status, field: string];

const f = (filters: Partial<Filters>): Filters => ({ equalizer: [], ...filters });
const up = (extra: object) => ({ guildId: G, noReplace: false, ...extra });

describe("Router bad input and auth (processes)", () => {
  let cluster: Cluster;
  let client: PyroClient;
  const nodeId = "node-a";
  let track: string;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1, routers: 2, routerArgsAt: (i) => (i === 1 ? ["--auth-token", TOKEN] : []) });
    client = cluster.clients[0]!;
    expect(cluster.nodeIds[0]).toBe(nodeId);
    track = await loadTrack(client, "emulator:valid:300000");
    await client.updatePlayer(up({ track: { $case: "encodedTrack", value: track }, voice: voiceFor(G) }));
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const cases: Case[] = [
    ["empty guild", (c) => c.updatePlayer(up({ guildId: "" })), status.INVALID_ARGUMENT, "guild_id"],
    ["letters in guild", (c) => c.updatePlayer(up({ guildId: "abc" })), status.INVALID_ARGUMENT, "guild_id"],
    ["negative guild", (c) => c.updatePlayer(up({ guildId: "-1" })), status.INVALID_ARGUMENT, "guild_id"],
    ["leading zero guild", (c) => c.updatePlayer(up({ guildId: "0123456789012345678" })), status.INVALID_ARGUMENT, "guild_id"],
    ["too long guild", (c) => c.updatePlayer(up({ guildId: "1".repeat(25) })), status.INVALID_ARGUMENT, "guild_id"],
    ["volume below 0", (c) => c.updatePlayer(up({ volume: -1 })), status.INVALID_ARGUMENT, "volume"],
    ["volume above 1000", (c) => c.updatePlayer(up({ volume: 1001 })), status.INVALID_ARGUMENT, "volume"],
    ["end time 0", (c) => c.updatePlayer(up({ endTime: { $case: "endTimeMs", value: 0n } })), status.INVALID_ARGUMENT, "end_time_ms"],
    ["negative end time", (c) => c.updatePlayer(up({ endTime: { $case: "endTimeMs", value: -5n } })), status.INVALID_ARGUMENT, "end_time_ms"],
    ["empty encoded track", (c) => c.updatePlayer(up({ track: { $case: "encodedTrack", value: "" } })), status.INVALID_ARGUMENT, "encoded_track"],
    ["non-base64 track", (c) => c.updatePlayer(up({ track: { $case: "encodedTrack", value: "not base64!!" } })), status.INVALID_ARGUMENT, "encoded_track"],
    ["blank identifier", (c) => c.updatePlayer(up({ track: { $case: "identifier", value: "   " } })), status.INVALID_ARGUMENT, "identifier"],
    ["filter volume 6", (c) => c.updatePlayer(up({ filters: f({ volume: 6 }) })), status.INVALID_ARGUMENT, "filters.volume"],
    ["filter volume -1", (c) => c.updatePlayer(up({ filters: f({ volume: -1 }) })), status.INVALID_ARGUMENT, "filters.volume"],
    ["timescale speed 0", (c) => c.updatePlayer(up({ filters: f({ timescale: { speed: 0 } }) })), status.INVALID_ARGUMENT, "filters.timescale.speed"],
    ["timescale pitch -1", (c) => c.updatePlayer(up({ filters: f({ timescale: { pitch: -1 } }) })), status.INVALID_ARGUMENT, "filters.timescale.pitch"],
    ["timescale rate 0", (c) => c.updatePlayer(up({ filters: f({ timescale: { rate: 0 } }) })), status.INVALID_ARGUMENT, "filters.timescale.rate"],
    ["eq band 15", (c) => c.updatePlayer(up({ filters: f({ equalizer: [{ band: 15, gain: 0.1 }] }) })), status.INVALID_ARGUMENT, "filters.equalizer[0].band"],
    ["eq gain 2", (c) => c.updatePlayer(up({ filters: f({ equalizer: [{ band: 1, gain: 2 }] }) })), status.INVALID_ARGUMENT, "filters.equalizer[0].gain"],
    ["eq gain -0.5", (c) => c.updatePlayer(up({ filters: f({ equalizer: [{ band: 1, gain: 0.1 }, { band: 2, gain: -0.5 }] }) })), status.INVALID_ARGUMENT, "filters.equalizer[1].gain"],
    ["tremolo depth 2", (c) => c.updatePlayer(up({ filters: f({ tremolo: { depth: 2 } }) })), status.INVALID_ARGUMENT, "filters.tremolo.depth"],
    ["tremolo frequency 0", (c) => c.updatePlayer(up({ filters: f({ tremolo: { frequency: 0 } }) })), status.INVALID_ARGUMENT, "filters.tremolo.frequency"],
    ["vibrato frequency 20", (c) => c.updatePlayer(up({ filters: f({ vibrato: { frequency: 20 } }) })), status.INVALID_ARGUMENT, "filters.vibrato.frequency"],
    ["vibrato depth 0", (c) => c.updatePlayer(up({ filters: f({ vibrato: { depth: 0 } }) })), status.INVALID_ARGUMENT, "filters.vibrato.depth"],
    ["karaoke level 3", (c) => c.updatePlayer(up({ filters: f({ karaoke: { level: 3 } }) })), status.INVALID_ARGUMENT, "filters.karaoke.level"],
    ["low pass smoothing 0.5", (c) => c.updatePlayer(up({ filters: f({ lowPass: { smoothing: 0.5 } }) })), status.INVALID_ARGUMENT, "filters.low_pass.smoothing"],
    ["channel mix 1.5", (c) => c.updatePlayer(up({ filters: f({ channelMix: { leftToRight: 1.5 } }) })), status.INVALID_ARGUMENT, "filters.channel_mix.left_to_right"],
    ["rotation NaN", (c) => c.updatePlayer(up({ filters: f({ rotation: { rotationHz: NaN } }) })), status.INVALID_ARGUMENT, "filters.rotation.rotation_hz"],
    ["voice without token", (c) => c.updatePlayer(up({ voice: { ...voiceFor(G), token: "" } })), status.INVALID_ARGUMENT, "voice.token"],
    ["voice without endpoint", (c) => c.updatePlayer(up({ voice: { ...voiceFor(G), endpoint: "" } })), status.INVALID_ARGUMENT, "voice.endpoint"],
    ["voice without session", (c) => c.updatePlayer(up({ voice: { ...voiceFor(G), sessionId: "" } })), status.INVALID_ARGUMENT, "voice.session_id"],
    ["voice without channel", (c) => c.updatePlayer(up({ voice: { ...voiceFor(G), channelId: undefined } })), status.INVALID_ARGUMENT, "voice.channel_id"],
    ["voice bad channel", (c) => c.updatePlayer(up({ voice: { ...voiceFor(G), channelId: "general" } })), status.INVALID_ARGUMENT, "voice.channel_id"],
    ["identifier that is a search", (c) => c.updatePlayer({ guildId: "600000000000000077", noReplace: false, track: { $case: "identifier", value: "ytsearch:two words" } }), status.INVALID_ARGUMENT, "identifier"],
    ["get: empty guild", (c) => c.getPlayer({ guildId: "" }), status.INVALID_ARGUMENT, "guild_id"],
    ["get: bad guild", (c) => c.getPlayer({ guildId: "x" }), status.INVALID_ARGUMENT, "guild_id"],
    ["get: unknown guild", (c) => c.getPlayer({ guildId: "600000000000009999" }), status.NOT_FOUND, "600000000000009999"],
    ["destroy: bad guild", (c) => c.destroyPlayer({ guildId: "x" }), status.INVALID_ARGUMENT, "guild_id"],
    ["move: bad guild", (c) => c.movePlayer({ guildId: "x" }), status.INVALID_ARGUMENT, "guild_id"],
    ["move: empty target", (c) => c.movePlayer({ guildId: G, targetNodeId: "" }), status.INVALID_ARGUMENT, "target_node_id"],
    ["move: unknown target", (c) => c.movePlayer({ guildId: G, targetNodeId: "nope" }), status.NOT_FOUND, "nope"],
    ["move: same node", (c) => c.movePlayer({ guildId: G, targetNodeId: nodeId }), status.FAILED_PRECONDITION, nodeId],
    ["voice state: bad guild", (c) => c.updateVoiceState({ guildId: "g", userId: "100000000000000001", sessionId: "s", channelId: "200000000000000001" }), status.INVALID_ARGUMENT, "guild_id"],
    ["voice state: bad user", (c) => c.updateVoiceState({ guildId: G, userId: "me", sessionId: "s", channelId: "200000000000000001" }), status.INVALID_ARGUMENT, "user_id"],
    ["voice state: bad channel", (c) => c.updateVoiceState({ guildId: G, userId: "100000000000000001", sessionId: "s", channelId: "c" }), status.INVALID_ARGUMENT, "channel_id"],
    ["voice state: no session", (c) => c.updateVoiceState({ guildId: G, userId: "100000000000000001", sessionId: "", channelId: "200000000000000001" }), status.INVALID_ARGUMENT, "session_id"],
    ["voice server: no token", (c) => c.updateVoiceServer({ guildId: G, token: "", endpoint: "e" }), status.INVALID_ARGUMENT, "token"],
    ["voice server: empty endpoint", (c) => c.updateVoiceServer({ guildId: G, token: "t", endpoint: "" }), status.INVALID_ARGUMENT, "endpoint"],
    ["voice server: bad guild", (c) => c.updateVoiceServer({ guildId: "1", token: "t", endpoint: "e" }), status.INVALID_ARGUMENT, "guild_id"],
    ["load: empty identifier", (c) => c.loadTracks({ identifier: "" }), status.INVALID_ARGUMENT, "identifier"],
    ["load: huge identifier", (c) => c.loadTracks({ identifier: "x".repeat(5000) }), status.INVALID_ARGUMENT, "identifier"],
    ["load: unknown node", (c) => c.loadTracks({ identifier: "emulator:a:1000", nodeId: "ghost" }), status.NOT_FOUND, "ghost"],
    ["decode: empty", (c) => c.decodeTrack({ encodedTrack: "" }), status.INVALID_ARGUMENT, "encoded_track"],
    ["decode: not base64", (c) => c.decodeTrack({ encodedTrack: "%%%" }), status.INVALID_ARGUMENT, "encoded_track"],
    ["decode: not a track", (c) => c.decodeTrack({ encodedTrack: "AAAA" }), status.INVALID_ARGUMENT, "encoded_track"],
    ["decode many: empty list", (c) => c.decodeTracks({ encodedTracks: [] }), status.INVALID_ARGUMENT, "encoded_tracks"],
    ["decode many: bad item", (c) => c.decodeTracks({ encodedTracks: [track, "!!"] }), status.INVALID_ARGUMENT, "encoded_tracks[1]"],
    ["list players: negative page", (c) => c.listPlayers({ pageSize: -1, pageToken: "" }), status.INVALID_ARGUMENT, "page_size"],
    ["list nodes: unspecified state", (c) => c.listNodes({ states: [0] }), status.INVALID_ARGUMENT, "states[0]"],
    ["get node: empty id", (c) => c.getNode({ nodeId: "" }), status.INVALID_ARGUMENT, "node_id"],
    ["get node: unknown", (c) => c.getNode({ nodeId: "ghost" }), status.NOT_FOUND, "ghost"],
    ["cordon: empty id", (c) => c.cordonNode({ nodeId: "", reason: "" }), status.INVALID_ARGUMENT, "node_id"],
    ["drain: zero budget", (c) => c.drainNode({ nodeId, maxConcurrentMoves: 0, reason: "" }), status.INVALID_ARGUMENT, "max_concurrent_moves"],
    ["drain: unknown node", (c) => c.drainNode({ nodeId: "ghost", reason: "" }), status.NOT_FOUND, "ghost"],
    ["explain: bad guild", (c) => c.explainPlacement({ guildId: "x", excludeNodeIds: [] }), status.INVALID_ARGUMENT, "guild_id"],
    ["free address: empty", (c) => c.freeRoutePlannerAddress({ nodeId, address: "" }), status.INVALID_ARGUMENT, "address"],
    ["route planner: unknown node", (c) => c.getRoutePlannerStatus({ nodeId: "ghost" }), status.NOT_FOUND, "ghost"],
  ];

  it(`answers ${cases.length} malformed requests with the right status naming the field, and keeps serving`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const failures: string[] = [];
    for (const [name, call, code, field] of cases) {
      try {
        await call(client);
        failures.push(`${name}: succeeded`);
      } catch (err) {
        if (!(err instanceof PyroClientError)) failures.push(`${name}: ${String(err)}`);
        else if (err.code !== code || !err.details.includes(field)) failures.push(`${name}: got ${status[err.code]} "${err.details}"`);
      }
    }
    expect(failures).toEqual([]);
    // The player was not touched by any rejected request, and the Router still serves.
    const p = await client.getPlayer({ guildId: G });
    expect(p.player?.player).toMatchObject({ volume: 100, paused: false });
    expect((await client.listNodes({ states: [] })).nodes).toHaveLength(1);
  });

  it("streams reject bad filters with INVALID_ARGUMENT too", async () => {
    const stream = client.watch({ guildIds: ["not-a-guild"] }, { reconnect: false });
    await expect((async () => { for await (const _ of stream) break; })()).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining("guild_ids[0]") });
  });

  it("ends a Session stream with INVALID_ARGUMENT on a bad subscribe, and answers bad commands in-band", async () => {
    const call = client.raw.session(client.metadata);
    const results: unknown[] = [];
    const ended = new Promise<{ code: number; details: string }>((resolve) => {
      call.on("data", (m: unknown) => results.push(m));
      call.on("error", (e: { code: number; details: string }) => resolve(e));
      call.on("end", () => resolve({ code: 0, details: "ended without status" }));
    });
    call.write({ kind: { $case: "command", value: { requestId: 1n, command: { $case: "getPlayer", value: { guildId: "bad" } } } } });
    call.write({ kind: { $case: "subscribe", value: { guildIds: ["5"], allGuilds: false, includeNodeEvents: false, excludePlayerUpdates: false, resumeFrom: [] } } });
    const e = await ended;
    expect(e).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining("subscribe.guild_ids[0]") });
    expect(results).toContainEqual({ kind: { $case: "commandResult", value: expect.objectContaining({ requestId: 1n, result: { $case: "error", value: expect.objectContaining({ code: status.INVALID_ARGUMENT, field: "guild_id" }) } }) } });
  });

  it("requires the bearer token on a Router started with --auth-token", async () => {
    const port = cluster.routers[1]!.port;
    const anonymous = createPyroClient(`127.0.0.1:${port}`);
    const wrong = createPyroClient(`127.0.0.1:${port}`, { token: "wrong" });
    try {
      await expect(anonymous.listNodes({ states: [] })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      await expect(wrong.getPlayer({ guildId: G })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      await expect((async () => { for await (const _ of anonymous.watch({}, { reconnect: false })) break; })()).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      expect((await cluster.clients[1]!.getPlayer({ guildId: G })).player?.nodeId).toBe(nodeId);
    } finally {
      anonymous.close();
      wrong.close();
    }
    expect(cluster.routers[1]!.logs.join("\n")).not.toContain(TOKEN);
  });
});
