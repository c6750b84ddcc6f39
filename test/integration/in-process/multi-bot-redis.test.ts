// Two bots over one Redis, wired as processes wire them (issue 20, part 2): the Router opens one
// registry namespace per --bot-user-id from --redis, bot B's Lavanode uses --bot-keys, and bot A's
// keys keep the single-bot layout. Both bots' players of one guild are found under their own keys.
import { randomBytes, randomUUID } from "node:crypto";
import Redis from "ioredis";
import { silentLogger } from "../../../services/common/src/logger";
import { loadLavanodeConfig } from "../../../services/lavanode/src/config";
import { startLavanode, type LavanodeApp } from "../../../services/lavanode/src/lavanode-app";
import { loadRouterConfig } from "../../../services/router/src/config";
import { startRouter, type RouterApp } from "../../../services/router/src/router-app";
import { waitForNodes } from "../../../services/standalone/src/node-readiness";
import { startEmulator, type Emulator } from "../../lavalink-emulator";
import { simulatedVoice } from "../../support/in-process-cluster";

const URL_ = process.env.PYRO_TEST_REDIS_URL!;
const PREFIX = `test:${randomUUID()}:`;
const CLUSTER = randomBytes(24).toString("base64url");
const BOT_A = "100000000000000001";
const BOT_B = "100000000000000002";
const GUILD = "360000000000000001";
let emulator: Emulator;
const lavanodes: LavanodeApp[] = [];
let router: RouterApp;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(URL_);
  emulator = await startEmulator({ port: 0, password: "pw", voice: "simulated", statsIntervalMs: 500, playerUpdateIntervalMs: 500 });
  for (const bot of [BOT_A, BOT_B]) {
    lavanodes.push(await startLavanode(loadLavanodeConfig([
      "--cluster-token", CLUSTER, "--node-id", `node-${bot.slice(-1)}`, "--lavalink", emulator.url, "--lavalink-password", "pw", "--user-id", bot,
      ...(bot === BOT_B ? ["--bot-keys"] : []), "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", URL_, "--redis-prefix", PREFIX, "--log-level", "error",
    ], {}), silentLogger));
  }
  router = await startRouter(loadRouterConfig([
    "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", URL_, "--redis-prefix", PREFIX, "--cluster-token", CLUSTER, "--log-level", "error",
    "--bot-user-id", BOT_A, "--bot-user-id", BOT_B,
  ], {}), silentLogger);
  expect(await waitForNodes(router.stacks.get(BOT_A)!.context.directory, ["node-1"], { timeoutMs: 20000 })).toEqual([]);
  expect(await waitForNodes(router.stacks.get(BOT_B)!.context.directory, ["node-2"], { timeoutMs: 20000 })).toEqual([]);
}, 60000);

afterAll(async () => {
  await router?.stop();
  await Promise.all(lavanodes.map((l) => l.stop()));
  await emulator?.close().catch(() => undefined);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("two bots over one Redis", () => {
  it("place each bot's player of one guild on its own Lavanode, under its own keys", async () => {
    const a = await router.stacks.get(BOT_A)!.context.players.update({ guildId: GUILD, noReplace: false, voice: simulatedVoice(GUILD), track: { $case: "identifier", value: "emulator:a:600000" } });
    const b = await router.stacks.get(BOT_B)!.context.players.update({ guildId: GUILD, noReplace: false, voice: simulatedVoice(GUILD), track: { $case: "identifier", value: "emulator:b:600000" } });
    expect([a.nodeId, b.nodeId]).toEqual(["node-1", "node-2"]);
    expect(await redis.hget(`${PREFIX}{g:${GUILD}}:player`, "ownerNodeId")).toBe(JSON.stringify("node-1"));
    expect(await redis.hget(`${PREFIX}{b:${BOT_B}:g:${GUILD}}:player`, "ownerNodeId")).toBe(JSON.stringify("node-2"));
    expect(await redis.exists(`${PREFIX}{b:${BOT_B}:n:node-2}:lease`)).toBe(1);
    expect(await redis.exists(`${PREFIX}{n:node-2}:lease`)).toBe(0);
    // The one Lavalink holds one session per bot, each with its player of the guild.
    const sessions = emulator.sessions();
    expect(sessions.map((s) => s.userId).sort()).toEqual([BOT_A, BOT_B]);
    for (const s of sessions) expect(emulator.player(s.sessionId, GUILD)).toBeDefined();
  }, 30000);
});
