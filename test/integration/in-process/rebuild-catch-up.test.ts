// Issue 14's position outlier after kill -9: during a failover burst a Lavalink applies the rebuild
// PATCHes late (each was built with the position extrapolated to the moment it was sent), so the
// moved players resumed that much behind (a second or more on a loaded machine). Reproduced
// deterministically: the target emulator is frozen while the move's rebuild is in flight, so it
// applies the PATCH 1.5 s after the Lavanode built it. The rebuilt player must be where the song
// is now, not 1.5 s behind.
import { MoveReason } from "../../../gen/ts/pyro/router/v1/event";
import { waitFor } from "../../support/wait-for";
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";

let cluster: InProcessCluster;

beforeAll(async () => {
  cluster = await startInProcessCluster(2);
});

afterAll(async () => {
  await cluster?.stop();
});

const LATE_MS = 1500;

/** The guild's player on emulator `i`: position at Lavalink's timestamp. */
function emulatorState(i: number, guildId: string): { position: number; time: number } | undefined {
  const players = Object.values(cluster.emulators[i]!.playersJson()).flat() as Array<{ guildId: string; track: unknown; state: { position: number; time: number } }>;
  const p = players.find((x) => x.guildId === guildId && x.track);
  return p?.state;
}

describe("a rebuild that Lavalink applies late", () => {
  it("resumes the player where the song is now (caught up), not where it was when the PATCH was built", async () => {
    const { players } = cluster.app.router.context;
    const guildId = "320000000000000001";
    const placed = await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId), track: { $case: "identifier", value: "emulator:late rebuild:600000" }, positionMs: 60_000n });
    const from = cluster.nodeIds.indexOf(placed.nodeId);
    const to = 1 - from;
    const before = await waitFor(() => emulatorState(from, guildId), { what: "playing on the source" });
    cluster.emulators[to]!.control.freeze();
    const frozenAt = Date.now();
    let moved = false;
    const move = players.move(guildId, MoveReason.MOVE_REASON_MANUAL, cluster.nodeIds[to]).finally(() => (moved = true));
    try {
      await waitFor(() => Date.now() - frozenAt >= LATE_MS, { timeoutMs: LATE_MS + 5000, intervalMs: 50, what: "the target applies the rebuild late" });
      expect(moved).toBe(false);
    } finally {
      cluster.emulators[to]!.control.unfreeze();
    }
    await move;
    const after = await waitFor(() => emulatorState(to, guildId), { what: "playing on the target" });
    // Where the song should be at the target's timestamp, from the source's last observation.
    const expected = before.position + (after.time - before.time);
    expect(Math.abs(after.position - expected)).toBeLessThan(300);
    // The durable checkpoint agrees (it is what the next move or failover starts from).
    const record = (await cluster.registry.players.get(guildId))!;
    expect(Math.abs(record.state.positionMs + (after.time - record.state.positionAt) - after.position)).toBeLessThan(300);
  });
});
