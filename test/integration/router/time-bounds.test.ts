/**
 * The fuzzer's one INTERNAL (bench/fuzz-rpcs.ts): an UpdatePlayer with `end_time_ms` near the int64
 * maximum was accepted and stored as a JSON number, which rounds it to 2^63, one past the int64
 * range. From then on GetPlayer, ListPlayers and the update itself failed to serialize (INTERNAL
 * "Error serializing response"). Times are now bounded at the boundary (2^53-1, exact in JSON), and
 * a record stored before the bound still answers, clamped into int64.
 */
import * as grpc from "@grpc/grpc-js";
import Redis from "ioredis";
import { RouterServiceClient } from "../../../gen/ts/pyro/router/v1/router_service";
import { GetPlayerRequest, ListPlayersRequest, UpdatePlayerRequest, type GetPlayerResponse, type ListPlayersResponse, type UpdatePlayerResponse } from "../../../gen/ts/pyro/router/v1/player";
import { INT64_MAX } from "../../../services/common/src/mapping/int64";
import { createRegistryKeys } from "../../../services/common/src/registry/keys";
import { makeRegistry, startQueueRouter, type QueueRouter } from "./queue-harness";

const TRACK = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==";
const PREFIX = `tb-${process.pid}:`;

let r: QueueRouter;
let client: RouterServiceClient;
beforeAll(async () => {
  r = await startQueueRouter(makeRegistry("redis", PREFIX));
  client = new RouterServiceClient(`127.0.0.1:${r.app.port}`, grpc.credentials.createInsecure());
});
afterAll(async () => {
  client?.close();
  await r?.stop();
});

type Outcome<Res> = { err: grpc.ServiceError | null; res?: Res };
const outcome = <Res>(resolve: (o: Outcome<Res>) => void) => (err: grpc.ServiceError | null, res?: Res) => resolve({ err, res });

function update(guildId: string, extra: Partial<UpdatePlayerRequest>): Promise<Outcome<UpdatePlayerResponse>> {
  const req = UpdatePlayerRequest.fromPartial({ guildId, noReplace: false, track: { $case: "encodedTrack", value: TRACK }, ...extra });
  return new Promise((resolve) => client.updatePlayer(req, outcome(resolve)));
}
const getPlayer = (guildId: string): Promise<Outcome<GetPlayerResponse>> =>
  new Promise((resolve) => client.getPlayer(GetPlayerRequest.fromPartial({ guildId }), outcome(resolve)));
const listPlayers = (): Promise<Outcome<ListPlayersResponse>> =>
  new Promise((resolve) => client.listPlayers(ListPlayersRequest.fromPartial({ pageSize: 1000 }), outcome(resolve)));

describe("end_time_ms and position_ms past 2^53-1", () => {
  it("an end marker at the int64 maximum is INVALID_ARGUMENT naming end_time_ms, and nothing is stored", async () => {
    const guildId = "910000000000000001";
    const { err } = await update(guildId, { endTime: { $case: "endTimeMs", value: INT64_MAX } });
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.metadata.get("pyro-field")).toEqual(["end_time_ms"]);
    expect(await r.registry.players.get(guildId)).toBeNull();
    const list = await listPlayers();
    expect(list.err).toBeNull();
  });

  it("2^53 is refused for both fields, 2^53-1 is accepted and reads back exactly", async () => {
    const tooBig = 2n ** 53n;
    const end = await update("910000000000000002", { endTime: { $case: "endTimeMs", value: tooBig } });
    expect(end.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    const pos = await update("910000000000000002", { positionMs: tooBig });
    expect(pos.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(pos.err?.metadata.get("pyro-field")).toEqual(["position_ms"]);
    const ok = await update("910000000000000003", { endTime: { $case: "endTimeMs", value: tooBig - 1n } });
    expect(ok.err).toBeNull();
    expect(ok.res?.player?.endTimeMs).toBe(tooBig - 1n);
  });

  it("the registry refuses to write such an end marker", async () => {
    await r.registry.players.create({ guildId: "910000000000000004" });
    const rec = (await r.registry.players.get("910000000000000004"))!;
    await expect(r.registry.players.checkpoint(rec.guildId, rec.epoch, { endTimeMs: 2 ** 63 })).rejects.toThrow(/endTimeMs/);
  });

  it("a record stored before the bound still answers GetPlayer and ListPlayers, its end marker clamped into int64", async () => {
    const guildId = "910000000000000005";
    expect((await update(guildId, { endTime: { $case: "endTimeMs", value: 60_000n } })).err).toBeNull();
    // What the old code stored: the JSON number 9223372036854775807, which parses as 2^63.
    const redis = new Redis(process.env.PYRO_TEST_REDIS_URL!);
    try {
      await redis.hset(createRegistryKeys(PREFIX).player(guildId), "state.endTimeMs", "9223372036854775807");
    } finally {
      redis.disconnect();
    }
    const get = await getPlayer(guildId);
    expect(get.err).toBeNull();
    expect(get.res?.player?.endTimeMs).toBe(INT64_MAX);
    const list = await listPlayers();
    expect(list.err).toBeNull();
    expect(list.res?.players.find((p) => p.player?.guildId === guildId)?.endTimeMs).toBe(INT64_MAX);
  });
});
