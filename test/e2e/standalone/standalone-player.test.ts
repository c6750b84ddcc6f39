/**
 * Standalone Pyro as one process in front of two emulator processes given with --lavalink: a
 * player's life (create, play, pause, volume, destroy) through the TS client, checked on the
 * emulators themselves, once with the in-memory registry and once with --redis.
 */
import { randomUUID } from "node:crypto";
import { startEmulatorProcess, playersByGuild, type EmulatorProcess } from "../../support/emulator-process";
import { startPyro, type PyroProcess } from "../../support/pyro-process";
import { BOT_USER_ID, voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";
import { createPyroClient, type PyroClient } from "../../../clients/ts/src";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";
import { RepeatMode } from "../../../gen/ts/pyro/router/v1/queue";

const guild = (i: number): string => String(430000000000000000n + BigInt(i));

describe.each([
  ["in-memory registry", (): string[] => []],
  ["Redis registry", (): string[] => ["--redis", process.env.PYRO_TEST_REDIS_URL!, "--redis-prefix", `t-${randomUUID().slice(0, 8)}:`]],
])("standalone with --lavalink and the %s", (_name, registryArgs) => {
  let emulators: EmulatorProcess[];
  let pyro: PyroProcess;
  let client: PyroClient;

  beforeAll(async () => {
    emulators = await Promise.all([startEmulatorProcess(["--stats-interval-ms", "1000"], "pw-a"), startEmulatorProcess(["--stats-interval-ms", "1000"], "pw,b")]);
    pyro = await startPyro([
      "standalone", "--grpc-port", "0", "--user-id", BOT_USER_ID,
      "--lavalink", `alpha=${emulators[0]!.url},pw-a`, "--lavalink", `beta=${emulators[1]!.url},pw,b`, ...registryArgs(),
    ], { timeoutMs: 60000 });
    client = createPyroClient(`127.0.0.1:${pyro.port}`);
  });
  afterAll(async () => {
    client?.close();
    const code = await pyro?.stop();
    await Promise.all((emulators ?? []).map((e) => e.stop()));
    expect(code).toBe(0);
  });

  /** The guild's player on whichever emulator holds it, with that emulator's index. */
  const onEmulator = async (g: string) => {
    const states = await Promise.all(emulators.map((e) => e.state()));
    const found = states.map((s, i) => [i, playersByGuild(s).get(g)] as const).filter(([, p]) => p !== undefined);
    return found.length === 1 ? { index: found[0]![0], player: found[0]![1]! } : undefined;
  };

  it("logs listening only once both nodes are ready, never logs a password, and serves them", async () => {
    const listening = pyro.logs.map((l) => JSON.parse(l) as { msg: string; nodes?: string[]; registry?: string }).find((r) => r.msg === "standalone listening");
    expect(listening).toMatchObject({ nodes: ["alpha", "beta"], registry: registryArgs().length > 0 ? "redis" : "memory" });
    expect(pyro.logs.join("\n")).not.toMatch(/pw-a|pw,b/);
    expect(pyro.logs.join("\n")).not.toMatch(/emulated Lavalink/);
    const { nodes } = await client.listNodes({ states: [] });
    expect(nodes.map((n) => [n.id, n.lavalinkConnected, n.lavalinkUrl])).toEqual([["alpha", true, emulators[0]!.url], ["beta", true, emulators[1]!.url]]);
  });

  it("creates, plays, pauses, changes volume and destroys a player", async () => {
    const g = guild(1);
    const starts: string[] = [];
    const abort = new AbortController();
    let live = false;
    const watching = (async () => {
      for await (const e of client.watch({ guildIds: [g], excludePlayerUpdates: true }, { signal: abort.signal }) as AsyncIterable<Event>) {
        live = true;
        if (e.kind?.$case === "trackStart") starts.push(e.kind.value.track!.info!.title);
      }
    })();
    // The stream is live once an event published after the subscription arrives (a no-op queue edit).
    await waitFor(async () => {
      await client.setRepeatMode({ guildId: g, repeatMode: RepeatMode.REPEAT_MODE_OFF });
      return live;
    }, { what: "event stream live", intervalMs: 200 });

    // create: voice only, no track yet
    const created = await client.updatePlayer({ guildId: g, voice: voiceFor(g), noReplace: false });
    expect(created.player?.phase).toBe(PlayerPhase.PLAYER_PHASE_PLACED);
    const node = created.player!.nodeId;
    expect(["alpha", "beta"]).toContain(node);
    const idx = node === "alpha" ? 0 : 1;
    await waitFor(async () => (await onEmulator(g))?.index === idx, { what: "player created on its emulator" });

    // play
    const played = await client.updatePlayer({ guildId: g, track: { $case: "identifier", value: "emulator:standalone song:600000" }, noReplace: false });
    expect(played.player?.player?.track?.info?.title).toBe("standalone song");
    await waitFor(async () => {
      const p = (await onEmulator(g))?.player;
      return p?.track?.info.title === "standalone song" && p.state.connected;
    }, { what: "track playing on the emulator" });
    await waitFor(() => starts.includes("standalone song"), { what: "TrackStart event" });

    // pause
    const paused = await client.updatePlayer({ guildId: g, paused: true, noReplace: false });
    expect(paused.player?.player?.paused).toBe(true);
    await waitFor(async () => (await onEmulator(g))?.player.paused === true, { what: "paused on the emulator" });

    // volume
    const louder = await client.updatePlayer({ guildId: g, volume: 250, noReplace: false });
    expect(louder.player?.player?.volume).toBe(250);
    await waitFor(async () => (await onEmulator(g))?.player.volume === 250, { what: "volume on the emulator" });
    const got = await client.getPlayer({ guildId: g });
    expect(got.player?.player).toMatchObject({ paused: true, volume: 250 });

    // destroy
    expect(await client.destroyPlayer({ guildId: g })).toEqual({ existed: true });
    await waitFor(async () => (await onEmulator(g)) === undefined, { what: "player gone from the emulator" });
    await expect(client.getPlayer({ guildId: g })).rejects.toMatchObject({ code: 5 });
    expect(await client.destroyPlayer({ guildId: g })).toEqual({ existed: false });
    abort.abort();
    await watching.catch(() => undefined);
  });

  it("plays a queue: Enqueue with play_if_idle starts the first entry, Skip the next", async () => {
    const g = guild(2);
    await client.updatePlayer({ guildId: g, voice: voiceFor(g), noReplace: false });
    const tracks = ["first", "second"].map((t) => ({ source: { $case: "identifier" as const, value: `emulator:${t}:600000` }, userData: undefined }));
    const enq = await client.enqueue({ guildId: g, tracks, playIfIdle: true });
    expect(enq.started).toBe(true);
    await waitFor(async () => (await onEmulator(g))?.player.track?.info.title === "first", { what: "first entry playing" });
    await client.skip({ guildId: g, count: 1 });
    await waitFor(async () => (await onEmulator(g))?.player.track?.info.title === "second", { what: "second entry playing" });
    const q = await client.getQueue({ guildId: g, offset: 0, limit: 10, historyLimit: 10 });
    expect(q.nowPlaying?.track?.info?.title).toBe("second");
    expect(q.history.map((e) => e.track?.info?.title)).toEqual(["first"]);
  });
});
