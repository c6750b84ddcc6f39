/**
 * The lavalink-client 2 conformance scenario, run unchanged against any ConformanceTarget (same
 * client calls, same assertions on what the client sees; server-side assertions through the
 * target). Natural track ends need a sped-up clock on the Lavalink(s) (emulator `clockSpeed 20`).
 */
import type * as LavalinkClient from "lavalink-client" with { "resolution-mode": "require" };
import { answerVoiceOp, FAKE_BOT_ID, VoiceStateOp } from "../fake-discord";
import { waitFor } from "../wait-for";
import type { ConformanceTarget } from "./target";

// lavalink-client's typings are ESM-flavoured; load the CommonJS build at runtime and keep its types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LavalinkManager } = require("lavalink-client") as typeof LavalinkClient;
type Player = LavalinkClient.Player;

const GUILD = "100000000000003003";
const CHANNEL = "4004";

/** Declares the scenario; `setup` starts the target (called once, in beforeAll). */
export function describeLavalinkClientConformance(title: string, setup: () => Promise<ConformanceTarget>): void {
  let target: ConformanceTarget;
  let manager: LavalinkClient.LavalinkManager;
  const sentOps: VoiceStateOp[] = [];
  const events: Array<{ name: string; payload: any }> = [];

  beforeAll(async () => {
    target = await setup();
    manager = new LavalinkManager({
      nodes: [{ id: "emu", host: target.host, port: target.port, authorization: target.password, retryAmount: target.reconnect.tries, retryDelay: target.reconnect.intervalMs }],
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
    await waitFor(async () => manager.nodeManager.nodes.get("emu")?.info && (await target.session()) !== undefined, { timeoutMs: 20000 });
  });

  afterAll(async () => {
    for (const node of manager?.nodeManager.nodes.values() ?? []) node.destroy(undefined, true);
    await target?.close();
  });

  const sessionId = () => manager.nodeManager.nodes.get("emu")!.sessionId!;
  const state = () => target.player(sessionId(), GUILD);
  const eventNames = () => events.map((e) => (e.payload?.reason ? `${e.name}:${e.payload.reason}` : e.name));

  describe(title, () => {
    let player: Player;

    it("connects with the bot username as Client-Name and reads /v4/info", async () => {
      expect(await target.session()).toMatchObject({ state: "open", clientName: "PeerCheckBot", userId: FAKE_BOT_ID });
      const node = manager.nodeManager.nodes.get("emu")!;
      expect(node.info?.sourceManagers).toContain("youtube");
    });

    it("creates the player and connects voice; the server stores the voice state", async () => {
      player = manager.createPlayer({ guildId: GUILD, voiceChannelId: CHANNEL, selfDeaf: true });
      await player.connect();
      expect(sentOps[0]).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: CHANNEL } });
      await waitFor(async () => (await state())?.voice.channelId === CHANNEL);
      expect(await state()).toMatchObject({ voice: { token: `token-${GUILD}`, sessionId: `voice-session-${GUILD}` }, state: { connected: true } });
    });

    it("searches and plays with userData; trackStart arrives", async () => {
      const result = await player.search({ query: "never gonna", source: "ytsearch" }, { id: "42", username: "requester" });
      expect(result.loadType).toBe("search");
      expect(result.tracks).toHaveLength(5);
      await player.queue.add(result.tracks[0]);
      await player.play();
      await waitFor(() => events.some((e) => e.name === "trackStart"));
      expect((await state()).track).toMatchObject({ info: { title: "never gonna (result 1)", sourceName: "youtube" } });
      expect((await state()).track.userData).toMatchObject({ requester: { id: "42" } });
      expect((await target.counters()).trackStartsByGuild[GUILD]).toBe(1);
    });

    it("pauses, resumes, seeks and sets the volume", async () => {
      await player.pause();
      expect((await state()).paused).toBe(true);
      await player.resume();
      expect((await state()).paused).toBe(false);
      await player.seek(5000);
      expect((await state()).state.position).toBeGreaterThanOrEqual(5000);
      await waitFor(() => player.lastPosition >= 5000);
      await player.setVolume(50);
      expect((await state()).volume).toBe(50);
    });

    it("applies filters: nightcore then setEQ replaces the chain on the server", async () => {
      await player.filterManager.toggleNightcore();
      await waitFor(async () => (await state()).filters.timescale?.speed > 1.2);
      await player.filterManager.setEQ([{ band: 0, gain: 0.2 }]);
      await waitFor(async () => (await state()).filters.equalizer !== undefined);
      expect((await state()).filters.equalizer).toEqual([{ band: 0, gain: 0.2 }]);
      // The client sent only the equalizer: like a real Lavalink, the timescale is gone.
      expect((await state()).filters.timescale).toBeUndefined();
    });

    it("stops: trackEnd stopped", async () => {
      await player.stopPlaying();
      // With an empty queue lavalink-client reports the end as queueEnd, carrying the server's payload.
      await waitFor(() => eventNames().some((n) => /^(trackEnd|queueEnd):stopped$/.test(n)));
      expect((await state()).track).toBeNull();
    });

    it("plays a track to its natural end (finished) on the sped-up clock", async () => {
      const result = await player.search({ query: "http://127.0.0.1:2334/short.mp3?length_ms=2000" }, { id: "42" });
      expect(result.tracks[0].info).toMatchObject({ sourceName: "http", duration: 2000 });
      await player.play({ clientTrack: result.tracks[0] });
      await waitFor(() => eventNames().some((n) => /^(trackEnd|queueEnd):finished$/.test(n)), { timeoutMs: 10000 });
    });

    it("destroys: DELETE removes the player on the server", async () => {
      const before = (await target.counters()).playersDestroyed;
      await player.destroy();
      await waitFor(async () => (await state()) === undefined);
      expect((await target.counters()).playersDestroyed).toBe(before + 1);
      expect(sentOps.at(-1)).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: null } });
    });
  });
}
