import type * as LavalinkClient from "lavalink-client" with { "resolution-mode": "require" };

// lavalink-client's typings are ESM-flavoured; load the CommonJS build at runtime and keep its types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LavalinkManager } = require("lavalink-client") as typeof LavalinkClient;
type Player = LavalinkClient.Player;
import { answerVoiceOp, FAKE_BOT_ID, VoiceStateOp } from "./fake-discord";
import { Emulator, startEmulator } from "./index";
import { waitFor } from "./wait-for";

const GUILD = "3003";
const CHANNEL = "4004";

let emu: Emulator;
let manager: LavalinkClient.LavalinkManager;
const sentOps: VoiceStateOp[] = [];
const events: Array<{ name: string; payload: any }> = [];

beforeAll(async () => {
  emu = await startEmulator({ password: "pw", playerUpdateIntervalMs: 50, statsIntervalMs: 200, clockSpeed: 20 });
  manager = new LavalinkManager({
    nodes: [{ id: "emu", host: "127.0.0.1", port: emu.port, authorization: "pw", retryAmount: 3, retryDelay: 50 }],
    sendToShard: (_guildId, payload) => {
      sentOps.push(payload as VoiceStateOp);
      answerVoiceOp(payload as VoiceStateOp, (packet) => void manager.sendRawData(packet as any));
    },
    client: { id: FAKE_BOT_ID, username: "PeerCheckBot" },
    autoSkip: false,
    playerOptions: { onDisconnect: { destroyPlayer: false, autoReconnect: false } },
  });
  manager.nodeManager.on("error", () => undefined);
  manager.on("trackStart", (_p, _t, payload) => events.push({ name: "trackStart", payload }));
  manager.on("trackEnd", (_p, _t, payload) => events.push({ name: "trackEnd", payload }));
  manager.on("queueEnd", (_p, _t, payload) => events.push({ name: "queueEnd", payload }));
  await manager.init({ id: FAKE_BOT_ID, username: "PeerCheckBot" });
  await waitFor(() => manager.nodeManager.nodes.get("emu")?.info && emu.sessions().length === 1);
});

afterAll(async () => {
  for (const node of manager.nodeManager.nodes.values()) node.destroy(undefined, true);
  await emu.close();
});

const sessionId = () => emu.sessions()[0].sessionId;
const state = () => emu.player(sessionId(), GUILD) as any;
const eventNames = () => events.map((e) => (e.payload?.reason ? `${e.name}:${e.payload.reason}` : e.name));

describe("lavalink-client 2 against the emulator", () => {
  let player: Player;

  it("connects with the bot username as Client-Name and reads /v4/info", async () => {
    expect(emu.sessions()[0]).toMatchObject({ state: "open", clientName: "PeerCheckBot", userId: FAKE_BOT_ID });
    const node = manager.nodeManager.nodes.get("emu")!;
    expect(node.info?.sourceManagers).toContain("youtube");
  });

  it("creates the player and connects voice; the emulator stores the voice state", async () => {
    player = manager.createPlayer({ guildId: GUILD, voiceChannelId: CHANNEL, selfDeaf: true });
    await player.connect();
    expect(sentOps[0]).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: CHANNEL } });
    await waitFor(() => state()?.voice.channelId === CHANNEL);
    expect(state()).toMatchObject({ voice: { token: `token-${GUILD}`, sessionId: `voice-session-${GUILD}` }, state: { connected: true } });
  });

  it("searches and plays with userData; trackStart arrives", async () => {
    const result = await player.search({ query: "never gonna", source: "ytsearch" }, { id: "42", username: "requester" });
    expect(result.loadType).toBe("search");
    expect(result.tracks).toHaveLength(5);
    await player.queue.add(result.tracks[0]);
    await player.play();
    await waitFor(() => events.some((e) => e.name === "trackStart"));
    expect(state().track).toMatchObject({ info: { title: "never gonna (result 1)", sourceName: "youtube" } });
    expect(state().track.userData).toMatchObject({ requester: { id: "42" } });
    expect(emu.counters.trackStartsByGuild.get(GUILD)).toBe(1);
  });

  it("pauses, resumes, seeks and sets the volume", async () => {
    await player.pause();
    expect(state().paused).toBe(true);
    await player.resume();
    expect(state().paused).toBe(false);
    await player.seek(5000);
    expect(state().state.position).toBeGreaterThanOrEqual(5000);
    await waitFor(() => player.lastPosition >= 5000);
    await player.setVolume(50);
    expect(state().volume).toBe(50);
  });

  it("applies filters: nightcore then setEQ replaces the chain on the server", async () => {
    await player.filterManager.toggleNightcore();
    await waitFor(() => state().filters.timescale?.speed > 1.2);
    await player.filterManager.setEQ([{ band: 0, gain: 0.2 }]);
    await waitFor(() => state().filters.equalizer !== undefined);
    expect(state().filters.equalizer).toEqual([{ band: 0, gain: 0.2 }]);
    // The client sent only the equalizer: like a real Lavalink, the timescale is gone.
    expect(state().filters.timescale).toBeUndefined();
  });

  it("stops: trackEnd stopped", async () => {
    await player.stopPlaying();
    // With an empty queue lavalink-client reports the end as queueEnd, carrying the server's payload.
    await waitFor(() => eventNames().some((n) => /^(trackEnd|queueEnd):stopped$/.test(n)));
    expect(state().track).toBeNull();
  });

  it("plays a track to its natural end (finished) on the sped-up clock", async () => {
    const result = await player.search({ query: "http://127.0.0.1:2334/short.mp3?length_ms=2000" }, { id: "42" });
    expect(result.tracks[0].info).toMatchObject({ sourceName: "http", duration: 2000 });
    await player.play({ clientTrack: result.tracks[0] });
    await waitFor(() => eventNames().some((n) => /^(trackEnd|queueEnd):finished$/.test(n)), { timeoutMs: 10000 });
  });

  it("destroys: DELETE removes the player on the emulator", async () => {
    const before = emu.counters.playersDestroyed;
    await player.destroy();
    await waitFor(() => state() === undefined);
    expect(emu.counters.playersDestroyed).toBe(before + 1);
    expect(sentOps.at(-1)).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: null } });
  });
});
