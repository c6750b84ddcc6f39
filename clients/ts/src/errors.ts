/**
 * Typed errors for RouterService statuses. The Router sends `pyro-error-code` and, for bad input,
 * `pyro-field` trailers; this maps them back. Only ABORTED and UNAVAILABLE are retryable.
 */
import { status, type ServiceError } from "@grpc/grpc-js";
import { RETRYABLE_CODES } from "../../../services/common/src/grpc/retryable-codes";

/** Codes a client may retry: the server's own list, imported. */
export const RETRYABLE: ReadonlySet<status> = RETRYABLE_CODES;

/**
 * The stable names the Router puts in `errorCode`, plus "" when it sent none (e.g. the Router
 * could not be reached, or a deadline passed).
 */
export type PyroErrorCode =
  | "INVALID_ARGUMENT" | "UNAUTHENTICATED" | "UNAVAILABLE" | "FAILED_PRECONDITION"
  | "PLAYER_NOT_FOUND" | "NODE_NOT_FOUND" | "QUEUE_ENTRY_NOT_FOUND"
  | "NO_NODE_AVAILABLE" | "NODE_UNAVAILABLE" | "NO_LAVALINK_SESSION" | "ROUTE_PLANNER_DISABLED"
  | "STALE_EPOCH" | "VERSION_MISMATCH" | "QUEUE_FULL" | "INVALID_INDEX" | "CORRUPT_RECORD" | "SUBSCRIBER_TOO_SLOW"
  | "LAVALINK_REJECTED" | "LAVALINK_REST_ERROR" | "LAVALINK_TIMEOUT" | "LAVALINK_UNAVAILABLE" | "LAVALINK_UNREACHABLE" | "LAVALINK_PROTOCOL_ERROR"
  | "";

/** Any error a Pyro call returns. */
export class PyroClientError extends Error {
  constructor(
    /** The gRPC status code. */
    readonly code: status,
    readonly details: string,
    /** Stable server-side name, e.g. `PLAYER_NOT_FOUND`; "" if the server sent none. */
    readonly errorCode: PyroErrorCode,
    /** For INVALID_ARGUMENT: the offending field path, e.g. `volume`. */
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

/** Converts a grpc-js ServiceError (anything else becomes an UNKNOWN PyroClientError). */
export function fromServiceError(err: unknown): PyroClientError {
  if (err instanceof PyroClientError) return err;
  const e = err as Partial<ServiceError>;
  const md = e.metadata;
  const code = md?.get("pyro-error-code")[0];
  const field = md?.get("pyro-field")[0];
  return new PyroClientError(e.code ?? status.UNKNOWN, e.details ?? String((err as Error)?.message ?? err), (typeof code === "string" ? code : "") as PyroErrorCode, typeof field === "string" ? field : undefined);
}
