/**
 * A gRPC server with Pyro's standard plumbing: health, reflection from the buf descriptor set,
 * async service adapters (errors mapped in one place, auth, metrics), and orderly shutdown.
 */
import * as grpc from "@grpc/grpc-js";
import { readFileSync } from "node:fs";
import { setMaxListeners } from "node:events";
import type { Logger } from "../logger";
import { adaptService, serverDefinition } from "./service-adapter";
import type { MethodDefinition, ServiceImpl } from "./call-context";
import { addReflection } from "./reflection";
import { HealthState, ServingStatus } from "./health";
import { createRpcMetrics } from "./rpc-metrics";
import { createBearerAuth } from "./auth";
import { loadDescriptorSet } from "./descriptor-set";
import { createStreamLimiter, type StreamLimits } from "./stream-limiter";
import { MAX_GRPC_MESSAGE_BYTES } from "../limits";

/** TLS material; when absent the server listens in plaintext. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** Options of `createGrpcServer`. */
export interface GrpcServerOptions {
  logger: Logger;
  /** Value of the `service` label of RPC metrics, e.g. `router`. */
  service: string;
  /** With a token, every RPC except health and reflection needs `authorization: Bearer <token>`. */
  authToken?: string;
  /** A check of its own instead of `authToken` (scoped tokens); throws `UnauthenticatedError` to reject. */
  authenticate?: (metadata: grpc.Metadata) => void;
  tls?: TlsFiles;
  /** Caps on open streaming calls (RESOURCE_EXHAUSTED beyond); unset: no cap. */
  streamLimits?: StreamLimits;
  /** Descriptor set bytes; defaults to `gen/descriptor.binpb`. */
  descriptorSet?: Uint8Array;
  /**
   * Ping every client connection this often (ms) and drop it when a ping is not answered within the
   * same time, so a partitioned or frozen client's streams end in about twice this; default: off.
   */
  keepaliveMs?: number;
}

/** A running (or not yet started) server. */
export interface PyroGrpcServer {
  readonly server: grpc.Server;
  readonly health: HealthState;
  /** Aborted when `shutdown` begins; long-lived streams end with UNAVAILABLE. */
  readonly shutdownSignal: AbortSignal;
  /** Adds a service; its health entry starts SERVING. */
  addService<D extends Record<string, MethodDefinition>>(name: string, definition: D, impl: ServiceImpl<D>): void;
  /** Binds `host:port` (port 0 picks a free one) and returns the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** Aborts streams, marks NOT_SERVING, drains for up to `graceMs`, then forces. */
  shutdown(graceMs?: number): Promise<void>;
}

/** Creates a server with health and reflection already registered. */
export function createGrpcServer(options: GrpcServerOptions): PyroGrpcServer {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_GRPC_MESSAGE_BYTES,
    // Channelz bookkeeping costs every call and message; nothing here reads it.
    "grpc.enable_channelz": 0,
    ...(options.keepaliveMs ? { "grpc.keepalive_time_ms": options.keepaliveMs, "grpc.keepalive_timeout_ms": options.keepaliveMs } : {}),
  });
  const health = new HealthState();
  const shutdown = new AbortController();
  // Every call in flight listens for shutdown.
  setMaxListeners(0, shutdown.signal);
  const metrics = createRpcMetrics(options.service);
  const authenticate = options.authenticate ?? (options.authToken ? createBearerAuth(options.authToken) : undefined);
  const streamLimiter = options.streamLimits ? createStreamLimiter(options.streamLimits) : undefined;
  const names: string[] = ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];
  health.register(server);
  health.set("", ServingStatus.SERVING);
  addReflection(server, options.descriptorSet ?? loadDescriptorSet(), () => names);

  return {
    server,
    health,
    shutdownSignal: shutdown.signal,
    addService(name, definition, impl) {
      server.addService(serverDefinition(definition, options.logger) as unknown as grpc.ServiceDefinition, adaptService(definition, impl, {
        logger: options.logger, authenticate, shutdownSignal: shutdown.signal, metrics, streamLimiter,
      }));
      names.push(name);
      health.set(name, ServingStatus.SERVING);
    },
    listen(host, port) {
      const creds = options.tls
        ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) }], false)
        : grpc.ServerCredentials.createInsecure();
      const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
      return new Promise((resolve, reject) => {
        server.bindAsync(address, creds, (err, bound) => (err ? reject(err) : resolve(bound)));
      });
    },
    async shutdown(graceMs = 5000) {
      health.setAllNotServing();
      shutdown.abort();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
        server.tryShutdown(() => { clearTimeout(timer); resolve(); });
      });
    },
  };
}
