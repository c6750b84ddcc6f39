/**
 * A thin ergonomic layer over the generated RouterService client: promise-returning unary calls
 * with typed errors, bearer-token auth, and event streams as async iterables that reconnect.
 */
import * as grpc from "@grpc/grpc-js";
import { RouterServiceClient } from "../../../gen/ts/pyro/router/v1/router_service";
import type { Event, WatchEventsRequest } from "../../../gen/ts/pyro/router/v1/event";
import { fromServiceError, PyroClientError } from "./errors";

/** Options of `createPyroClient`. */
export interface PyroClientOptions {
  /** `authorization: Bearer <token>` on every call. */
  token?: string;
  credentials?: grpc.ChannelCredentials;
  /** Per-call deadline in ms; default 30000. */
  timeoutMs?: number;
}

type UnaryMethods = {
  [K in keyof RouterServiceClient]: RouterServiceClient[K] extends {
    (request: infer Req, metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, callback: (error: grpc.ServiceError | null, response: infer Res) => void): grpc.ClientUnaryCall;
  } ? (request: Req, opts?: { signal?: AbortSignal }) => Promise<Res> : never;
};

/** Unary methods that return promises. */
export type PyroUnary = { [K in keyof UnaryMethods as UnaryMethods[K] extends never ? never : K]: UnaryMethods[K] };

/** The client. */
export interface PyroClient extends PyroUnary {
  /** The generated client, for streams and anything not wrapped. */
  readonly raw: RouterServiceClient;
  readonly metadata: grpc.Metadata;
  /**
   * Events as an async iterable. On UNAVAILABLE the stream is reopened with backoff (events sent
   * while disconnected are not replayed); any other error ends the iteration with a PyroClientError.
   */
  watch(req: Partial<WatchEventsRequest>, opts?: { signal?: AbortSignal; reconnect?: boolean }): AsyncIterable<Event>;
  close(): void;
}

const UNARY = [
  "updatePlayer", "getPlayer", "listPlayers", "destroyPlayer", "movePlayer", "updateVoiceState", "updateVoiceServer",
  "loadTracks", "decodeTrack", "decodeTracks", "enqueue", "getQueue", "removeFromQueue", "moveInQueue", "shuffleQueue",
  "clearQueue", "skip", "previous", "setRepeatMode", "listNodes", "getNode", "cordonNode", "uncordonNode", "drainNode",
  "explainPlacement", "getRoutePlannerStatus", "freeRoutePlannerAddress", "freeAllRoutePlannerAddresses", "callPlugin",
] as const;

/** Connects to a Router at `address` (host:port). */
export function createPyroClient(address: string, o: PyroClientOptions = {}): PyroClient {
  const raw = new RouterServiceClient(address, o.credentials ?? grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  if (o.token) metadata.set("authorization", `Bearer ${o.token}`);
  const client: Record<string, unknown> = { raw, metadata, close: () => raw.close() };
  for (const name of UNARY) {
    client[name] = (req: unknown, opts: { signal?: AbortSignal } = {}) =>
      new Promise((resolve, reject) => {
        const fn = (raw as unknown as Record<string, (...a: unknown[]) => grpc.ClientUnaryCall>)[name]!.bind(raw);
        const call = fn(req, metadata, { deadline: Date.now() + (o.timeoutMs ?? 30000) }, (err: grpc.ServiceError | null, res: unknown) =>
          err ? reject(fromServiceError(err)) : resolve(res));
        opts.signal?.addEventListener("abort", () => call.cancel(), { once: true });
      });
  }
  client.watch = (req: Partial<WatchEventsRequest>, opts: { signal?: AbortSignal; reconnect?: boolean } = {}) => ({
    async *[Symbol.asyncIterator]() {
      const full: WatchEventsRequest = { guildIds: [], includeNodeEvents: false, excludePlayerUpdates: false, ...req };
      let attempt = 0;
      while (!opts.signal?.aborted) {
        const stream = raw.watchEvents(full, metadata);
        const stop = (): void => stream.cancel();
        opts.signal?.addEventListener("abort", stop, { once: true });
        try {
          for await (const msg of stream as AsyncIterable<{ event?: Event }>) {
            attempt = 0;
            if (msg.event) yield msg.event;
          }
          return;
        } catch (err) {
          const e = fromServiceError(err as grpc.ServiceError);
          if (opts.signal?.aborted || e.code === grpc.status.CANCELLED) return;
          if (e.code !== grpc.status.UNAVAILABLE || opts.reconnect === false) throw e;
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt++)));
        } finally {
          opts.signal?.removeEventListener("abort", stop);
        }
      }
    },
  });
  return client as unknown as PyroClient;
}

export { PyroClientError };
