/**
 * The Router's LavanodeService client: every call carries the cluster token
 * (`authorization: Bearer <token>`), and the Connect stream's response decoder never throws (see
 * tolerant-decode.ts): an answer that does not decode fails its one command, the stream stays up.
 */
import * as grpc from "@grpc/grpc-js";
import { tolerantDecoder } from "../../../common/src/grpc/tolerant-decode";
import { LavanodeServiceClient, LavanodeServiceService, type ConnectResponse } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";

/**
 * Decodes one Connect response; bytes that do not decode give an empty response marked
 * `undecodable` with the request id of its `command_result` (ConnectResponse field 3, CommandResult
 * field 1) when readable. Never throws.
 */
export const decodeConnectResponse = tolerantDecoder<ConnectResponse>(
  (bytes) => LavanodeServiceService.connect.responseDeserialize(bytes),
  () => ({ epoch: 0n, receivedAt: undefined, kind: undefined }),
  [3, 1],
);

const GuardedClient = grpc.makeGenericClientConstructor(
  { ...LavanodeServiceService, connect: { ...LavanodeServiceService.connect, responseDeserialize: decodeConnectResponse } },
  "pyro.lavanode.v1.LavanodeService",
) as unknown as typeof LavanodeServiceClient;

/** An interceptor adding `authorization: Bearer <token>` to every call's metadata. */
export function bearerInterceptor(token: string): grpc.Interceptor {
  return (options, next) => new grpc.InterceptingCall(next(options), {
    start(metadata, listener, proceed) {
      metadata.set("authorization", `Bearer ${token}`);
      proceed(metadata, listener);
    },
  });
}

/** Options of `createLavanodeClient`. */
export interface LavanodeClientOptions {
  address: string;
  /** The cluster token presented on every call. */
  clusterToken: string;
  /** Channel credentials; default plaintext. */
  credentials?: grpc.ChannelCredentials;
}

/** A LavanodeService client with the cluster token and a Connect decoder that never throws. */
export function createLavanodeClient(o: LavanodeClientOptions): LavanodeServiceClient {
  return new GuardedClient(o.address, o.credentials ?? grpc.credentials.createInsecure(), {
    "grpc.keepalive_time_ms": 10000,
    "grpc.keepalive_timeout_ms": 5000,
    "grpc.enable_channelz": 0,
    interceptors: [bearerInterceptor(o.clusterToken)],
  });
}
