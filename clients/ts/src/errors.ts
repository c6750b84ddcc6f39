/**
 * Typed errors for RouterService statuses. The Router sends `pyro-error-code` and, for bad input,
 * `pyro-field` trailers; this maps them back. Only ABORTED and UNAVAILABLE are retryable.
 */
import { status, type ServiceError } from "@grpc/grpc-js";
import { RETRYABLE_CODES } from "../../../services/common/src/grpc/retryable-codes";

/** Codes a client may retry: the server's own list, imported. */
export const RETRYABLE: ReadonlySet<status> = RETRYABLE_CODES;

/** Any error a Pyro RPC returns. */
export class PyroClientError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
    /** Stable server-side name, e.g. `PLAYER_NOT_FOUND`; empty if the server sent none. */
    readonly errorCode: string,
    /** For INVALID_ARGUMENT: the offending field path. */
    readonly field: string | undefined,
  ) {
    super(`${status[code] ?? code}: ${details}`);
    this.name = "PyroClientError";
  }
  /** True for ABORTED and UNAVAILABLE. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** Converts a grpc-js ServiceError. */
export function fromServiceError(err: ServiceError): PyroClientError {
  const md = err.metadata;
  const code = md?.get("pyro-error-code")[0];
  const field = md?.get("pyro-field")[0];
  return new PyroClientError(err.code, err.details, typeof code === "string" ? code : "", typeof field === "string" ? field : undefined);
}
