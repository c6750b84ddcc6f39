// Lavalink plugins through Pyro's Lavalink endpoint: lavalink-client 2.11's own lyrics and SponsorBlock
// calls against emulators running the simulated plugins, plugin frames byte for byte to both kinds of
// subscribers, and CallPlugin over gRPC (3 emulators, clocks sped up 20x).
import type * as LavalinkClient from "lavalink-client" with { "resolution-mode": "require" };
import { answerVoiceOp, FAKE_BOT_ID, VoiceStateOp } from "../../lavalink-emulator/fake-discord";
import { playersByGuild } from "../../support/emulator-process";
import { waitFor } from "../../support/wait-for";
import { startPyroTarget, type PyroTarget } from "./pyro-target";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LavalinkManager } = require("lavalink-client") as typeof LavalinkClient;

const GUILD = "500500500500500500";
const CHANNEL = "600600600600600600";

let target: PyroTarget;
let manager: LavalinkClient.LavalinkManager;
let player: LavalinkClient.Player;
const rawFrames: string[] = [];
const events: Array<{ name: string; payload: any }> = [];
const watched: Event[] = [];
const watchAbort = new AbortController();

beforeAll(async () => {
  target = await startPyroTarget(["--player-update-interval-ms", "100", "--stats-interval-ms", "1000", "--clock-speed", "20", "--plugin", "lyrics", "--plugin", "segment-skip"]);
  // Fast failure detection, as in test/e2e/failover: 1 s leases, 2 s Lavalink resume window.
  await Promise.all(target.cluster.lavanodes.map((l) => l.stop("SIGKILL")));
  await Promise.all(target.cluster.nodeIds.map((_, i) => target.cluster.startLavanode(i, ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"])));
  await waitFor(async () => (await target.cluster.clients[0]!.listNodes({ states: [] })).nodes.every((n) => n.lavalinkConnected), { timeoutMs: 30000 });
  void (async () => {
    for await (const e of target.cluster.clients[0]!.watch({ guildIds: [GUILD] }, { signal: watchAbort.signal })) watched.push(e);
  })().catch(() => undefined);
  manager = new LavalinkManager({
    nodes: [{ id: "pyro", host: target.host, port: target.port, authorization: target.password }],
    sendToShard: (_g, payload) => answerVoiceOp(payload as VoiceStateOp, (packet) => void manager.sendRawData(packet as any)),
    client: { id: FAKE_BOT_ID, username: "PluginBot" },
    autoSkip: false,
    playerOptions: { onDisconnect: { destroyPlayer: false, autoReconnect: false } },
  });
  manager.nodeManager.on("error", () => undefined);
  for (const name of ["SegmentsLoaded", "SegmentSkipped", "LyricsFound", "LyricsLine"] as const) {
    manager.on(name as any, (_p: unknown, _t: unknown, payload: any) => events.push({ name, payload }));
  }
  await manager.init({ id: FAKE_BOT_ID, username: "PluginBot" });
  await waitFor(() => manager.nodeManager.nodes.get("pyro")?.sessionId, { timeoutMs: 20000 });
  (manager.nodeManager.nodes.get("pyro") as any).socket.on("message", (data: Buffer) => rawFrames.push(data.toString("utf8")));
  player = manager.createPlayer({ guildId: GUILD, voiceChannelId: CHANNEL, selfDeaf: true });
  await player.connect();
}, 120000);

afterAll(async () => {
  watchAbort.abort();
  for (const node of manager?.nodeManager.nodes.values() ?? []) node.destroy(undefined, true);
  await target?.close();
});

async function play(identifier: string): Promise<LavalinkClient.Track> {
  const loaded = await target.cluster.clients[0]!.loadTracks({ identifier });
  const r = loaded.result!.result!;
  if (r.$case !== "track") throw new Error(`expected a track, got ${r.$case}`);
  const data = (await player.node.request(`/decodetrack?encodedTrack=${encodeURIComponent(r.value.encoded)}`)) as any;
  const track = manager.utils.buildTrack(data, { id: "1" });
  await player.play({ clientTrack: track });
  return track;
}

async function emulatorOf(guildId: string) {
  const nodeId = (await target.cluster.clients[0]!.getPlayer({ guildId })).player!.nodeId;
  for (const [id, state] of await target.cluster.states()) if (id === nodeId && playersByGuild(state).has(guildId)) return target.cluster.emulators[target.cluster.nodeIds.indexOf(id)]!;
  throw new Error(`no emulator holds ${guildId}`);
}

describe("Lavalink plugins through Pyro's endpoint", () => {
  it("lavalink-client's SponsorBlock calls set, read and apply per-player categories", async () => {
    await play("emulator:warmup:600000");
    await waitFor(async () => (await target.player("", GUILD))?.track !== null && (await target.player("", GUILD)) !== undefined);
    await player.setSponsorBlock(["sponsor"]);
    expect(await player.getSponsorBlock()).toEqual(["sponsor"]);
    await play("segments:talk:60000");
    await waitFor(() => events.some((e) => e.name === "SegmentSkipped"), { timeoutMs: 20000 });
    expect(events.find((e) => e.name === "SegmentSkipped")!.payload.segment).toEqual({ category: "sponsor", start: 6000, end: 12000 });
  });

  it("lavalink-client's lyrics calls: global, current track, subscription with line events", async () => {
    const track = await play("emulator:ballad:60000");
    const global = (await player.getLyrics(track)) as any;
    expect(global.lines).toHaveLength(6);
    await player.subscribeLyrics();
    const current = (await player.getCurrentLyrics()) as any;
    expect(current.lines[0].line).toBe("ballad line 1");
    await waitFor(() => events.filter((e) => e.name === "LyricsLine").length >= 2, { timeoutMs: 20000 });
    expect(events.find((e) => e.name === "LyricsLine")!.payload).toMatchObject({ guildId: GUILD, line: { line: expect.stringMatching(/^ballad line/) } });
  });

  it("a plugin route no node has gets the Lavalink's 404", async () => {
    await expect(player.node.request("/nosuchplugin/route")).rejects.toThrow();
    const res = await fetch(`http://127.0.0.1:${target.port}/v4/nosuchplugin/route`, { headers: { authorization: target.password } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, path: "/v4/nosuchplugin/route" });
  });

  it("unknown frames reach Lavalink sessions and gRPC subscribers byte for byte, in order", async () => {
    const frames = [
      `{"op":"event","type":"CustomPluginEvent","guildId":"${GUILD}","big":12345678901234567890,"f":1.0,"s":"\\u00fc"}`,
      `{"op":"pluginHello","guildId":"${GUILD}", "spaced" : true}`,
    ];
    const emu = await emulatorOf(GUILD);
    await emu.control("sendRawFrames", { frames });
    await waitFor(() => frames.every((f) => rawFrames.includes(f)), { timeoutMs: 10000 });
    expect(rawFrames.filter((f) => frames.includes(f))).toEqual(frames);
    await waitFor(() => watched.filter((e) => e.kind?.$case === "pluginEvent" && e.kind.value.rawJson !== "" && frames.includes(e.kind.value.rawJson)).length === 2, { timeoutMs: 10000 });
    const plugin = watched.flatMap((e) => (e.kind?.$case === "pluginEvent" && frames.includes(e.kind.value.rawJson) ? [e.kind.value] : []));
    expect(plugin.map((p) => p.rawJson)).toEqual(frames);
    expect(plugin.map((p) => [p.op, p.type])).toEqual([["event", "CustomPluginEvent"], ["pluginHello", ""]]);
  });

  it("CallPlugin reaches the same plugin state over gRPC, player-scoped and global, and refuses core routes", async () => {
    const client = target.cluster.clients[0]!;
    const cats = await client.callPlugin({ method: "GET", path: "/sponsorblock/categories", guildId: GUILD, bodyJson: "" });
    expect(cats.httpStatus).toBe(200);
    expect(JSON.parse(cats.body)).toEqual(["sponsor"]);
    const put = await client.callPlugin({ method: "PUT", path: "/sponsorblock/categories", guildId: GUILD, bodyJson: '["sponsor","selfpromo"]' });
    expect(put.httpStatus).toBe(204);
    expect(await player.getSponsorBlock()).toEqual(["sponsor", "selfpromo"]);
    const encoded = (await target.player("", GUILD)).track.encoded as string;
    const lyrics = await client.callPlugin({ method: "GET", path: `/lyrics?track=${encodeURIComponent(encoded)}`, guildId: "", bodyJson: "" });
    expect(lyrics.httpStatus).toBe(200);
    expect(JSON.parse(lyrics.body).lines).toHaveLength(6);
    await expect(client.callPlugin({ method: "PATCH", path: "/sessions/x/players/1", guildId: "", bodyJson: "" })).rejects.toMatchObject({ code: 3 });
    await expect(client.callPlugin({ method: "GET", path: "/sponsorblock/categories", guildId: "777777777777777777", bodyJson: "" })).rejects.toMatchObject({ code: 5 });
    await expect(client.callPlugin({ method: "TRACE", path: "/lyrics", guildId: "", bodyJson: "" })).rejects.toMatchObject({ code: 3 });
  });

  it("after a failover: categories and the lyrics subscription are replayed, plugin frames still pass through", async () => {
    await play("emulator:long ballad:6000000");
    await waitFor(() => events.some((e) => e.name === "LyricsLine" && e.payload.line.line === "long ballad line 1"), { timeoutMs: 10000 });
    const from = (await target.cluster.clients[0]!.getPlayer({ guildId: GUILD })).player!.nodeId;
    const victim = await emulatorOf(GUILD);
    const before = events.length;
    await victim.stop("SIGKILL");
    await waitFor(async () => {
      const p = (await target.cluster.clients[0]!.getPlayer({ guildId: GUILD })).player!;
      return p.nodeId !== from && p.nodeId !== "" && p.phase === PlayerPhase.PLAYER_PHASE_PLACED;
    }, { timeoutMs: 30000, what: "the player on a survivor" });
    // The new Lavalink never saw the subscription: line events come from the replayed one.
    await waitFor(() => events.slice(before).some((e) => e.name === "LyricsLine"), { timeoutMs: 15000, what: "lyrics lines from the new node" });
    expect(await player.getSponsorBlock()).toEqual(["sponsor", "selfpromo"]);
    const frame = `{"op":"event","type":"AfterFailoverEvent","guildId":"${GUILD}","x":2.50}`;
    await (await emulatorOf(GUILD)).control("sendRawFrames", { frames: [frame] });
    await waitFor(() => rawFrames.includes(frame), { timeoutMs: 10000 });
    await waitFor(() => watched.some((e) => e.kind?.$case === "pluginEvent" && e.kind.value.rawJson === frame), { timeoutMs: 10000 });
  });
});
