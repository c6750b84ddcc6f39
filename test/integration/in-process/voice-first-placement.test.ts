// A guild's voice arriving before any player (the bot joined a channel; gateway ingest or
// UpdateVoiceState/UpdateVoiceServer) creates the player already owned by the chosen node, in one
// registry write, as UpdatePlayer with voice does: no create-then-claim (which cost four more
// registry round trips per placement and bumped the epoch to 2).
import { startInProcessCluster, simulatedVoice, type InProcessCluster } from "../../support/in-process-cluster";
import { waitFor } from "../../support/wait-for";

let cluster: InProcessCluster;
beforeAll(async () => {
  cluster = await startInProcessCluster(1);
});
afterAll(async () => {
  await cluster?.stop();
});

it("places a player from its two voice halves with one registry write (epoch 1), and plays on it", async () => {
  const { voice } = cluster.app.router.context;
  const guildId = "320000000000000001";
  const v = simulatedVoice(guildId);
  const half = await voice.state(guildId, "100000000000000001", v.sessionId, v.channelId);
  expect(half).toMatchObject({ accepted: true, voiceComplete: false });
  const done = await voice.server(guildId, v.token, v.endpoint);
  expect(done).toEqual({ voiceComplete: true, applied: true });
  const record = (await cluster.registry.players.get(guildId))!;
  expect(record.ownerNodeId).toBe(cluster.nodeIds[0]);
  expect(record.epoch).toBe(1);
  expect(record.voice).toEqual(v);
  // The node has it, with the voice credentials: the player is live, not only recorded.
  const onEmulator = (token: string) => (): boolean => Object.values(cluster.emulators[0]!.control.state().players).flat()
    .some((p) => (p as { guildId?: string; voice?: { token?: string } }).guildId === guildId && (p as { voice?: { token?: string } }).voice?.token === token);
  await waitFor(onEmulator(v.token), { what: "the player on the emulator with its voice" });
  // A second voice server for the same guild (Discord moved it) updates the live player in place.
  expect(await voice.server(guildId, "token-2", v.endpoint)).toEqual({ voiceComplete: true, applied: true });
  await waitFor(onEmulator("token-2"), { what: "the new voice token on the emulator" });
  expect((await cluster.registry.players.get(guildId))!.epoch).toBe(1);
});
