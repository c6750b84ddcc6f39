/**
 * Per-player plugin state that lives only inside a Lavalink (SponsorBlock categories, a lyrics
 * subscription) is carried across moves by recording the plugin calls that set it and replaying
 * them on the new node (the Lavanode replays `PlayerState.pluginCalls` after every rebuild).
 *
 * A state route is a player-scoped path (`--plugin-state-route`, defaults below). A successful
 * PUT, POST or PATCH to it replaces the recorded call for that path; a successful DELETE to it drops
 * the record (a fresh node has no state there, which is what the DELETE asked for). Calls to other
 * paths are not recorded. Pure.
 */
import type { PluginStateCall } from "../../../common/src/registry/types";

/** The default state routes: SponsorBlock categories and the LavaLyrics subscription. */
export const DEFAULT_PLUGIN_STATE_ROUTES: readonly string[] = ["/sponsorblock/categories", "/lyrics/subscribe"];

/** Most calls recorded per player (the registry refuses more). */
export const MAX_RECORDED_CALLS = 32;

/**
 * The player's recorded calls after `call` succeeded, or undefined when `call` does not touch a
 * state route (nothing to write). The newest call for a path comes last.
 */
export function recordPluginCall(current: readonly PluginStateCall[] | undefined, call: PluginStateCall, stateRoutes: readonly string[]): PluginStateCall[] | undefined {
  if (!stateRoutes.includes(call.path)) return undefined;
  const others = (current ?? []).filter((c) => c.path !== call.path);
  if (call.method === "DELETE") return others;
  if (call.method !== "PUT" && call.method !== "POST" && call.method !== "PATCH") return undefined;
  return [...others, call].slice(-MAX_RECORDED_CALLS);
}
