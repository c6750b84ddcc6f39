/**
 * The shoukaku 4 conformance scenario, run unchanged against any ConformanceTarget: the same
 * client calls and the same assertions on what the client sees; server-side assertions go through
 * the target's view of its state.
 */
import { Player, Shoukaku } from "shoukaku";
import { FakeShoukakuConnector } from "../fake-discord";
import { waitFor } from "../wait-for";
import { normalizeFilters, type ConformanceTarget } from "./target";

const GUILD = "100000000000001001";
const CHANNEL = "2002";

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

/** Declares the scenario; `setup` starts the target (called once, in beforeAll). */
export function describeShoukakuConformance(title: string, setup: () => Promise<ConformanceTarget>): void {
  let target: ConformanceTarget;
  let shoukaku: Shoukaku;
  let connector: FakeShoukakuConnector;
  const readies: Array<{ resumed: boolean }> = [];

  beforeAll(async () => {
    target = await setup();
    connector = new FakeShoukakuConnector();
    shoukaku = new Shoukaku(connector, [{ name: "emu", url: `${target.host}:${target.port}`, auth: target.password }], {
      resume: true, resumeTimeout: 30, reconnectTries: target.reconnect.tries, reconnectInterval: target.reconnect.intervalMs / 1000, restTimeout: 10,
    });
    shoukaku.on("error", () => undefined);
    shoukaku.on("ready", (_name, resumed) => readies.push({ resumed }));
    await waitFor(async () => shoukaku.nodes.get("emu")?.state === 1 && (await target.session())?.resuming, { timeoutMs: 20000 });
  });

  afterAll(async () => {
    // shoukaku reconnects even after removeNode; give it no retries once the test is over.
    if (shoukaku) (shoukaku.options as { reconnectTries: number }).reconnectTries = 0;
    for (const node of [...(shoukaku?.nodes.keys() ?? [])]) shoukaku.removeNode(node);
    await target?.close();
  });

  const node = () => shoukaku.nodes.get("emu")!;
  const state = () => target.player(node().sessionId!, GUILD);

  describe(title, () => {
    let player: Player;
    let encoded: string;

    it("connects: ready, session configured for resuming, stats received", async () => {
      expect(readies[0]).toEqual({ resumed: false });
      expect(await target.session()).toMatchObject({ state: "open", resuming: true, timeoutSeconds: 30, clientName: expect.stringMatching(/^shoukaku\//) });
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

    it("joins voice: the server gets the voice state with channelId", async () => {
      player = await shoukaku.joinVoiceChannel({ guildId: GUILD, channelId: CHANNEL, shardId: 0 });
      expect(connector.sent[0]).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: CHANNEL } });
      await waitFor(async () => (await state())?.voice.channelId === CHANNEL);
      expect(await state()).toMatchObject({ voice: { token: `token-${GUILD}`, endpoint: "127.0.0.1:1", sessionId: `voice-session-${GUILD}`, channelId: CHANNEL },
        state: { connected: true } });
    });

    it("plays: TrackStartEvent reaches the player, the server counts the start", async () => {
      const started = nextEvent(player, "start");
      await player.playTrack({ track: { encoded } });
      const start = await started;
      expect(start.track.info.title).toBe("Conformance Ünïcode 😀");
      expect((await state()).track.info.title).toBe("Conformance Ünïcode 😀");
      expect((await target.counters()).trackStarts).toBe(1);
      expect((await target.counters()).trackStartsByGuild[GUILD]).toBe(1);
      await nextEvent(player, "update");
      const other = (await node().rest.resolve("emulator:other"))!;
      await player.playTrack({ track: { encoded: (other as any).data.encoded } }, true);
      expect((await state()).track.info.title).toBe("Conformance Ünïcode 😀");
      expect((await target.counters()).trackStarts).toBe(1);
    });

    it("pauses and resumes without events", async () => {
      await player.setPaused(true);
      expect((await state()).paused).toBe(true);
      const frozen = (await state()).state.position;
      await nextEvent(player, "update");
      await nextEvent(player, "update");
      expect((await state()).state.position).toBe(frozen);
      await player.setPaused(false);
      expect((await state()).paused).toBe(false);
      expect(player.paused).toBe(false);
    });

    it("seeks: the server's position and the player's updates move", async () => {
      await player.seekTo(5000);
      expect((await state()).state.position).toBeGreaterThanOrEqual(5000);
      await nextEvent(player, "update", (u) => u.state.position >= 5000);
      expect(player.position).toBeGreaterThanOrEqual(5000);
    });

    it("sets volume and filters; clearFilters replaces the chain", async () => {
      await player.setGlobalVolume(50);
      expect((await state()).volume).toBe(50);
      await player.setFilters({ timescale: { speed: 1.5, pitch: 1, rate: 1 }, equalizer: [{ band: 0, gain: 0.2 }] });
      expect((await state()).filters).toEqual({ equalizer: [{ band: 0, gain: 0.2 }], timescale: { speed: 1.5, pitch: 1, rate: 1 } });
      await player.clearFilters();
      expect(normalizeFilters((await state()).filters)).toEqual({ volume: 1 });
    });

    it("stops: TrackEndEvent stopped reaches the player", async () => {
      const ended = nextEvent(player, "end");
      await player.stopTrack();
      expect((await ended).reason).toBe("stopped");
      expect((await state()).track).toBeNull();
    });

    it("resumes the session after a dropped socket; the same player keeps getting events", async () => {
      const sessionId = node().sessionId;
      const started = nextEvent(player, "start");
      await player.playTrack({ track: { encoded } });
      await started;
      await target.dropWebSocket();
      await waitFor(() => readies.length >= 2, { timeoutMs: 30000 });
      expect(readies[1]).toEqual({ resumed: true });
      expect(node().sessionId).toBe(sessionId);
      expect((await target.counters()).sessionsResumed).toBe(1);
      expect((await state()).track.info.title).toBe("Conformance Ünïcode 😀");
      const ended = nextEvent(player, "end");
      await player.seekTo(600000);
      expect((await ended).reason).toBe("finished");
    });

    it("destroys: leaving voice deletes the player on the server", async () => {
      const destroyedBefore = (await target.counters()).playersDestroyed;
      await shoukaku.leaveVoiceChannel(GUILD);
      expect(connector.sent.at(-1)).toMatchObject({ op: 4, d: { guild_id: GUILD, channel_id: null } });
      await waitFor(async () => (await state()) === undefined);
      expect((await target.counters()).playersDestroyed).toBe(destroyedBefore + 1);
    });
  });
}
