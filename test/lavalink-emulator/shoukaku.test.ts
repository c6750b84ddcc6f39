import { Player, Shoukaku } from "shoukaku";
import { FakeShoukakuConnector } from "./fake-discord";
import { Emulator, startEmulator } from "./index";
import { waitFor } from "./wait-for";

const GUILD = "1001";
const CHANNEL = "2002";

let emu: Emulator;
let shoukaku: Shoukaku;
let connector: FakeShoukakuConnector;
const readies: Array<{ resumed: boolean }> = [];

beforeAll(async () => {
  emu = await startEmulator({ password: "pw", playerUpdateIntervalMs: 50, statsIntervalMs: 200 });
  connector = new FakeShoukakuConnector();
  shoukaku = new Shoukaku(connector, [{ name: "emu", url: `127.0.0.1:${emu.port}`, auth: "pw" }], {
    resume: true, resumeTimeout: 30, reconnectTries: 3, reconnectInterval: 0.05, restTimeout: 10,
  });
  shoukaku.on("error", () => undefined);
  shoukaku.on("ready", (_name, resumed) => readies.push({ resumed }));
  await waitFor(() => shoukaku.nodes.get("emu")?.state === 1 && emu.sessions()[0]?.resuming);
});

afterAll(async () => {
  for (const node of [...shoukaku.nodes.keys()]) shoukaku.removeNode(node);
  await emu.close();
});

const node = () => shoukaku.nodes.get("emu")!;
const state = () => emu.player(node().sessionId!, GUILD) as any;

function nextEvent(player: Player, name: "start" | "end" | "update" | "closed", pred: (e: any) => boolean = () => true): Promise<any> {
  return new Promise((resolve) => {
    const on = (e: any): void => {
      if (!pred(e)) return;
      player.off(name, on);
      resolve(e);
    };
    player.on(name, on);
  });
}

describe("shoukaku 4 against the emulator", () => {
  let player: Player;
  let encoded: string;

  it("connects: ready, session configured for resuming, stats received", async () => {
    expect(readies[0]).toEqual({ resumed: false });
    expect(emu.sessions()[0]).toMatchObject({ state: "open", resuming: true, timeoutSeconds: 30, clientName: expect.stringMatching(/^shoukaku\//) });
    await waitFor(() => node().stats !== null);
    expect(node().stats).toMatchObject({ players: 0, cpu: expect.any(Object) });
  });

  it("loads tracks through the REST client", async () => {
    const result = await node().rest.resolve("emulator:Conformance Ünïcode 😀:600000");
    expect(result?.loadType).toBe("track");
    encoded = (result as any).data.encoded;
    expect((result as any).data.info).toMatchObject({ title: "Conformance Ünïcode 😀", length: 600000 });
    const search = await node().rest.resolve("ytsearch:lofi beats");
    expect(search?.loadType).toBe("search");
    expect((search as any).data).toHaveLength(5);
  });

  it("joins voice: the emulator gets the voice state with channelId", async () => {
    player = await shoukaku.joinVoiceChannel({ guildId: GUILD, channelId: CHANNEL, shardId: 0 });
    expect(connector.sent[0]).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: CHANNEL } });
    await waitFor(() => state()?.voice.channelId === CHANNEL);
    expect(state()).toMatchObject({ voice: { token: `token-${GUILD}`, endpoint: "127.0.0.1:1", sessionId: `voice-session-${GUILD}`, channelId: CHANNEL },
      state: { connected: true } });
  });

  it("plays: TrackStartEvent reaches the player, the emulator counts the start", async () => {
    const started = nextEvent(player, "start");
    await player.playTrack({ track: { encoded } });
    const start = await started;
    expect(start.track.info.title).toBe("Conformance Ünïcode 😀");
    expect(state().track.info.title).toBe("Conformance Ünïcode 😀");
    expect(emu.counters.trackStarts).toBe(1);
    expect(emu.counters.trackStartsByTrack.get(encoded)).toBe(1);
    await nextEvent(player, "update");
    const other = (await node().rest.resolve("emulator:other"))!;
    await player.playTrack({ track: { encoded: (other as any).data.encoded } }, true);
    expect(state().track.info.title).toBe("Conformance Ünïcode 😀");
    expect(emu.counters.trackStarts).toBe(1);
  });

  it("pauses and resumes without events", async () => {
    await player.setPaused(true);
    expect(state().paused).toBe(true);
    const frozen = state().state.position;
    await nextEvent(player, "update");
    await nextEvent(player, "update");
    expect(state().state.position).toBe(frozen);
    await player.setPaused(false);
    expect(state().paused).toBe(false);
    expect(player.paused).toBe(false);
  });

  it("seeks: the emulator's position and the player's updates move", async () => {
    await player.seekTo(5000);
    expect(state().state.position).toBeGreaterThanOrEqual(5000);
    await nextEvent(player, "update", (u) => u.state.position >= 5000);
    expect(player.position).toBeGreaterThanOrEqual(5000);
  });

  it("sets volume and filters; clearFilters replaces the chain", async () => {
    await player.setGlobalVolume(50);
    expect(state().volume).toBe(50);
    await player.setFilters({ timescale: { speed: 1.5, pitch: 1, rate: 1 }, equalizer: [{ band: 0, gain: 0.2 }] });
    expect(state().filters).toEqual({ equalizer: [{ band: 0, gain: 0.2 }], timescale: { speed: 1.5, pitch: 1, rate: 1 } });
    await player.clearFilters();
    expect(state().filters).toEqual({ volume: 1, equalizer: [] });
  });

  it("stops: TrackEndEvent stopped reaches the player", async () => {
    const ended = nextEvent(player, "end");
    await player.stopTrack();
    expect((await ended).reason).toBe("stopped");
    expect(state().track).toBeNull();
  });

  it("resumes the session after a dropped socket; the same player keeps getting events", async () => {
    const sessionId = node().sessionId;
    const started = nextEvent(player, "start");
    await player.playTrack({ track: { encoded } });
    await started;
    emu.control.dropWebSocket();
    await waitFor(() => readies.length >= 2, { timeoutMs: 10000 });
    expect(readies[1]).toEqual({ resumed: true });
    expect(node().sessionId).toBe(sessionId);
    expect(emu.counters.sessionsResumed).toBe(1);
    expect(state().track.info.title).toBe("Conformance Ünïcode 😀");
    const ended = nextEvent(player, "end");
    await player.seekTo(600000);
    expect((await ended).reason).toBe("finished");
  });

  it("destroys: leaving voice deletes the player on the emulator", async () => {
    const destroyedBefore = emu.counters.playersDestroyed;
    await shoukaku.leaveVoiceChannel(GUILD);
    expect(connector.sent.at(-1)).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: null } });
    await waitFor(() => state() === undefined);
    expect(emu.counters.playersDestroyed).toBe(destroyedBefore + 1);
  });
});
