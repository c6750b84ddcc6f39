/**
 * LavanodeService against a real emulator process, a real Lavanode process and real Redis:
 * every REST endpoint and event type through the node, fencing by epoch, and death detection.
 */
import * as grpc from "@grpc/grpc-js";
import type { LavanodeLink } from "../../../services/router/src/nodes/lavanode-link";
import type { RedisRegistry } from "../../../services/common/src/registry/redis-registry";
import type { LavalinkEvent } from "../../../gen/ts/pyro/lavalink/v1/events";
import type {
  DecodeTrackResponse, DecodeTracksResponse, GetInfoResponse, GetNodeStatusResponse, GetPlayerResponse, GetRoutePlannerStatusResponse,
  GetStatsResponse, GetVersionResponse, ListPlayersResponse, LoadTracksResponse, UpdateSessionResponse,
} from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { HealthCheckResponse_ServingStatus } from "../../../gen/ts/grpc/health/v1/health";
import { startEmulatorProcess, playersByGuild, type EmulatorProcess } from "../../support/emulator-process";
import { connectLink, healthOf, lavanodeArgs, startLavanodeProcess, testRegistry, unary, voiceFor } from "../../support/lavanode-harness";
import type { PyroProcess } from "../../support/pyro-process";
import { waitFor } from "../../support/wait-for";

const NODE = "node-a";

