/**
 * A client command that re-places a player fences its old copy. When the owner's Connect stream is
 * gone (a Lavanode kill -9), the Router places the player elsewhere on the next command, before any
 * death is declared. If every player of the node is re-placed that way (a busy bot touches each
 * guild within the lease TTL), the failover manager later finds no orphan and fences nothing, and
 * the killed Lavanode's Lavalink kept every copy playing in its paused session for the resume
 * timeout (60 s by default) next to the new copies: the likely cause of the 25 s double-play window
 * a chaos run once showed (a busy workload, a Lavanode kill -9 and a slow restart under load).
 * Every timing flag at its default; double play sampled every 100 ms.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { sampleDoublePlay } from "../../support/double-play";
import { guildIds, loadTrack, placements, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 9;
const DOUBLE_PLAY_BOUND_MS = 3000 + 1000;

describe("fencing on a command's re-placement", () => {
  let cluster: Cluster;
  afterEach(async () => cluster?.stop());

  it("a Lavanode killed -9, every one of its players re-placed by a volume command before its lease expires: the old copies are fenced (double play within TTL + 1 s)", async () => {
    cluster = await startCluster({ nodes: 3, routers: 1 });
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:command fence:3600000");
    const guilds = guildIds(PLAYERS, 640000000000000000n);
    await startPlayers(client, guilds, track);
    await waitFor(async () => (await placements(cluster)).size === PLAYERS, { timeoutMs: 30000, what: "all players playing" });
    const node = cluster.nodeIds[0]!;
    const where = await placements(cluster);
    let victims = guilds.filter((g) => where.get(g)?.some((c) => c.nodeId === node));
    for (const g of guilds.slice(0, Math.max(0, 3 - victims.length))) await client.movePlayer({ guildId: g, targetNodeId: node });
    await waitFor(async () => {
      const w = await placements(cluster);
      victims = guilds.filter((g) => w.get(g)?.some((c) => c.nodeId === node));
      return victims.length >= 3;
    }, { timeoutMs: 15000, intervalMs: 100, what: "three players on node-a" });

    const sampler = sampleDoublePlay(() => cluster.states());
    await cluster.lavanodes[0]!.stop("SIGKILL");
    // Commands for every victim until each answers from another node (placed there by the command).
    const moved = new Set<string>();
    await waitFor(async () => {
      await Promise.all(victims.filter((g) => !moved.has(g)).map(async (g) => {
        const r = await client.updatePlayer({ guildId: g, volume: 90, noReplace: false }).catch(() => undefined);
        if (r?.player?.nodeId && r.player.nodeId !== node) moved.add(g);
      }));
      return moved.size === victims.length;
    }, { timeoutMs: 15000, intervalMs: 50, what: "every victim re-placed by a command" });
    let settled = true;
    await waitFor(async () => {
      const w = await placements(cluster);
      return victims.every((g) => (w.get(g) ?? []).length === 1 && w.get(g)![0]!.nodeId !== node);
    }, { timeoutMs: 15000, intervalMs: 100, what: "one copy per victim, none on node-a's Lavalink" }).catch(() => { settled = false; });
    const r = await sampler.stop();
    process.stdout.write(`[command-fence figures] ${JSON.stringify({ victims: victims.length, maxDoublePlayMs: r.maxWindowMs, samples: r.samples })}\n`);
    expect(settled).toBe(true);
    expect(r.maxWindowMs).toBeLessThanOrEqual(DOUBLE_PLAY_BOUND_MS);
  });
});
