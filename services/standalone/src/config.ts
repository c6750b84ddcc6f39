/**
 * Standalone configuration: flags, PYRO_* environment variables and an optional JSON config file,
 * parsed once. Precedence: flag > environment > config file > default.
 */
import { readFileSync } from "node:fs";
import { ConfigError, envName, formatHelp, parseConfig, type ConfigOf } from "../../common/src/config/flags";
import { ROUTER_OPTIONS, tlsProblems } from "../../router/src/config";
import { validateLavalinkFlag, validateLavalinkSpec, type LavalinkSpec } from "./lavalink-spec";
import { redisUrlProblem } from "../../common/src/registry/redis-url";

// The Router's options, so new Router options reach standalone's Router too; `redis` becomes
// optional, the Router binds 127.0.0.1 by default, and the cluster token is optional (a random one
// is made per process when unset: only this process's Router talks to its Lavanodes).
const { redis: _routerRedis, grpcHost: _routerHost, grpcPort: _routerPort, clusterToken: _routerClusterToken, ...ROUTER_REST } = ROUTER_OPTIONS;

/** Every option of `pyro standalone`. */
export const STANDALONE_OPTIONS = {
  lavalink: { flag: "lavalink", kind: "list", default: [], doc: "a Lavalink server as name=url,password; repeatable (env: `;`-separated)" },
  config: { flag: "config", kind: "string", doc: "JSON file: {\"lavalink\": [{name, url, password, region?, capacity?}], \"<flag>\": value, ...}" },
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

interface FileContents {
  lavalink: unknown[];
  env: Record<string, string>;
}

function readConfigFile(path: string, problems: string[]): FileContents {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    problems.push(`--config ${JSON.stringify(path)}: ${(err as Error).message}`);
    return { lavalink: [], env: {} };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    problems.push(`--config ${JSON.stringify(path)}: must hold a JSON object`);
    return { lavalink: [], env: {} };
  }
  const flags = new Set<string>(Object.values(STANDALONE_OPTIONS).map((s) => s.flag));
  const env: Record<string, string> = {};
  let lavalink: unknown[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === "lavalink") {
      if (Array.isArray(value)) lavalink = value;
      else problems.push(`--config: "lavalink" must be an array`);
    } else if (!flags.has(key) || key === "config") problems.push(`--config: unknown key ${JSON.stringify(key)} (keys are flag names, e.g. "grpc-port")`);
    else if (["string", "number", "boolean"].includes(typeof value)) env[envName(key)] = String(value);
    else problems.push(`--config: "${key}" must be a string, number or boolean`);
  }
  return { lavalink, env };
}

/**
 * Parses argv, env and the config file. With no Lavalink configured, `emulated` is set and the
 * user id defaults to EMULATED_USER_ID. @throws ConfigError listing every problem.
 */
export function loadStandaloneConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): StandaloneConfig {
  const first = parseConfig(STANDALONE_OPTIONS, argv, env);
  const problems: string[] = [];
  let parsed: Parsed = first;
  let fileSpecs: unknown[] = [];
  if (first.config !== undefined) {
    const file = readConfigFile(first.config, problems);
    fileSpecs = file.lavalink;
    try {
      parsed = parseConfig(STANDALONE_OPTIONS, argv, { ...file.env, ...env });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  const specs: LavalinkSpec[] = [];
  parsed.lavalink.forEach((raw, i) => {
    const r = validateLavalinkFlag(raw, `--lavalink #${i + 1}`);
    if (r.spec) specs.push(r.spec);
    else problems.push(...r.problems);
  });
  fileSpecs.forEach((v, i) => {
    const r = validateLavalinkSpec(v, `--config lavalink[${i}]`);
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
