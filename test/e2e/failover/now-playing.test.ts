/**
 * "Now playing" as a bot sees it, across a drain, a failover and a Router restart, with every
 * component a process (Redis, 3 emulators, 3 Lavanodes, 2 Routers). The bot listens through
 * @pyro/client's createPyro on the Router it does not send commands to, and counts TrackStart
 * events the way a bot that posts "Now playing" would (skipping `replay`).
 */
import { startCluster, routerArgs, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { startPyro } from "../../support/pyro-process";
import { stablePort } from "../../support/stable-port";
import { waitFor } from "../../support/wait-for";
import { createPyro, createPyroClient, type EventPayload, type PyroBot } from "../../../clients/ts/src";

const LAVANODE_ARGS = ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"];

describe("now playing is not doubled across a drain, a failover or a reconnect (processes)", () => {
  let cluster: Cluster;
  let routerPort: number;
  let bot: PyroBot;
  const starts = new Map<string, Array<EventPayload<"trackStart">>>();
  const states: string[] = [];

  beforeAll(async () => {
    routerPort = await stablePort();
    cluster = await startCluster({ nodes: 3, routers: 2, lavanodeArgs: LAVANODE_ARGS, routerPorts: [0, routerPort] });
    bot = createPyro({ address: `127.0.0.1:${routerPort}`, backoff: { baseMs: 50, capMs: 500 } });
    bot.on("trackStart", (e) => starts.set(e.guildId, [...(starts.get(e.guildId) ?? []), e]));
    for (const s of ["disconnected", "reconnecting", "reconnected"] as const) bot.on(s, () => states.push(s));
  });
  afterAll(async () => {
    await bot?.close();
    await cluster?.stop();
  });

  const announced = (g: string): number => (starts.get(g) ?? []).filter((e) => !e.replay).length;
  const onNode = async (i: number, guilds: string[]): Promise<string[]> => {
    const where = await placements(cluster);
    return guilds.filter((g) => where.get(g)?.some((c) => c.nodeId === cluster.nodeIds[i]));
  };

  it("a drain and then a kill -9 of an emulator rebuild players with replay starts only", async () => {
    const guilds = guildIds(9, 470000000000000000n);
    // The bot's stream is open once a start published after it arrives: play a probe until one shows.
    const [probe] = guildIds(1, 479000000000000000n);
    let n = 0;
    await waitFor(async () => {
      await cluster.clients[0]!.updatePlayer({ guildId: probe!, track: { $case: "identifier", value: `emulator:probe ${n++}:600000` }, voice: { sessionId: "s", token: "t", endpoint: "us-east1.discord.media:443", channelId: "230000000000000001" } });
      return starts.has(probe!);
    }, { timeoutMs: 30000, intervalMs: 300, what: "bot listening" });
    await cluster.clients[0]!.destroyPlayer({ guildId: probe! });
    const track = await loadTrack(cluster.clients[0]!, "emulator:now playing:3600000");
    await startPlayers(cluster.clients[0]!, guilds, track);
    await waitFor(() => guilds.every((g) => announced(g) === 1), { timeoutMs: 30000, what: "one start per guild" });

    const drained = await onNode(0, guilds);
    expect(drained.length).toBeGreaterThan(0);
    await cluster.clients[0]!.drainNode({ nodeId: cluster.nodeIds[0]! });
    await waitFor(async () => (await onNode(0, guilds)).length === 0, { timeoutMs: 60000, what: "node a drained" });
    await waitFor(() => drained.every((g) => (starts.get(g) ?? []).some((e) => e.replay)), { timeoutMs: 30000, what: "replay start for every drained guild" });

    const killed = await onNode(1, guilds);
    expect(killed.length).toBeGreaterThan(0);
    const before = new Map(killed.map((g) => [g, (starts.get(g) ?? []).length]));
    await cluster.emulators[1]!.stop("SIGKILL");
    await waitFor(async () => (await onNode(2, guilds)).length === guilds.length, { timeoutMs: 60000, intervalMs: 100, what: "every player on node c" });
    await waitFor(() => killed.every((g) => (starts.get(g) ?? []).length > before.get(g)!), { timeoutMs: 30000, what: "rebuild start of every failed-over guild" });

    for (const g of guilds) expect({ g, announced: announced(g) }).toEqual({ g, announced: 1 });
    for (const g of [...drained, ...killed]) expect((starts.get(g) ?? []).filter((e) => e.replay).length).toBeGreaterThanOrEqual(1);
    await cluster.clients[0]!.uncordonNode({ nodeId: cluster.nodeIds[0]! });
  });

  it("a Router restart loses no event: the client reconnects and resumes after its last guildSequence", async () => {
    const [g] = guildIds(1, 480000000000000000n);
    const direct = createPyroClient(`127.0.0.1:${cluster.routers[0]!.port}`);
    try {
      await direct.enqueue({ guildId: g!, tracks: ["a", "b", "c", "d"].map((t) => ({ source: { $case: "identifier", value: `emulator:resume ${t}:3600000` } })), playIfIdle: true });
      await direct.updatePlayer({ guildId: g!, voice: { sessionId: "s", token: "t", endpoint: "us-east1.discord.media:443", channelId: "230000000000000001" } });
      await waitFor(() => announced(g!) === 1, { timeoutMs: 30000, what: "first start" });
      // The bot's Router dies; two skips happen meanwhile, through the other Router.
      await cluster.routers[1]!.stop("SIGKILL");
      await direct.skip({ guildId: g! });
      await direct.skip({ guildId: g! });
      await waitFor(async () => (await direct.getQueue({ guildId: g! })).nowPlaying?.track?.info?.title === "resume c", { what: "skipped twice" });
      cluster.routers[1] = await startPyro(routerArgs(cluster.prefix, [], routerPort));
      await waitFor(() => states.includes("reconnected") && announced(g!) === 3, { timeoutMs: 30000, what: "missed starts after the reconnect" });
      expect((starts.get(g!) ?? []).map((e) => e.track?.info?.title)).toEqual(["resume a", "resume b", "resume c"]);
      const seqs = (starts.get(g!) ?? []).map((e) => e.guildSequence);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(states.slice(0, 2)).toEqual(["disconnected", "reconnecting"]);
    } finally {
      direct.close();
    }
  });
});
