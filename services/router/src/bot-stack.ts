/**
 * Everything a Router runs for one bot: the node directory (one Connect stream per Lavanode of
 * the bot), placement, the player manager, voice, the event hub, failover, rebalancing and queue
 * playback, over the bot's registry namespace (keys.ts). A player is identified by (bot, guild):
 * two bots' players of one guild live in different namespaces and are placed, failed over and
 * drained independently, each on the Lavanodes (and so the Lavalink sessions) of its own bot.
 */
import { OldCopyFencer } from "./failover/old-copy-fencer";
import type { Logger } from "../../common/src/logger";
import type { Registry } from "../../common/src/registry/registry";
import type { ServiceImpl } from "../../common/src/grpc/call-context";
import type { RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import { NodeDirectory } from "./nodes/node-directory";
import { NodeChooser } from "./nodes/node-chooser";
import { EventHub } from "./events/event-hub";
import { TrackResolver } from "./players/track-resolver";
import { PlayerManager } from "./players/player-manager";
import { VoiceService } from "./voice/voice-service";
import { VoicePairing } from "./voice/voice-pairing";
import { FailoverManager } from "./failover/failover-manager";
import { Rebalancer } from "./failover/rebalancer";
import { createRouterService } from "./rpc/router-service";
import { createQueueRpcs } from "./rpc/queue-rpcs";
import { createQueuePlayback } from "./queue/queue-playback";
import { startAutoAdvance } from "./queue/auto-advance";
import type { RouterContext } from "./rpc/router-context";
import type { LavanodeLink } from "./nodes/lavanode-link";
import type { RouterMetrics } from "./router-metrics";

/** One bot's running components. */
export interface BotStack {
  context: RouterContext;
  /** The RouterService implementation over this bot's components. */
  service: ServiceImpl<typeof RouterServiceService>;
  /** Stops auto-advance, rebalancing, failover, the node links and the hub (the registry stays open). */
  stop(): Promise<void>;
}

/** What one bot's stack is built from. */
export interface BotStackOptions {
  registry: Registry;
  /** The bot these components serve; absent: the default bot of a Router started without --bot-user-id. */
  botUserId?: string;
  routerId: string;
  logger: Logger;
  clusterToken: string;
  placementSeed: number;
  pluginStateRoutes: readonly string[];
  rebalance?: boolean;
  rebalanceMaxMovesPerMinute?: number;
  maxQueueLength?: number;
  /** Aborted by the Router's stop; background work of RPCs (drains) runs under it. */
  lifetime: AbortSignal;
  /** Builds the metrics over the stack's directory and hub (once per Router: the default bot's stack registers, others share counters). */
  metrics: (directory: NodeDirectory, hub: EventHub) => RouterMetrics;
  now?: () => number;
}

/** Forwards a link's Lavalink traffic into the hub. */
function attachLink(link: LavanodeLink, hub: EventHub): void {
  const nodeId = link.nodeId;
  link.on("event", (e, epoch) => {
    const k = e.kind;
    if (!k) return;
    hub.fromNode({ guildId: e.guildId, nodeId, kind: k as never }, epoch);
  });
  link.on("playerUpdate", (u, epoch) => hub.fromNode({ guildId: u.guildId, nodeId, kind: { $case: "playerUpdate", value: u } }, epoch));
  link.on("parked", (p, epoch) => hub.fromNode({ guildId: p.guildId, nodeId, kind: { $case: "playerParked", value: { reason: p.reason, attempts: p.attempts } } }, epoch));
  link.on("stats", (s) => hub.fromNode({ guildId: "", nodeId, kind: { $case: "nodeStats", value: s } }, 0n));
  link.on("status", (s) => {
    if (s.sessionOpen) hub.fromNode({ guildId: "", nodeId, kind: { $case: "nodeUp", value: { sessionId: s.sessionId, resumed: s.resumed } } }, 0n);
  });
}

/** Starts one bot's components; what was started is stopped again if a later step throws. */
export async function startBotStack(o: BotStackOptions): Promise<BotStack> {
  const { registry, logger, routerId } = o;
  const hub = new EventHub(registry, logger, undefined, o.botUserId);
  const directory = new NodeDirectory({ registry, routerId, logger, clusterToken: o.clusterToken });
  directory.on("linkCreated", (link) => attachLink(link, hub));
  const metrics = o.metrics(directory, hub);
  const chooser = new NodeChooser(directory, o.placementSeed, Date.now, metrics.placement);
  const tracks = new TrackResolver(directory);
  const fencer = new OldCopyFencer(logger);
  const players = new PlayerManager({ registry, directory, chooser, hub, tracks, logger, onPlaced: metrics.placed, now: o.now, fencer });
  const voice = new VoiceService(players, directory, new VoicePairing(registry.voiceHalves));
  const context: RouterContext = { registry, directory, chooser, players, tracks, hub, voice, logger, placementSeed: o.placementSeed, lifetime: o.lifetime, pluginStateRoutes: o.pluginStateRoutes, metrics };
  let failover: FailoverManager | undefined;
  let rebalancer: Rebalancer | undefined;
  let stopAutoAdvance: (() => void) | undefined;
  const stop = async (): Promise<void> => {
    stopAutoAdvance?.();
    await rebalancer?.close();
    await failover?.close();
    await directory.close();
    await hub.close();
  };
  try {
    await hub.start();
    await directory.start();
    failover = new FailoverManager({ registry, directory, chooser, players, hub, logger, routerId, metrics, fencer });
    await failover.start();
    const started = failover;
    metrics.observeAwaitingNode(() => started.awaitingNodeCount);
    rebalancer = o.rebalance ? new Rebalancer({ registry, directory, players, logger, routerId, maxMovesPerMinute: o.rebalanceMaxMovesPerMinute ?? 60, metrics }) : undefined;
    rebalancer?.start();
    const playback = createQueuePlayback(context);
    stopAutoAdvance = startAutoAdvance({ ...context, playback });
    const service = createRouterService(context, createQueueRpcs(context, { maxQueueLength: o.maxQueueLength, playback }), o.botUserId);
    return { context, service, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
