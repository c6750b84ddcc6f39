// Corrupt registry records are visible and deletable (issue 14): a Router over the Redis registry
// lists a player hash with an invalid field as a BROKEN entry with the reason (never the stored
// value), GetPlayer shows the same, the CLI prints it, and DestroyPlayer deletes the record.
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { RedisRegistry } from "../../../services/common/src/registry";
import { createRegistryKeys } from "../../../services/common/src/registry/keys";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";
import { runCli } from "../../support/pyro-cli";
import { startQueueRouter, type QueueRouter } from "./queue-harness";

const url = process.env.PYRO_TEST_REDIS_URL!;
const prefix = `tb-${randomUUID().slice(0, 8)}:`;
const HEALTHY = "340000000000000001";
const BROKEN = "340000000000000002";
const WRONG_TYPE = "340000000000000003";

let r: QueueRouter;
let raw: Redis;

beforeAll(async () => {
  raw = new Redis(url);
  r = await startQueueRouter(new RedisRegistry({ url, keyPrefix: prefix, onError: () => undefined }));
  await r.registry.players.create({ guildId: HEALTHY, ownerNodeId: "node-gone" });
  await r.registry.players.create({ guildId: BROKEN, ownerNodeId: "node-gone" });
  const keys = createRegistryKeys(prefix);
  await raw.hset(keys.player(BROKEN), "voice", JSON.stringify({ token: "do-not-leak-this-token", endpoint: 5 }));
  await raw.set(keys.player(WRONG_TYPE), "garbage");
});

afterAll(async () => {
  await r?.stop();
  raw?.disconnect();
});

const listAll = async (nodeId?: string) => (await r.client.listPlayers({ pageSize: 100, pageToken: "", nodeId })).players;

describe("broken player records at the Router", () => {
  it("ListPlayers shows each broken record with phase BROKEN and its reason, beside the healthy ones", async () => {
    const all = await listAll();
    expect(all.map((p) => [p.player?.guildId, p.phase])).toEqual([
      [HEALTHY, PlayerPhase.PLAYER_PHASE_AWAITING_VOICE],
      [BROKEN, PlayerPhase.PLAYER_PHASE_BROKEN],
      [WRONG_TYPE, PlayerPhase.PLAYER_PHASE_BROKEN],
    ]);
    expect(all[1]!.brokenReason).toMatch(/voice/);
    expect(all[0]!.brokenReason).toBeUndefined();
    expect(JSON.stringify(all.map((p) => p.brokenReason))).not.toContain("do-not-leak-this-token");
    // By node (the per-node index): the broken one is listed there too.
    expect((await listAll("node-gone")).map((p) => [p.player?.guildId, p.phase])).toEqual([
      [HEALTHY, PlayerPhase.PLAYER_PHASE_AWAITING_VOICE],
      [BROKEN, PlayerPhase.PLAYER_PHASE_BROKEN],
    ]);
    const got = await r.client.getPlayer({ guildId: BROKEN });
    expect(got.player).toMatchObject({ phase: PlayerPhase.PLAYER_PHASE_BROKEN, brokenReason: expect.stringMatching(/voice/) });
  });

  it("the CLI lists broken entries with their reason", async () => {
    const out = await runCli(["players", "--address", `127.0.0.1:${r.app.port}`]);
    expect(out.code).toBe(0);
    expect(out.stdout.split("\n").find((l) => l.startsWith(BROKEN))).toMatch(/broken\s.*broken: voice/);
    expect(out.stdout).not.toContain("do-not-leak-this-token");
  });

  it("DestroyPlayer deletes a broken record; the healthy player stays", async () => {
    expect((await r.client.destroyPlayer({ guildId: BROKEN })).existed).toBe(true);
    expect((await r.client.destroyPlayer({ guildId: WRONG_TYPE })).existed).toBe(true);
    expect((await r.client.destroyPlayer({ guildId: BROKEN })).existed).toBe(false);
    expect(await raw.exists(createRegistryKeys(prefix).player(BROKEN))).toBe(0);
    expect((await listAll()).map((p) => [p.player?.guildId, p.phase])).toEqual([[HEALTHY, PlayerPhase.PLAYER_PHASE_AWAITING_VOICE]]);
    expect((await listAll("node-gone")).map((p) => p.player?.guildId)).toEqual([HEALTHY]);
  });
});
