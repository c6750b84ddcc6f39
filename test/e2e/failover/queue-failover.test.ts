/**
 * A queue survives the death of the node playing it: kill -9 the emulator mid-track and the
 * guild's queue continues on another node from the same track, then plays the rest in order.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { voiceFor } from "../../support/lavanode-harness";
import { placements } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";

describe("queue across a failover (processes)", () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      nodes: 2, routers: 2, lavanodeArgs: ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"],
      emulatorArgs: ["--player-update-interval-ms", "200", "--stats-interval-ms", "1000"],
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("continues from the same track on the new node, then plays the rest in order", async () => {
    const [a, b] = cluster.clients as [NonNullable<(typeof cluster.clients)[0]>, NonNullable<(typeof cluster.clients)[0]>];
    const g = "420000000000000001";
    const starts: Array<{ title: string; node: string }> = [];
    let ended = false;
    const abort = new AbortController();
    const watching = (async () => {
      for await (const e of b.watch({ guildIds: [g], excludePlayerUpdates: true }, { signal: abort.signal }) as AsyncIterable<Event>) {
        if (e.kind?.$case === "trackStart") starts.push({ title: e.kind.value.track!.info!.title, node: e.nodeId });
        if (e.kind?.$case === "queueEnded") ended = true;
      }
    })().catch(() => undefined);
    await a.updatePlayer({ guildId: g, voice: voiceFor(g), noReplace: false });
    await waitFor(async () => (await a.getPlayer({ guildId: g })).player?.phase === PlayerPhase.PLAYER_PHASE_PLACED, { what: "placed" });
    // First track long enough to outlive the failover; the others short.
    const r = await a.enqueue({
      guildId: g, playIfIdle: true,
      tracks: ["emulator:long one:20000", "emulator:second:1500", "emulator:third:1500"].map((id) => ({ source: { $case: "identifier", value: id } })),
    });
    expect(r.started).toBe(true);
    await waitFor(() => starts.length === 1, { what: "first track started" });
    const firstNode = starts[0]!.node;
    const victim = cluster.nodeIds.indexOf(firstNode);
    await cluster.emulators[victim]!.stop("SIGKILL");
    // The player is rebuilt on the survivor with the same current track...
    await waitFor(async () => {
      const where = (await placements(cluster)).get(g) ?? [];
      return where.length === 1 && where[0]!.nodeId !== firstNode && where[0]!.player.track?.info.title === "long one";
    }, { timeoutMs: 30000, intervalMs: 100, what: "same track on the survivor" });
    const q = await a.getQueue({ guildId: g, offset: 0, limit: 10, historyLimit: 10 });
    expect(q.nowPlaying?.track?.info?.title).toBe("long one");
    expect(q.upcoming.map((e) => e.track?.info?.title)).toEqual(["second", "third"]);
    // ...and the queue then advances in order on the new node.
    await waitFor(() => ended, { timeoutMs: 60000, what: `QueueEnded (starts: ${starts.map((s) => s.title).join(",")})` });
    abort.abort();
    await watching;
    const after = starts.slice(1).map((s) => s.title);
    expect(after).toEqual(["long one", "second", "third"]);
    expect(starts.slice(1).every((s) => s.node !== firstNode)).toBe(true);
  });
});
