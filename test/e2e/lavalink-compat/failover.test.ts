/**
 * A failover is invisible to a Lavalink client: shoukaku connected to Pyro's endpoint, players
 * spread over 3 emulators, one emulator killed with SIGKILL. shoukaku keeps its socket and session
 * (no close, no new ready), sees no second TrackStartEvent and no TrackEndEvent, and its players'
 * positions keep advancing, now on a surviving node.
 */
import { Player, Shoukaku } from "shoukaku";
import { FakeShoukakuConnector } from "../../lavalink-emulator/fake-discord";
import { playersByGuild } from "../../support/emulator-process";
import { waitFor } from "../../support/wait-for";
import { startPyroTarget, type PyroTarget } from "./pyro-target";

const GUILDS = Array.from({ length: 6 }, (_, i) => String(900000000000005001n + BigInt(i)));

describe("failover behind the Lavalink endpoint (processes)", () => {
  let target: PyroTarget;
  let shoukaku: Shoukaku;
  const nodeEvents: string[] = [];
  const starts = new Map<string, number>();
  const ends: string[] = [];

  beforeAll(async () => {
    target = await startPyroTarget(["--player-update-interval-ms", "200", "--stats-interval-ms", "1000"]);
    // Fast failure detection, as in test/e2e/failover: 1 s leases, 2 s Lavalink resume window.
    await Promise.all(target.cluster.lavanodes.map((l) => l.stop("SIGKILL")));
    await Promise.all(target.cluster.nodeIds.map((_, i) => target.cluster.startLavanode(i, ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"])));
    await waitFor(async () => (await target.cluster.clients[0]!.listNodes({ states: [] })).nodes.every((n) => n.lavalinkConnected), { timeoutMs: 30000, what: "nodes connected" });
    shoukaku = new Shoukaku(new FakeShoukakuConnector(), [{ name: "pyro", url: `${target.host}:${target.port}`, auth: target.password }], { resume: true, resumeTimeout: 30, reconnectTries: 3, reconnectInterval: 0.1 });
    shoukaku.on("error", () => undefined);
    for (const e of ["close", "disconnect", "ready", "reconnecting"] as const) shoukaku.on(e, () => nodeEvents.push(e));
    await waitFor(() => shoukaku.nodes.get("pyro")?.state === 1, { timeoutMs: 20000, what: "shoukaku connected" });
    nodeEvents.splice(0);
  });

  afterAll(async () => {
    if (shoukaku) (shoukaku.options as { reconnectTries: number }).reconnectTries = 0;
    for (const n of [...(shoukaku?.nodes.keys() ?? [])]) shoukaku.removeNode(n);
    await target?.close();
  });

  it("kill -9 of an emulator holding players: shoukaku sees nothing but positions moving on", async () => {
    const node = shoukaku.nodes.get("pyro")!;
    const loaded = (await node.rest.resolve("emulator:failover song:3600000")) as { data: { encoded: string } };
    const players = new Map<string, Player>();
    for (const g of GUILDS) {
      const p = await shoukaku.joinVoiceChannel({ guildId: g, channelId: "9009", shardId: 0 });
      p.on("start", () => starts.set(g, (starts.get(g) ?? 0) + 1));
      p.on("end", (e) => ends.push(`${g}:${e.reason}`));
      players.set(g, p);
      await p.playTrack({ track: { encoded: loaded.data.encoded } });
    }
    await waitFor(() => GUILDS.every((g) => starts.get(g) === 1), { what: "every player started" });

    // The emulator holding the most players dies.
    const states = await target.cluster.states();
    const holder = [...states.entries()].map(([id, s]) => ({ id, guilds: GUILDS.filter((g) => playersByGuild(s).has(g)) }))
      .sort((a, b) => b.guilds.length - a.guilds.length)[0]!;
    expect(holder.guilds.length).toBeGreaterThan(0);
    const victimIndex = target.cluster.nodeIds.indexOf(holder.id);
    const before = new Map(holder.guilds.map((g) => [g, players.get(g)!.position]));
    await target.cluster.emulators[victimIndex]!.stop("SIGKILL");

    // Every victim plays again on a survivor, and shoukaku's position for it moves past where it was.
    await waitFor(async () => {
      const now = await target.cluster.states();
      return holder.guilds.every((g) => [...now.entries()].some(([id, s]) => id !== holder.id && playersByGuild(s).get(g)?.track));
    }, { timeoutMs: 60000, intervalMs: 200, what: "victims playing on survivors" });
    await waitFor(() => holder.guilds.every((g) => players.get(g)!.position > before.get(g)! + 500), { timeoutMs: 20000, what: "positions advancing after the failover" });

    expect(nodeEvents).toEqual([]);
    expect(GUILDS.map((g) => starts.get(g))).toEqual(GUILDS.map(() => 1));
    expect(ends).toEqual([]);
    expect(node.state).toBe(1);
  });
});
