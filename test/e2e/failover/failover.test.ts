/**
 * Failover, fencing and drain with every component as a process: Redis, 3 emulators,
 * 3 Lavanodes, 2 Routers, 300 players. Figures (detection time, time to last player playing,
 * position error) are printed; assertions are about outcomes, never wall-clock budgets.
 *
 * Position error is the change of each guild's playback offset across the fault (read from the
 * emulators just before it and after), so the time a play took to start is not counted as a
 * failover error; the offset from the play's send time is printed beside it.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, offsetShifts, percentile, placements, playbackOffsets, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 300;
const LAVANODE_ARGS = ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"];

/**
 * Asserts every guild plays on exactly one node, not `deadNode`; returns each guild's position
 * error (the shift of its offset since `before`) and its offset from the play's send time.
 */
async function expectAllPlayingElsewhere(cluster: Cluster, guilds: string[], deadNode: string, startedAt: Map<string, number>,
  before: Map<string, number>): Promise<{ errors: number[]; offsets: number[] }> {
  const where = await placements(cluster);
  for (const g of guilds) {
    const copies = where.get(g) ?? [];
    expect({ g, nodes: copies.map((c) => c.nodeId) }).toEqual({ g, nodes: [expect.any(String)] });
    expect(copies[0]!.nodeId).not.toBe(deadNode);
  }
  const after = await playbackOffsets(cluster, guilds, startedAt);
  expect(after.size).toBe(guilds.length);
  const errors = offsetShifts(new Map(guilds.map((g) => [g, before.get(g)!])), after);
  expect(errors).toHaveLength(guilds.length);
  return { errors, offsets: [...after.values()].map(Math.abs) };
}

function report(name: string, figures: Record<string, number | string>): void {
  process.stdout.write(`[failover figures] ${name}: ${JSON.stringify(figures)}\n`);
}

