/**
 * Fault safety with every Pyro timing flag at its default (lease TTL 3 s, resume timeout 60 s):
 * processes throughout (Redis, 3 emulators, 3 Lavanodes, 1 Router). Double play is sampled from the
 * emulators' state every 100 ms during each fault, and must stay within the lease TTL + 1 s. After
 * a Lavalink or a Lavanode kill -9 every moved player resumes within 1 s of where the song is
 * (the shift of its playback offset across the fault).
 * Figures are printed; the deadlines below are chosen far under what the old behaviour needed
 * (a 60 s resume window, an overlap as long as the pause).
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { sampleDoublePlay } from "../../support/double-play";
import { guildIds, loadTrack, offsetShifts, percentile, placements, playbackOffsets, startPlayers } from "../../support/players-helpers";
import { startPrivateRedis, type PrivateRedis } from "../../support/private-redis";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 12;
const DEFAULT_LEASE_TTL_MS = 3000;
const DOUBLE_PLAY_BOUND_MS = DEFAULT_LEASE_TTL_MS + 1000;
/** A moved player resumes within this of where the song would be (the shift of its playback offset). */
const POSITION_BOUND_MS = 1000;

function report(name: string, figures: Record<string, number | string | undefined>): void {
  process.stdout.write(`[fault-safety figures] ${name}: ${JSON.stringify(figures)}\n`);
}

