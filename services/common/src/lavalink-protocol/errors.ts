/**
 * Typed failures of the Lavalink client. Each error carries a closed `code` and the ids needed to
 * log it; none of them ever contains the Lavalink password (messages are built only from methods,
 * paths, statuses and the server's own error text).
 */

/** Closed set of codes carried by every Lavalink client error. */
export type LavalinkErrorCode =
  | "LAVALINK_REST_ERROR"
  | "LAVALINK_PROTOCOL_ERROR"
  | "LAVALINK_TIMEOUT"
  | "LAVALINK_UNAVAILABLE";

/** Base class of every error thrown by the Lavalink client; `code` tells the subclass apart. */
export abstract class LavalinkError extends Error {
  /** Closed error code; stable across releases, safe to branch on. */
  abstract readonly code: LavalinkErrorCode;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Fields of a {@link LavalinkRestError}. */
export interface LavalinkRestErrorInit {
  /** HTTP method of the failed request. */
  method: string;
  /** Request path without query string, e.g. `/v4/sessions/abc/players/123`. */
  endpoint: string;
  /** HTTP status returned by Lavalink. */
  status: number;
  /** Reason phrase from the error body (or the status text when the body was empty). */
  error: string;
  /** Server message (exact reason text for intentional errors); `""` when the body was empty. */
  message: string;
  /** `path` from the error body; falls back to `endpoint`. */
  path: string;
  /** Java stack trace, present only when the request asked for `?trace=true`. */
  trace?: string;
  /** Server timestamp (ms since epoch) from the error body, when present. */
  timestamp?: number;
}

/** Lavalink answered a REST call with a non-2xx status. */
export class LavalinkRestError extends LavalinkError {
  readonly code = "LAVALINK_REST_ERROR" as const;
  readonly method: string;
  readonly endpoint: string;
  readonly status: number;
  readonly error: string;
  readonly serverMessage: string;
  readonly path: string;
  readonly trace?: string;
  readonly timestamp?: number;

  constructor(init: LavalinkRestErrorInit) {
    const detail = init.message ? `: ${init.message}` : "";
    super(`Lavalink ${init.method} ${init.endpoint} failed with ${init.status} ${init.error}${detail}`);
    this.method = init.method;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.error = init.error;
    this.serverMessage = init.message;
    this.path = init.path;
    if (init.trace !== undefined) this.trace = init.trace;
    if (init.timestamp !== undefined) this.timestamp = init.timestamp;
  }
}

/** Lavalink sent JSON that does not match the v4 protocol; `path` names the offending field. */
export class LavalinkProtocolError extends LavalinkError {
  readonly code = "LAVALINK_PROTOCOL_ERROR" as const;
  /** Dotted path of the bad value, e.g. `event.track.info.length`. */
  readonly path: string;
  /** What the validator expected at `path`, e.g. `integer`. */
  readonly expected: string;
  /** JSON type actually found (`string`, `null`, `missing`, …), never the value itself. */
  readonly actual: string;

  constructor(path: string, expected: string, actual: string) {
    super(`Invalid Lavalink payload at ${path}: expected ${expected}, got ${actual}`);
    this.path = path;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A Lavalink call did not complete within its own timeout (the caller's signal did not fire). */
export class LavalinkTimeoutError extends LavalinkError {
  readonly code = "LAVALINK_TIMEOUT" as const;
  /** What timed out, e.g. `GET /v4/info` or `websocket ready`. */
  readonly operation: string;
  /** The timeout that elapsed, in ms. */
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number) {
    super(`Lavalink ${operation} timed out after ${timeoutMs} ms`);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/** Lavalink could not be reached (connection refused/reset, handshake rejected, session lost). */
export class LavalinkUnavailableError extends LavalinkError {
  readonly code = "LAVALINK_UNAVAILABLE" as const;
  /** What failed, e.g. `GET /v4/info` or `websocket connect`. */
  readonly operation: string;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(`Lavalink ${operation} unavailable: ${reason}`, options);
    this.operation = operation;
  }
}
