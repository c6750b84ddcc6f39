/**
 * Base of every domain error in Pyro. Each service defines its own subclasses in its `errors.ts`;
 * the closed `kind` decides the gRPC status in exactly one place (`grpc/status-mapping.ts`).
 */
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

/** Several bad fields at once; the message lists all of them. */
export class InvalidArgumentsError extends PyroError {
  readonly kind = "invalid_argument";
  readonly code = "INVALID_ARGUMENT";
  constructor(readonly problems: readonly InvalidArgumentError[]) {
    super(problems.map((p) => p.message).join("; "));
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
