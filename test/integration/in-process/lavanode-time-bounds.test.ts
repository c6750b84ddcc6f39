// The Lavanode's face holds positions and end markers to the same bound as the Router's (2^53-1 ms,
// exact as a JSON number): a command past it fails alone with INVALID_ARGUMENT naming the field,
// before Lavalink or the registry see a value that JSON would round.
import * as grpc from "@grpc/grpc-js";
import { RemoteStatusError } from "../../../services/common/src/grpc/remote-error";
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";

let cluster: InProcessCluster;
beforeAll(async () => {
  cluster = await startInProcessCluster(1);
});
afterAll(async () => {
  await cluster?.stop();
});

it("a Connect command with end_time_ms or position_ms past 2^53-1 fails with INVALID_ARGUMENT, and the link keeps working", async () => {
  const { players, directory } = cluster.app.router.context;
  const guildId = "310000000000000001";
  await players.update({ guildId, noReplace: false, voice: simulatedVoice(guildId) });
  const record = (await cluster.registry.players.get(guildId))!;
  const link = directory.get(record.ownerNodeId!)!.link!;
  const refused = async (value: Record<string, unknown>): Promise<RemoteStatusError> => {
    const err = await link.command(guildId, record.epoch, { $case: "updatePlayer", value: { noReplace: false, fullState: false, ...value } }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteStatusError);
    return err as RemoteStatusError;
  };
  const end = await refused({ endTime: { $case: "endTimeMs", value: 2n ** 62n } });
  expect(end.code).toBe(grpc.status.INVALID_ARGUMENT);
  expect(end.metadata.get("pyro-field")).toEqual(["update_player.end_time_ms"]);
  const position = await refused({ positionMs: 2n ** 53n });
  expect(position.code).toBe(grpc.status.INVALID_ARGUMENT);
  expect(position.metadata.get("pyro-field")).toEqual(["update_player.position_ms"]);
  expect((await cluster.registry.players.get(guildId))!.state.endTimeMs).toBeNull();
  await link.command(guildId, record.epoch, { $case: "updatePlayer", value: { noReplace: false, fullState: false, volume: 42 } });
  expect((await cluster.registry.players.get(guildId))!.state.volume).toBe(42);
});
