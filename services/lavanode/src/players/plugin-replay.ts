/**
 * Replays a player's recorded plugin calls (`PlayerState.pluginCalls`, see the Router's
 * plugin-state.ts) on this node's Lavalink after the player was rebuilt here, so per-player plugin
 * state (SponsorBlock categories, a lyrics subscription) survives moves, drains, failovers and
 * session losses. Calls run in recorded order; a failure is logged and the rest still run: a
 * missing plugin or a rejected call must not undo the rebuild of the audio itself.
 */
import type { Logger } from "../../../common/src/logger";
import type { PluginStateCall } from "../../../common/src/registry/types";
import { validatePluginMethod, validatePluginPath } from "../../../common/src/plugin-route";
import type { LavalinkRest } from "../lavalink/rest-client";

/** Replays `calls` for `guildId`; resolves with how many Lavalink answered 2xx. Never throws. */
export async function replayPluginCalls(
  rest: LavalinkRest, sessionId: string, guildId: string, calls: readonly PluginStateCall[], logger: Logger, signal?: AbortSignal,
): Promise<number> {
  let ok = 0;
  for (const call of calls) {
    try {
      const method = validatePluginMethod(call.method);
      const path = `/v4/sessions/${encodeURIComponent(sessionId)}/players/${encodeURIComponent(guildId)}${validatePluginPath(call.path, "player")}`;
      const body = call.body === undefined ? undefined : { data: Buffer.from(call.body, "utf8"), contentType: call.contentType };
      const res = await rest.passthrough({ method, path, rawQuery: call.query, body }, { signal });
      if (res.status >= 200 && res.status < 300) ok++;
      else logger.warn("plugin state replay refused", { guildId, path: call.path, status: res.status });
    } catch (err) {
      logger.warn("plugin state replay failed", { guildId, path: call.path, err: (err as Error).message });
    }
  }
  return ok;
}
