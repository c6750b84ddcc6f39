/**
 * An in-process Router for queue tests: real gRPC on port 0, a MemoryRegistry or a RedisRegistry
 * on the test run's Redis with a key prefix of its own, no Lavanodes.
 */
import { randomUUID } from "node:crypto";
import { silentLogger } from "../../../services/common/src/logger";
import { MemoryRegistry, RedisRegistry, type Registry } from "../../../services/common/src/registry";
import { loadRouterConfig } from "../../../services/router/src/config";
import { startRouter, type RouterApp } from "../../../services/router/src/router-app";
import { createPyroClient, type PyroClient } from "../../../clients/ts/src";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";

/** The registry backends the queue tests run against. */
export type Backend = "memory" | "redis";

/** A Router and a client of it. */
export interface QueueRouter {
  app: RouterApp;
  client: PyroClient;
  registry: Registry;
  stop(): Promise<void>;
}

/** A registry of `backend`; Redis ones get a fresh prefix unless `prefix` is given. */
export function makeRegistry(backend: Backend, prefix = `tq-${randomUUID().slice(0, 8)}:`): Registry {
  return backend === "memory" ? new MemoryRegistry() : new RedisRegistry({ url: process.env.PYRO_TEST_REDIS_URL!, keyPrefix: prefix });
}

/** Starts a Router over `registry` (closed by `stop` when `ownsRegistry`). */
export async function startQueueRouter(registry: Registry, extraArgs: string[] = [], ownsRegistry = true): Promise<QueueRouter> {
  const config = loadRouterConfig(["--redis", "redis://unused", "--grpc-host", "127.0.0.1", "--grpc-port", "0", ...CLUSTER_TOKEN_ARGS, ...extraArgs], {});
  const app = await startRouter(config, silentLogger, { registry });
  const client = createPyroClient(`127.0.0.1:${app.port}`);
  return {
    app, client, registry,
    async stop() {
      client.close();
      await app.stop();
      if (ownsRegistry) await registry.close();
    },
  };
}

/** A syntactically valid encoded track for tests (never played: these Routers have no nodes). */
export function encoded(n: number): string {
  return Buffer.from(`pyro-test-track-${n}`).toString("base64");
}

/** An Enqueue source of `encoded(n)`. */
export function src(n: number, userData?: Record<string, unknown>) {
  return { source: { $case: "encodedTrack" as const, value: encoded(n) }, userData };
}
