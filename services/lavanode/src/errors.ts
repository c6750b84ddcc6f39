/**
 * Lavanode domain errors. Lavalink client errors are translated here into PyroErrors, so the
 * gRPC status mapping (services/common/src/grpc/status-mapping.ts) stays the only mapping.
 */
import { InvalidArgumentError, PyroError } from "../../common/src/errors";
import { LavalinkProtocolError, LavalinkRestError, LavalinkTimeoutError, LavalinkUnavailableError } from "../../common/src/lavalink-protocol/errors";

/** A command carried an epoch older than the one this node holds: the registry's one StaleEpochError. */
export { StaleEpochError } from "../../common/src/registry/errors";

/** The Lavalink WebSocket session is not open, so no player command can run. */
export class NoSessionError extends PyroError {
  readonly kind = "unavailable";
  readonly code = "NO_LAVALINK_SESSION";
  constructor(readonly nodeId: string) {
    super(`node ${nodeId} has no Lavalink session`);
    this.name = "NoSessionError";
  }
}

/** The node does not hold a player for this guild. */
export class NodePlayerNotFoundError extends PyroError {
  readonly kind = "not_found";
  readonly code = "PLAYER_NOT_FOUND";
  constructor(readonly guildId: string) {
    super(`no player for guild ${guildId} on this node`);
    this.name = "NodePlayerNotFoundError";
  }
}

/**
 * The error kind of a Lavalink HTTP status, by what it means: 400 bad input, 404 not found, 429 too
 * many requests, 503 (and 502/504, a proxy in front of a Lavalink that is down) unavailable, so
 * retried; every other status (500 "source not found", 401/403 a wrong password) is a refusal that
 * retrying will not change: failed precondition.
 */
export function kindOfLavalinkStatus(status: number): "invalid_argument" | "not_found" | "resource_exhausted" | "unavailable" | "failed_precondition" {
  if (status === 400) return "invalid_argument";
  if (status === 404) return "not_found";
  if (status === 429) return "resource_exhausted";
  if (status === 502 || status === 503 || status === 504) return "unavailable";
  return "failed_precondition";
}

/** Lavalink answered with an error status; carries Lavalink's own message. Kind: {@link kindOfLavalinkStatus}. */
export class LavalinkRejectedError extends PyroError {
  readonly code = "LAVALINK_REJECTED";
  readonly kind;
  constructor(readonly status: number, message: string) {
    super(`Lavalink answered ${status}: ${message}`);
    this.name = "LavalinkRejectedError";
    this.kind = kindOfLavalinkStatus(status);
  }
}

/**
 * Lavalink answered with a payload Pyro refuses to act on (a harmful deviation): FAILED_PRECONDITION,
 * with the field path in the message (never the value).
 */
export class LavalinkPayloadRefusedError extends PyroError {
  readonly kind = "failed_precondition";
  readonly code = "LAVALINK_PROTOCOL_ERROR";
  constructor(readonly path: string, detail: string) {
    super(`Lavalink sent an unreadable payload at ${path}: ${detail}`);
    this.name = "LavalinkPayloadRefusedError";
  }
}

/** Lavalink did not answer in time or could not be reached. */
export class LavalinkUnreachableError extends PyroError {
  readonly kind = "unavailable";
  readonly code = "LAVALINK_UNREACHABLE";
  constructor(message: string) {
    super(message);
    this.name = "LavalinkUnreachableError";
  }
}

/**
 * Runs a Lavalink client call, translating its errors with {@link fromLavalinkError}.
 * @throws the translated error (PyroErrors pass through unchanged).
 */
export async function withLavalinkErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromLavalinkError(err);
  }
}

/** Translates Lavalink client errors; other errors pass through unchanged. */
export function fromLavalinkError(err: unknown): unknown {
  if (err instanceof LavalinkRestError) {
    if (err.status === 400) return new InvalidArgumentError("request", `Lavalink rejected it: ${err.serverMessage || err.error}`);
    return new LavalinkRejectedError(err.status, err.serverMessage || err.error);
  }
  if (err instanceof LavalinkTimeoutError || err instanceof LavalinkUnavailableError) return new LavalinkUnreachableError(err.message);
  if (err instanceof LavalinkProtocolError) return new LavalinkPayloadRefusedError(err.path, `expected ${err.expected}, got ${err.actual}`);
  return err;
}
