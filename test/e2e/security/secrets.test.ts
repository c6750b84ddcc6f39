/**
 * No secret leaves a Pyro process (finding 1 and the "keep secrets secret" rule): a Router, a
 * Lavanode and a standalone Pyro run with known secrets in flags and in PYRO_* variables (Lavalink
 * passwords, the API token, the cluster token, the Lavalink-endpoint password, a Redis URL with a
 * password) and a player with a known voice token. Then `/metrics` of each is scraped, every read
 * RPC is called (and a few failing ones), the Lavalink-compatible endpoint is read, and every log
 * line (debug level) is collected; no secret may appear in any of it.
 */
import * as grpc from "@grpc/grpc-js";
import { createPyroClient, type PyroClient } from "../../../clients/ts/src";
import { createLavanodeClient } from "../../../services/router/src/nodes/lavanode-client";
import { LavanodeServiceService } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { startEmulatorProcess, type EmulatorProcess } from "../../support/emulator-process";
import { BOT_USER_ID, startLavanodeProcess, testRegistry, unary } from "../../support/lavanode-harness";
import { startPyro, type PyroProcess } from "../../support/pyro-process";
import { stablePort } from "../../support/stable-port";
import { waitFor } from "../../support/wait-for";

const SECRETS = {
  lavalinkPassword: "SeCrEt-lavalink-pw-7f3a",
  standaloneLavalinkPassword: "SeCrEt-standalone-ll-pw-2b9c",
  authToken: "SeCrEt-auth-token-91d0",
  standaloneAuthToken: "SeCrEt-standalone-auth-5e1f",
  clusterToken: "SeCrEt-cluster-token-c4a8",
  standaloneClusterToken: "SeCrEt-standalone-cluster-0d6e",
  compatPassword: "SeCrEt-compat-pw-a172",
  standaloneCompatPassword: "SeCrEt-standalone-compat-83bb",
  redisPassword: "SeCrEt-redis-pw-44e9",
  voiceToken: "SeCrEt-voice-token-6c0d",
};

const G = "920000000000000001";

