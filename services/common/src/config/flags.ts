/**
 * Declarative command-line + environment + config-file configuration. A service declares its
 * options once; `parseConfig` reads `--flag value` / `--flag=value`, `PYRO_FLAG_NAME` environment
 * variables and, when the spec has a `config` option that is set, a YAML/JSON file
 * (`config-file.ts`). Precedence: flag > environment > file > default. Every value is validated and
 * every problem reported at once in a `ConfigError`, naming where the value came from (the flag,
 * the variable, or the file and key).
 */
import { readConfigFile, type ConfigFileValues } from "./config-file";
import type { OptionKind, OptionSpec } from "./option-spec";

export type { OptionKind, OptionSpec } from "./option-spec";

type ValueOf<K extends OptionKind> = K extends "int" | "port" | "duration-ms" | "float"
  ? number
  : K extends "bool"
    ? boolean
    : K extends "list"
      ? string[]
      : string;

/** The parsed, typed result for a spec map. */
export type ConfigOf<S extends Record<string, OptionSpec>> = {
  readonly [K in keyof S]: S[K] extends { required: true } | { default: unknown }
    ? ValueOf<S[K]["kind"]>
    : ValueOf<S[K]["kind"]> | undefined;
};

/** Every invalid or missing option, reported together. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** `grpc-port` → `PYRO_GRPC_PORT`. */
export function envName(flag: string): string {
  return "PYRO_" + flag.toUpperCase().replace(/-/g, "_");
}

function collectFlags(argv: readonly string[], known: Map<string, OptionSpec>, problems: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      problems.push(`unexpected argument "${arg}"`);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = known.get(name);
    if (!spec) {
      problems.push(`unknown flag --${name}`);
      // Skip the unknown flag's value too, so it is not reported a second time.
      if (eq < 0 && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) i++;
      continue;
    }
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined) {
      const next = argv[i + 1];
      if (spec.kind === "bool" && (next === undefined || next.startsWith("--"))) value = "true";
      else if (next === undefined) {
        problems.push(`--${name} needs a value`);
        continue;
      } else {
        value = next;
        i++;
      }
    }
    seen.set(name, [...(seen.get(name) ?? []), value]);
  }
  return seen;
}

function convert(spec: OptionSpec, raw: string, where: string): { value?: unknown; problem?: string } {
  const shown = spec.secret ? "(hidden)" : JSON.stringify(raw);
  const bounded = (n: number): { value?: unknown; problem?: string } => {
    if (spec.min !== undefined && n < spec.min) return { problem: `${where} must be >= ${spec.min}, got ${shown}` };
    if (spec.max !== undefined && n > spec.max) return { problem: `${where} must be <= ${spec.max}, got ${shown}` };
    return { value: n };
  };
  switch (spec.kind) {
    case "string":
      if (raw === "") return { problem: `${where} must not be empty` };
      if (spec.choices && !spec.choices.includes(raw)) return { problem: `${where} must be one of ${spec.choices.join(", ")}, got ${shown}` };
      if (spec.check) {
        const problem = spec.check(raw);
        if (problem) return { problem: `${where} ${problem}` };
      }
      return { value: raw };
    case "int":
    case "duration-ms":
      return /^-?\d+$/.test(raw) ? bounded(Number(raw)) : { problem: `${where} must be an integer, got ${shown}` };
    case "float":
      return raw.trim() !== "" && Number.isFinite(Number(raw)) ? bounded(Number(raw)) : { problem: `${where} must be a number, got ${shown}` };
    case "port": {
      const n = Number(raw);
      return /^\d+$/.test(raw) && n <= 65535 ? { value: n } : { problem: `${where} must be a port number 0..65535, got ${shown}` };
    }
    case "bool":
      if (["true", "1", "yes"].includes(raw)) return { value: true };
      if (["false", "0", "no"].includes(raw)) return { value: false };
      return { problem: `${where} must be true or false, got ${shown}` };
    case "url":
      try {
        new URL(raw);
        return { value: raw };
      } catch {
        return { problem: `${where} must be a URL, got ${shown}` };
      }
    case "list": {
      const items = raw.split(/\s*;\s*/).filter((s) => s !== "");
      // `check` applies to each item; a secret item is never echoed (the check must not echo it either).
      for (const item of items) {
        const problem = spec.check?.(item);
        if (problem) return { problem: `${where} ${problem}` };
      }
      return { value: items };
    }
  }
}

/**
 * Parses `argv` (without node and script), `env` and the `--config` file (when the spec has a
 * `config` option) against `specs`. `fileRawKeys` are file keys the caller reads itself from the
 * file passed to `onFile`. With `problems` given, problems are appended there and the (partial)
 * result returned instead of thrown, so a caller can add its own checks and report all at once.
 * @throws ConfigError listing every problem (unknown flags, missing required options, bad values).
 */
export function parseConfig<S extends Record<string, OptionSpec>>(
  specs: S,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: { fileRawKeys?: readonly string[]; onFile?: (file: ConfigFileValues) => void; problems?: string[] } = {},
): ConfigOf<S> {
  const problems: string[] = options.problems ?? [];
  const byFlag = new Map(Object.values(specs).map((s) => [s.flag, s] as const));
  const flags = collectFlags(argv, byFlag, problems);
  const configPath = byFlag.get("config") ? (flags.get("config")?.[0] ?? env[envName("config")]) : undefined;
  const file = configPath ? readConfigFile(configPath, specs, problems, options.fileRawKeys) : undefined;
  if (file) options.onFile?.(file);
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const fromFlag = flags.get(spec.flag);
    const fromEnv = env[envName(spec.flag)];
    let raws: string[] | undefined = fromFlag;
    let where = `--${spec.flag}`;
    if (!raws && fromEnv !== undefined) {
      raws = [fromEnv];
      where = envName(spec.flag);
    }
    if (!raws && file?.values.has(spec.flag)) {
      raws = file.values.get(spec.flag);
      where = `${file.path}: "${spec.flag}"`;
    }
    if (!raws) {
      if (spec.required) problems.push(`--${spec.flag} (or ${envName(spec.flag)}) is required`);
      else out[key] = spec.default;
      continue;
    }
    if (spec.kind !== "list" && raws.length > 1) problems.push(`--${spec.flag} given ${raws.length} times`);
    const values = raws.map((r) => convert(spec, r, where));
    for (const v of values) if (v.problem) problems.push(v.problem);
    out[key] = spec.kind === "list" ? values.flatMap((v) => (v.value as string[]) ?? []) : values[0]?.value;
  }
  if (problems.length > 0 && !options.problems) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}

/** Renders `--help` text for a spec map. */
export function formatHelp(command: string, specs: Record<string, OptionSpec>): string {
  const lines = Object.values(specs).map((s) => {
    const def = s.default !== undefined && !s.secret ? ` (default ${JSON.stringify(s.default)})` : "";
    const req = s.required ? " (required)" : "";
    return `  --${s.flag.padEnd(26)} ${s.doc}${req}${def}  [${envName(s.flag)}]`;
  });
  return `usage: pyro ${command} [options]\n\n${lines.join("\n")}\n`;
}
