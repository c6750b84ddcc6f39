import type { Metadata } from "@grpc/grpc-js";

/** What every RPC implementation receives besides its request. */
export interface CallContext {
  /** Aborts when the client cancels, the deadline passes, or the server shuts down. */
  signal: AbortSignal;
  metadata: Metadata;
  /** Full method path, e.g. `/pyro.router.v1.RouterService/UpdatePlayer`. */
  method: string;
  peer: string;
}

/** Unary: one request, one response. */
export type UnaryImpl<Req, Res> = (req: Req, ctx: CallContext) => Promise<Res>;
/** Server streaming: one request, a stream of responses. */
export type ServerStreamImpl<Req, Res> = (req: Req, ctx: CallContext) => AsyncIterable<Res>;
/** Client streaming: a stream of requests, one response. */
export type ClientStreamImpl<Req, Res> = (reqs: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>;
/** Bidirectional streaming. */
export type BidiImpl<Req, Res> = (reqs: AsyncIterable<Req>, ctx: CallContext) => AsyncIterable<Res>;

/** Shape of one method in a ts-proto `outputServices=grpc-js` service definition. */
export interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestDeserialize(b: Buffer): unknown;
  responseSerialize(v: never): Buffer;
}

type ReqOf<M> = M extends { requestDeserialize(b: Buffer): infer R } ? R : never;
type ResOf<M> = M extends { responseSerialize(v: infer R): Buffer } ? R : never;

/** The async implementation type of one method, chosen by its streaming shape. */
export type ImplOf<M> = M extends { requestStream: true; responseStream: true }
  ? BidiImpl<ReqOf<M>, ResOf<M>>
  : M extends { requestStream: true }
    ? ClientStreamImpl<ReqOf<M>, ResOf<M>>
    : M extends { responseStream: true }
      ? ServerStreamImpl<ReqOf<M>, ResOf<M>>
      : UnaryImpl<ReqOf<M>, ResOf<M>>;

/** A (possibly partial) async implementation of a service; missing methods answer UNIMPLEMENTED. */
export type ServiceImpl<D> = { [K in keyof D]?: ImplOf<D[K]> };
