/**
 * The ONE place where errors become gRPC statuses. Domain errors (`PyroError`) map by their `kind`;
 * anything else is INTERNAL with a generic message, and its cause is logged, never sent.
 */
import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { InvalidArgumentError, NotImplementedError, PyroError, type ErrorKind } from "../errors";
import type { Logger } from "../logger";
import { clampMessage } from "../limits";

/** gRPC code for each domain error kind. */
export const STATUS_BY_KIND: Readonly<Record<ErrorKind, status>> = Object.freeze({
  invalid_argument: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  failed_precondition: status.FAILED_PRECONDITION,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  aborted: status.ABORTED,
  unavailable: status.UNAVAILABLE,
  unauthenticated: status.UNAUTHENTICATED,
  permission_denied: status.PERMISSION_DENIED,
  deadline_exceeded: status.DEADLINE_EXCEEDED,
  cancelled: status.CANCELLED,
});

/** Codes a client may retry safely (defined once in retryable-codes.ts). */
export { RETRYABLE_CODES } from "./retryable-codes";

/** A status object ready for a grpc-js callback or `call.destroy`/`emit("error")`. */
export interface StatusObject {
  code: status;
  details: string;
  metadata: Metadata;
}

/** A field path fit for a metadata value: printable ASCII, at most 256 characters. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 256);
}

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === "number" && "metadata" in err;
}

/**
 * Maps any thrown value to a gRPC status. Adds `pyro-error-code` (and `pyro-field` for bad input)
 * trailers so clients can map statuses back to typed errors.
 */
export function toStatus(err: unknown, logger?: Logger, method?: string): StatusObject {
  const metadata = new Metadata();
  if (err instanceof PyroError) {
    metadata.set("pyro-error-code", err.code);
    if (err instanceof InvalidArgumentError) metadata.set("pyro-field", headerSafe(err.field));
    return { code: STATUS_BY_KIND[err.kind], details: clampMessage(err.message), metadata };
  }
  if (err instanceof NotImplementedError) {
    return { code: status.UNIMPLEMENTED, details: err.message, metadata };
  }
  if (isServiceError(err)) {
    // A status from a downstream gRPC call (e.g. Router -> Lavanode) passes through unchanged.
    return { code: err.code, details: err.details, metadata: err.metadata ?? metadata };
  }
  if (err instanceof Error && err.name === "AbortError") {
    return { code: status.CANCELLED, details: "call cancelled", metadata };
  }
  logger?.error("unexpected error in rpc", { method, err });
  return { code: status.INTERNAL, details: "internal error", metadata };
}
