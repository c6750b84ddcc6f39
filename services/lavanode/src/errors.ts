/**
 * Lavanode domain errors. Lavalink client errors are translated here into PyroErrors, so the
 * gRPC status mapping (services/common/src/grpc/status-mapping.ts) stays the only mapping.
 */
import { InvalidArgumentError, PyroError } from "../../common/src/errors";
import { LavalinkRestError, LavalinkTimeoutError, LavalinkUnavailableError } from "../../common/src/lavalink-protocol/errors";

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

/** Lavalink answered with an error status; carries Lavalink's own message. */
export class LavalinkRejectedError extends PyroError {
  readonly code = "LAVALINK_REJECTED";
  readonly kind;
  constructor(readonly status: number, message: string) {
    super(`Lavalink answered ${status}: ${message}`);
    this.name = "LavalinkRejectedError";
    this.kind = status === 400 ? "invalid_argument" as const : status === 404 ? "not_found" as const : "unavailable" as const;
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
  return err;
}
