/**
 * A Lavanode process dies without warning (SIGKILL) while 100 players play on the emulator:
 * restarted with the same node id, or replaced by a standby, it resumes the same Lavalink session
 * and no player is recreated. Also: fuzzed Lavalink frames do not bring the Lavanode down.
 */
import * as grpc from "@grpc/grpc-js";
import type { LavanodeLink } from "../../../services/router/src/nodes/lavanode-link";
import type { RedisRegistry } from "../../../services/common/src/registry/redis-registry";
import { HealthClient, HealthCheckResponse_ServingStatus } from "../../../gen/ts/grpc/health/v1/health";
import { createLavanodeClient } from "../../../services/router/src/nodes/lavanode-client";
import { TEST_CLUSTER_TOKEN } from "../../support/cluster-token";
import { type GetNodeStatusResponse, type ListPlayersResponse, type LoadTracksResponse } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { startEmulatorProcess, playersByGuild, type EmulatorProcess, type EmulatorState } from "../../support/emulator-process";
import { connectLink, healthOf, lavanodeArgs, startLavanodeProcess, testRegistry, unary, voiceFor } from "../../support/lavanode-harness";
import { generateFuzzFrames } from "../../support/lavalink-fuzz";
import { startPyro, type PyroProcess } from "../../support/pyro-process";
import { waitFor } from "../../support/wait-for";

const PLAYERS = 100;
const LEASE_TTL_MS = 1000;
const guildOf = (i: number): string => String(310000000000000000n + BigInt(i));

/** One scenario's processes; everything started is stopped by `cleanup`. */
interface Scenario {
  emulator: EmulatorProcess;
  registry: RedisRegistry;
  prefix: string;
  nodeId: string;
  /** `pyro lavanode` flags for this scenario's node. */
  args(extra?: string[]): string[];
  /** Creates a registry record owned by the node and plays a long track on it through `link`; returns guild → epoch. */
  playMany(link: LavanodeLink, count: number): Promise<Map<string, number>>;
  track: string;
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await Promise.resolve().then(fn).catch(() => undefined);
});

async function startScenario(nodeId: string): Promise<Scenario> {
  const { registry, prefix } = testRegistry();
  cleanups.push(() => registry.close());
  const emulator = await startEmulatorProcess(["--player-update-interval-ms", "500", "--stats-interval-ms", "1000"]);
  cleanups.push(() => emulator.stop());
  const args = (extra: string[] = []): string[] =>
    lavanodeArgs({ nodeId, emulator, prefix, extra: ["--lease-ttl-ms", String(LEASE_TTL_MS), "--resume-timeout-s", "60", ...extra] });
  let track = "";
  return {
    emulator, registry, prefix, nodeId, args,
    get track() { return track; },
    async playMany(link, count) {
      const loaded = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "emulator:long song:3600000" }, cb));
      if (loaded.result?.result?.$case !== "track") throw new Error("expected a track result");
      track = loaded.result.result.value.encoded;
      const epochs = new Map<string, number>();
      await Promise.all(Array.from({ length: count }, async (_, i) => {
        const guildId = guildOf(i);
        const { record } = await registry.players.create({ guildId, ownerNodeId: nodeId, voice: voiceFor(guildId) });
        await link.command(guildId, record.epoch, {
          $case: "updatePlayer", value: { track: { $case: "encodedTrack", value: track }, voice: voiceFor(guildId), noReplace: false, fullState: false },
        });
        epochs.set(guildId, record.epoch);
      }));
      return epochs;
    },
  };
}

async function startNode(s: Scenario, extra: string[] = []): Promise<PyroProcess> {
  const p = await startLavanodeProcess(s.args(extra));
  cleanups.push(() => p.stop("SIGKILL"));
  return p;
}

async function link(s: Scenario, p: PyroProcess): Promise<LavanodeLink> {
  const l = await connectLink(s.nodeId, p.port);
  cleanups.push(() => l.close());
  return l;
}

