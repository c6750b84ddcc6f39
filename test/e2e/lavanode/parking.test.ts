/**
 * Parking (issue 14): a player its Lavalink keeps refusing is parked after a bounded number of
 * refused rebuilds instead of being retried on every reconcile pass forever (processes: Redis,
 * emulator, Lavanode with a short reconcile interval). The refused player here is a record whose
 * guild id Lavalink cannot take (above 2^63-1; the Router refuses such ids, but a record can still
 * reach the registry another way): the emulator answers every PATCH with 400, as Lavalink does.
 */
import type { EmulatorProcess } from "../../support/emulator-process";
import { startEmulatorProcess } from "../../support/emulator-process";
import { connectLink, lavanodeArgs, startLavanodeProcess, testRegistry, voiceFor } from "../../support/lavanode-harness";
import type { PyroProcess } from "../../support/pyro-process";
import { waitFor } from "../../support/wait-for";
import type { LavanodeLink } from "../../../services/router/src/nodes/lavanode-link";
import { PARK_AFTER_REFUSALS } from "../../../services/lavanode/src/players/park-policy";

const NODE = "node-parking";
const REFUSED = "9223372036854775808";
const HEALTHY = "350000000000000001";

describe("parking a player Lavalink keeps refusing (processes)", () => {
  const { registry, prefix } = testRegistry();
  let emulator: EmulatorProcess;
  let lavanode: PyroProcess;
  let link: LavanodeLink | undefined;

  afterAll(async () => {
    link?.close();
    await lavanode?.stop("SIGKILL");
    await emulator?.stop();
    await registry.close();
  });

  const refusedAttempts = (): number => lavanode.logs.filter((l) => l.includes("rebuild failed") && l.includes(REFUSED)).length;

  it("is parked after the bounded number of refusals (state and notice), then no longer retried; destroy removes it", async () => {
    emulator = await startEmulatorProcess(["--player-update-interval-ms", "500", "--stats-interval-ms", "1000"]);
    lavanode = await startLavanodeProcess(lavanodeArgs({ nodeId: NODE, emulator, prefix, extra: ["--reconcile-ms", "200"] }));
    link = await connectLink(NODE, lavanode.port);
    const notices: Array<{ guildId: string; reason: string; attempts: number }> = [];
    link.on("parked", (p) => notices.push(p));
    await registry.players.create({ guildId: REFUSED, ownerNodeId: NODE, voice: voiceFor(REFUSED) });
    await registry.players.create({ guildId: HEALTHY, ownerNodeId: NODE, voice: voiceFor(HEALTHY) });
    // The old code retried the PATCH on every pass forever and never parked.
    const parked = await waitFor(async () => (await registry.players.get(REFUSED))?.state.parked ?? undefined, { timeoutMs: 15000, what: "the refused player parked" });
    expect(parked).toMatchObject({ attempts: PARK_AFTER_REFUSALS, reason: expect.stringMatching(/Lavalink/) });
    await waitFor(() => notices.length > 0, { timeoutMs: 5000, what: "a parked notice on the Connect stream" });
    expect(notices[0]).toMatchObject({ guildId: REFUSED, attempts: PARK_AFTER_REFUSALS });
    expect(refusedAttempts()).toBe(PARK_AFTER_REFUSALS);
    // Absence needs a window: ten more reconcile passes, and not one more attempt.
    const parkedAt = Date.now();
    await waitFor(() => Date.now() - parkedAt >= 2000, { timeoutMs: 5000, intervalMs: 100, what: "ten reconcile passes" });
    expect(refusedAttempts()).toBe(PARK_AFTER_REFUSALS);
    // The healthy player on the same node was never held back.
    expect((await registry.players.get(HEALTHY))?.state.parked ?? null).toBeNull();
    // A destroy (what DestroyPlayer sends the owner) removes it from Lavalink's side; the Router deletes the record.
    const epoch = (await registry.players.get(REFUSED))!.epoch;
    const r = await link.command(REFUSED, epoch, { $case: "destroyPlayer", value: {} }).catch((err: unknown) => err);
    expect(r).not.toBeInstanceOf(Error);
  });
});
