/**
 * Builds and starts a Lavanode: registry, Lavalink REST client, node runner (lease, session,
 * recovery) and the gRPC server. The server listens before the Lavalink session is up so health
 * can report NOT_SERVING meanwhile; a standby serves health while it waits for the lease.
 */
import { createGrpcServer } from "../../common/src/grpc/server";
import { ServingStatus } from "../../common/src/grpc/health";
import type { Logger } from "../../common/src/logger";
import { RedisRegistry } from "../../common/src/registry/redis-registry";
import { instrumentRegistry } from "../../common/src/registry/instrumented-registry";
import { registerLavanodeMetrics } from "./lavanode-metrics";
import type { Registry } from "../../common/src/registry/registry";
import { TOLERANT_LAVANODE_SERVICE } from "./rpc/tolerant-service";
import { createLavalinkRest } from "./lavalink/rest-client";
import { createDeviationReporter } from "./lavalink/deviation-reporter";
import type { LavanodeConfig } from "./config";
import { NodeRunner } from "./node/node-runner";
import { createLavanodeService } from "./rpc/lavanode-service";

/** A running Lavanode. */
export interface LavanodeApp {
  port: number;
  node: NodeRunner;
  /** Resolves when the first Lavalink session is ready (or rejects if it never can be). */
  ready: Promise<void>;
  /** Graceful stop: death notification, session closed, lease released. */
  stop(): Promise<void>;
}

const SERVICE = "pyro.lavanode.v1.LavanodeService";


/** Options of `startLavanode`. */
export interface LavanodeDeps {
  /** Injected registry (standalone, tests); default: Redis at `config.redis`. Not closed by stop. */
  registry?: Registry;
  /** Called after the node stopped itself because another process took its lease. */
  onFatal?: (err: Error) => void;
}

/** Starts a Lavanode. */
export async function startLavanode(config: LavanodeConfig, logger: Logger, deps: LavanodeDeps = {}): Promise<LavanodeApp> {
  const registry = deps.registry;
  const reg = registry ?? instrumentRegistry(new RedisRegistry({ url: config.redis, keyPrefix: config.redisPrefix, botUserId: config.botKeys ? config.userId : undefined, onError: (err) => logger.warn("registry error", { err }) }), "redis");
  const deviations = createDeviationReporter(config.nodeId, logger);
  const rest = createLavalinkRest({
    baseUrl: config.lavalink, password: config.lavalinkPassword, timeoutMs: config.requestTimeoutMs,
    onDeviation: deviations.onDeviation, onRefusal: (err) => deviations.refused("rest", err),
  });
  // Router streams of a partitioned Lavanode end within ~10 s (self-fencing does not wait for that:
  // it listens for the Routers' heartbeats, see router-streams.ts).
  const grpc = createGrpcServer({ logger, service: "lavanode", authToken: config.clusterToken, keepaliveMs: 5000 });
  const port = await grpc.listen(config.grpcHost, config.grpcPort);
  const advertise = config.advertise ?? `127.0.0.1:${port}`;
  const setServing = (serving: boolean): void => {
    const s = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    grpc.health.set("", s);
    grpc.health.set(SERVICE, s);
  };
  const node = new NodeRunner({
    nodeId: config.nodeId, region: config.region, capacity: config.capacity, userId: config.userId,
    lavalinkUrl: config.lavalink, lavalinkPassword: config.lavalinkPassword, advertise, standby: config.standby,
    leaseTtlMs: config.leaseTtlMs, resumeTimeoutS: config.resumeTimeoutS, reconcileMs: config.reconcileMs, deviations,
  }, reg, rest, logger, setServing);
  registerLavanodeMetrics(node, config.nodeId);
  grpc.addService(SERVICE, TOLERANT_LAVANODE_SERVICE, createLavanodeService(node, logger));
  setServing(false);

  let stopping: Promise<void> | undefined;
  const stop = (publishDeath: boolean): Promise<void> => (stopping ??= (async () => {
    await node.stop({ publishDeath });
    await grpc.shutdown(2000);
    rest.close();
    if (!registry) await reg.close();
  })());
  node.on("fatal", (err) => {
    logger.error("stopping: this process no longer holds the node", { err: err.message });
    void stop(false).then(() => deps.onFatal?.(err));
  });
  const ready = node.start();
  ready.catch((err: unknown) => logger.error("Lavalink session could not start", { err }));
  return { port, node, ready, stop: () => stop(true) };
}
