/**
 * Builds and starts a Router: registry, node directory with one Connect stream per Lavanode,
 * placement, player manager, voice, event hub, failover, and the gRPC server. Stateless: every
 * durable fact lives in the registry, so any number of replicas can run side by side.
 */
import { hostname } from "node:os";
import { createGrpcServer } from "../../common/src/grpc/server";
import type { Logger } from "../../common/src/logger";
import { RedisRegistry } from "../../common/src/registry/redis-registry";
import { instrumentRegistry } from "../../common/src/registry/instrumented-registry";
import type { Registry } from "../../common/src/registry/registry";
import { RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import { withSharedEventEncoding } from "./events/shared-event-encoding";
import { ROUTER_OPTIONS, type RouterConfig } from "./config";
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
import { registerRouterMetrics } from "./router-metrics";
import { createQueueRpcs } from "./rpc/queue-rpcs";
import { createQueuePlayback } from "./queue/queue-playback";
import { startAutoAdvance } from "./queue/auto-advance";
import type { RouterContext } from "./rpc/router-context";
import type { LavanodeLink } from "./nodes/lavanode-link";
import { startLavalinkEndpoint, type LavalinkEndpoint } from "./lavalink-compat";
import { startVoiceIngest, type VoiceIngest } from "./voice-ingest/voice-ingest";
import { createClusterFeed } from "./cluster-page/cluster-feed";
import { createClusterPage } from "./cluster-page/cluster-page";
import { startHttpSurface, type HttpHandler, type HttpSurface } from "../../common/src/telemetry/http-surface";

/** A running Router. */
export interface RouterApp {
  port: number;
  /** Port of the Lavalink-compatible endpoint, when enabled. */
  lavalinkPort?: number;
  /** The gateway voice ingest sources (--voice-ingest); none configured: no sources, counts stay 0. */
  voiceIngest: VoiceIngest;
  context: RouterContext;
  /** The live cluster page's HTTP handler (main adds it to the metrics port). */
  clusterPage: HttpHandler;
  /** Port of `--http-port`'s server, when enabled. */
  httpPort?: number;
  stop(): Promise<void>;
}

/** Options of `startRouter`. */
export interface RouterDeps {
  /** Injected registry (standalone, tests); default: Redis at `config.redis`. Not closed by stop. */
  registry?: Registry;
  /** Clock of the player state (unix ms); default `Date.now`. Tests shift it to stand for time passing. */
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
  link.on("stats", (s) => hub.fromNode({ guildId: "", nodeId, kind: { $case: "nodeStats", value: s } }, 0n));
  link.on("status", (s) => {
    if (s.sessionOpen) hub.fromNode({ guildId: "", nodeId, kind: { $case: "nodeUp", value: { sessionId: s.sessionId, resumed: s.resumed } } }, 0n);
  });
}

/** Options an embedding (standalone mode, tests) may leave out; they take their defaults. */
type OptionalKeys = "redis" | "maxQueueLength" | "rebalance" | "rebalanceMaxMovesPerMinute" | "voiceIngest" | "maxStreamsPerClient" | "maxStreams" | "httpPort" | "httpHost" | "config" | "logFormat";

/** Router configuration as `startRouter` takes it. */
export type RouterAppConfig = Omit<RouterConfig, OptionalKeys> & Partial<Pick<RouterConfig, OptionalKeys>>;

/** Starts the Router described by `config`. */
export async function startRouter(config: RouterAppConfig, logger: Logger, deps: RouterDeps = {}): Promise<RouterApp> {
  const registry = deps.registry ?? instrumentRegistry(new RedisRegistry({ url: config.redis, keyPrefix: config.redisPrefix, onError: (err) => logger.warn("registry error", { err }) }), "redis");
  const routerId = config.routerId ?? `${hostname()}-${process.pid}`;
  const hub = new EventHub(registry, logger);
  const directory = new NodeDirectory({ registry, routerId, logger, clusterToken: config.clusterToken });
  directory.on("linkCreated", (link) => attachLink(link, hub));
  const metrics = registerRouterMetrics(directory, hub);
  const chooser = new NodeChooser(directory, config.placementSeed, Date.now, metrics.placement);
  const tracks = new TrackResolver(directory);
  const players = new PlayerManager({ registry, directory, chooser, hub, tracks, logger, onPlaced: metrics.placed, now: deps.now });
  const voice = new VoiceService(players, directory, new VoicePairing(registry.voiceHalves));
  const lifetime = new AbortController();
  const context: RouterContext = { registry, directory, chooser, players, tracks, hub, voice, logger, placementSeed: config.placementSeed, lifetime: lifetime.signal, pluginStateRoutes: config.pluginStateRoute, metrics };
  await hub.start();
  await directory.start();
  const failover = new FailoverManager({ registry, directory, chooser, players, hub, logger, routerId, metrics });
  await failover.start();
  metrics.observeAwaitingNode(() => failover.awaitingNodeCount);
  const rebalancer = config.rebalance ? new Rebalancer({ registry, directory, players, logger, routerId, maxMovesPerMinute: config.rebalanceMaxMovesPerMinute ?? 60, metrics }) : undefined;
  rebalancer?.start();
  const playback = createQueuePlayback(context);
  const stopAutoAdvance = startAutoAdvance({ ...context, playback });
  let voiceIngest: VoiceIngest | undefined;

  const tls = config.tlsCert && config.tlsKey ? { certFile: config.tlsCert, keyFile: config.tlsKey } : undefined;
  const grpc = createGrpcServer({
    logger, service: "router", authToken: config.authToken, tls,
    streamLimits: { perClient: config.maxStreamsPerClient ?? ROUTER_OPTIONS.maxStreamsPerClient.default, total: config.maxStreams ?? ROUTER_OPTIONS.maxStreams.default },
  });
  grpc.addService("pyro.router.v1.RouterService", withSharedEventEncoding(RouterServiceService), createRouterService(context, createQueueRpcs(context, { maxQueueLength: config.maxQueueLength, playback })));
  const stopComponents = async (): Promise<void> => {
    // Ingest first: packets being handled finish (or, once the lifetime aborts, fail and stay unacknowledged for redelivery).
    lifetime.abort();
    await voiceIngest?.stop();
    stopAutoAdvance();
    await rebalancer?.close();
    await failover.close();
    await directory.close();
    await hub.close();
    if (!deps.registry) await registry.close();
  };
  let port: number;
  try {
    port = await grpc.listen(config.grpcHost, config.grpcPort);
  } catch (err) {
    // e.g. the port is taken: release everything already started before failing.
    await grpc.shutdown(0);
    await stopComponents();
    throw err;
  }
  try {
    voiceIngest = await startVoiceIngest(config.voiceIngest ?? [], { voice, logger: logger.child({ component: "voice-ingest" }), consumer: routerId, signal: lifetime.signal });
  } catch (err) {
    await grpc.shutdown(0);
    await stopComponents();
    throw err;
  }
  // Lavalink v4-compatible endpoint (lavalink-compat/), only with --lavalink-port.
  let lavalink: LavalinkEndpoint | undefined;
  if (config.lavalinkPort !== undefined && config.lavalinkPassword) {
    // TLS when the gRPC server has it, or with the endpoint's own certificate.
    const lavalinkTls = config.lavalinkTlsCert && config.lavalinkTlsKey ? { certFile: config.lavalinkTlsCert, keyFile: config.lavalinkTlsKey } : tls;
    lavalink = await startLavalinkEndpoint(context, { host: config.grpcHost, port: config.lavalinkPort, password: config.lavalinkPassword, routerId, tls: lavalinkTls });
    logger.info("lavalink endpoint ready", { lavalinkPort: lavalink.port, tls: lavalinkTls !== undefined });
  }
  const feed = createClusterFeed(directory, hub);
  const page = createClusterPage(feed, { authToken: config.authToken });
  let http: HttpSurface | undefined;
  if (config.httpPort !== undefined) {
    http = await startHttpSurface(config.httpHost ?? "127.0.0.1", config.httpPort, (_req, res) => res.writeHead(404).end());
    http.addHandler(page.handler);
    logger.info("cluster page ready", { httpPort: http.port });
  }
  return {
    port,
    context,
    lavalinkPort: lavalink?.port,
    voiceIngest,
    clusterPage: page.handler,
    httpPort: http?.port,
    async stop() {
      page.close();
      feed.close();
      await http?.close();
      await lavalink?.close();
      await grpc.shutdown(3000);
      await stopComponents();
    },
  };
}
