/**
 * The raw client: every unary RouterService method as a promise that takes `Partial` input (the
 * server's defaults fill the rest), maps failures to PyroClientError, and retries idempotent
 * calls on ABORTED/UNAVAILABLE with jittered backoff; and `watch()`, an event stream that
 * reconnects with backoff, resumes from the last event it delivered (nothing is lost within the
 * server's 60 s window), and reports its connection state. Responses are the generated types
 * (64-bit fields are `bigint`); `createPyro` (pyro.ts) is the bot-level API on top.
 */
import * as grpc from "@grpc/grpc-js";
import { RouterServiceClient } from "../gen/pyro/router/v1/router_service";
import { WatchEventsRequest, type Event } from "../gen/pyro/router/v1/event";
import { fromServiceError, type PyroClientError } from "./errors";
import { backoffDelayMs, sleep, type BackoffOptions } from "./backoff";
import { UNARY_METHODS, type UnaryMethod } from "./request-types";

/** Options of `createPyroClient`. */
export interface PyroClientOptions {
  /** `authorization: Bearer <token>` on every call. */
  token?: string;
  /**
   * Bot user id whose players every call acts on (sent as `pyro-bot-user-id` metadata, which a
   * request's own `botUserId` overrides); default: the Router's default bot.
   */
  botUserId?: string;
  /** Default insecure; `grpc.credentials.createSsl()` for TLS. */
  credentials?: grpc.ChannelCredentials;
  /** Per-call deadline in ms; default 30000. */
  deadlineMs?: number;
  /** Older name of `deadlineMs`, still accepted. */
  timeoutMs?: number;
  /** Retries of an idempotent call on ABORTED/UNAVAILABLE; default 3. */
  maxRetries?: number;
  /** Backoff of retries and reconnects. */
  backoff?: BackoffOptions;
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Deadline of this call in ms (each attempt); default the client's `deadlineMs`. */
  deadlineMs?: number;
}

/** Connection state of a watch stream, reported through `WatchOptions.onState`. */
export type ConnectionState =
  | { state: "disconnected"; error: PyroClientError }
  | { state: "reconnecting"; attempt: number; delayMs: number }
  | { state: "reconnected"; resumedGuilds: number };

/** Options of `watch`. */
export interface WatchOptions {
  signal?: AbortSignal;
  /** Reopen the stream on UNAVAILABLE (default true). */
  reconnect?: boolean;
  /** Called on every connection state change. */
  onState?: (s: ConnectionState) => void;
}

type Callback<R> = (error: grpc.ServiceError | null, response: R) => void;
type Signature<M extends UnaryMethod> = RouterServiceClient[M] extends { (request: infer Q, metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, callback: Callback<infer R>): grpc.ClientUnaryCall } ? [Q, R] : never;
type Req<M extends UnaryMethod> = Signature<M>[0];
type Res<M extends UnaryMethod> = Signature<M>[1];

/** Unary methods: Partial input, typed response. */
export type PyroUnary = { [M in UnaryMethod]: (request: Partial<Req<M>>, opts?: CallOptions) => Promise<NonNullable<Res<M>>> };

/** The raw client. */
export interface PyroClient extends PyroUnary {
  /** The generated client, for anything not wrapped (Session, IngestVoiceEvents). */
  readonly raw: RouterServiceClient;
  /** Metadata sent with every call (the bearer token). */
  readonly metadata: grpc.Metadata;
  /** The client's options. */
  readonly options: Readonly<PyroClientOptions>;
  /**
   * Events as an async iterable. On UNAVAILABLE the stream is reopened with jittered backoff and
   * resumed after the last event delivered per guild; any other error ends the iteration with a
   * PyroClientError.
   */
  watch(req: Partial<WatchEventsRequest>, opts?: WatchOptions): AsyncIterable<Event>;
  /** Closes the channel. */
  close(): void;
}

