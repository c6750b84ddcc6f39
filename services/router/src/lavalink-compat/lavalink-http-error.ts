/**
 * The one place where failures become Lavalink HTTP responses: a status code and the `message` of
 * Lavalink's error body. Intentional Lavalink errors (`Session not found`, `Player not found`, the
 * PATCH validation catalogue) are thrown as LavalinkHttpError with their exact text; domain errors
 * and downstream gRPC statuses are mapped by kind; anything else is a 500 with a generic message
 * (the cause is logged, never sent).
 */
import { status as grpcStatus } from "@grpc/grpc-js";
import { PyroError } from "../../../common/src/errors";
import type { Logger } from "../../../common/src/logger";
import { PlayerNotFoundError } from "../errors";

/** An error with the HTTP status and message Lavalink would answer. */
export class LavalinkHttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "LavalinkHttpError";
  }
}

/** 404 `Session not found`: unknown or PAUSED session id. */
export const sessionNotFound = (): LavalinkHttpError => new LavalinkHttpError(404, "Session not found");

/** Reason phrases of the statuses this endpoint answers with (Spring's `error` field). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  413: "Payload Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error", 503: "Service Unavailable",
};

const HTTP_BY_KIND: Readonly<Record<string, number>> = {
  invalid_argument: 400, not_found: 404, failed_precondition: 400, already_exists: 400,
  resource_exhausted: 503, unavailable: 503, aborted: 503, deadline_exceeded: 503,
};

const HTTP_BY_GRPC: Readonly<Partial<Record<number, number>>> = {
  [grpcStatus.INVALID_ARGUMENT]: 400, [grpcStatus.NOT_FOUND]: 404, [grpcStatus.FAILED_PRECONDITION]: 400,
  [grpcStatus.UNAVAILABLE]: 503, [grpcStatus.RESOURCE_EXHAUSTED]: 503, [grpcStatus.ABORTED]: 503, [grpcStatus.DEADLINE_EXCEEDED]: 503,
};

/** A gRPC status error (grpc-js ServiceError or RemoteStatusError): numeric `code` and `details`. */
function grpcParts(err: unknown): { code: number; details: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: unknown; details?: unknown };
  return typeof e.code === "number" && typeof e.details === "string" ? { code: e.code, details: e.details } : undefined;
}

/** Maps any thrown value to the status and message to answer with; unexpected errors are logged. */
export function toLavalinkHttpError(err: unknown, logger: Logger, path: string): LavalinkHttpError {
  if (err instanceof LavalinkHttpError) return err;
  if (err instanceof PlayerNotFoundError) return new LavalinkHttpError(404, "Player not found");
  if (err instanceof PyroError) return new LavalinkHttpError(HTTP_BY_KIND[err.kind] ?? 500, err.message);
  const g = grpcParts(err);
  if (g && HTTP_BY_GRPC[g.code] !== undefined) return new LavalinkHttpError(HTTP_BY_GRPC[g.code]!, g.details);
  logger.error("lavalink endpoint: unexpected error", { path, err });
  return new LavalinkHttpError(500, "Internal Server Error");
}

/**
 * Route-specific rewrites: an undecodable track (the node's INVALID_ARGUMENT) and a route planner
 * call on a disabled planner (the node's FAILED_PRECONDITION, with Lavalink's message). Lavalink
 * answers both with 500; Pyro answers 400, since the request is what is wrong and a 500 is kept
 * for Pyro's own faults. Other errors are returned unchanged for toLavalinkHttpError.
 */
export function routeSpecificError(err: unknown, route: "decode" | "routePlanner"): unknown {
  const g = grpcParts(err);
  if (route === "decode" && g?.code === grpcStatus.INVALID_ARGUMENT) return new LavalinkHttpError(400, g.details);
  if (route === "routePlanner" && g?.code === grpcStatus.FAILED_PRECONDITION) return new LavalinkHttpError(400, "Can't access disabled route planner");
  return err;
}
