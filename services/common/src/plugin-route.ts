/**
 * What may be sent to a Lavalink plugin route through Pyro, checked in one place for both the
 * Router (CallPlugin, the Lavalink-compatible endpoint) and the Lavanode. A plugin route is any
 * `/v4/...` route that is not one of Lavalink's own: those go through Pyro's player model instead
 * (a raw PATCH of a player would bypass placement, checkpoints and fencing).
 */
import { InvalidArgumentError } from "./errors";

/** HTTP methods a plugin route may be called with. */
export const PLUGIN_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** One of {@link PLUGIN_METHODS}. */
export type PluginMethod = (typeof PLUGIN_METHODS)[number];

/** First path segments below `/v4` that belong to Lavalink core, not to a plugin. */
const CORE_SEGMENTS = new Set(["info", "stats", "loadtracks", "decodetrack", "decodetracks", "routeplanner", "sessions", "websocket"]);

// Unreserved and sub-delimiter characters plus `%` escapes and `:@`; no `?`, `#`, spaces or `\`.
const PATH = /^(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)+$/;

/**
 * Returns `method` upper-cased when it is one of {@link PLUGIN_METHODS}.
 * @throws InvalidArgumentError (field `field`) otherwise.
 */
export function validatePluginMethod(method: string, field = "method"): PluginMethod {
  const m = method.trim().toUpperCase();
  if (!(PLUGIN_METHODS as readonly string[]).includes(m)) throw new InvalidArgumentError(field, `must be one of ${PLUGIN_METHODS.join(", ")}, got ${JSON.stringify(method.slice(0, 20))}`);
  return m as PluginMethod;
}

/**
 * Checks a plugin path: relative to `/v4` for a global route (`/lyrics`), or to
 * `/v4/sessions/{s}/players/{g}` for a player-scoped one (`/sponsorblock/categories`). Must start with
 * `/`, have no query, no `.`/`..` segments, and not name a core route (a global path starting with
 * `/sessions`, `/loadtracks`, ...; an empty player path). Returns it unchanged.
 * @throws InvalidArgumentError (field `field`).
 */
export function validatePluginPath(path: string, scope: "global" | "player", field = "path"): string {
  if (!PATH.test(path)) throw new InvalidArgumentError(field, `must be a path starting with "/" (no query, spaces or "#"), got ${JSON.stringify(path.slice(0, 80))}`);
  const segments = path.split("/").slice(1);
  if (segments.some((s) => s === "." || s === "..")) throw new InvalidArgumentError(field, "must not contain '.' or '..' segments");
  if (scope === "global" && CORE_SEGMENTS.has(segments[0]!.toLowerCase())) {
    throw new InvalidArgumentError(field, `/v4/${segments[0]} is a Lavalink core route, not a plugin route; use Pyro's own RPCs`);
  }
  return path;
}

/**
 * Splits `path?query` into its parts (query without `?`, "" when none).
 * @throws InvalidArgumentError when the query contains `#` or a space.
 */
export function splitPathQuery(pathAndQuery: string, field = "path"): { path: string; query: string } {
  const q = pathAndQuery.indexOf("?");
  if (q < 0) return { path: pathAndQuery, query: "" };
  const query = pathAndQuery.slice(q + 1);
  if (/[#\s]/.test(query)) throw new InvalidArgumentError(field, "the query must not contain '#' or spaces (percent-encode them)");
  return { path: pathAndQuery.slice(0, q), query };
}