describe("failover (processes, 300 players)", () => {
  let cluster: Cluster;
  let guilds: string[];
  let startedAt: Map<string, number>;

  beforeEach(async () => {
    cluster = await startCluster({ nodes: 3, routers: 2, lavanodeArgs: LAVANODE_ARGS });
    const track = await loadTrack(cluster.clients[0]!, "emulator:failover song:3600000");
    guilds = guildIds(PLAYERS);
    startedAt = await startPlayers(cluster.clients[0]!, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
  });

  afterEach(async () => {
    await cluster?.stop();
  });

  /** Guilds on node `i` now. */
  const onNode = async (i: number): Promise<string[]> => {
    const where = await placements(cluster);
    return guilds.filter((g) => where.get(g)?.some((c) => c.nodeId === cluster.nodeIds[i]));
  };

  it("kill -9 of an emulator: its players play on the survivors near the right position", async () => {
    const victims = await onNode(0);
    expect(victims.length).toBeGreaterThan(0);
    const moved = new Set<string>();
    const abort = new AbortController();
    const watch = (async () => {
      for await (const e of cluster.clients[1]!.watch({ includeNodeEvents: true }, { signal: abort.signal })) {
        if (e.kind?.$case === "playerMoved") moved.add(e.guildId);
      }
    })().catch(() => undefined);
    const before = await playbackOffsets(cluster, guilds, startedAt);
    const killedAt = Date.now();
    await cluster.emulators[0]!.stop("SIGKILL");
    let detectedAt = 0;
    await waitFor(async () => {
      if (!detectedAt && (await cluster.registry.nodes.get(cluster.nodeIds[0]!))?.state === "down") detectedAt = Date.now();
      const where = await placements(cluster);
      return victims.every((g) => (where.get(g) ?? []).some((c) => c.nodeId !== cluster.nodeIds[0]));
    }, { timeoutMs: 60000, intervalMs: 100, what: "every victim playing on a survivor" });
    const lastPlayingAt = Date.now();
    const { errors, offsets } = await expectAllPlayingElsewhere(cluster, guilds, cluster.nodeIds[0]!, startedAt, before);
    await waitFor(() => victims.every((g) => moved.has(g)), { what: "PlayerMoved for every victim" });
    abort.abort();
    await watch;
    expect(percentile(errors, 100)).toBeLessThan(1000);
    report("emulator kill -9", {
      victims: victims.length, detectionMs: (detectedAt || lastPlayingAt) - killedAt, lastPlayingMs: lastPlayingAt - killedAt,
      positionErrorP50Ms: percentile(errors, 50), positionErrorMaxMs: percentile(errors, 100), offsetFromSendMaxMs: percentile(offsets, 100),
    });
  });

  it("kill -9 of a Lavanode without standby (lease expiry): players move; the restarted node keeps none of them", async () => {
    const victims = await onNode(1);
    const before = await playbackOffsets(cluster, victims, startedAt);
    const killedAt = Date.now();
    await cluster.lavanodes[1]!.stop("SIGKILL");
    await waitFor(async () => {
      for (const g of victims) {
        const p = await cluster.registry.players.get(g);
        if (!p || p.ownerNodeId === cluster.nodeIds[1]) return false;
      }
      return true;
    }, { timeoutMs: 60000, intervalMs: 100, what: "victims re-owned" });
    const reownedAt = Date.now();
    // The dead Lavanode's Lavalink session still holds the old copies until its resume timeout or
    // until the Lavanode returns: restart it and it fences every player it no longer owns.
    await cluster.startLavanode(1);
    await waitFor(async () => {
      const where = await placements(cluster);
      return guilds.every((g) => (where.get(g) ?? []).length === 1 && where.get(g)![0]!.nodeId !== undefined)
        && victims.every((g) => where.get(g)![0]!.nodeId !== cluster.nodeIds[1]);
    }, { timeoutMs: 60000, intervalMs: 100, what: "one copy per guild, none on the restarted node" });
    const { errors, offsets } = await expectAllPlayingElsewhere(cluster, victims, cluster.nodeIds[1]!, startedAt, before);
    expect(percentile(errors, 100)).toBeLessThan(1000);
    report("lavanode kill -9 (lease expiry)", {
      victims: victims.length, reownedMs: reownedAt - killedAt, positionErrorMaxMs: percentile(errors, 100), offsetFromSendMaxMs: percentile(offsets, 100),
    });
  });

  it("partition (SIGSTOP past the lease, then SIGCONT): players move and the old node plays none of them", async () => {
    const victims = await onNode(2);
    const before = await playbackOffsets(cluster, victims, startedAt);
    const frozen = cluster.lavanodes[2]!;
    frozen.proc.kill("SIGSTOP");
    try {
      await waitFor(async () => {
        const where = await placements(cluster);
        return victims.every((g) => (where.get(g) ?? []).some((c) => c.nodeId !== cluster.nodeIds[2]));
      }, { timeoutMs: 60000, intervalMs: 100, what: "victims playing elsewhere during the partition" });
    } finally {
      frozen.proc.kill("SIGCONT");
    }
    await waitFor(async () => {
      const where = await placements(cluster);
      return victims.every((g) => (where.get(g) ?? []).every((c) => c.nodeId !== cluster.nodeIds[2]));
    }, { timeoutMs: 30000, intervalMs: 100, what: "old node fenced its copies" });
    const { errors } = await expectAllPlayingElsewhere(cluster, victims, cluster.nodeIds[2]!, startedAt, before);
    report("lavanode SIGSTOP", { victims: victims.length, positionErrorMaxMs: percentile(errors, 100) });
  });

  it("drain moves every player off a node with none lost, then the node can stop", async () => {
    const victims = await onNode(0);
    const gaps: number[] = [];
    const before = await playbackOffsets(cluster, guilds, startedAt);
    const r = await cluster.clients[0]!.drainNode({ nodeId: cluster.nodeIds[0]!, reason: "test" });
    expect(r.playersToMove).toBe(victims.length);
    // Sample continuously: a guild with no playing copy anywhere is in a gap.
    const lastSeen = new Map<string, number>();
    await waitFor(async () => {
      const where = await placements(cluster);
      const now = Date.now();
      for (const g of guilds) {
        if ((where.get(g) ?? []).length > 0) {
          const prev = lastSeen.get(g);
          if (prev !== undefined && now - prev > 150) gaps.push(now - prev);
          lastSeen.set(g, now);
        }
      }
      return victims.every((g) => (where.get(g) ?? []).every((c) => c.nodeId !== cluster.nodeIds[0]) && (where.get(g) ?? []).length === 1);
    }, { timeoutMs: 60000, intervalMs: 50, what: "drain complete" });
    await cluster.lavanodes[0]!.stop();
    const { errors } = await expectAllPlayingElsewhere(cluster, guilds, cluster.nodeIds[0]!, startedAt, before);
    report("drain", { moved: victims.length, samplingGapsOver150ms: gaps.length, maxGapMs: gaps.length ? Math.max(...gaps) : 0, positionErrorMaxMs: percentile(errors, 100) });
  });

  it("kill -9 of a Router during a failover: every player still ends up placed", async () => {
    const victims = await onNode(0);
    const before = await playbackOffsets(cluster, guilds, startedAt);
    await cluster.emulators[0]!.stop("SIGKILL");
    // Kill Router A as the resume window ends, while failover work is starting.
    await waitFor(async () => (await cluster.registry.nodes.get(cluster.nodeIds[0]!))?.state === "down", { timeoutMs: 30000, intervalMs: 20, what: "node down" });
    await cluster.routers[0]!.stop("SIGKILL");
    await waitFor(async () => {
      const where = await placements(cluster);
      return victims.every((g) => (where.get(g) ?? []).length === 1);
    }, { timeoutMs: 60000, intervalMs: 100, what: "every victim placed by the surviving Router" });
    const { errors } = await expectAllPlayingElsewhere(cluster, guilds, cluster.nodeIds[0]!, startedAt, before);
    report("router kill -9 during a failover", { victims: victims.length, positionErrorMaxMs: percentile(errors, 100) });
  });
});
