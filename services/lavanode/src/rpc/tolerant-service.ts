/**
 * LavanodeService as the Lavanode registers it: the Connect request decoder never throws, so a
 * command that does not decode fails alone (see connect-stream.ts) instead of ending the Router's
 * stream.
 */
import { LavanodeServiceService, type ConnectRequest } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import { tolerantDecoder } from "../../../common/src/grpc/tolerant-decode";

/**
 * Decodes one Connect request; bytes that do not decode give an empty request marked
 * `undecodable` with the request id of its command (ConnectRequest field 2, Command field 1) when
 * readable. Never throws.
 */
export const decodeConnectRequest = tolerantDecoder<ConnectRequest>(
  (bytes) => LavanodeServiceService.connect.requestDeserialize(bytes),
  () => ({ kind: undefined }),
  [2, 1],
);

/** The service definition with `decodeConnectRequest` on Connect. */
export const TOLERANT_LAVANODE_SERVICE = {
  ...LavanodeServiceService,
  connect: { ...LavanodeServiceService.connect, requestDeserialize: decodeConnectRequest },
};
