// Claim, rebuild and failover without a process cluster: two emulated Lavalinks, two Lavanodes on
// port 0 and a Router in this process over one MemoryRegistry.
import { MoveReason } from "../../../gen/ts/pyro/router/v1/event";
import { StaleEpochError } from "../../../services/common/src/registry/errors";
import { waitFor } from "../../support/wait-for";
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";

let cluster: InProcessCluster;

beforeAll(async () => {
  cluster = await startInProcessCluster(2);
});

afterAll(async () => {
  await cluster?.stop();
});

const TRACK_ID = "emulator:failover song:600000";

/** The emulator's Player objects, across its sessions. */
function emulatorPlayers(index: number): Array<{ guildId: string; track: unknown; volume: number }> {
  return Object.values(cluster.emulators[index]!.playersJson()).flat() as Array<{ guildId: string; track: unknown; volume: number }>;
}

describe("placement and fencing", () => {
  it("a move claims (epoch + 1), rebuilds on the target from the checkpoint, and stops the source copy", async () => {
    const { players } = cluster.app.router.context;
    const guildId = "310000000000000001";
    const placed = await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId), track: { $case: "identifier", value: TRACK_ID }, volume: 70 });
    const from = placed.nodeId;
    const before = (await cluster.registry.players.get(guildId))!;
    const target = cluster.nodeIds.find((id) => id !== from)!;
    const moved = await players.move(guildId, MoveReason.MOVE_REASON_MANUAL, target);
    expect(moved.nodeId).toBe(target);
    const after = (await cluster.registry.players.get(guildId))!;
    expect(after.epoch).toBe(before.epoch + 1);
    expect(after.ownerNodeId).toBe(target);
    // The encoded form carries a position, so the track is compared by what it decodes to on the target.
    expect(after.state.volume).toBe(70);
    expect(after.state.encodedTrack).not.toBeNull();
    await waitFor(() => emulatorPlayers(cluster.nodeIds.indexOf(from)).every((p) => p.guildId !== guildId), { what: "source copy destroyed" });
    const rebuilt = emulatorPlayers(cluster.nodeIds.indexOf(target)).find((p) => p.guildId === guildId);
    expect(rebuilt).toMatchObject({ track: { info: { title: "failover song" } }, volume: 70 });
  });

  it("a claim with a superseded epoch loses, and the node refuses commands at the old epoch", async () => {
    const { players, directory } = cluster.app.router.context;
    const guildId = "310000000000000002";
    await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId) });
    const rec = (await cluster.registry.players.get(guildId))!;
    const claims = await Promise.allSettled([1, 2, 3].map(() => cluster.registry.players.claim(guildId, rec.epoch, rec.ownerNodeId)));
    expect(claims.filter((c) => c.status === "fulfilled")).toHaveLength(1);
    for (const c of claims) if (c.status === "rejected") expect(c.reason).toBeInstanceOf(StaleEpochError);
    const link = directory.get(rec.ownerNodeId!)!.link!;
    await expect(link.command(guildId, rec.epoch - 1, { $case: "updatePlayer", value: { noReplace: false, volume: 5, fullState: false } })).rejects.toMatchObject({ code: 10 });
  });
});

describe("failover", () => {
  it("re-places the players of a stopped Lavanode on the other node, resuming the track", async () => {
    const { players } = cluster.app.router.context;
    const guildId = "310000000000000003";
    const placed = await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId), track: { $case: "identifier", value: TRACK_ID } });
    const dying = placed.nodeId;
    const survivor = cluster.nodeIds.find((id) => id !== dying)!;
    const before = (await cluster.registry.players.get(guildId))!;
    await cluster.app.lavanodes.get(dying)!.stop();
    const after = await waitFor(async () => {
      const r = await cluster.registry.players.get(guildId);
      return r?.ownerNodeId === survivor && r.epoch > before.epoch ? r : undefined;
    }, { timeoutMs: 20000, what: "player re-placed on the survivor" });
    expect(after.state.encodedTrack).not.toBeNull();
    const resumed = await waitFor(() => emulatorPlayers(cluster.nodeIds.indexOf(survivor)).find((p) => p.guildId === guildId && p.track !== null), { what: "track playing on the survivor" });
    expect(resumed).toMatchObject({ track: { info: { title: "failover song" } } });
  });
});
