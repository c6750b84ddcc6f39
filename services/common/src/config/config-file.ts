/**
 * Config files: YAML (as Lavalink's `application.yml`) or JSON (a JSON document is valid YAML, so
 * one parser, the `yaml` package, reads both). Top-level keys are flag names (`grpc-port: 50051`);
 * a list option takes a sequence. Every problem names the file and the key it came from.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { OptionSpec } from "./option-spec";

/** A config file's values as flag strings, by flag name; `raw` keeps the keys the caller handles itself. */
export interface ConfigFileValues {
  path: string;
  values: Map<string, string[]>;
  raw: Record<string, unknown>;
}

function scalar(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/**
 * Reads `path` against `specs`. Keys listed in `rawKeys` are returned untouched in `raw` (e.g.
 * standalone's `lavalink:` list of objects). Problems (unreadable file, syntax error with its line,
 * unknown key, a value of the wrong shape) are pushed to `problems`, each prefixed with the path.
 */
export function readConfigFile(path: string, specs: Record<string, OptionSpec>, problems: string[], rawKeys: readonly string[] = []): ConfigFileValues {
  const out: ConfigFileValues = { path, values: new Map(), raw: {} };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    problems.push(`${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return out;
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(`${path}: ${e.linePos ? `line ${e.linePos[0].line}: ` : ""}${e.message.split("\n")[0]}`);
    return out;
  }
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined) return out;
  if (typeof data !== "object" || Array.isArray(data)) {
    problems.push(`${path}: must hold a mapping of flag names to values`);
    return out;
  }
  const byFlag = new Map(Object.values(specs).map((s) => [s.flag, s] as const));
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const spec = byFlag.get(key);
    if (rawKeys.includes(key)) out.raw[key] = value;
    else if (!spec || key === "config") problems.push(`${path}: unknown key ${JSON.stringify(key)} (keys are flag names, e.g. "grpc-port")`);
    else if (spec.kind === "list" && Array.isArray(value)) {
      const items = value.map(scalar);
      if (items.some((i) => i === undefined)) problems.push(`${path}: "${key}" must be a list of strings`);
      else out.values.set(key, items as string[]);
    } else {
      const s = scalar(value);
      if (s === undefined) problems.push(`${path}: "${key}" must be a string, number or boolean`);
      else out.values.set(key, [s]);
    }
  }
  return out;
}
