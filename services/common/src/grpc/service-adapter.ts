/**
 * Turns async implementations (promises and async iterables, see `call-context.ts`) into grpc-js
 * handlers. It owns, for every RPC: the abort signal, authentication, error-to-status mapping,
 * stream backpressure, and the latency histogram.
 */
import * as grpc from "@grpc/grpc-js";
import { setMaxListeners } from "node:events";
import { NotImplementedError } from "../errors";
import type { Logger } from "../logger";
import type { CallContext, MethodDefinition, ServiceImpl } from "./call-context";
import { toStatus } from "./status-mapping";
import type { RpcMetrics } from "./rpc-metrics";
import { assertDecoded, checkedStream, guardDeserializers } from "./decode-guard";
import { guardSerializers } from "./encode-guard";
import { requestStream } from "./request-stream";
import type { StreamLimiter } from "./stream-limiter";

/** Options shared by every service on a server. */
export interface AdapterOptions {
  logger: Logger;
  /** Throws (e.g. `UnauthenticatedError`) to reject a call before it runs. */
  authenticate?: (metadata: grpc.Metadata, method: string) => void;
  /** Aborted when the server shuts down; every call's signal follows it. */
  shutdownSignal: AbortSignal;
  metrics?: RpcMetrics;
  /** Caps open streaming calls (per client address and in total); unset: no cap. */
  streamLimiter?: StreamLimiter;
}

/** The part of every grpc-js server call the adapter needs. */
interface AnyCall {
  metadata: grpc.Metadata;
  getPeer(): string;
  on(event: "cancelled", listener: () => void): unknown;
  removeListener(event: "cancelled", listener: () => void): unknown;
}

function contextFor(call: AnyCall, method: string, opts: AdapterOptions): { ctx: CallContext; done: () => void } {
  const controller = new AbortController();
  // A stream's signal is shared by every operation it runs concurrently (each adds a listener).
  setMaxListeners(0, controller.signal);
  const abort = (reason: string): void => {
    if (!controller.signal.aborted) {
      const e = new Error(reason);
      e.name = "AbortError";
      controller.abort(e);
    }
  };
  const onCancel = (): void => abort("call cancelled by client");
  const onShutdown = (): void => abort("server shutting down");
  call.on("cancelled", onCancel);
  opts.shutdownSignal.addEventListener("abort", onShutdown, { once: true });
  if (opts.shutdownSignal.aborted) onShutdown();
  const done = (): void => {
    call.removeListener("cancelled", onCancel);
    opts.shutdownSignal.removeEventListener("abort", onShutdown);
  };
  return { ctx: { signal: controller.signal, metadata: call.metadata, method, peer: call.getPeer() }, done };
}

/** Writes to a server stream, waiting for `drain` when the client reads slower than we write. */
async function writeAll(call: grpc.ServerWritableStream<unknown, unknown>, items: AsyncIterable<unknown>, signal: AbortSignal): Promise<void> {
  for await (const item of items) {
    if (signal.aborted) return;
    if (!call.write(item)) {
      await new Promise<void>((resolve) => {
        const finish = (): void => {
          call.removeListener("drain", finish);
          signal.removeEventListener("abort", finish);
          resolve();
        };
        call.once("drain", finish);
        signal.addEventListener("abort", finish, { once: true });
      });
    }
  }
}

function shutdownStatus(ctx: CallContext, opts: AdapterOptions, err: unknown, method: string) {
  if (opts.shutdownSignal.aborted) return { code: grpc.status.UNAVAILABLE, details: "server shutting down", metadata: new grpc.Metadata() };
  if (ctx.signal.aborted) return { code: grpc.status.CANCELLED, details: "call cancelled", metadata: new grpc.Metadata() };
  return toStatus(err, opts.logger, method);
}

