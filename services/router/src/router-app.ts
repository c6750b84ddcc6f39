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
import type { EventHub } from "./events/event-hub";
import type { NodeDirectory } from "./nodes/node-directory";
import { startBotStack, type BotStack } from "./bot-stack";
import { createBotDispatch } from "./rpc/bot-dispatch";
import { TokenScopes } from "./auth/token-scopes";
import { registerRouterMetrics, type RouterMetrics } from "./router-metrics";
import type { RouterContext } from "./rpc/router-context";
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
  /** The default bot's components. */
  context: RouterContext;
  /** Every served bot's components, by bot user id (the default bot under its id, or "" without --bot-user-id). */
  stacks: ReadonlyMap<string, BotStack>;
  /** Re-reads --auth-token-file (main.ts calls it on SIGHUP); false when the file is invalid (old tokens kept). */
  reloadAuth(): boolean;
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
  /** Registry of a bot other than the default one (tests, embeddings); default: Redis at `config.redis` in the bot's namespace. Not closed by stop. */
  botRegistry?: (botUserId: string) => Registry;
}

/** Options an embedding (standalone mode, tests) may leave out; they take their defaults. */
type OptionalKeys = "botUserId" | "authTokenFile" | "redis" | "maxQueueLength" | "rebalance" | "rebalanceMaxMovesPerMinute" | "voiceIngest" | "maxStreamsPerClient" | "maxStreams" | "httpPort" | "httpHost" | "config" | "logFormat";

/** Router configuration as `startRouter` takes it. */
export type RouterAppConfig = Omit<RouterConfig, OptionalKeys> & Partial<Pick<RouterConfig, OptionalKeys>>;

/** Starts the Router described by `config`. */
export async function startRouter(config: RouterAppConfig, logger: Logger, deps: RouterDeps = {}): Promise<RouterApp> {
  // Read before anything starts: an unreadable token file fails the start with nothing to undo.
  const scopes = new TokenScopes({ allBotsToken: config.authToken, file: config.authTokenFile, logger });
  const registry = deps.registry ?? instrumentRegistry(new RedisRegistry({ url: config.redis, keyPrefix: config.redisPrefix, onError: (err) => logger.warn("registry error", { err }) }), "redis");
  const routerId = config.routerId ?? `${hostname()}-${process.pid}`;
  const lifetime = new AbortController();
  const bots = config.botUserId ?? [];
  // The default bot keeps the single-bot key layout; every other bot gets its own namespace (keys.ts).
  const registries = new Map<string, Registry>(bots.slice(1).map((bot) => [bot, deps.botRegistry?.(bot) ?? instrumentRegistry(new RedisRegistry({
    url: config.redis, keyPrefix: config.redisPrefix, botUserId: bot, onError: (err) => logger.warn("registry error", { err }),
  }), "redis")]));
  let shared: RouterMetrics | undefined;
  // The default bot's stack registers the metrics; the others add to the same counters (no per-bot label).
  const metricsFor = (directory: NodeDirectory, hub: EventHub): RouterMetrics => shared ? { ...shared, observeAwaitingNode: () => undefined } : (shared = registerRouterMetrics(directory, hub));
  const stackOptions = {
    routerId, clusterToken: config.clusterToken, placementSeed: config.placementSeed, pluginStateRoutes: config.pluginStateRoute, rebalance: config.rebalance,
    rebalanceMaxMovesPerMinute: config.rebalanceMaxMovesPerMinute, maxQueueLength: config.maxQueueLength, lifetime: lifetime.signal, metrics: metricsFor, now: deps.now,
  };
  const stacks = new Map<string, BotStack>();
  const closeRegistries = async (): Promise<void> => {
    if (!deps.botRegistry) await Promise.all([...registries.values()].map((r) => r.close()));
    if (!deps.registry) await registry.close();
  };
  let defaultStack: BotStack;
  try {
    defaultStack = await startBotStack({ ...stackOptions, registry, logger, botUserId: bots[0] });
    stacks.set(bots[0] ?? "", defaultStack);
    for (const [bot, reg] of registries) stacks.set(bot, await startBotStack({ ...stackOptions, registry: reg, botUserId: bot, logger: logger.child({ botUserId: bot }) }));
  } catch (err) {
    for (const st of stacks.values()) await st.stop();
    await closeRegistries();
    throw err;
  }
  const context = defaultStack.context;
  const { directory, hub, voice } = context;
  scopes.watch({ signal: lifetime.signal });
  let voiceIngest: VoiceIngest | undefined;

  const tls = config.tlsCert && config.tlsKey ? { certFile: config.tlsCert, keyFile: config.tlsKey } : undefined;
  const grpc = createGrpcServer({
    logger, service: "router", tls,
    authenticate: scopes.enabled ? (metadata) => void scopes.scopeOf(metadata) : undefined,
    streamLimits: { perClient: config.maxStreamsPerClient ?? ROUTER_OPTIONS.maxStreamsPerClient.default, total: config.maxStreams ?? ROUTER_OPTIONS.maxStreams.default },
  });
  const service = createBotDispatch({
    stacks: new Map([...stacks].map(([bot, st]) => [bot, st.service])), defaultBot: bots[0] ?? "", scopes,
    // Without --bot-user-id the Router serves the bot its nodes serve, and a call may name it.
    defaultAliases: bots.length === 0 ? () => directory.botUserIds() : undefined,
  });
  grpc.addService("pyro.router.v1.RouterService", withSharedEventEncoding(RouterServiceService), service);
  const stopComponents = async (): Promise<void> => {
    // Ingest first: packets being handled finish (or, once the lifetime aborts, fail and stay unacknowledged for redelivery).
    lifetime.abort();
    await voiceIngest?.stop();
    for (const st of stacks.values()) await st.stop();
    await closeRegistries();
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
    voiceIngest = await startVoiceIngest(config.voiceIngest ?? [], { voice, voiceOf: (bot) => stacks.get(bot)?.context.voice, logger: logger.child({ component: "voice-ingest" }), consumer: routerId, signal: lifetime.signal });
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
    lavalink = await startLavalinkEndpoint(context, { host: config.grpcHost, port: config.lavalinkPort, password: config.lavalinkPassword, routerId, tls: lavalinkTls,
      defaultBot: bots[0] ?? "", bots: new Map([...stacks].filter(([bot]) => bot !== (bots[0] ?? "")).map(([bot, st]) => [bot, st.context])), scopes,
    });
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
    stacks,
    reloadAuth: () => scopes.reload(),
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
