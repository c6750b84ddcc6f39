/**
 * One Lavalink server as standalone mode knows it, and the parser of its `--lavalink` flag form
 * (`name=url,password`) and of its config-file form (`{ "name", "url", "password" }`).
 */

/** A Lavalink server to front with one in-process Lavanode. */
export interface LavalinkSpec {
  /** Node id of its Lavanode (letters, digits, `-`, `_`, `.`). */
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:2333`. */
  url: string;
  password: string;
  /** Region label for placement (default `default`). */
  region?: string;
  /** Maximum players placed on the node (default 1000). */
  capacity?: number;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The result of validating one spec: the normalised spec, or the problems found. */
export type SpecResult = { spec: LavalinkSpec; problems?: undefined } | { spec?: undefined; problems: string[] };

function checkUrl(url: string, where: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? undefined : `${where}: url must be http:// or https://, got ${JSON.stringify(url)}`;
  } catch {
    return `${where}: url must be a URL, got ${JSON.stringify(url)}`;
  }
}

/**
 * Parses `name=url,password` (the password may itself contain commas: everything after the first
 * comma that follows the URL is the password). `where` names the source in problems.
 */
export function validateLavalinkFlag(raw: string, where: string): SpecResult {
  const eq = raw.indexOf("=");
  const comma = raw.indexOf(",", eq + 1);
  if (eq <= 0) return { problems: [`${where} must look like name=url,password (no name= found)`] };
  if (comma < 0) return { problems: [`${where} must look like name=url,password (no ,password after the URL of ${JSON.stringify(raw.slice(0, eq))})`] };
  return validateLavalinkSpec({ name: raw.slice(0, eq), url: raw.slice(eq + 1, comma), password: raw.slice(comma + 1) }, where);
}

/** Validates one entry of a config file's `lavalink` array (or a parsed flag). Never echoes the password. */
export function validateLavalinkSpec(value: unknown, where: string): SpecResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problems: [`${where} must be an object`] };
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.name !== "string" || !NAME.test(v.name)) problems.push(`${where}: name must be 1-64 of [A-Za-z0-9._-], got ${JSON.stringify(v.name)}`);
  if (typeof v.url !== "string") problems.push(`${where}: url must be a string`);
  else {
    const bad = checkUrl(v.url, where);
    if (bad) problems.push(bad);
  }
  if (typeof v.password !== "string" || v.password === "") problems.push(`${where}: password must be a non-empty string`);
  if (v.region !== undefined && (typeof v.region !== "string" || v.region === "")) problems.push(`${where}: region must be a non-empty string`);
  if (v.capacity !== undefined && (!Number.isInteger(v.capacity) || (v.capacity as number) < 1)) problems.push(`${where}: capacity must be an integer >= 1`);
  const known = new Set(["name", "url", "password", "region", "capacity"]);
  for (const k of Object.keys(v)) if (!known.has(k)) problems.push(`${where}: unknown key ${JSON.stringify(k)}`);
  if (problems.length > 0) return { problems };
  return { spec: { name: v.name as string, url: v.url as string, password: v.password as string, region: v.region as string | undefined, capacity: v.capacity as number | undefined } };
}
