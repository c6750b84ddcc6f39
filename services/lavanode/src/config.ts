/** Lavanode configuration: flags and PYRO_* environment variables, parsed once. */
import { ConfigError, formatHelp, parseConfig, type ConfigOf } from "../../common/src/config/flags";
import { CLUSTER_TOKEN_OPTION, COMMON_OPTIONS } from "../../common/src/config/common-options";
import { redisUrlProblem } from "../../common/src/registry/redis-url";

/** Every option of `pyro lavanode`. */
export const LAVANODE_OPTIONS = {
  nodeId: { flag: "node-id", kind: "string", required: true, doc: "stable id of this node (one per Lavalink server)" },
  lavalink: { flag: "lavalink", kind: "url", required: true, doc: "Lavalink base URL, e.g. http://127.0.0.1:2333" },
  lavalinkPassword: { flag: "lavalink-password", kind: "string", secret: true, required: true, doc: "Lavalink server password" },
  userId: { flag: "user-id", kind: "string", required: true, doc: "Discord user id of the bot" },
  botKeys: { flag: "bot-keys", kind: "bool", default: false, doc: "keep this bot's registry keys apart (set on every Lavanode of a bot other than the Routers' default bot, the first --bot-user-id)" },
  clusterToken: CLUSTER_TOKEN_OPTION,
  grpcHost: { flag: "grpc-host", kind: "string", default: "127.0.0.1", doc: "address the gRPC server binds (set a private address for Routers on other hosts)" },
  grpcPort: { flag: "grpc-port", kind: "port", default: 50061, doc: "gRPC port (0 picks a free one)" },
  advertise: { flag: "advertise", kind: "string", doc: "host:port Routers dial (default: 127.0.0.1:<bound port>)" },
  redis: { flag: "redis", kind: "string", check: redisUrlProblem, required: true, doc: "Redis URL of the registry (redis://, rediss://, redis-sentinel://h1:26379,h2:26379/master, or redis-cluster://h1:7000,h2:7001)" },
  redisPrefix: { flag: "redis-prefix", kind: "string", default: "pyro:", doc: "key prefix in Redis" },
  region: { flag: "region", kind: "string", default: "default", doc: "region label used by placement's region affinity" },
  capacity: { flag: "capacity", kind: "int", min: 1, default: 1000, doc: "maximum players placed on this node" },
  standby: { flag: "standby", kind: "bool", default: false, doc: "wait for the active Lavanode's lease to expire, then resume its session" },
  leaseTtlMs: { flag: "lease-ttl-ms", kind: "duration-ms", min: 200, default: 3000, doc: "lease time-to-live; heartbeats every third of it" },
  resumeTimeoutS: { flag: "resume-timeout-s", kind: "int", min: 1, default: 60, doc: "Lavalink session resume timeout in seconds" },
  reconcileMs: { flag: "reconcile-ms", kind: "duration-ms", min: 0, default: 5000, doc: "interval of the registry-vs-Lavalink anti-entropy pass (0 disables it)" },
  requestTimeoutMs: { flag: "request-timeout-ms", kind: "duration-ms", min: 100, default: 10000, doc: "timeout of each Lavalink REST call" },
  ...COMMON_OPTIONS,
} as const;

/** Parsed Lavanode configuration. */
export type LavanodeConfig = ConfigOf<typeof LAVANODE_OPTIONS>;

/** Parses argv and env. @throws ConfigError listing every problem. */
export function loadLavanodeConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LavanodeConfig {
  const config = parseConfig(LAVANODE_OPTIONS, argv, env);
  if (config.botKeys && !/^[1-9]\d{0,19}$/.test(config.userId)) throw new ConfigError(["--user-id must be a decimal Discord user id with --bot-keys"]);
  return config;
}

/** `pyro lavanode --help`. */
export const LAVANODE_HELP = formatHelp("lavanode", LAVANODE_OPTIONS);
