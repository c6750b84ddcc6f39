/**
 * A status received from another Pyro service (e.g. a Lavanode's CommandError). It has the shape
 * of a grpc-js ServiceError, so the status mapping passes it to the client unchanged.
 */
import { Metadata, status } from "@grpc/grpc-js";

/** A downstream gRPC status, forwarded as is. */
export class RemoteStatusError extends Error {
  readonly metadata: Metadata;
  constructor(readonly code: status, readonly details: string, field?: string) {
    super(`${status[code] ?? code}: ${details}`);
    this.name = "RemoteStatusError";
    this.metadata = new Metadata();
    if (field) this.metadata.set("pyro-field", field);
  }
}
