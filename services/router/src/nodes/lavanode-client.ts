/**
 * The Router's LavanodeService client: every call carries the cluster token
 * (`authorization: Bearer <token>`), and the Connect stream's response decoder never throws. A
 * response that does not decode (nested past the decoder's limit, corrupt) becomes an
 * `UndecodableResponse` marker carrying its request id when one can be read, so the link fails that
 * one command (or drops that one event) and the stream stays up.
 */
import * as grpc from "@grpc/grpc-js";
import { peekNestedUint64 } from "../../../common/src/grpc/peek-field";
import { LavanodeServiceClient, LavanodeServiceService, type ConnectResponse } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";

const UNDECODABLE = Symbol("pyro.undecodableResponse");

/** What the Connect stream yields for bytes that do not decode. */
export interface UndecodableResponse extends ConnectResponse {
  [UNDECODABLE]: { requestId: bigint | undefined; reason: string };
}

/** The marker's details when `msg` is one, else undefined. */
export function undecodable(msg: ConnectResponse): { requestId: bigint | undefined; reason: string } | undefined {
  return (msg as Partial<UndecodableResponse>)[UNDECODABLE];
}

// ConnectResponse.command_result = 3; CommandResult.request_id = 1.
const COMMAND_RESULT_FIELD = 3;
const REQUEST_ID_FIELD = 1;

/** Decodes one Connect response; bytes that do not decode become an `UndecodableResponse`. Never throws. */
export function decodeConnectResponse(bytes: Buffer): ConnectResponse {
  try {
    return LavanodeServiceService.connect.responseDeserialize(bytes);
  } catch (err) {
    const marker: UndecodableResponse = {
      epoch: 0n, receivedAt: undefined, kind: undefined,
      [UNDECODABLE]: { requestId: peekNestedUint64(bytes, COMMAND_RESULT_FIELD, REQUEST_ID_FIELD), reason: (err as Error).message },
    };
    return marker;
  }
}

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
