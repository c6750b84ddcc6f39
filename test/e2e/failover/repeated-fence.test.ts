/**
 * Fencing a Lavalink session that a node keeps across several deaths (the chaos schedule's seed 4:
 * a Lavanode SIGSTOPped past the lease TTL twice, later killed -9). A frozen Lavanode's session is
 * still open, so the Router's attempt to end it fails and the copies are deleted one by one. The
 * thawed Lavanode keeps the same session; when it is later killed, the session is paused and only
 * a resume-and-close ends it (a paused session answers the per-player DELETE with 404). The Router
 * used to remember the first "not resumable" for good and skip that step: the killed node's copies
 * then played on for the resume timeout (60 s by default) next to their new copies.
 * Every timing flag at its default; double play sampled every 100 ms.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { sampleDoublePlay } from "../../support/double-play";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 9;
const DOUBLE_PLAY_BOUND_MS = 3000 + 1000;

describe("fencing a session kept across deaths", () => {
  let cluster: Cluster;
  afterEach(async () => cluster?.stop());

  it("a Lavanode frozen past the TTL, thawed, given players again, then killed -9: its paused session is ended (double play within TTL + 1 s)", async () => {
    cluster = await startCluster({ nodes: 3, routers: 1 });
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:repeated fence:3600000");
    const guilds = guildIds(PLAYERS, 620000000000000000n);
    await startPlayers(client, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
    const node = cluster.nodeIds[0]!;
    const onlyOn = async (g: string, want: (nodeId: string) => boolean): Promise<boolean> => {
      const copies = (await placements(cluster)).get(g) ?? [];
      return copies.length === 1 && want(copies[0]!.nodeId);
    };

    // 1. Freeze node-a's Lavanode past the TTL: its players move, their copies are deleted one by one.
    const frozen = cluster.lavanodes[0]!;
    frozen.proc.kill("SIGSTOP");
    try {
      await waitFor(async () => (await Promise.all(guilds.map((g) => onlyOn(g, (n) => n !== node)))).every(Boolean),
        { timeoutMs: 20000, intervalMs: 100, what: "every player on another node during the pause" });
    } finally {
      frozen.proc.kill("SIGCONT");
    }
    await waitFor(async () => (await client.listNodes({ states: [] })).nodes.some((n) => n.id === node && n.lavalinkConnected),
      { timeoutMs: 20000, intervalMs: 200, what: "node-a connected again" });
    const sessionBefore = (await cluster.registry.nodes.get(node))?.sessionId;

    // 2. Give it players again (same Lavalink session: the socket stayed open through the pause).
    const victims = guilds.slice(0, 4);
    for (const g of victims) {
      await waitFor(async () => client.movePlayer({ guildId: g, targetNodeId: node }).then(() => true, () => false), { timeoutMs: 15000, intervalMs: 300, what: `move of ${g} to node-a` });
    }
    await waitFor(async () => (await Promise.all(victims.map((g) => onlyOn(g, (n) => n === node)))).every(Boolean),
      { timeoutMs: 15000, intervalMs: 100, what: "victims playing on node-a only" });
    expect((await cluster.registry.nodes.get(node))?.sessionId).toBe(sessionBefore);

    // 3. Kill it: the session is paused now and must be ended by the Router that re-places the players.
    const sampler = sampleDoublePlay(() => cluster.states());
    await frozen.stop("SIGKILL");
    let settled = true;
    await waitFor(async () => (await Promise.all(victims.map((g) => onlyOn(g, (n) => n !== node)))).every(Boolean),
      { timeoutMs: 15000, intervalMs: 100, what: "one copy per victim, none on node-a's Lavalink" }).catch(() => { settled = false; });
    const r = await sampler.stop();
    process.stdout.write(`[repeated-fence figures] ${JSON.stringify({ victims: victims.length, maxDoublePlayMs: r.maxWindowMs, samples: r.samples })}\n`);
    expect(settled).toBe(true);
    expect(r.samples).toBeGreaterThan(5);
    expect(r.maxWindowMs).toBeLessThanOrEqual(DOUBLE_PLAY_BOUND_MS);
  });
});
