// lavalink-client 2.11's own SponsorBlock and lyrics calls against the emulator with its simulated
// plugins: the emulator answers them in the shapes the library expects (the same calls run through
// Pyro in test/e2e/lavalink-compat/plugins.test.ts).
import type * as LavalinkClient from "lavalink-client" with { "resolution-mode": "require" };
import { answerVoiceOp, FAKE_BOT_ID, VoiceStateOp } from "./fake-discord";
import { startEmulator, type Emulator } from "./index";
import { waitFor } from "./wait-for";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LavalinkManager } = require("lavalink-client") as typeof LavalinkClient;

const GUILD = "3113";
let emu: Emulator;
let manager: LavalinkClient.LavalinkManager;
let player: LavalinkClient.Player;
const events: Array<{ name: string; payload: any }> = [];

beforeAll(async () => {
  emu = await startEmulator({ password: "pw", playerUpdateIntervalMs: 50, statsIntervalMs: 200, clockSpeed: 20, plugins: ["lyrics", "segment-skip"] });
  manager = new LavalinkManager({
    nodes: [{ id: "emu", host: "127.0.0.1", port: emu.port, authorization: "pw" }],
    sendToShard: (_g, payload) => answerVoiceOp(payload as VoiceStateOp, (packet) => void manager.sendRawData(packet as any)),
    client: { id: FAKE_BOT_ID, username: "PluginBot" },
    autoSkip: false,
    playerOptions: { onDisconnect: { destroyPlayer: false, autoReconnect: false } },
  });
  manager.nodeManager.on("error", () => undefined);
  for (const name of ["SegmentsLoaded", "SegmentSkipped", "LyricsFound", "LyricsLine"]) {
    manager.on(name as any, (_p: unknown, _t: unknown, payload: any) => events.push({ name, payload }));
  }
  await manager.init({ id: FAKE_BOT_ID, username: "PluginBot" });
  await waitFor(() => manager.nodeManager.nodes.get("emu")?.info, { timeoutMs: 10000 });
  player = manager.createPlayer({ guildId: GUILD, voiceChannelId: "4114", selfDeaf: true });
  await player.connect();
});

afterAll(async () => {
  for (const node of manager?.nodeManager.nodes.values() ?? []) node.destroy(undefined, true);
  await emu?.close();
});

async function play(identifier: string): Promise<LavalinkClient.Track> {
  const res = (await player.node.request(`/loadtracks?identifier=${encodeURIComponent(identifier)}`)) as any;
  const track = manager.utils.buildTrack(res.data, { id: "1" });
  await player.play({ clientTrack: track });
  return track;
}

describe("lavalink-client plugin calls against the emulator", () => {
  it("sees the plugins in /v4/info", () => {
    expect(manager.nodeManager.nodes.get("emu")!.info!.plugins.map((p) => p.name)).toEqual(["lavalyrics-plugin", "java-lyrics-plugin", "sponsorblock-plugin"]);
  });

  it("SponsorBlock: set, get, segments loaded and skipped, delete", async () => {
    await play("emulator:warmup:600000");
    await player.setSponsorBlock(["sponsor"]);
    expect(await player.getSponsorBlock()).toEqual(["sponsor"]);
    await play("segments:talk:60000");
    await waitFor(() => events.some((e) => e.name === "SegmentSkipped"), { timeoutMs: 10000 });
    expect(events.find((e) => e.name === "SegmentsLoaded")!.payload.segments).toEqual([{ category: "sponsor", start: 6000, end: 12000 }]);
    await player.deleteSponsorBlock();
    expect(await player.getSponsorBlock()).toEqual([]);
  });

  it("lyrics: global, current, subscription with found and line events, unsubscribe", async () => {
    const track = await play("emulator:ballad:60000");
    expect(((await player.getLyrics(track)) as any).lines).toHaveLength(6);
    await player.subscribeLyrics();
    expect(((await player.getCurrentLyrics()) as any).text).toContain("ballad line 1");
    await waitFor(() => events.filter((e) => e.name === "LyricsLine").length >= 2, { timeoutMs: 10000 });
    expect(events.find((e) => e.name === "LyricsLine")!.payload).toMatchObject({ guildId: GUILD, lineIndex: 0, skipped: false });
    await player.unsubscribeLyrics();
  });
});
