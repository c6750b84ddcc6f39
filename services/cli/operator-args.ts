/**
 * Arguments of the operator commands: positionals plus flags, where every flag is also a PYRO_*
 * environment variable (parsed by the shared flags module, so errors look like the servers').
 */
import { ConfigError, parseConfig, type ConfigOf, type OptionSpec } from "../common/src/config/flags";
import { withFlagSuggestion } from "./did-you-mean";

/** Flags every operator command accepts. */
export const OPERATOR_COMMON_OPTIONS = {
  address: { flag: "address", kind: "string", default: "127.0.0.1:50051", doc: "host:port of a Router" },
  token: { flag: "token", kind: "string", secret: true, doc: "bearer token (the Router's --auth-token)" },
  bot: { flag: "bot", kind: "string", doc: "bot user id whose players and nodes the command acts on (default: the Router's default bot)" },
  tls: { flag: "tls", kind: "bool", default: false, doc: "connect with TLS (system roots, or --ca-cert)" },
  caCert: { flag: "ca-cert", kind: "string", doc: "PEM file of the CA that signed the Router's certificate (implies --tls)" },
  json: { flag: "json", kind: "bool", default: false, doc: "print JSON (one document per line) instead of tables" },
  timeoutMs: { flag: "timeout-ms", kind: "duration-ms", min: 100, default: 10000, doc: "deadline of each RPC" },
} as const;

/** Parsed common flags. */
export type OperatorCommonConfig = ConfigOf<typeof OPERATOR_COMMON_OPTIONS>;

/**
 * Splits argv into positionals and flags (a non-bool flag without `=` takes the next argument as
 * its value), then parses the flags against `specs`. `names` are the expected positionals, `?`
 * suffix for optional ones. @throws ConfigError listing every problem.
 */
export function parseOperatorArgs<S extends Record<string, OptionSpec>>(
  specs: S,
  names: readonly string[],
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { positionals: string[]; options: ConfigOf<S> } {
  const byFlag = new Map(Object.values(specs).map((s) => [s.flag, s] as const));
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    flags.push(arg);
    const spec = byFlag.get(arg.slice(2));
    const next = argv[i + 1];
    if (!arg.includes("=") && spec && spec.kind !== "bool" && next !== undefined) flags.push(argv[++i]!);
    // An unknown flag's value is not a positional (the flag itself is reported, with a suggestion).
    else if (!arg.includes("=") && !spec && next !== undefined && !next.startsWith("--")) flags.push(argv[++i]!);
    else if (!arg.includes("=") && spec?.kind === "bool" && next !== undefined && /^(true|false|yes|no|0|1)$/.test(next)) flags.push(argv[++i]!);
  }
  const problems: string[] = [];
  const required = names.filter((n) => !n.endsWith("?"));
  if (positionals.length < required.length) problems.push(`missing ${required.slice(positionals.length).map((n) => `<${n}>`).join(" ")}`);
  if (positionals.length > names.length) problems.push(`unexpected argument ${JSON.stringify(positionals[names.length])}`);
  let options: ConfigOf<S> | undefined;
  try {
    options = parseConfig(specs, flags, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems.map((pr) => withFlagSuggestion(pr, byFlag.keys())));
  }
  if (problems.length > 0 || !options) throw new ConfigError(problems);
  return { positionals, options };
}
