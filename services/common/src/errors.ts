/**
 * Base of every domain error in Pyro. Each service defines its own subclasses in its `errors.ts`;
 * the closed `kind` decides the gRPC status in exactly one place (`grpc/status-mapping.ts`).
 */
import { MAX_REPORTED_PROBLEMS } from "./limits";

/** The closed set of failure kinds; each maps to one gRPC status. */
export type ErrorKind =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "resource_exhausted"
  | "aborted"
  | "unavailable"
  | "unauthenticated"
  | "permission_denied"
  | "deadline_exceeded"
  | "cancelled";

/** A failure the caller can act on. `message` is safe to send to clients (no secrets, no stack). */
export abstract class PyroError extends Error {
  abstract readonly kind: ErrorKind;
  /** A stable machine-readable name, e.g. `PLAYER_NOT_FOUND`. */
  abstract readonly code: string;
}

/** Bad input. `field` is the path of the offending field, e.g. `filters.timescale.speed`. */
export class InvalidArgumentError extends PyroError {
  readonly kind = "invalid_argument";
  readonly code = "INVALID_ARGUMENT";
  constructor(readonly field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = "InvalidArgumentError";
  }
}

/**
 * Several bad fields at once. `problems` keeps the first MAX_REPORTED_PROBLEMS; the message lists
 * them and counts the rest ("and 980 more problems"), so a huge invalid list stays a small status.
 */
export class InvalidArgumentsError extends PyroError {
  readonly kind = "invalid_argument";
  readonly code = "INVALID_ARGUMENT";
  readonly problems: readonly InvalidArgumentError[];
  constructor(problems: readonly InvalidArgumentError[], readonly total = problems.length) {
    const kept = problems.slice(0, MAX_REPORTED_PROBLEMS);
    const more = total - kept.length;
    super(kept.map((p) => p.message).join("; ") + (more > 0 ? `; and ${more} more problem${more === 1 ? "" : "s"}` : ""));
    this.problems = kept;
    this.name = "InvalidArgumentsError";
  }
}

/** The caller gave no credentials or wrong ones. */
export class UnauthenticatedError extends PyroError {
  readonly kind = "unauthenticated";
  readonly code = "UNAUTHENTICATED";
  constructor(message = "missing or invalid bearer token") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** The caller is authenticated but its token does not cover what it asked for (another bot's players). */
export class PermissionDeniedError extends PyroError {
  readonly kind = "permission_denied";
  readonly code = "PERMISSION_DENIED";
  constructor(message: string) {
    super(message);
    this.name = "PermissionDeniedError";
  }
}

/** The feature exists in the contract but this build does not serve it yet. */
export class NotImplementedError extends Error {
  constructor(readonly method: string) {
    super(`${method} is not implemented`);
    this.name = "NotImplementedError";
  }
}

/** The process is shutting down or a dependency is unreachable; the call may be retried. */
export class ServiceUnavailableError extends PyroError {
  readonly kind = "unavailable";
  readonly code = "UNAVAILABLE";
  constructor(message: string) {
    super(message);
    this.name = "ServiceUnavailableError";
  }
}

/** A stream cap was reached (per client or per server); the caller should close streams it does not need. */
export class StreamLimitError extends PyroError {
  readonly kind = "resource_exhausted";
  readonly code = "STREAM_LIMIT";
  constructor(message: string) {
    super(message);
    this.name = "StreamLimitError";
  }
}