describe("LavanodeService (processes)", () => {
  let emulator: EmulatorProcess;
  let lavanode: PyroProcess;
  let link: LavanodeLink;
  let registry: RedisRegistry;
  let prefix: string;
  const events: Array<{ event: LavalinkEvent; epoch: bigint }> = [];
  let encoded: string;

  beforeAll(async () => {
    ({ registry, prefix } = testRegistry());
    emulator = await startEmulatorProcess(["--player-update-interval-ms", "100", "--stats-interval-ms", "200"]);
    lavanode = await startLavanodeProcess(lavanodeArgs({ nodeId: NODE, emulator, prefix, extra: ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"] }));
    link = await connectLink(NODE, lavanode.port);
    link.on("event", (event, epoch) => events.push({ event, epoch }));
    const loaded = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "emulator:first song:600000" }, cb));
    if (loaded.result?.result?.$case !== "track") throw new Error("expected a track result");
    encoded = loaded.result.result.value.encoded;
  });

  afterAll(async () => {
    link?.close();
    await lavanode?.stop();
    await emulator?.stop();
    await registry?.close();
  });

  const createOwned = async (guildId: string): Promise<number> => (await registry.players.create({ guildId, ownerNodeId: NODE })).record.epoch;

  const play = (guildId: string, epoch: number, extra: Record<string, unknown> = {}) =>
    link.command(guildId, epoch, { $case: "updatePlayer", value: { track: { $case: "encodedTrack", value: encoded }, voice: voiceFor(guildId), noReplace: false, fullState: false, ...extra } });

  it("passes every REST endpoint through", async () => {
    const info = await unary<GetInfoResponse>((cb) => link.client.getInfo({}, cb));
    expect(info.info?.version?.major).toBe(4);
    const version = await unary<GetVersionResponse>((cb) => link.client.getVersion({}, cb));
    expect(version.version).toMatch(/^4\./);
    const search = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "ytsearch:never gonna" }, cb));
    expect(search.result?.result).toMatchObject({ $case: "search", value: { tracks: expect.any(Array) } });
    expect((search.result?.result?.value as { tracks: unknown[] }).tracks).toHaveLength(5);
    const decoded = await unary<DecodeTrackResponse>((cb) => link.client.decodeTrack({ encodedTrack: encoded }, cb));
    expect(decoded.track?.info).toMatchObject({ title: "first song", lengthMs: 600000n });
    const many = await unary<DecodeTracksResponse>((cb) => link.client.decodeTracks({ encodedTracks: [encoded, encoded] }, cb));
    expect(many.tracks).toHaveLength(2);
    const stats = await unary<GetStatsResponse>((cb) => link.client.getStats({}, cb));
    expect(stats.stats).toBeDefined();
    const status = await unary<GetNodeStatusResponse>((cb) => link.client.getNodeStatus({}, cb));
    expect(status.status).toMatchObject({ nodeId: NODE, sessionOpen: true });
    const session = await unary<UpdateSessionResponse>((cb) => link.client.updateSession({}, cb));
    expect(session.session).toMatchObject({ resuming: true, timeoutSeconds: 2 });
    // The emulator starts without a route planner: no status, and freeing is FAILED_PRECONDITION.
    expect((await unary<GetRoutePlannerStatusResponse>((cb) => link.client.getRoutePlannerStatus({}, cb))).status).toBeUndefined();
    await expect(unary((cb) => link.client.freeAllRoutePlannerAddresses({}, cb))).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
    await emulator.control("setRoutePlanner", { class: "RotatingIpRoutePlanner" });
    const planner = await unary<GetRoutePlannerStatusResponse>((cb) => link.client.getRoutePlannerStatus({}, cb));
    expect(planner.status).toBeDefined();
    await unary((cb) => link.client.freeAllRoutePlannerAddresses({}, cb));
    await expect(unary((cb) => link.client.decodeTrack({ encodedTrack: "" }, cb))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: "encoded_track: is required" });
    await expect(unary((cb) => link.client.decodeTrack({ encodedTrack: "not-a-track" }, cb))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });

  it("plays, pauses, seeks and sets volume and filters through the stream, and checkpoints each change", async () => {
    const guild = "300000000000000001";
    const epoch = await createOwned(guild);
    const r = await play(guild, epoch);
    expect(r.result?.$case).toBe("player");
    await waitFor(async () => playersByGuild(await emulator.state()).get(guild)?.track?.info.title === "first song", { what: "player playing on the emulator" });
    await link.command(guild, epoch, { $case: "updatePlayer", value: { paused: true, volume: 250, positionMs: 30000n, filters: { timescale: { speed: 1.5 }, equalizer: [] }, noReplace: false, fullState: false } });
    const p = playersByGuild(await emulator.state()).get(guild)!;
    expect(p).toMatchObject({ paused: true, volume: 250, filters: { timescale: { speed: 1.5 } } });
    expect(p.state.position).toBeGreaterThanOrEqual(30000);
    const rec = await registry.players.get(guild);
    expect(rec?.state).toMatchObject({ paused: true, volume: 250, filters: { timescale: { speed: 1.5 } } });
    const listed = await unary<ListPlayersResponse>((cb) => link.client.listPlayers({}, cb));
    expect(listed.players.find((x) => x.player?.guildId === guild)?.epoch).toBe(BigInt(epoch));
    const one = await unary<GetPlayerResponse>((cb) => link.client.getPlayer({ guildId: guild }, cb));
    expect(one.player?.epoch).toBe(BigInt(epoch));
    await expect(unary((cb) => link.client.getPlayer({ guildId: "399999999999999999" }, cb))).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it("rejects invalid commands with the field at fault", async () => {
    const guild = "300000000000000002";
    const epoch = await createOwned(guild);
    await expect(link.command("not-a-guild", epoch, { $case: "destroyPlayer", value: {} })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(link.command(guild, epoch, { $case: "updatePlayer", value: { filters: { timescale: { speed: -1 }, equalizer: [] }, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining("update_player.filters.timescale.speed") });
  });

  it("forwards every event type with the node's epoch", async () => {
    const guild = "300000000000000003";
    const epoch = await createOwned(guild);
    const short = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "emulator:short:300" }, cb));
    const shortTrack = short.result?.result?.$case === "track" ? short.result.result.value.encoded : "";
    await link.command(guild, epoch, { $case: "updatePlayer", value: { track: { $case: "encodedTrack", value: shortTrack }, voice: voiceFor(guild), noReplace: false, fullState: false } });
    const kinds = (g: string) => events.filter((e) => e.event.guildId === g).map((e) => e.event.kind?.$case);
    await waitFor(() => kinds(guild).includes("trackStart") && kinds(guild).includes("trackEnd"), { what: "start and end events" });
    const end = events.find((e) => e.event.guildId === guild && e.event.kind?.$case === "trackEnd")!;
    expect(end.epoch).toBe(BigInt(epoch));
    expect(end.event.kind).toMatchObject({ value: { reason: 1, mayStartNext: true } });
    // After a finished track the checkpoint says idle, so a rebuild will not replay it.
    await waitFor(async () => (await registry.players.get(guild))?.state.encodedTrack === null, { what: "idle checkpoint" });

    await emulator.control("failTrack", { track: "emulator:doomed:600000", atMs: 10, message: "boom" });
    await link.command(guild, epoch, { $case: "updatePlayer", value: { track: { $case: "identifier", value: "emulator:doomed:600000" }, noReplace: false, fullState: false } });
    await waitFor(() => kinds(guild).includes("trackException"), { what: "exception event" });
    // Lavaplayer reports a stuck track after 10 s of media time: speed the emulator's clock up meanwhile.
    await emulator.control("stickTrack", { track: "emulator:sticky:600000", atMs: 10 });
    await emulator.control("setClockSpeed", { speed: 20 });
    try {
      await link.command(guild, epoch, { $case: "updatePlayer", value: { track: { $case: "identifier", value: "emulator:sticky:600000" }, noReplace: false, fullState: false } });
      await waitFor(() => kinds(guild).includes("trackStuck"), { what: "stuck event" });
    } finally {
      await emulator.control("setClockSpeed", { speed: 1 });
    }

    // A voice change closes the old Discord voice connection: WebSocketClosedEvent.
    await link.command(guild, epoch, { $case: "updatePlayer", value: { voice: { ...voiceFor(guild), sessionId: "moved-session" }, noReplace: false, fullState: false } });
    await waitFor(() => kinds(guild).includes("websocketClosed"), { what: "voice websocket closed event" });

    let updates = 0;
    let stats = 0;
    const onUpdate = (): void => void updates++;
    const onStats = (): void => void stats++;
    link.on("playerUpdate", onUpdate);
    link.on("stats", onStats);
    await waitFor(() => updates > 0 && stats > 0, { what: "player updates and stats" });
    link.off("playerUpdate", onUpdate);
    link.off("stats", onStats);
  });

  it("refuses a stale epoch with ABORTED and fences a player claimed by another node", async () => {
    const guild = "300000000000000004";
    const epoch = await createOwned(guild);
    await play(guild, epoch);
    await expect(link.command(guild, epoch - 1, { $case: "updatePlayer", value: { volume: 10, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.ABORTED });
    // Another node claims the player: this node's next checkpoint is refused and it destroys its copy.
    await registry.players.claim(guild, epoch, "node-b");
    await expect(link.command(guild, epoch, { $case: "updatePlayer", value: { volume: 20, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.ABORTED });
    await waitFor(async () => !playersByGuild(await emulator.state()).has(guild), { what: "fenced player destroyed" });
    // A command claiming an epoch the registry does not give this node is refused too.
    await expect(link.command(guild, epoch + 5, { $case: "updatePlayer", value: { volume: 20, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.ABORTED });
  });

  it("rebuilds a player from its checkpoint", async () => {
    const guild = "300000000000000005";
    await registry.players.create({
      guildId: guild, ownerNodeId: NODE, voice: voiceFor(guild),
      state: { encodedTrack: encoded, positionMs: 100000, positionAt: Date.now() - 5000, paused: false, volume: 70, filters: { rotation: { rotationHz: 0.2 } }, endTimeMs: null, userData: { requester: "me" } },
    });
    const rec = (await registry.players.get(guild))!;
    await link.command(guild, rec.epoch, { $case: "rebuildPlayer", value: { holdPosition: false, recordJson: "" } });
    const p = playersByGuild(await emulator.state()).get(guild)!;
    // Lavaplayer encodes the position into the track, so compare the track by its info.
    expect(p).toMatchObject({ volume: 70, paused: false, filters: { rotation: { rotationHz: 0.2 } }, track: { info: { title: "first song" } } });
    // Extrapolated: 100 s + ~5 s since the checkpoint.
    expect(p.state.position).toBeGreaterThanOrEqual(104000);
    expect(p.state.position).toBeLessThan(115000);
  });

  it("rebuilds from the record the command carries (no registry read); refuses one of another owner, fences one a newer claim superseded", async () => {
    const guild = "300000000000000006";
    const state = { encodedTrack: encoded, positionMs: 1000, positionAt: Date.now(), paused: false, volume: 70, filters: {}, endTimeMs: null, userData: {} };
    const { record } = await registry.players.create({ guildId: guild, ownerNodeId: NODE, voice: voiceFor(guild), state });
    // The carried record wins over the registry's: it is what the Router's claim returned.
    const carried = { ...record, state: { ...record.state, volume: 55 } };
    await link.command(guild, record.epoch, { $case: "rebuildPlayer", value: { holdPosition: false, recordJson: JSON.stringify(carried) } });
    expect(playersByGuild(await emulator.state()).get(guild)).toMatchObject({ volume: 55 });
    // Boundary checks: not JSON, not a record, another guild, another owner.
    const rebuild = (json: string) => link.command(guild, record.epoch, { $case: "rebuildPlayer", value: { holdPosition: false, recordJson: json } });
    await expect(rebuild("{")).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, message: expect.stringContaining("rebuild_player.record_json") });
    await expect(rebuild(JSON.stringify({ ...carried, epoch: "x" }))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, message: expect.stringContaining("rebuild_player.record_json.epoch") });
    await expect(rebuild(JSON.stringify({ ...carried, guildId: "300000000000000007" }))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, message: expect.stringContaining("rebuild_player.record_json.guildId") });
    await expect(rebuild(JSON.stringify({ ...carried, ownerNodeId: "node-b" }))).rejects.toMatchObject({ code: grpc.status.ABORTED });
    // A newer claim elsewhere superseded the carried record: the node builds it, its first checkpoint is refused, and it destroys the copy.
    const guild2 = "300000000000000008";
    const second = (await registry.players.create({ guildId: guild2, ownerNodeId: NODE, voice: voiceFor(guild2), state })).record;
    await registry.players.claim(guild2, second.epoch, "node-b");
    await link.command(guild2, second.epoch, { $case: "rebuildPlayer", value: { holdPosition: false, recordJson: JSON.stringify(second) } });
    await waitFor(async () => !playersByGuild(await emulator.state()).has(guild2), { what: "superseded copy destroyed" });
    expect((await registry.players.get(guild2))?.ownerNodeId).toBe("node-b");
  });

  it("publishes a death notification at once when Lavalink dies (reconnect refused: no resume window), and reports NOT_SERVING", async () => {
    const deaths: string[] = [];
    const sub = await registry.events.subscribeNodeDeaths((d) => deaths.push(`${d.nodeId}:${d.reason}`));
    try {
      await emulator.control("kill");
      await waitFor(async () => (await healthOf(`127.0.0.1:${lavanode.port}`)) === HealthCheckResponse_ServingStatus.NOT_SERVING, { what: "NOT_SERVING" });
      await waitFor(() => deaths.includes(`${NODE}:lavalink-gone`), { timeoutMs: 15000, what: "death notification" });
      expect((await registry.nodes.get(NODE))?.state).toBe("down");
    } finally {
      await sub.unsubscribe();
    }
  });
});
