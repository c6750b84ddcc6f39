/**
 * Routing of Lavalink plugin REST calls (CallPlugin and the Lavalink-compatible endpoint):
 * - player-scoped calls go to the node that owns the guild's player (the Lavanode substitutes its
 *   own Lavalink session id), and successful calls that set per-player state are recorded so they
 *   can be replayed after a move;
 * - global calls go to a named node, else to a usable node whose plugins own the route
 *   (plugin-route-owners.ts), else to any usable node, whose answer (e.g. Lavalink's 404) is
 *   passed through.
 * Status, body and content type come back untouched.
 */
import * as grpc from "@grpc/grpc-js";
import type { CallPluginResponse } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { PluginMethod } from "../../../common/src/plugin-route";
import type { NodeDirectory } from "../nodes/node-directory";
import type { LavanodeLink } from "../nodes/lavanode-link";
import type { PlayerManager } from "../players/player-manager";
import type { TrackResolver } from "../players/track-resolver";
import { NoNodeAvailableError, NodeUnavailableError } from "../errors";
import { ownersOf, type PluginRouteOwner } from "./plugin-route-owners";
import { DEFAULT_PLUGIN_STATE_ROUTES, recordPluginCall } from "./plugin-state";
import type { Registry } from "../../../common/src/registry/registry";
import { StaleEpochError as RegistryStaleEpochError } from "../../../common/src/registry/errors";
import type { Logger } from "../../../common/src/logger";

/** One validated plugin call. */
export interface PluginCall {
  method: PluginMethod;
  /** Path relative to `/v4` (global) or to the player (scoped); already validated. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** Set for a player-scoped call. */
  guildId?: string;
  body?: { data: Buffer; contentType: string };
  /** For a global call: the node to use. */
  nodeId?: string;
}

/** The answer and the node that gave it. */
export interface PluginAnswer {
  status: number;
  body: Buffer;
  contentType: string;
  nodeId: string;
}

/** What the router needs to route plugin calls. */
export interface PluginCallDeps {
  directory: NodeDirectory;
  players: PlayerManager;
  tracks: TrackResolver;
  registry: Registry;
  logger: Logger;
  /** Player-scoped paths whose calls are recorded for replay (plugin-state.ts); default DEFAULT_PLUGIN_STATE_ROUTES. */
  pluginStateRoutes?: readonly string[];
  routeOwners?: readonly PluginRouteOwner[];
}

function send(link: LavanodeLink, call: PluginCall, signal?: AbortSignal): Promise<CallPluginResponse> {
  return new Promise((resolve, reject) => {
    const c = link.client.callPlugin(
      { method: call.method, guildId: call.guildId ?? "", path: call.path, query: call.query, body: call.body?.data, contentType: call.body?.contentType ?? "" },
      new grpc.Metadata(), { deadline: Date.now() + 15000 },
      (e, r) => (e ? reject(e) : resolve(r)),
    );
    const onAbort = (): void => c.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
    void new Promise((r) => c.on("status", r)).finally(() => signal?.removeEventListener("abort", onAbort));
  });
}

/** Picks the node for a global call (see the module header). @throws NoNodeAvailableError, NodeUnavailableError. */
export function globalTarget(d: PluginCallDeps, path: string, nodeId?: string): LavanodeLink {
  if (nodeId) return d.tracks.named(nodeId);
  const owners = ownersOf(path, d.routeOwners);
  if (owners.length > 0) {
    const capable = d.directory.list().filter((n) => d.directory.usable(n) && n.link && n.record.capabilities?.plugins.some((p) => owners.includes(p.name)));
    if (capable.length > 0) return capable[Math.floor(Math.random() * capable.length)]!.link!;
  }
  return d.tracks.pick();
}

/**
 * Performs one plugin call.
 * @throws PlayerNotFoundError (scoped call, no player), NodeUnavailableError (owner not connected),
 *   NoNodeAvailableError, and the Lavanode's gRPC errors.
 */
export async function callPlugin(d: PluginCallDeps, call: PluginCall, signal?: AbortSignal): Promise<PluginAnswer> {
  let link: LavanodeLink;
  if (call.guildId !== undefined) {
    const managed = await d.players.get(call.guildId, signal);
    if (!managed.nodeId) throw new NoNodeAvailableError(call.guildId, ["the player is waiting for a node"]);
    const node = d.directory.get(managed.nodeId);
    if (!node?.link || !d.directory.usable(node)) throw new NodeUnavailableError(managed.nodeId, "not connected");
    link = node.link;
  } else {
    link = globalTarget(d, call.path, call.nodeId);
  }
  const r = await send(link, call, signal);
  if (call.guildId !== undefined && r.status >= 200 && r.status < 300) await remember(d, call.guildId, call, signal);
  return { status: r.status, body: Buffer.from(r.body), contentType: r.contentType, nodeId: link.nodeId };
}

/** Records a successful state-setting call in the player's checkpoint (retried once if a move raced it). */
async function remember(d: PluginCallDeps, guildId: string, call: PluginCall, signal?: AbortSignal): Promise<void> {
  const recorded = { method: call.method, path: call.path, query: call.query, contentType: call.body?.contentType ?? "", ...(call.body ? { body: call.body.data.toString("utf8") } : {}) };
  for (let attempt = 0; attempt < 2; attempt++) {
    const record = await d.registry.players.get(guildId, { signal });
    if (!record) return;
    const next = recordPluginCall(record.state.pluginCalls, recorded, d.pluginStateRoutes ?? DEFAULT_PLUGIN_STATE_ROUTES);
    if (!next) return;
    try {
      await d.registry.players.checkpoint(guildId, record.epoch, { pluginCalls: next }, { signal });
      return;
    } catch (err) {
      if (!(err instanceof RegistryStaleEpochError) || attempt === 1) {
        d.logger.warn("could not record a plugin call for replay", { guildId, path: call.path, err: (err as Error).message });
        return;
      }
    }
  }
}