function handlerFor(def: MethodDefinition, impl: ((...a: never[]) => unknown) | undefined, name: string, opts: AdapterOptions) {
  const method = def.path;
  const run = impl ?? (() => { throw new NotImplementedError(method); });
  const call = run as unknown as (req: unknown, ctx: CallContext) => unknown;
  // Debug logs name the method and outcome only: requests and metadata (tokens) are never logged.
  const observe = (started: bigint, code: grpc.status): void => {
    opts.metrics?.record(method, code, started);
    opts.logger.debug("rpc finished", { method, code: grpc.status[code], ms: Number(process.hrtime.bigint() - started) / 1e6 });
  };
  if (!def.requestStream && !def.responseStream) {
    return (c: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const started = process.hrtime.bigint();
      const { ctx, done } = contextFor(c, method, opts);
      Promise.resolve()
        .then(() => { opts.authenticate?.(c.metadata, method); assertDecoded(c.request, method); return call(c.request, ctx); })
        .then((res) => { observe(started, grpc.status.OK); cb(null, res); },
          (err) => { const s = shutdownStatus(ctx, opts, err, method); observe(started, s.code); cb(s); })
        .finally(done);
    };
  }
  if (!def.requestStream && def.responseStream) {
    return (c: grpc.ServerWritableStream<unknown, unknown>) => {
      const started = process.hrtime.bigint();
      const { ctx, done } = contextFor(c, method, opts);
      let release: (() => void) | undefined;
      Promise.resolve()
        .then(async () => {
          opts.authenticate?.(c.metadata, method);
          assertDecoded(c.request, method);
          release = opts.streamLimiter?.acquire(c.getPeer());
          await writeAll(c, call(c.request, ctx) as AsyncIterable<unknown>, ctx.signal);
        })
        .then(() => {
          if (opts.shutdownSignal.aborted) { c.emit("error", shutdownStatus(ctx, opts, null, method)); return; }
          observe(started, grpc.status.OK); c.end();
        }, (err) => { const s = shutdownStatus(ctx, opts, err, method); observe(started, s.code); c.emit("error", s); })
        .finally(() => { release?.(); done(); });
    };
  }
  if (def.requestStream && !def.responseStream) {
    return (c: grpc.ServerReadableStream<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const started = process.hrtime.bigint();
      const { ctx, done } = contextFor(c, method, opts);
      let release: (() => void) | undefined;
      Promise.resolve()
        .then(() => {
          opts.authenticate?.(c.metadata, method);
          release = opts.streamLimiter?.acquire(c.getPeer());
          return call(checkedStream(requestStream(c), method), ctx);
        })
        .then((res) => { observe(started, grpc.status.OK); cb(null, res); },
          (err) => { const s = shutdownStatus(ctx, opts, err, method); observe(started, s.code); cb(s); })
        .finally(() => { release?.(); done(); });
    };
  }
  return (c: grpc.ServerDuplexStream<unknown, unknown>) => {
    const started = process.hrtime.bigint();
    const { ctx, done } = contextFor(c, method, opts);
    let release: (() => void) | undefined;
    Promise.resolve()
      .then(async () => {
        opts.authenticate?.(c.metadata, method);
        release = opts.streamLimiter?.acquire(c.getPeer());
        await writeAll(c as unknown as grpc.ServerWritableStream<unknown, unknown>, call(checkedStream(requestStream(c), method), ctx) as AsyncIterable<unknown>, ctx.signal);
      })
      .then(() => {
        if (opts.shutdownSignal.aborted) { c.emit("error", shutdownStatus(ctx, opts, null, method)); return; }
        observe(started, grpc.status.OK); c.end();
      }, (err) => { const s = shutdownStatus(ctx, opts, err, method); observe(started, s.code); c.emit("error", s); })
      .finally(() => { release?.(); done(); });
  };
}

/**
 * The definition to register with grpc-js: deserializers never throw (see decode-guard.ts), and a
 * response that fails to serialize is logged to `logger` with its cause (see encode-guard.ts).
 */
export function serverDefinition<D extends Record<string, MethodDefinition>>(definition: D, logger: Logger): D {
  return guardSerializers(guardDeserializers(definition), logger);
}

/**
 * Builds a grpc-js implementation object for `definition` from async `impl` methods.
 * Methods missing from `impl` answer UNIMPLEMENTED (never a fake success).
 */
export function adaptService<D extends Record<string, MethodDefinition>>(
  definition: D,
  impl: ServiceImpl<D>,
  opts: AdapterOptions,
): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [name, def] of Object.entries(definition)) {
    const fn = (impl as Record<string, ((...a: never[]) => unknown) | undefined>)[name];
    out[name] = handlerFor(def, fn?.bind(impl), name, opts) as grpc.UntypedHandleCall;
  }
  return out;
}
