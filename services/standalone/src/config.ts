/**
 * Standalone configuration: flags, PYRO_* environment variables and an optional YAML/JSON config file
 * (`--config`; its `lavalink:` key is a list of {name, url, password, region?, capacity?}),
 * parsed once. Precedence: flag > environment > config file > default.
 */
import { ConfigError, envName, formatHelp, parseConfig, type ConfigOf } from "../../common/src/config/flags";
import { ROUTER_OPTIONS, tlsProblems } from "../../router/src/config";
import { validateLavalinkFlag, validateLavalinkSpec, type LavalinkSpec } from "./lavalink-spec";
import { redisUrlProblem } from "../../common/src/registry/redis-url";

// The Router's options, so new Router options reach standalone's Router too; `redis` becomes
// optional, the Router binds 127.0.0.1 by default, and the cluster token is optional (a random one
// is made per process when unset: only this process's Router talks to its Lavanodes).
// Standalone serves one bot (its --user-id): several bots and scoped tokens are `pyro router` options.
const { redis: _routerRedis, grpcHost: _routerHost, grpcPort: _routerPort, clusterToken: _routerClusterToken, botUserId: _routerBots, authTokenFile: _routerTokenFile, ...ROUTER_REST } = ROUTER_OPTIONS;

/** Every option of `pyro standalone`. */
export const STANDALONE_OPTIONS = {
  lavalink: { flag: "lavalink", kind: "list", default: [], doc: "a Lavalink server as name=url,password; repeatable (env: `;`-separated)" },
  userId: { flag: "user-id", kind: "string", doc: "Discord user id of the bot (required with real Lavalink servers)" },
  emulators: { flag: "emulators", kind: "int", min: 1, max: 16, default: 2, doc: "emulated Lavalink servers started when none is configured" },
  grpcHost: { flag: "grpc-host", kind: "string", default: "127.0.0.1", doc: "address the Router's gRPC server binds" },
  grpcPort: { flag: "grpc-port", kind: "port", default: 50051, doc: "the Router's gRPC port (0 picks a free one)" },
  redis: { flag: "redis", kind: "string", check: redisUrlProblem, doc: "use the Redis registry at this URL instead of the in-memory one (redis://, rediss://, redis-sentinel://…, redis-cluster://…)" },
  clusterToken: { ...ROUTER_OPTIONS.clusterToken, required: false, doc: "cluster token of the in-process Lavanodes (default: random per process; set it when other Routers join over --redis)" },
  readyTimeoutMs: { flag: "ready-timeout-ms", kind: "duration-ms", min: 0, default: 20000, doc: "how long to wait for every node before logging `listening` anyway" },
  ...ROUTER_REST,
} as const;

type Parsed = ConfigOf<typeof STANDALONE_OPTIONS>;

/** Parsed standalone configuration. `emulated` is true when no Lavalink server was configured. */
export type StandaloneConfig = Readonly<Omit<Parsed, "lavalink" | "userId"> & { lavalink: readonly LavalinkSpec[]; userId: string; emulated: boolean }>;

/** The bot user id used with emulated Lavalink servers when none is given. */
export const EMULATED_USER_ID = "100000000000000001";

/**
 * Parses argv, env and the config file. With no Lavalink configured, `emulated` is set and the
 * user id defaults to EMULATED_USER_ID. @throws ConfigError listing every problem.
 */
export function loadStandaloneConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): StandaloneConfig {
  const problems: string[] = [];
  let fileSpecs: unknown[] = [];
  let filePath = "--config";
  const parsed: Parsed = parseConfig(STANDALONE_OPTIONS, argv, env, {
    problems,
    fileRawKeys: ["lavalink"],
    onFile: (file) => {
      filePath = file.path;
      const list = file.raw.lavalink;
      if (list === undefined) return;
      if (Array.isArray(list)) fileSpecs = list;
      else problems.push(`${file.path}: "lavalink" must be a list of {name, url, password, region?, capacity?}`);
    },
  });
  const specs: LavalinkSpec[] = [];
  (parsed.lavalink ?? []).forEach((raw, i) => {
    const r = validateLavalinkFlag(raw, `--lavalink #${i + 1}`);
    if (r.spec) specs.push(r.spec);
    else problems.push(...r.problems);
  });
  fileSpecs.forEach((v, i) => {
    const r = validateLavalinkSpec(v, `${filePath}: lavalink[${i}]`);
    if (r.spec) specs.push(r.spec);
    else problems.push(...r.problems);
  });
  const names = specs.map((s) => s.name);
  for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`Lavalink name ${JSON.stringify(dup)} is used twice`);
  const emulated = specs.length === 0;
  if (!emulated && parsed.userId === undefined) problems.push(`--user-id (or ${envName("user-id")}) is required when Lavalink servers are configured`);
  problems.push(...tlsProblems(parsed));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...parsed, lavalink: Object.freeze(specs), userId: parsed.userId ?? EMULATED_USER_ID, emulated });
}

/** `pyro standalone --help`. */
export const STANDALONE_HELP = formatHelp("standalone", STANDALONE_OPTIONS);