describe("secrets never leave a process (router, lavanode, standalone)", () => {
  const texts: Array<[string, string]> = [];
  const seen = (where: string, value: unknown): void => {
    texts.push([where, typeof value === "string" ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))]);
  };
  let emulator: EmulatorProcess;
  let emulator2: EmulatorProcess;
  let lavanode: PyroProcess;
  let router: PyroProcess;
  let standalone: PyroProcess;
  let registry: ReturnType<typeof testRegistry>["registry"];
  const ports = { routerMetrics: 0, lavanodeMetrics: 0, standaloneMetrics: 0, routerCompat: 0, standaloneCompat: 0 };
  let client: PyroClient;
  let standaloneClient: PyroClient;

  beforeAll(async () => {
    let prefix: string;
    ({ registry, prefix } = testRegistry());
    for (const k of Object.keys(ports) as Array<keyof typeof ports>) ports[k] = await stablePort();
    // A password in the Redis URL; the test Redis has none, which Redis accepts for the default user.
    const plain = new URL(process.env.PYRO_TEST_REDIS_URL!);
    const redisUrl = `redis://default:${SECRETS.redisPassword}@${plain.host}`;
    emulator = await startEmulatorProcess([], SECRETS.lavalinkPassword);
    emulator2 = await startEmulatorProcess([], SECRETS.standaloneLavalinkPassword);
    lavanode = await startLavanodeProcess([
      "lavanode", "--node-id", "secret-node", "--lavalink", emulator.url, "--lavalink-password", SECRETS.lavalinkPassword,
      "--user-id", BOT_USER_ID, "--grpc-port", "0", "--redis-prefix", prefix, "--log-level", "debug", "--metrics-port", String(ports.lavanodeMetrics),
    ], 30000, [], { PYRO_CLUSTER_TOKEN: SECRETS.clusterToken, PYRO_REDIS: redisUrl });
    router = await startPyro([
      "router", "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", redisUrl, "--redis-prefix", prefix, "--log-level", "debug",
      "--cluster-token", SECRETS.clusterToken, "--auth-token", SECRETS.authToken, "--metrics-port", String(ports.routerMetrics),
      "--lavalink-port", String(ports.routerCompat),
    ], { env: { PYRO_LAVALINK_PASSWORD: SECRETS.compatPassword } });
    standalone = await startPyro([
      "standalone", "--grpc-port", "0", "--lavalink", `ll=${emulator2.url},${SECRETS.standaloneLavalinkPassword}`, "--user-id", BOT_USER_ID,
      "--log-level", "debug", "--metrics-port", String(ports.standaloneMetrics), "--lavalink-port", String(ports.standaloneCompat),
      "--cluster-token", SECRETS.standaloneClusterToken,
    ], { env: { PYRO_AUTH_TOKEN: SECRETS.standaloneAuthToken, PYRO_LAVALINK_PASSWORD: SECRETS.standaloneCompatPassword } });
    client = createPyroClient(`127.0.0.1:${router.port}`, { token: SECRETS.authToken });
    standaloneClient = createPyroClient(`127.0.0.1:${standalone.port}`, { token: SECRETS.standaloneAuthToken });
    for (const c of [client, standaloneClient]) {
      await waitFor(async () => (await c.listNodes({ states: [] })).nodes.some((n) => n.sessionId !== ""), { timeoutMs: 30000, what: "a node ready" });
    }
  });

  afterAll(async () => {
    client?.close();
    standaloneClient?.close();
    await router?.stop();
    await standalone?.stop();
    await lavanode?.stop();
    await emulator?.stop();
    await emulator2?.stop();
    await registry?.close();
  });

  it("plays with a known voice token, reads everything, and finds no secret anywhere", async () => {
    for (const [label, c] of [["router", client], ["standalone", standaloneClient]] as const) {
      const loaded = await c.loadTracks({ identifier: "emulator:secret song:600000" });
      seen(`${label} LoadTracks`, loaded);
      const encoded = loaded.result?.result?.$case === "track" ? loaded.result.result.value.encoded : "";
      const voice = { token: SECRETS.voiceToken, endpoint: "us-east1.discord.media:443", sessionId: "voice-session", channelId: "220000000000000001" };
      seen(`${label} UpdatePlayer`, await c.updatePlayer({ guildId: G, track: { $case: "encodedTrack", value: encoded }, voice, noReplace: false }));
      seen(`${label} UpdateVoiceServer`, await c.updateVoiceServer({ guildId: G, token: SECRETS.voiceToken, endpoint: "us-east1.discord.media:443" }));
      seen(`${label} GetPlayer`, await c.getPlayer({ guildId: G }));
      seen(`${label} ListPlayers`, await c.listPlayers({ pageSize: 100, pageToken: "" }));
      const nodes = await c.listNodes({ states: [] });
      seen(`${label} ListNodes`, nodes);
      for (const n of nodes.nodes) {
        seen(`${label} GetNode`, await c.getNode({ nodeId: n.id }));
        seen(`${label} GetRoutePlannerStatus`, await c.getRoutePlannerStatus({ nodeId: n.id }).catch((e: Error) => e.message));
      }
      seen(`${label} DecodeTrack`, await c.decodeTrack({ encodedTrack: encoded }));
      seen(`${label} DecodeTracks`, await c.decodeTracks({ encodedTracks: [encoded] }));
      seen(`${label} GetQueue`, await c.getQueue({ guildId: G, offset: 0, limit: 10, historyLimit: 10 }));
      seen(`${label} ExplainPlacement`, await c.explainPlacement({ guildId: G, excludeNodeIds: [] }));
      // Failing calls: their messages must not echo a secret either.
      seen(`${label} bad input`, await c.updatePlayer({ guildId: "x", volume: -1, noReplace: false }).catch((e: Error) => e.message));
    }
    const wrong = createPyroClient(`127.0.0.1:${router.port}`, { token: "not-the-token" });
    seen("router wrong token", await wrong.getPlayer({ guildId: G }).catch((e: Error) => e.message));
    wrong.close();

    // The Lavanode's own read RPCs, as a Router calls them (with the cluster token).
    const node = createLavanodeClient({ address: `127.0.0.1:${lavanode.port}`, clusterToken: SECRETS.clusterToken });
    for (const [name, def] of Object.entries(LavanodeServiceService)) {
      if (def.requestStream || def.responseStream || !/^(get|list)/.test(name)) continue;
      const request = { ...def.requestDeserialize(Buffer.alloc(0)), ...(name === "getPlayer" ? { guildId: G } : {}) };
      const out = await unary((cb) => (node as unknown as Record<string, (r: unknown, cb: unknown) => void>)[name]!.call(node, request, cb)).catch((e: grpc.ServiceError) => e.details);
      // A Router is trusted with the player's voice state; only configuration secrets are checked here.
      seen(`lavanode ${name}`, JSON.stringify(out, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)).split(SECRETS.voiceToken).join(""));
    }
    node.close();

    // The Lavalink-compatible endpoints.
    for (const [label, port, pw] of [["router", ports.routerCompat, SECRETS.compatPassword], ["standalone", ports.standaloneCompat, SECRETS.standaloneCompatPassword]] as const) {
      for (const path of ["/v4/info", "/v4/stats", "/version", "/v4/sessions/nope/players", "/v4/sessions/x/players/%E0%A4%A?trace=true"]) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: pw } });
        seen(`${label} lavalink ${path}`, `${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
      }
    }

    // Metrics: the process command line (with every flag) used to be a target_info label.
    for (const [label, port] of [["router", ports.routerMetrics], ["lavanode", ports.lavanodeMetrics], ["standalone", ports.standaloneMetrics]] as const) {
      const body = await waitFor(async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return text.includes("target_info") ? text : undefined;
      }, { what: `${label} metrics` });
      expect(body).not.toContain("process_command");
      seen(`${label} /metrics`, body);
    }

    for (const p of [router, lavanode, standalone]) await p.stop();
    seen("router logs", router.logs.join("\n"));
    seen("lavanode logs", lavanode.logs.join("\n"));
    seen("standalone logs", standalone.logs.join("\n"));
    // The logs are not empty and include debug lines: the grep below has something to search.
    for (const p of [router, lavanode, standalone]) expect(p.logs.length).toBeGreaterThan(0);
    expect([...router.logs, ...lavanode.logs, ...standalone.logs].some((l) => l.includes('"level":"debug"'))).toBe(true);

    const leaks: string[] = [];
    for (const [where, text] of texts) {
      for (const [name, secret] of Object.entries(SECRETS)) if (text.includes(secret)) leaks.push(`${name} in ${where}`);
    }
    expect(leaks).toEqual([]);
    expect(texts.length).toBeGreaterThan(40);
  });
});
