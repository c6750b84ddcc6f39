/**
 * Which plugins own which global `/v4/...` routes, so a global plugin call goes to a node that has
 * the plugin. A route no entry names, or one no node's plugins match, goes to any usable node and
 * Lavalink's own answer (usually its 404) is passed back.
 */

/** One entry: a path prefix below `/v4` and the plugin names (Lavalink `plugins[].name`) serving it. */
export interface PluginRouteOwner {
  prefix: string;
  plugins: readonly string[];
}

/** The defaults: LavaLyrics (and the lyrics sources it needs), LavaSearch, LavaSrc, DuncteBot. */
export const DEFAULT_ROUTE_OWNERS: readonly PluginRouteOwner[] = [
  { prefix: "/lyrics", plugins: ["lavalyrics-plugin", "java-lyrics-plugin", "lavasrc-plugin"] },
  { prefix: "/loadsearch", plugins: ["lavasearch-plugin"] },
  { prefix: "/lavasrc", plugins: ["lavasrc-plugin"] },
];

/** The plugin names that own `path` (relative to `/v4`, e.g. "/lyrics"); [] when no entry matches. */
export function ownersOf(path: string, owners: readonly PluginRouteOwner[] = DEFAULT_ROUTE_OWNERS): readonly string[] {
  const hit = owners.find((o) => path === o.prefix || path.startsWith(`${o.prefix}/`));
  return hit?.plugins ?? [];
}