/** Waits until every guild plays on the emulator with a position above 0, and returns that state. */
async function allPlaying(emulator: EmulatorProcess, guilds: Iterable<string>): Promise<EmulatorState> {
  const wanted = [...guilds];
  return waitFor(async () => {
    const state = await emulator.state();
    const byGuild = playersByGuild(state);
    return wanted.every((g) => byGuild.get(g)?.track && !byGuild.get(g)!.paused && byGuild.get(g)!.state.position > 0) ? state : undefined;
  }, { timeoutMs: 20000, what: "every player playing" });
}

/** The same players, in the same session, further along, none created, destroyed or restarted. */
function expectUninterrupted(before: EmulatorState, after: EmulatorState, sessionId: string, guilds: readonly string[]): void {
  expect(after.counters).toMatchObject({
    playersCreated: before.counters.playersCreated, playersDestroyed: before.counters.playersDestroyed,
    trackStarts: before.counters.trackStarts, sessionsCreated: before.counters.sessionsCreated,
    sessionsResumed: before.counters.sessionsResumed + 1,
  });
  expect(after.sessions).toEqual([expect.objectContaining({ sessionId, state: "open", players: guilds.length })]);
  const was = playersByGuild(before);
  const now = new Map(after.players[sessionId]!.map((p) => [p.guildId, p]));
  for (const g of guilds) {
    const p = now.get(g);
    expect(p?.track?.info.title).toBe("long song");
    expect(p?.paused).toBe(false);
    expect(p!.state.position).toBeGreaterThan(was.get(g)!.state.position);
  }
}

/** The node holds every player at its registry epoch and executes a command for each. */
async function expectAdopted(s: Scenario, l: LavanodeLink, epochs: Map<string, number>, volume: number): Promise<void> {
  const listed = await unary<ListPlayersResponse>((cb) => l.client.listPlayers({}, cb));
  expect(new Map(listed.players.map((p) => [p.player!.guildId, Number(p.epoch)]))).toEqual(epochs);
  await Promise.all([...epochs].map(([g, epoch]) => l.command(g, epoch, { $case: "updatePlayer", value: { volume, noReplace: false, fullState: false } })));
  const byGuild = playersByGuild(await s.emulator.state());
  for (const g of epochs.keys()) expect(byGuild.get(g)?.volume).toBe(volume);
  expect((await s.registry.players.get(guildOf(0)))?.state.volume).toBe(volume);
}

const sessionIdOf = async (l: LavanodeLink): Promise<string> =>
  (await unary<GetNodeStatusResponse>((cb) => l.client.getNodeStatus({}, cb))).status!.sessionId;

