/** Router configuration: flags and PYRO_* environment variables, parsed once. */
import { ConfigError, formatHelp, parseConfig, type ConfigOf } from "../../common/src/config/flags";
import { CLUSTER_TOKEN_OPTION, COMMON_OPTIONS } from "../../common/src/config/common-options";
import { redisUrlProblem } from "../../common/src/registry/redis-url";
import { validatePluginPath } from "../../common/src/plugin-route";
import { DEFAULT_PLUGIN_STATE_ROUTES } from "./plugins/plugin-state";
import { ingestUrlProblem } from "./voice-ingest/ingest-url";
import { readFileSync } from "node:fs";
import { parseTokenFile } from "./auth/token-file";

/** A bot user id: a Discord snowflake. */
function botIdProblem(value: string): string | undefined {
  return /^[1-9]\d{15,19}$/.test(value) ? undefined : "must be a Discord user id (16 to 20 digits)";
}

/** Problems of --auth-token-file and --bot-user-id together (the file is read and validated here, once at start). */
function botProblems(c: { authToken?: string; authTokenFile?: string; botUserId: readonly string[] }): string[] {
  const problems: string[] = [];
  if (new Set(c.botUserId).size !== c.botUserId.length) problems.push("--bot-user-id: names a bot twice");
  if (c.authTokenFile === undefined) return problems;
  if (c.botUserId.length === 0) problems.push("--auth-token-file needs --bot-user-id (the bots its tokens are scoped to)");
  if (c.authToken === undefined) problems.push("--auth-token-file needs --auth-token (the operator's token: every bot, and the cluster page)");
  try {
    parseTokenFile(readFileSync(c.authTokenFile, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(`--auth-token-file: ${code ? `cannot read the file (${code})` : (err as Error).message}`);
  }
  return problems;
}

/** Every option of `pyro router`. */
export const ROUTER_OPTIONS = {
  grpcHost: { flag: "grpc-host", kind: "string", default: "0.0.0.0", doc: "address the gRPC server binds" },
  grpcPort: { flag: "grpc-port", kind: "port", default: 50051, doc: "gRPC port (0 picks a free one)" },
  redis: { flag: "redis", kind: "string", check: redisUrlProblem, required: true, doc: "Redis URL of the registry (redis://, rediss://, redis-sentinel://h1:26379,h2:26379/master, or redis-cluster://h1:7000,h2:7001)" },
  redisPrefix: { flag: "redis-prefix", kind: "string", default: "pyro:", doc: "key prefix in Redis" },
  routerId: { flag: "router-id", kind: "string", doc: "this replica's id (default: hostname-pid)" },
  authToken: { flag: "auth-token", kind: "string", secret: true, doc: "require `authorization: Bearer <token>` on every RPC except health" },
  authTokenFile: { flag: "auth-token-file", kind: "string", doc: "YAML or JSON file of bearer tokens each scoped to bot user ids (`tokens: [{token, bots: [id, ...] or \"*\"}]`); re-read on SIGHUP and when it changes; needs --bot-user-id" },
  botUserId: { flag: "bot-user-id", kind: "list", default: [], check: botIdProblem, doc: "Discord user id of a bot this cluster serves; repeatable, the first is the default bot of requests naming none and keeps the single-bot key layout; the Lavanodes of every other bot run with --bot-keys (env: `;`-separated)" },
  clusterToken: CLUSTER_TOKEN_OPTION,
  maxStreamsPerClient: { flag: "max-streams-per-client", kind: "int", min: 1, default: 256, doc: "open WatchEvents/Session/IngestVoiceEvents streams one client address may hold (beyond: RESOURCE_EXHAUSTED)" },
  maxStreams: { flag: "max-streams", kind: "int", min: 1, default: 4096, doc: "open streams this Router serves in total (beyond: RESOURCE_EXHAUSTED)" },
  tlsCert: { flag: "tls-cert", kind: "string", doc: "PEM certificate file; with --tls-key enables TLS" },
  tlsKey: { flag: "tls-key", kind: "string", doc: "PEM private key file" },
  rebalance: { flag: "rebalance", kind: "bool", default: false, doc: "move idle or paused players toward nodes that join or return" },
  rebalanceMaxMovesPerMinute: { flag: "rebalance-max-moves-per-minute", kind: "int", min: 1, default: 60, doc: "rate limit of rebalancing moves" },
  placementSeed: { flag: "placement-seed", kind: "int", default: 0, doc: "seed of placement's tie-break" },
  lavalinkPort: { flag: "lavalink-port", kind: "port", doc: "serve the Lavalink v4 API (REST + WebSocket) on this port (off when unset)" },
  lavalinkTlsCert: { flag: "lavalink-tls-cert", kind: "string", doc: "PEM certificate of the Lavalink endpoint (default: --tls-cert; with a key, the endpoint speaks HTTPS/WSS)" },
  lavalinkTlsKey: { flag: "lavalink-tls-key", kind: "string", doc: "PEM private key of the Lavalink endpoint (default: --tls-key)" },
  lavalinkPassword: { flag: "lavalink-password", kind: "string", secret: true, doc: "password Lavalink clients must send (required with --lavalink-port)" },
  pluginStateRoute: { flag: "plugin-state-route", kind: "list", default: [...DEFAULT_PLUGIN_STATE_ROUTES], doc: "player-scoped plugin path whose PUT/POST/PATCH calls are recorded and replayed on the new node after a move (a DELETE clears it); repeatable (env: `;`-separated)" },
  maxQueueLength: { flag: "max-queue-length", kind: "int", default: 10000, min: 1, max: 1000000, doc: "maximum upcoming entries per guild queue (Enqueue past it: RESOURCE_EXHAUSTED)" },
  voiceIngest: { flag: "voice-ingest", kind: "list", default: [], secret: true, check: ingestUrlProblem, doc: "pull gateway voice packets from redis-stream://HOST:PORT/KEY[?group=G] or amqp://USER:PASS@HOST:PORT/VHOST?exchange=X&routingKey=K; repeatable (env: `;`-separated)" },
  httpPort: { flag: "http-port", kind: "port", doc: "serve the live cluster page on this port (it is also on --metrics-port when that is set)" },
  httpHost: { flag: "http-host", kind: "string", default: "127.0.0.1", doc: "address the cluster page's --http-port binds" },
  ...COMMON_OPTIONS,
} as const;

/** Parsed Router configuration. */
export type RouterConfig = ConfigOf<typeof ROUTER_OPTIONS>;

/** Parses argv and env. @throws ConfigError listing every problem. */
export function loadRouterConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): RouterConfig {
  const config = parseConfig(ROUTER_OPTIONS, argv, env);
  // Lavalink endpoint: a port without a password would accept any client.
  const problems = [...tlsProblems(config), ...botProblems(config)];
  if (config.lavalinkPort !== undefined && !config.lavalinkPassword) problems.push("--lavalink-password (or PYRO_LAVALINK_PASSWORD) is required with --lavalink-port");
  for (const route of config.pluginStateRoute) {
    try {
      validatePluginPath(route, "player", "plugin-state-route");
    } catch (err) {
      problems.push(`--plugin-state-route: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Certificate and key flags that must go together; shared with standalone. */
export function tlsProblems(c: { tlsCert?: string; tlsKey?: string; lavalinkTlsCert?: string; lavalinkTlsKey?: string }): string[] {
  const problems: string[] = [];
  if ((c.tlsCert === undefined) !== (c.tlsKey === undefined)) problems.push("--tls-cert and --tls-key go together");
  if ((c.lavalinkTlsCert === undefined) !== (c.lavalinkTlsKey === undefined)) problems.push("--lavalink-tls-cert and --lavalink-tls-key go together");
  return problems;
}

/** `pyro router --help`. */
export const ROUTER_HELP = formatHelp("router", ROUTER_OPTIONS);