describe("fault safety with default timing flags (processes)", () => {
  let cluster: Cluster;
  let guilds: string[];
  let startedAt: Map<string, number>;
  let redis: PrivateRedis | undefined;

  async function start(redisUrl?: string): Promise<void> {
    cluster = await startCluster({ nodes: 3, routers: 1, redisUrl });
    const track = await loadTrack(cluster.clients[0]!, "emulator:fault safety:3600000");
    guilds = guildIds(PLAYERS, 610000000000000000n);
    startedAt = await startPlayers(cluster.clients[0]!, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
  }

  afterEach(async () => {
    await cluster?.stop();
    await redis?.stop();
    redis = undefined;
  });

  const onNode = async (i: number): Promise<string[]> => {
    const where = await placements(cluster);
    return guilds.filter((g) => where.get(g)?.some((c) => c.nodeId === cluster.nodeIds[i]));
  };
  const everyVictimElsewhere = async (victims: string[], node: string): Promise<boolean> => {
    const where = await placements(cluster);
    return victims.every((g) => (where.get(g) ?? []).some((c) => c.nodeId !== node));
  };

  it("Lavalink kill -9: the refused reconnect is definitive, players play elsewhere long before the 60 s resume window", async () => {
    await start();
    const victims = await onNode(0);
    expect(victims.length).toBeGreaterThan(0);
    const before = await playbackOffsets(cluster, victims, startedAt);
    const killedAt = Date.now();
    await cluster.emulators[0]!.stop("SIGKILL");
    // The old code waited the whole resume window (60 s) before declaring the node dead.
    await waitFor(() => everyVictimElsewhere(victims, cluster.nodeIds[0]!), { timeoutMs: 20000, intervalMs: 100, what: "victims playing on a survivor" });
    const playingMs = Date.now() - killedAt;
    expect((await cluster.registry.nodes.get(cluster.nodeIds[0]!))?.state).toBe("down");
    const where = await placements(cluster);
    for (const g of guilds) expect((where.get(g) ?? []).length).toBe(1);
    const errors = offsetShifts(before, await playbackOffsets(cluster, victims, startedAt));
    expect(errors).toHaveLength(victims.length);
    report("lavalink kill -9", { victims: victims.length, lastVictimPlayingMs: playingMs, positionErrorMaxMs: percentile(errors, 100) });
    expect(percentile(errors, 100)).toBeLessThan(POSITION_BOUND_MS);
  });

  it("Lavanode SIGSTOP longer than the lease TTL: its players move and the old copies are fenced (double play within TTL + 1 s)", async () => {
    await start();
    const victims = await onNode(2);
    expect(victims.length).toBeGreaterThan(0);
    const frozen = cluster.lavanodes[2]!;
    const sampler = sampleDoublePlay(() => cluster.states());
    const stoppedAt = Date.now();
    frozen.proc.kill("SIGSTOP");
    try {
      await waitFor(() => everyVictimElsewhere(victims, cluster.nodeIds[2]!), { timeoutMs: 20000, intervalMs: 100, what: "victims playing elsewhere during the pause" });
      // Keep the pause going well past the TTL (8 s in all): the old overlap was "pause minus TTL".
      await waitFor(() => Date.now() - stoppedAt >= 8000, { timeoutMs: 20000, intervalMs: 100, what: "an 8 s pause" });
    } finally {
      frozen.proc.kill("SIGCONT");
    }
    await waitFor(async () => (await onNode(2)).filter((g) => victims.includes(g)).length === 0, { timeoutMs: 20000, intervalMs: 100, what: "no victim on the thawed node" });
    const r = await sampler.stop();
    report("lavanode SIGSTOP 8 s", { victims: victims.length, maxDoublePlayMs: r.maxWindowMs, windows: r.windows.length, samples: r.samples });
    expect(r.samples).toBeGreaterThan(20);
    expect(r.maxWindowMs).toBeLessThanOrEqual(DOUBLE_PLAY_BOUND_MS);
    const where = await placements(cluster);
    for (const g of guilds) expect((where.get(g) ?? []).length).toBe(1);
  });

  it("Lavanode kill -9: the orphaned copies on its still-running Lavalink are fenced (double play within TTL + 1 s)", async () => {
    await start();
    const victims = await onNode(1);
    expect(victims.length).toBeGreaterThan(0);
    const before = await playbackOffsets(cluster, victims, startedAt);
    const sampler = sampleDoublePlay(() => cluster.states());
    await cluster.lavanodes[1]!.stop("SIGKILL");
    // The old code left the old copies playing for the whole resume timeout (60 s).
    await waitFor(async () => {
      const where = await placements(cluster);
      return victims.every((g) => (where.get(g) ?? []).length === 1 && where.get(g)![0]!.nodeId !== cluster.nodeIds[1]);
    }, { timeoutMs: 20000, intervalMs: 100, what: "one copy per victim, none on the dead node's Lavalink" });
    const r = await sampler.stop();
    const errors = offsetShifts(before, await playbackOffsets(cluster, victims, startedAt));
    expect(errors).toHaveLength(victims.length);
    report("lavanode kill -9", { victims: victims.length, maxDoublePlayMs: r.maxWindowMs, samples: r.samples, positionErrorMaxMs: percentile(errors, 100) });
    expect(r.maxWindowMs).toBeLessThanOrEqual(DOUBLE_PLAY_BOUND_MS);
    expect(percentile(errors, 100)).toBeLessThan(POSITION_BOUND_MS);
  });

  it("self-fencing: a Lavanode past its lease deadline with no Router connected stops its players; it rebuilds them once it holds the lease again", async () => {
    redis = await startPrivateRedis();
    await start(redis.url);
    // Cut the Lavanodes off from everything: the Router dies (its streams end), the registry stalls.
    await cluster.routers[0]!.stop("SIGKILL");
    redis.pause();
    const playing = async (): Promise<number> => [...(await placements(cluster)).values()].reduce((n, c) => n + c.length, 0);
    try {
      // The old code kept playing for as long as the partition lasted.
      await waitFor(async () => (await playing()) === 0, { timeoutMs: 15000, intervalMs: 100, what: "every copy stopped by its own Lavanode" });
    } finally {
      redis.resume();
    }
    // Nothing was moved (no Router) and no track was lost: reconcile rebuilds every player in place.
    await waitFor(async () => (await playing()) === PLAYERS, { timeoutMs: 30000, intervalMs: 200, what: "every player rebuilt from its checkpoint" });
  });

  it("a 10 s Redis stall (SIGSTOP) moves no player", async () => {
    redis = await startPrivateRedis();
    await start(redis.url);
    const before = new Map((await Promise.all(guilds.map((g) => cluster.registry.players.get(g)))).map((p) => [p!.guildId, `${p!.ownerNodeId}@${p!.epoch}`]));
    const moved: string[] = [];
    const abort = new AbortController();
    const watch = (async () => {
      for await (const e of cluster.clients[0]!.watch({ includeNodeEvents: true }, { signal: abort.signal })) {
        if (e.kind?.$case === "playerMoved" || e.kind?.$case === "nodeDown") moved.push(`${e.kind.$case}:${e.guildId || e.nodeId}`);
      }
    })().catch(() => undefined);
    const stalledAt = Date.now();
    redis.pause();
    try {
      await waitFor(() => Date.now() - stalledAt >= 10000, { timeoutMs: 15000, intervalMs: 100, what: "a 10 s stall" });
    } finally {
      redis.resume();
    }
    const resumedAt = Date.now();
    // Absence needs an observation window: every lease re-taken, then past the Routers' grace
    // period (5 s) and two failover sweeps.
    await waitFor(async () => {
      const leases = await Promise.all(cluster.nodeIds.map((id) => cluster.registry.leases.get(id)));
      return leases.every((l) => l !== null) && Date.now() - resumedAt >= 8000;
    }, { timeoutMs: 30000, intervalMs: 200, what: "leases re-taken and the grace period over" });
    const after = new Map((await Promise.all(guilds.map((g) => cluster.registry.players.get(g)))).map((p) => [p!.guildId, `${p!.ownerNodeId}@${p!.epoch}`]));
    abort.abort();
    await watch;
    expect(moved).toEqual([]);
    expect(after).toEqual(before);
    const where = await placements(cluster);
    for (const g of guilds) expect((where.get(g) ?? []).length).toBe(1);
  });
});
