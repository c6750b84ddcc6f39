// Two bots in one cluster (issue 20, part 2). One Router serves bots A and B; each bot has a Lavanode
// on each of two emulated Lavalinks (so each Lavalink holds one session per bot), over its own
// registry namespace. Both bots play different tracks in the same guild, a failover keeps both, and
// a token scoped to one bot gets PERMISSION_DENIED for the other on every RPC and stream.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { WatchEventsRequest, type Event, type WatchEventsResponse } from "../../../gen/ts/pyro/router/v1/event";
import type { SessionResponse } from "../../../gen/ts/pyro/router/v1/session";
import { RouterServiceClient, RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import { createLogger, silentLogger } from "../../../services/common/src/logger";
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { loadLavanodeConfig } from "../../../services/lavanode/src/config";
import { startLavanode, type LavanodeApp } from "../../../services/lavanode/src/lavanode-app";
import { loadRouterConfig } from "../../../services/router/src/config";
import { startRouter, type RouterApp } from "../../../services/router/src/router-app";
import { waitForNodes } from "../../../services/standalone/src/node-readiness";
import { startEmulator, type Emulator } from "../../lavalink-emulator";
import { simulatedVoice } from "../../support/in-process-cluster";
import { waitFor } from "../../support/wait-for";
import Redis from "ioredis";
import WebSocket from "ws";
import { createVoicePublisher } from "../../../clients/ts/src";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";
import { voiceServerPacket, voiceStatePacket } from "../../support/voice-packets";
import { connectRouter } from "../../../services/cli/operator-io";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../../../services/cli/operator-args";

const CLUSTER = randomBytes(24).toString("base64url");
const BOT_A = "100000000000000001";
const BOT_B = "100000000000000002";
const OPERATOR = `op-${randomBytes(16).toString("hex")}`;
const TOKEN_A = `a-${randomBytes(16).toString("hex")}`;
const TOKEN_B = `b-${randomBytes(16).toString("hex")}`;
const GUILD = "340000000000000001";
const LAVALINK_PASSWORD = `ll-${randomBytes(16).toString("hex")}`;
const STREAM = `pyro-test:multibot-voice:${randomBytes(8).toString("hex")}`;
const registries: Record<string, MemoryRegistry> = { [BOT_A]: new MemoryRegistry(), [BOT_B]: new MemoryRegistry() };
const dir = mkdtempSync(join(tmpdir(), "pyro-multibot-"));
const tokenFile = join(dir, "tokens.yaml");
const emulators: Emulator[] = [];
const lavanodes = new Map<string, LavanodeApp>();
let router: RouterApp;
/** Every line the Router logged, at debug level: no token may appear in one. */
const logLines: string[] = [];
let client: RouterServiceClient;

const nodeIdsOf = (bot: string) => [0, 1].map((i) => `${bot === BOT_A ? "a" : "b"}-node-${i}`);
const writeTokens = (aBots: string[]) =>
  writeFileSync(tokenFile, `tokens:\n  - name: bot-a\n    token: "${TOKEN_A}"\n    bots: [${aBots.map((b) => `"${b}"`).join(", ")}]\n  - name: bot-b\n    token: "${TOKEN_B}"\n    bots: ["${BOT_B}"]\n`);
const meta = (token: string, bot?: string): grpc.Metadata => {
  const m = new grpc.Metadata();
  m.set("authorization", `Bearer ${token}`);
  if (bot) m.set("pyro-bot-user-id", bot);
  return m;
};
const call = <Res>(fn: (cb: (e: grpc.ServiceError | null, r: Res) => void) => void): Promise<Res> =>
  new Promise((resolve, reject) => fn((e, r) => (e ? reject(e) : resolve(r))));

/** Title of the track each emulator session of `bot` plays in `guildId`. */
function titlesOf(bot: string, guildId: string): string[] {
  return emulators.flatMap((e) => e.sessions().filter((s) => s.userId === bot).map((s) => e.player(s.sessionId, guildId)))
    .filter((p) => p !== undefined && p.track)
    .map((p) => ((p!.track as { info: { title: string } }).info.title));
}

beforeAll(async () => {
  writeTokens([BOT_A]);
  for (let i = 0; i < 2; i++) emulators.push(await startEmulator({ port: 0, password: `pw-${i}`, voice: "simulated", statsIntervalMs: 500, playerUpdateIntervalMs: 500 }));
  for (const bot of [BOT_A, BOT_B]) {
    for (let i = 0; i < 2; i++) {
      const nodeId = nodeIdsOf(bot)[i]!;
      const config = loadLavanodeConfig([
        "--cluster-token", CLUSTER, "--node-id", nodeId, "--lavalink", emulators[i]!.url, "--lavalink-password", `pw-${i}`, "--user-id", bot,
        ...(bot === BOT_B ? ["--bot-keys"] : []),
        "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", "redis://in-memory.invalid", "--log-level", "error", "--resume-timeout-s", "1",
      ], {});
      lavanodes.set(nodeId, await startLavanode(config, silentLogger, { registry: registries[bot] }));
    }
  }
  const config = loadRouterConfig([
    "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", "redis://in-memory.invalid", "--cluster-token", CLUSTER, "--log-level", "error",
    "--bot-user-id", BOT_A, "--bot-user-id", BOT_B, "--auth-token", OPERATOR, "--auth-token-file", tokenFile,
    "--lavalink-port", "0", "--lavalink-password", LAVALINK_PASSWORD,
    "--voice-ingest", `redis-stream://${new URL(process.env.PYRO_TEST_REDIS_URL!).host}/${STREAM}`,
  ], {});
  router = await startRouter(config, createLogger({ level: "debug", write: (line) => void logLines.push(line) }), { registry: registries[BOT_A], botRegistry: (bot) => registries[bot]! });
  for (const bot of [BOT_A, BOT_B]) expect(await waitForNodes(router.stacks.get(bot)!.context.directory, nodeIdsOf(bot), { timeoutMs: 20000 })).toEqual([]);
  client = new RouterServiceClient(`127.0.0.1:${router.port}`, grpc.credentials.createInsecure());
}, 60000);

afterAll(async () => {
  client?.close();
  await router?.stop();
  await Promise.all([...lavanodes.values()].map((l) => l.stop()));
  await Promise.all(emulators.map((e) => e.close().catch(() => undefined)));
  await Promise.all(Object.values(registries).map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe("two bots in one guild", () => {
  it("play different tracks, each on its own bot's Lavalink session, and a failover keeps both", async () => {
    const events: Event[] = [];
    const watch = client.watchEvents(WatchEventsRequest.fromPartial({ guildIds: [GUILD], botUserId: BOT_B, excludePlayerUpdates: true }), meta(TOKEN_B));
    watch.on("data", (r: WatchEventsResponse) => r.event && events.push(r.event));
    watch.on("error", () => undefined);
    const a = await call<{ player?: { nodeId: string; botUserId?: string } }>((cb) => client.updatePlayer({ guildId: GUILD, noReplace: false, voice: simulatedVoice(GUILD), track: { $case: "identifier", value: "emulator:song of a:600000" } }, meta(TOKEN_A), cb));
    const b = await call<{ player?: { nodeId: string; botUserId?: string } }>((cb) => client.updatePlayer({ guildId: GUILD, botUserId: BOT_B, noReplace: false, voice: simulatedVoice(GUILD), track: { $case: "identifier", value: "emulator:song of b:600000" } }, meta(TOKEN_B), cb));
    expect(a.player).toMatchObject({ botUserId: BOT_A });
    expect(b.player).toMatchObject({ botUserId: BOT_B });
    expect(nodeIdsOf(BOT_A)).toContain(a.player!.nodeId);
    expect(nodeIdsOf(BOT_B)).toContain(b.player!.nodeId);
    await waitFor(() => titlesOf(BOT_A, GUILD).join() === "song of a" && titlesOf(BOT_B, GUILD).join() === "song of b", { what: "each bot's own track on its Lavalink session" });
    // Each bot's registry holds its own player of the guild.
    expect((await registries[BOT_A]!.players.get(GUILD))?.ownerNodeId).toBe(a.player!.nodeId);
    expect((await registries[BOT_B]!.players.get(GUILD))?.ownerNodeId).toBe(b.player!.nodeId);
    await waitFor(() => events.some((e) => e.kind?.$case === "trackStart"), { what: "bot B's trackStart" });
    for (const e of events) expect(e.botUserId).toBe(BOT_B);
    expect(events.filter((e) => e.kind?.$case === "trackStart").map((e) => e.kind?.$case === "trackStart" && e.kind.value.track?.info?.title)).toEqual(["song of b"]);

    // Failover: stop the Lavanode of each bot's player; both move to their bot's other node and keep their track.
    await Promise.all([a.player!.nodeId, b.player!.nodeId].map((id) => lavanodes.get(id)!.stop()));
    for (const [bot, was] of [[BOT_A, a.player!.nodeId], [BOT_B, b.player!.nodeId]] as const) {
      const other = nodeIdsOf(bot).find((id) => id !== was)!;
      await waitFor(async () => (await registries[bot]!.players.get(GUILD))?.ownerNodeId === other, { timeoutMs: 20000, what: `bot ${bot}'s failover` });
    }
    await waitFor(() => titlesOf(BOT_A, GUILD).includes("song of a") && titlesOf(BOT_B, GUILD).includes("song of b"), { timeoutMs: 20000, what: "both tracks after failover" });
    const afterA = await call<{ player?: { player?: { track?: { info?: { title: string } } } } }>((cb) => client.getPlayer({ guildId: GUILD }, meta(TOKEN_A), cb));
    const afterB = await call<{ player?: { player?: { track?: { info?: { title: string } } } } }>((cb) => client.getPlayer({ guildId: GUILD, botUserId: BOT_B }, meta(TOKEN_B), cb));
    expect(afterA.player?.player?.track?.info?.title).toBe("song of a");
    expect(afterB.player?.player?.track?.info?.title).toBe("song of b");
    watch.cancel();
    // A Session belongs to the bot of its metadata: its commands act on that bot's players, and one naming another bot fails alone.
    const session = client.session(meta(TOKEN_B, BOT_B));
    const results: SessionResponse[] = [];
    session.on("data", (r: SessionResponse) => results.push(r));
    session.on("error", () => undefined);
    session.write({ kind: { $case: "command", value: { requestId: 1n, command: { $case: "getPlayer", value: { guildId: GUILD, botUserId: BOT_A } } } } });
    session.write({ kind: { $case: "command", value: { requestId: 2n, command: { $case: "getPlayer", value: { guildId: GUILD } } } } });
    const byId = (id: bigint) => results.find((r) => r.kind?.$case === "commandResult" && r.kind.value.requestId === id);
    await waitFor(() => byId(1n) && byId(2n), { what: "both session command results" });
    expect(byId(1n)).toMatchObject({ kind: { value: { result: { $case: "error", value: { code: grpc.status.INVALID_ARGUMENT, field: "bot_user_id" } } } } });
    expect(byId(2n)).toMatchObject({ kind: { value: { result: { $case: "getPlayer", value: { player: { botUserId: BOT_B, player: { track: { info: { title: "song of b" } } } } } } } } });
    session.end();
    // The CLI's --bot (the client's botUserId, sent as metadata) reaches the same player.
    const { options } = parseOperatorArgs(OPERATOR_COMMON_OPTIONS, [], ["--address", `127.0.0.1:${router.port}`, "--token", TOKEN_B, "--bot", BOT_B], {});
    const cli = connectRouter(options);
    try {
      const viaCli = await cli.getPlayer({ guildId: GUILD });
      expect(viaCli.player).toMatchObject({ botUserId: BOT_B, player: { track: { info: { title: "song of b" } } } });
    } finally {
      cli.close();
    }
  }, 60000);
});

describe("voice pulled from gateway ingest", () => {
  it("reaches the player of the packet's bot only", async () => {
    const guild = "340000000000000002";
    const redis = new Redis(process.env.PYRO_TEST_REDIS_URL!);
    try {
      for (const [bot, token] of [[BOT_A, TOKEN_A], [BOT_B, TOKEN_B]]) {
        await call((cb) => client.updatePlayer({ guildId: guild, botUserId: bot, noReplace: false, track: { $case: "identifier", value: `emulator:ingest ${bot}:600000` } }, meta(token!), cb));
      }
      const phase = async (bot: string) => (await call<{ player?: { phase: PlayerPhase } }>((cb) => client.getPlayer({ guildId: guild, botUserId: bot }, meta(OPERATOR), cb))).player?.phase;
      // Bot B's voice: the state names its user id; the server half names the bot in the entry.
      await createVoicePublisher(redis, { streamKey: STREAM }).publish(voiceStatePacket(guild, BOT_B));
      await createVoicePublisher(redis, { streamKey: STREAM, botUserId: BOT_B }).publish(voiceServerPacket(guild));
      await waitFor(async () => (await phase(BOT_B)) === PlayerPhase.PLAYER_PHASE_PLACED, { what: "bot B's player placed from ingest" });
      expect(await phase(BOT_A)).toBe(PlayerPhase.PLAYER_PHASE_AWAITING_VOICE);
      await createVoicePublisher(redis, { streamKey: STREAM }).publish(voiceStatePacket(guild, BOT_A));
      await createVoicePublisher(redis, { streamKey: STREAM }).publish(voiceServerPacket(guild));
      await waitFor(async () => (await phase(BOT_A)) === PlayerPhase.PLAYER_PHASE_PLACED, { what: "bot A's player placed from ingest" });
    } finally {
      await redis.del(STREAM);
      redis.disconnect();
    }
  }, 30000);
});

describe("the Lavalink-compatible endpoint", () => {
  /** Opens a Lavalink WebSocket; resolves with the ready session id, or rejects with the refused status. */
  const open = (password: string, userId: string) => new Promise<{ ws: WebSocket; sessionId: string }>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${router.lavalinkPort}/v4/websocket`, { headers: { Authorization: password, "User-Id": userId, "Client-Name": "multi-bot-test" } });
    ws.on("message", (data) => {
      const m = JSON.parse(String(data)) as { op: string; sessionId?: string };
      if (m.op === "ready") resolve({ ws, sessionId: m.sessionId! });
    });
    ws.on("unexpected-response", (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.on("error", reject);
  });
  const rest = (path: string, password: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`http://127.0.0.1:${router.lavalinkPort}${path}`, { method: init.method ?? "GET", headers: { Authorization: password, "Content-Type": "application/json" }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });

  it("selects the bot by User-Id and accepts a bot's scoped token as its password", async () => {
    const guild = "340000000000000003";
    await expect(open(TOKEN_A, BOT_B)).rejects.toThrow("status 401");
    const { ws, sessionId } = await open(TOKEN_B, BOT_B);
    try {
      const patched = await rest(`/v4/sessions/${sessionId}/players/${guild}`, TOKEN_B, { method: "PATCH", body: { track: { identifier: "emulator:lavalink b:600000" }, voice: simulatedVoice(guild) } });
      expect(patched.status).toBe(200);
      expect((await registries[BOT_B]!.players.get(guild))?.state.encodedTrack).toBeTruthy();
      expect(await registries[BOT_A]!.players.get(guild)).toBeNull();
      await waitFor(() => titlesOf(BOT_B, guild).join() === "lavalink b", { what: "bot B's Lavalink-face player playing" });
      expect((await rest(`/v4/sessions/${sessionId}/players`, TOKEN_A)).status).toBe(403);
      expect((await rest(`/v4/sessions/${sessionId}/players`, LAVALINK_PASSWORD)).status).toBe(200);
    } finally {
      ws.close();
    }
    // Bot A's clients keep working with the endpoint's password, on bot A's players.
    const a = await open(LAVALINK_PASSWORD, BOT_A);
    try {
      expect((await rest(`/v4/sessions/${a.sessionId}/players/${guild}`, LAVALINK_PASSWORD, { method: "PATCH", body: { track: { identifier: "emulator:lavalink a:600000" }, voice: simulatedVoice(guild) } })).status).toBe(200);
      expect((await registries[BOT_A]!.players.get(guild))?.state.encodedTrack).toBeTruthy();
    } finally {
      a.ws.close();
    }
  }, 30000);
});

/** Wire bytes of a request whose only field is bot_user_id (field 100, the same on every request). */
const botOnly = (bot: string): Buffer => Buffer.concat([Buffer.from([0xa2, 0x06, bot.length]), Buffer.from(bot)]);

/** The status of one raw call to `path` (any streaming shape), with `body` as the request bytes. */
function statusOf(path: string, def: { requestStream: boolean; responseStream: boolean }, body: Buffer, md: grpc.Metadata): Promise<grpc.status> {
  const raw = new grpc.Client(`127.0.0.1:${router.port}`, grpc.credentials.createInsecure());
  const id = (b: Buffer) => b;
  const deadline = { deadline: Date.now() + 5000 };
  return new Promise<grpc.status>((resolve) => {
    const done = (e: grpc.ServiceError | null) => { resolve(e ? e.code : grpc.status.OK); raw.close(); };
    if (!def.requestStream && !def.responseStream) raw.makeUnaryRequest(path, id, id, body, md, deadline, done);
    else if (!def.requestStream) {
      const s = raw.makeServerStreamRequest(path, id, id, body, md, deadline);
      s.on("data", () => { s.cancel(); });
      s.on("error", (e: grpc.ServiceError) => done(e));
      s.on("end", () => done(null));
    } else if (!def.responseStream) {
      const s = raw.makeClientStreamRequest(path, id, id, md, deadline, done);
      s.end();
    } else {
      const s = raw.makeBidiStreamRequest(path, id, id, md, deadline);
      s.on("data", () => undefined);
      s.on("error", (e: grpc.ServiceError) => done(e));
      s.on("end", () => done(null));
      s.end();
    }
  });
}

describe("token scoping", () => {
  const methods = Object.values(RouterServiceService);

  it("refuses every RPC and stream for a bot the token does not cover, with PERMISSION_DENIED", async () => {
    expect(methods.length).toBeGreaterThanOrEqual(31);
    for (const def of methods) {
      const streamed = def.requestStream;
      // Naming bot B with bot A's token: in the request (unary, server streams) or the metadata (client streams).
      const named = await statusOf(def.path, def, streamed ? Buffer.alloc(0) : botOnly(BOT_B), meta(TOKEN_A, streamed ? BOT_B : undefined));
      expect([def.path, named]).toEqual([def.path, grpc.status.PERMISSION_DENIED]);
      // Naming no bot means the default bot (A): bot B's token may not act for it.
      expect([def.path, await statusOf(def.path, def, Buffer.alloc(0), meta(TOKEN_B))]).toEqual([def.path, grpc.status.PERMISSION_DENIED]);
      // The owner's token gets past the scope check (the call may still fail on its own merits).
      expect([def.path, await statusOf(def.path, def, streamed ? Buffer.alloc(0) : botOnly(BOT_B), meta(TOKEN_B, streamed ? BOT_B : undefined))]).not.toEqual([def.path, grpc.status.PERMISSION_DENIED]);
    }
  }, 60000);

  it("refuses an unknown token, and a scope widened in the file applies without a restart", async () => {
    const getB = (token: string) => statusOf(RouterServiceService.getPlayer.path, RouterServiceService.getPlayer, Buffer.concat([Buffer.from([0x0a, GUILD.length]), Buffer.from(GUILD), botOnly(BOT_B)]), meta(token));
    expect(await getB(`x-${randomBytes(16).toString("hex")}`)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await getB(TOKEN_A)).toBe(grpc.status.PERMISSION_DENIED);
    expect(await getB(OPERATOR)).toBe(grpc.status.OK);
    writeTokens([BOT_A, BOT_B]);
    // Picked up by the file watch; reloadAuth (SIGHUP) does the same at once.
    await waitFor(async () => (await getB(TOKEN_A)) === grpc.status.OK, { what: "widened scope in force" });
    writeFileSync(tokenFile, "tokens: [{token: tinytok9, bots: [nope]}]\n");
    expect(router.reloadAuth()).toBe(false);
    expect(await getB(TOKEN_A)).toBe(grpc.status.OK);
    writeTokens([BOT_A]);
    expect(router.reloadAuth()).toBe(true);
    expect(await getB(TOKEN_A)).toBe(grpc.status.PERMISSION_DENIED);
    // The reloads were logged (a failed one with its problems), never with a token.
    expect(logLines.some((l) => l.includes("auth token file not reloaded"))).toBe(true);
    for (const secret of [OPERATOR, TOKEN_A, TOKEN_B, LAVALINK_PASSWORD, "tinytok9"]) expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
  }, 30000);
});
