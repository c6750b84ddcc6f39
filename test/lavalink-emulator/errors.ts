/** Errors of the emulator's HTTP surface, rendered in Lavalink's (Spring Boot's) error shape. */

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** HTTP reason phrase for a status code (`Unknown` when not listed). */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Unknown";
}

/** An intentional HTTP error: `status` plus the exact Lavalink `message` text. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Lavalink's error body (key order as emitted: timestamp, status, error, trace?, message, path). */
export interface ErrorBody {
  timestamp: number;
  status: number;
  error: string;
  trace?: string;
  message: string;
  path: string;
}

/**
 * Builds the error body. `trace` is included when the query parameter `trace` is present with any value
 * other than `false`.
 */
export function errorBody(status: number, message: string, path: string, query: URLSearchParams, stack?: string): ErrorBody {
  const body: ErrorBody = { timestamp: Date.now(), status, error: reasonPhrase(status), message, path };
  const trace = query.get("trace");
  if (trace !== null && trace !== "false") {
    const { message: m, path: p, ...head } = body;
    return { ...head, trace: stack ?? `lavalink.emulator.HttpError: ${message}\n\tat emulator`, message: m, path: p };
  }
  return body;
}

/** Shorthand constructors for the catalogued messages. */
export const errors = {
  sessionNotFound: () => new HttpError(404, "Session not found"),
  playerNotFound: () => new HttpError(404, "Player not found"),
  badRequest: (message: string) => new HttpError(400, message),
  notFound: (message: string) => new HttpError(404, message),
};
