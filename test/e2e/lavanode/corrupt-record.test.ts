/**
 * A corrupt player record is quarantined, not fatal (processes: Redis, emulator, Lavanode, default
 * timing flags): after a kill -9 and a restart that resumes the Lavalink session, the node serves
 * again and adopts every healthy player although one record on it is corrupt.
 */
import Redis from "ioredis";
import type { GetNodeStatusResponse, LoadTracksResponse } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { HealthCheckResponse_ServingStatus } from "../../../gen/ts/grpc/health/v1/health";
import { createRegistryKeys } from "../../../services/common/src/registry/keys";
import { startEmulatorProcess, type EmulatorProcess } from "../../support/emulator-process";
import { connectLink, healthOf, lavanodeArgs, startLavanodeProcess, testRegistry, unary, voiceFor } from "../../support/lavanode-harness";
import { startPyro, type PyroProcess } from "../../support/pyro-process";
import { waitFor } from "../../support/wait-for";

const NODE = "node-corrupt";
const GUILDS = ["330000000000000001", "330000000000000002", "330000000000000003"];

describe("corrupt records (processes)", () => {
  const { registry, prefix } = testRegistry();
  let emulator: EmulatorProcess;
  const started: PyroProcess[] = [];
  const raw = new Redis(process.env.PYRO_TEST_REDIS_URL!);

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop("SIGKILL")));
    await emulator?.stop();
    await registry.close();
    raw.disconnect();
  });

  it("a restart with session resume serves and adopts the healthy players despite one corrupt record", async () => {
    emulator = await startEmulatorProcess(["--player-update-interval-ms", "500", "--stats-interval-ms", "1000"]);
    const args = lavanodeArgs({ nodeId: NODE, emulator, prefix });
    const first = await startLavanodeProcess(args);
    started.push(first);
    const link = await connectLink(NODE, first.port);
    const loaded = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "emulator:resume me:3600000" }, cb));
    if (loaded.result?.result?.$case !== "track") throw new Error("expected a track");
    const encoded = loaded.result.result.value.encoded;
    for (const guildId of GUILDS) {
      const { record } = await registry.players.create({ guildId, ownerNodeId: NODE, voice: voiceFor(guildId) });
      await link.command(guildId, record.epoch, { $case: "updatePlayer", value: { track: { $case: "encodedTrack", value: encoded }, voice: voiceFor(guildId), noReplace: false, fullState: false } });
    }
    link.close();
    await raw.hset(createRegistryKeys(prefix).player(GUILDS[0]!), "state.volume", "not json");
    await expect(registry.players.get(GUILDS[0]!)).rejects.toMatchObject({ code: "CORRUPT_RECORD" });

    await first.stop("SIGKILL");
    const second = await startPyro(args); // resumes the Lavalink session recorded in the registry
    started.push(second);
    // The old code threw from recovery ("recovery after ready failed") and never served.
    await waitFor(async () => (await healthOf(`127.0.0.1:${second.port}`)) === HealthCheckResponse_ServingStatus.SERVING, { timeoutMs: 20000, what: "restarted lavanode SERVING" });
    const again = await connectLink(NODE, second.port);
    try {
      const status = await unary<GetNodeStatusResponse>((cb) => again.client.getNodeStatus({}, cb));
      expect(status.status).toMatchObject({ sessionOpen: true, resumed: true });
      // The healthy players were adopted: a command at their epoch is accepted.
      for (const guildId of GUILDS.slice(1)) {
        const r = await again.command(guildId, 1, { $case: "updatePlayer", value: { volume: 55, noReplace: false, fullState: false } });
        expect(r.result?.$case).toBe("player");
      }
    } finally {
      again.close();
    }
    expect(second.logs.some((l) => l.includes("corrupt player record quarantined"))).toBe(true);
  });
});
