/**
 * Turns a non-2xx Lavalink response into a {@link LavalinkRestError}. Lavalink's JSON error body
 * (`{timestamp,status,error,trace?,message,path}`) is used when it parses; otherwise (401/403 come with an
 * empty body, proxies send HTML) the status line fills in, so the error is always typed.
 */
import { LavalinkRestError } from "../../../common/src/lavalink-protocol/errors";
import { validateErrorBody } from "../../../common/src/lavalink-protocol/validate-node";

/** Standard reason phrases for the statuses Lavalink produces with an empty body. */
const REASONS: Record<number, string> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  415: "Unsupported Media Type", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The parts of a failed HTTP exchange that {@link parseRestError} needs. */
export interface FailedResponse {
  method: string;
  /** Request path without query string. */
  endpoint: string;
  status: number;
  statusText?: string;
  text: string;
}

/**
 * Builds the typed error for a non-2xx response; never throws. Falls back to the status line for the
 * fields an unparseable body cannot provide (`message` becomes `""`, `path` the endpoint).
 */
export function parseRestError(res: FailedResponse): LavalinkRestError {
  const fallbackError = res.statusText || REASONS[res.status] || "Error";
  let parsed: unknown;
  try {
    parsed = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined) {
    try {
      const body = validateErrorBody(parsed);
      return new LavalinkRestError({
        method: res.method, endpoint: res.endpoint, status: res.status, error: body.error,
        message: body.message, path: body.path, trace: body.trace, timestamp: body.timestamp,
      });
    } catch {
      // A partial body still tells us more than the status line: keep whatever string fields it has.
      const o = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
      return new LavalinkRestError({
        method: res.method, endpoint: res.endpoint, status: res.status,
        error: typeof o.error === "string" ? o.error : fallbackError,
        message: typeof o.message === "string" ? o.message : "",
        path: typeof o.path === "string" ? o.path : res.endpoint,
      });
    }
  }
  return new LavalinkRestError({
    method: res.method, endpoint: res.endpoint, status: res.status, error: fallbackError, message: "", path: res.endpoint,
  });
}