describe("Lavanode killed with SIGKILL", () => {
  it("restarted with the same node id within the resume window, resumes the session and keeps all 100 players playing", async () => {
    const s = await startScenario("node-restart");
    const first = await startNode(s);
    const epochs = await s.playMany(await link(s, first), PLAYERS);
    const sessionId = (await s.registry.nodes.get(s.nodeId))!.sessionId!;
    const before = await allPlaying(s.emulator, epochs.keys());
    await first.stop("SIGKILL");
    // The emulator keeps the session paused (resuming was enabled) and its players keep playing.
    await waitFor(async () => (await s.emulator.state()).sessions[0]?.state === "paused", { what: "session paused" });

    const second = await startNode(s);
    const l = await link(s, second);
    expect(await sessionIdOf(l)).toBe(sessionId);
    expectUninterrupted(before, await s.emulator.state(), sessionId, [...epochs.keys()]);
    await expectAdopted(s, l, epochs, 42);
    // A stale epoch is still refused after the restart.
    await expect(l.command(guildOf(1), epochs.get(guildOf(1))! - 1, { $case: "updatePlayer", value: { volume: 1, noReplace: false, fullState: false } }))
      .rejects.toMatchObject({ code: grpc.status.ABORTED });
  });

  it("a standby takes over within lease TTL + 1 s and resumes the same session; the players never stop", async () => {
    const s = await startScenario("node-standby");
    const active = await startNode(s);
    const standby = await startPyro(s.args(["--standby"]));
    cleanups.push(() => standby.stop("SIGKILL"));
    await waitFor(() => standby.logs.some((line) => line.includes("waiting as standby")), { what: "standby waiting" });
    expect(await healthOf(`127.0.0.1:${standby.port}`)).toBe(HealthCheckResponse_ServingStatus.NOT_SERVING);
    const epochs = await s.playMany(await link(s, active), PLAYERS);
    const sessionId = (await s.registry.nodes.get(s.nodeId))!.sessionId!;
    const before = await allPlaying(s.emulator, epochs.keys());
    expect(before.sessions).toHaveLength(1);

    const health = new HealthClient(`127.0.0.1:${standby.port}`, grpc.credentials.createInsecure());
    const service = createLavanodeClient({ address: `127.0.0.1:${standby.port}`, clusterToken: TEST_CLUSTER_TOKEN });
    cleanups.push(() => health.close(), () => service.close());
    const servingSameSession = async (): Promise<boolean> => {
      const h = await unary<{ status: HealthCheckResponse_ServingStatus }>((cb) => health.check({ service: "" }, cb));
      if (h.status !== HealthCheckResponse_ServingStatus.SERVING) return false;
      return (await unary<GetNodeStatusResponse>((cb) => service.getNodeStatus({}, cb))).status?.sessionId === sessionId;
    };
    expect(await servingSameSession()).toBe(false);
    const killedAt = Date.now();
    active.proc.kill("SIGKILL");
    await waitFor(servingSameSession, { timeoutMs: 15000, intervalMs: 10, what: "standby SERVING on the same session" });
    // The takeover time is a figure for the closing note, not a wall-clock assertion: the outcome
    // asserted is that the standby resumed the same session and no player was interrupted.
    const takeoverMs = Date.now() - killedAt;
    process.stdout.write(`[lavanode figures] standby takeover after kill -9: ${takeoverMs} ms (lease TTL ${LEASE_TTL_MS} ms)\n`);

    expectUninterrupted(before, await s.emulator.state(), sessionId, [...epochs.keys()]);
    expect((await s.registry.leases.get(s.nodeId))?.holderId).toMatch(/#standby-/);
    await expectAdopted(s, await link(s, standby), epochs, 77);
  });
});

describe("fuzzed Lavalink frames", () => {
  it("do not crash the Lavanode: it stays SERVING, keeps its Router stream and executes commands", async () => {
    const s = await startScenario("node-fuzz");
    const node = await startNode(s);
    const l = await link(s, node);
    const epochs = await s.playMany(l, 5);
    const state = await allPlaying(s.emulator, epochs.keys());
    const trackJson = playersByGuild(state).get(guildOf(0))!.track as unknown as Parameters<typeof generateFuzzFrames>[3];
    // A frame that maps to an unencodable message used to break the stream ("Error serializing response").
    const disconnects: string[] = [];
    l.on("disconnected", (e) => disconnects.push(e.message));
    const sentinel = { guildId: "399999999999999998", time: 4242424242 };
    let sentinelSeen = false;
    l.on("playerUpdate", (u) => { if (u.guildId === sentinel.guildId) sentinelSeen = true; });

    const frames = generateFuzzFrames(20240611, 500, [...epochs.keys()], trackJson);
    for (let i = 0; i < frames.length; i += 50) await s.emulator.control("sendRawFrames", { frames: frames.slice(i, i + 50).map((f) => f.frame) });
    // Frames of one socket are handled in order: once the sentinel is through, every fuzzed frame was too.
    await s.emulator.control("sendRawFrames", {
      frames: [JSON.stringify({ op: "playerUpdate", guildId: sentinel.guildId, state: { time: sentinel.time, position: 0, connected: false, ping: -1 } })],
    });
    await waitFor(() => sentinelSeen || disconnects.length > 0, { timeoutMs: 30000, what: "sentinel frame forwarded" });

    expect(node.proc.exitCode).toBeNull();
    expect(node.proc.signalCode).toBeNull();
    expect(await healthOf(`127.0.0.1:${node.port}`)).toBe(HealthCheckResponse_ServingStatus.SERVING);
    expect(disconnects).toEqual([]);
    expect(sentinelSeen).toBe(true);
    expect(l.connected).toBe(true);
    const surelyMalformed = frames.filter((f) => f.surelyMalformed).length;
    await waitFor(() => node.logs.filter((line) => line.includes("malformed Lavalink frame dropped")).length >= surelyMalformed, { what: "malformed frames logged" });
    await expectAdopted(s, l, epochs, 33);
  });
});
