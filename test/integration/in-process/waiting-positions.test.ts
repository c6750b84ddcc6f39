// Positions of players that wait (issue 22): a player waiting for voice must not advance, and a
// pause while waiting must not count as playback. The Router's clock is shifted instead of waiting:
// the player is created "4 s ago" (Router time behind the Lavanode's), then the clock catches up and
// voice arrives, so the Lavanode's rebuild sees exactly the elapsed wait.
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";
import { waitFor } from "../../support/wait-for";

let cluster: InProcessCluster;
let shiftMs = 0;

beforeAll(async () => {
  cluster = await startInProcessCluster(1, { routerNow: () => Date.now() - shiftMs });
});

afterAll(async () => {
  await cluster?.stop();
});

/** The position Lavalink (the emulator) was told to start from, read from its player. */
async function emulatorPosition(guildId: string): Promise<number> {
  const sessionId = cluster.emulators[0]!.sessions()[0]!.sessionId;
  const p = await waitFor(() => cluster.emulators[0]!.player(sessionId, guildId), { timeoutMs: 5000 });
  return (p.state as { position: number }).position;
}

describe("a waiting player holds its position", () => {
  it("wait 4 s for voice, then play: the track starts at 0 ± 100 ms", async () => {
    const { players } = cluster.app.router.context;
    const guildId = "300000000000002201";
    shiftMs = 4000;
    await players.update({ guildId, noReplace: false, track: { $case: "identifier", value: "emulator:wait-for-voice:180000" } });
    shiftMs = 0;
    const placed = await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId) });
    expect(placed.nodeId).toBe(cluster.nodeIds[0]);
    const position = await emulatorPosition(guildId);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThanOrEqual(100);
  });

  it("seek to 30 s, pause 10 s while waiting, unpause, then play: 30 s ± 100 ms", async () => {
    const { players } = cluster.app.router.context;
    const guildId = "300000000000002202";
    shiftMs = 12_000;
    await players.update({ guildId, noReplace: false, track: { $case: "identifier", value: "emulator:paused-waiting:180000" }, positionMs: 30_000n });
    shiftMs = 11_000;
    await players.update({ guildId, noReplace: false, paused: true });
    shiftMs = 1000;
    await players.update({ guildId, noReplace: false, paused: false });
    shiftMs = 0;
    await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId) });
    const position = await emulatorPosition(guildId);
    expect(Math.abs(position - 30_000)).toBeLessThanOrEqual(100);
  });
});
