// A Lavalink-compatible server that deviates (issue 22): the emulator in its `nodelink` quirk profile
// behind two Lavanodes and a Router, in this process. Info and stats must be read (tolerated
// deviations), and the filters a client asked for must survive the nested filter echo, a server
// restart and a failover.
import type { GetInfoResponse } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";
import { waitFor } from "../../support/wait-for";

let cluster: InProcessCluster;

beforeAll(async () => {
  cluster = await startInProcessCluster(2, { quirks: "nodelink" });
});

afterAll(async () => {
  await cluster?.stop();
});

const FILTERS = { equalizer: [{ band: 0, gain: 0.25 }, { band: 1, gain: -0.1 }], timescale: { speed: 1.25 } };
const WANTED = { equalizer: [{ band: 0, gain: 0.25 }, { band: 1, gain: -0.1 }], timescale: { speed: 1.25 } };

/** The filters the emulator at `index` applies to the guild's player (its own state, not the quirky echo). */
function emulatorFilters(index: number, guildId: string): Record<string, unknown> | undefined {
  const all = Object.values(cluster.emulators[index]!.playersJson()).flat() as Array<{ guildId: string; filters: Record<string, unknown> }>;
  return all.find((p) => p.guildId === guildId)?.filters;
}

describe("reading a NodeLink-shaped server", () => {
  it("GetInfo answers (build and prerelease arrays tolerated) instead of INTERNAL", async () => {
    const link = cluster.app.router.context.directory.get(cluster.nodeIds[0]!)!.link!;
    const res = await new Promise<GetInfoResponse>((resolve, reject) => link.client.getInfo({}, (err, r) => (err ? reject(err) : resolve(r))));
    expect(res.info?.sourceManagers).toContain("youtube");
    expect(res.info?.version?.semver).toBe("4.2.2");
  });

  it("stats frames with cpu.nodelinkLoad reach the node record placement reads", async () => {
    const record = await waitFor(async () => {
      const r = await cluster.registry.nodes.get(cluster.nodeIds[1]!);
      return r?.stats?.cpu ? r : undefined;
    }, { timeoutMs: 10000, what: "node stats in the registry" });
    expect(record.stats!.cpu!.lavalinkLoad).toBe(0);
    expect(record.stats!.cpu!.cores).toBeGreaterThan(0);
  });
});

describe("the desired filters belong to the client", () => {
  const guildId = "320000000000002201";

  it("a nested filter echo does not replace the filters in the checkpoint", async () => {
    const { players } = cluster.app.router.context;
    await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId), track: { $case: "identifier", value: "emulator:eq song:600000" } });
    await players.update({ guildId, noReplace: false, filters: FILTERS });
    const record = await cluster.registry.players.get(guildId);
    expect(record!.state.filters).toMatchObject(WANTED);
  });

  it("survive a restart of the server", async () => {
    const owner = (await cluster.registry.players.get(guildId))!.ownerNodeId!;
    const index = cluster.nodeIds.indexOf(owner);
    await cluster.emulators[index]!.control.kill({ reviveAfterMs: 200 });
    // A reconnect refused while the server is down is a definitive death, so the player may also
    // be rebuilt on the other node; either way it must carry the client's filters.
    const rebuilt = await waitFor(() => {
      for (const i of cluster.emulators.keys()) {
        const f = emulatorFilters(i, guildId);
        if (f && (f.equalizer as unknown[] | undefined)?.length) return f;
      }
      return undefined;
    }, { timeoutMs: 20000, what: "player rebuilt with its filters after the restart" });
    expect(rebuilt).toMatchObject(WANTED);
  });

  it("survive a failover", async () => {
    const before = (await cluster.registry.players.get(guildId))!;
    expect(before.state.filters).toMatchObject(WANTED);
    const survivor = cluster.nodeIds.find((id) => id !== before.ownerNodeId)!;
    const { hub, directory } = cluster.app.router.context;
    const downs: string[] = [];
    const untap = hub.tap((e) => { if (e.kind?.$case === "nodeDown") downs.push(e.nodeId); });
    await cluster.app.lavanodes.get(before.ownerNodeId!)!.stop();
    await waitFor(async () => (await cluster.registry.players.get(guildId))?.ownerNodeId === survivor, { timeoutMs: 20000, what: "failover" });
    // Both detection paths have run once the Router's directory shows the record down.
    await waitFor(async () => (await directory.refresh(), directory.get(before.ownerNodeId!)?.record.state === "down"), { what: "node seen down" });
    await waitFor(() => downs.length > 0, { what: "NodeDown delivered" });
    untap();
    expect(downs).toEqual([before.ownerNodeId]);
    const moved = await waitFor(() => {
      const f = emulatorFilters(cluster.nodeIds.indexOf(survivor), guildId);
      return f && (f.equalizer as unknown[] | undefined)?.length ? f : undefined;
    }, { what: "player rebuilt with its filters on the survivor" });
    expect(moved).toMatchObject(WANTED);
    expect((await cluster.registry.players.get(guildId))!.state.filters).toMatchObject(WANTED);
  });
});
