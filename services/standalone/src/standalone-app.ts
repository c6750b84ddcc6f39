/**
 * Standalone Pyro: one Router and one Lavanode per Lavalink server in this process, sharing one
 * registry (in-memory by default, Redis with `--redis`). Lavanodes bind 127.0.0.1 on free ports and
 * the Router reaches them over real gRPC, exactly as in a cluster.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../../common/src/logger";
import { MemoryRegistry } from "../../common/src/registry/memory-registry";
import { RedisRegistry } from "../../common/src/registry/redis-registry";
import { instrumentRegistry } from "../../common/src/registry/instrumented-registry";
import type { Registry } from "../../common/src/registry/registry";
import { startLavanode, type LavanodeApp } from "../../lavanode/src/lavanode-app";
import { loadLavanodeConfig, type LavanodeConfig } from "../../lavanode/src/config";
import { startRouter, type RouterApp } from "../../router/src/router-app";
import type { StandaloneConfig } from "./config";
import type { LavalinkSpec } from "./lavalink-spec";
import { waitForNodes } from "./node-readiness";

/** A running standalone Pyro. */
export interface StandaloneApp {
  /** The Router's gRPC port. */
  port: number;
  router: RouterApp;
  lavanodes: ReadonlyMap<string, LavanodeApp>;
  /** Node ids not ready when `readyTimeoutMs` ran out (they keep connecting in the background). */
  notReady: string[];
  /** Stops the Router, then the Lavanodes, then closes the registry. Idempotent. */
  stop(): Promise<void>;
}

/** Dependencies `startStandalone` can be given. */
export interface StandaloneDeps {
  /** Registry to use instead of the one the config names; not closed by stop. */
  registry?: Registry;
  /** Called when a Lavanode stops itself because another process took its lease (only possible with Redis). */
  onFatal?: (err: Error) => void;
  /** Clock of the Router's player state (unix ms); default `Date.now`. */
  routerNow?: () => number;
}

/**
 * A Lavanode's config built through its own parser, so every option standalone does not set keeps
 * the default `pyro lavanode` would use. The standalone process's PYRO_* variables are not applied
 * (they configure the standalone Router). `--redis` is required by the parser but unused with an
 * injected registry.
 */
function lavanodeConfig(spec: LavalinkSpec, c: StandaloneConfig, clusterToken: string): LavanodeConfig {
  const argv = [
    "--cluster-token", clusterToken,
    "--node-id", spec.name, "--lavalink", spec.url, "--lavalink-password", spec.password, "--user-id", c.userId,
    "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", c.redis ?? "redis://in-memory.invalid", "--redis-prefix", c.redisPrefix,
    "--log-level", c.logLevel,
    ...(spec.region !== undefined ? ["--region", spec.region] : []),
    ...(spec.capacity !== undefined ? ["--capacity", String(spec.capacity)] : []),
  ];
  return loadLavanodeConfig(argv, {});
}

/**
 * Starts the Lavanodes for `specs` (the configured servers, or the emulated ones), then the Router,
 * then waits up to `config.readyTimeoutMs` for the Router to see every node ready.
 * @throws when a Lavanode or the Router cannot start (e.g. the gRPC port is taken); what was started is stopped.
 */
export async function startStandalone(config: StandaloneConfig, specs: readonly LavalinkSpec[], logger: Logger, deps: StandaloneDeps = {}): Promise<StandaloneApp> {
  const registry = deps.registry ?? (config.redis !== undefined
    ? instrumentRegistry(new RedisRegistry({ url: config.redis, keyPrefix: config.redisPrefix, maxQueueLength: config.maxQueueLength, onError: (err) => logger.warn("registry error", { err }) }), "redis")
    : instrumentRegistry(new MemoryRegistry({ maxQueueLength: config.maxQueueLength, onError: (err) => logger.warn("registry error", { err }) }), "memory"));
  const lavanodes = new Map<string, LavanodeApp>();
  // Only this process's Router talks to its Lavanodes unless an operator shares the token.
  const clusterToken = config.clusterToken ?? randomBytes(24).toString("base64url");
  let router: RouterApp | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (async () => {
    await router?.stop();
    await Promise.all([...lavanodes.values()].map((l) => l.stop()));
    if (!deps.registry) await registry.close();
  })());
  try {
    for (const spec of specs) {
      const app = await startLavanode(lavanodeConfig(spec, config, clusterToken), logger.child({ service: "lavanode", nodeId: spec.name }), { registry, onFatal: deps.onFatal });
      lavanodes.set(spec.name, app);
    }
    router = await startRouter(
      { ...config, redis: config.redis, clusterToken },
      logger.child({ service: "router" }),
      { registry, now: deps.routerNow },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const notReady = await waitForNodes(router.context.directory, specs.map((s) => s.name), { timeoutMs: config.readyTimeoutMs });
  return { port: router.port, router, lavanodes, notReady, stop };
}
