// The two bugs issue 13 names, on a whole Pyro in this process (emulator, Lavanode on port 0,
// Router, MemoryRegistry): a voice-carrying update of an existing player must not count as a new
// pending placement, and a command must not leave its abort listener on the caller's signal.
import { getEventListeners } from "node:events";
import type { UpdatePlayerRequest } from "../../../gen/ts/pyro/router/v1/player";
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";

let cluster: InProcessCluster;

beforeAll(async () => {
  cluster = await startInProcessCluster(1);
});

afterAll(async () => {
  await cluster?.stop();
});

const update = (guildId: string, extra: Partial<UpdatePlayerRequest> = {}): UpdatePlayerRequest => ({
  guildId, noReplace: false, voice: simulatedVoice(guildId), ...extra,
});

function pendingOn(nodeId: string): number {
  return cluster.app.router.context.chooser.snapshots().find((s) => s.nodeId === nodeId)!.pending;
}

describe("pending placements", () => {
  it("counts a player once, however many voice-carrying updates follow", async () => {
    const { players } = cluster.app.router.context;
    const nodeId = cluster.nodeIds[0]!;
    const before = pendingOn(nodeId);
    const first = await players.update(update("300000000000000001"));
    expect(first.nodeId).toBe(nodeId);
    expect(pendingOn(nodeId)).toBe(before + 1);
    for (let i = 0; i < 5; i++) await players.update(update("300000000000000001", { volume: 50 + i }));
    expect(pendingOn(nodeId)).toBe(before + 1);
    const record = await cluster.registry.players.get("300000000000000001");
    expect(record?.state.volume).toBe(54);
  });
});

describe("LavanodeLink commands", () => {
  it("remove their abort listener from a long-lived signal once they complete", async () => {
    const { players, directory } = cluster.app.router.context;
    const guildId = "300000000000000002";
    await players.update(update(guildId));
    const record = (await cluster.registry.players.get(guildId))!;
    const link = directory.get(record.ownerNodeId!)!.link!;
    const session = new AbortController();
    for (let i = 0; i < 20; i++) {
      await link.command(guildId, record.epoch, { $case: "updatePlayer", value: { noReplace: false, volume: 10 + i, fullState: false } }, { signal: session.signal });
    }
    // A command the node refuses (stale epoch) settles with an error: its listener must go too.
    await expect(link.command(guildId, record.epoch - 1, { $case: "updatePlayer", value: { noReplace: false, fullState: false } }, { signal: session.signal })).rejects.toThrow();
    expect(getEventListeners(session.signal, "abort")).toHaveLength(0);
  });
});