/** Connects to a Router at `address` (host:port). The channel connects lazily. */
export function createPyroClient(address: string, o: PyroClientOptions = {}): PyroClient {
  // Channelz bookkeeping costs every call; a bot has no channelz reader.
  const raw = new RouterServiceClient(address, o.credentials ?? grpc.credentials.createInsecure(), { "grpc.enable_channelz": 0 });
  const metadata = new grpc.Metadata();
  if (o.token) metadata.set("authorization", `Bearer ${o.token}`);
  if (o.botUserId) metadata.set("pyro-bot-user-id", o.botUserId);
  let closed = false;
  const client: Record<string, unknown> = { raw, metadata, options: o, close: () => { closed = true; raw.close(); } };
  const once = (name: UnaryMethod, req: unknown, opts: CallOptions): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const fn = (raw as unknown as Record<string, (...a: unknown[]) => grpc.ClientUnaryCall>)[name]!.bind(raw);
      const onAbort = (): void => call.cancel();
      const call = fn(req, metadata, { deadline: Date.now() + (opts.deadlineMs ?? o.deadlineMs ?? o.timeoutMs ?? 30000) }, (err: grpc.ServiceError | null, res: unknown) => {
        opts.signal?.removeEventListener("abort", onAbort);
        if (err) reject(fromServiceError(err));
        else resolve(res);
      });
      if (opts.signal?.aborted) call.cancel();
      else opts.signal?.addEventListener("abort", onAbort, { once: true });
    });
  for (const [name, [type, idempotent]] of Object.entries(UNARY_METHODS) as [UnaryMethod, readonly [{ fromPartial(o: never): unknown }, boolean]][]) {
    client[name] = async (partial: unknown, opts: CallOptions = {}) => {
      const req = (type.fromPartial as (x: unknown) => unknown)(partial ?? {});
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(name, req, opts);
        } catch (err) {
          const e = err as PyroClientError;
          if (!idempotent || !e.retryable || attempt >= (o.maxRetries ?? 3) || opts.signal?.aborted) throw e;
          await sleep(backoffDelayMs(attempt, o.backoff), opts.signal);
        }
      }
    };
  }
  client.watch = (req: Partial<WatchEventsRequest>, opts: WatchOptions = {}) => ({
    async *[Symbol.asyncIterator]() {
      const base = WatchEventsRequest.fromPartial(req as never);
      const cursors = new Map(base.resumeFrom.map((c) => [c.guildId, c.afterSequence]));
      const recent = new RecentSequences();
      let attempt = 0;
      let broken = false;
      // A closed client ends its watches quietly instead of throwing from the next reconnect.
      while (!opts.signal?.aborted && !closed) {
        const full: WatchEventsRequest = { ...base, resumeFrom: [...cursors].map(([guildId, afterSequence]) => ({ guildId, afterSequence })) };
        const stream = raw.watchEvents(full, metadata);
        const stop = (): void => stream.cancel();
        opts.signal?.addEventListener("abort", stop, { once: true });
        // grpc-js reports a stream as open when its headers arrive.
        stream.once("metadata", () => {
          if (broken) opts.onState?.({ state: "reconnected", resumedGuilds: cursors.size });
          broken = false;
          attempt = 0;
        });
        try {
          for await (const msg of stream as AsyncIterable<{ event?: Event }>) {
            const ev = msg.event;
            if (!ev) continue;
            if (ev.guildSequence > 0n) {
              // A resumed stream may repeat what was already received; events of one guild can
              // still arrive out of sequence order (Routers race to log), so order proves nothing.
              if (!recent.add(ev.guildId, ev.guildSequence)) continue;
              if (ev.guildSequence > (cursors.get(ev.guildId) ?? 0n)) cursors.set(ev.guildId, ev.guildSequence);
            }
            yield ev;
          }
          return;
        } catch (err) {
          const e = fromServiceError(err);
          if (opts.signal?.aborted || closed || e.code === grpc.status.CANCELLED) return;
          if (e.code !== grpc.status.UNAVAILABLE || opts.reconnect === false) throw e;
          if (!broken) opts.onState?.({ state: "disconnected", error: e });
          broken = true;
          const delayMs = backoffDelayMs(attempt++, o.backoff);
          opts.onState?.({ state: "reconnecting", attempt, delayMs });
          await sleep(delayMs, opts.signal).catch(() => undefined);
        } finally {
          opts.signal?.removeEventListener("abort", stop);
        }
      }
    },
  });
  return client as unknown as PyroClient;
}

/** The guild sequences a watch received lately (per guild, the last 512), to drop what a resume repeats. */
class RecentSequences {
  private readonly byGuild = new Map<string, Set<bigint>>();

  /** Records `seq` for `guildId`; false when it was already received. */
  add(guildId: string, seq: bigint): boolean {
    let set = this.byGuild.get(guildId);
    if (!set) this.byGuild.set(guildId, (set = new Set()));
    if (set.has(seq)) return false;
    set.add(seq);
    if (set.size > 512) set.delete(set.values().next().value!);
    return true;
  }
}
