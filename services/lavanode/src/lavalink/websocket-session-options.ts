/** Options of {@link LavalinkSession} and their defaults. */
import { DEFAULT_CLIENT_NAME } from "./client-name";
import type { BackoffOptions } from "./reconnect-backoff";
import type { LavalinkRest } from "./rest-client";
import { acceptSilently, type OnDeviation } from "../../../common/src/lavalink-protocol/tolerance";

/** Options of `new LavalinkSession(...)`. Durations in ms unless the name says otherwise. */
export interface LavalinkSessionOptions {
  /** Lavalink base URL (`http://host:port`); the socket goes to `ws(s)://host:port/v4/websocket`. */
  baseUrl: string;
  /** Lavalink password; never included in errors or events. */
  password: string;
  /** Bot user id (`User-Id` header); must be a non-zero snowflake. */
  userId: string;
  /** `Client-Name` header; default `Pyro/<version>`. */
  clientName?: string;
  /** REST client used to enable resuming; default: one created (and closed) by the session. */
  rest?: LavalinkRest;
  /** Start by resuming this session id (e.g. a predecessor's, from the registry). */
  resumeSessionId?: string;
  /** Resume timeout sent to Lavalink, in seconds; default 60. */
  resumeTimeoutSec?: number;
  /** How long to keep trying to resume after a disconnect before emitting `lost`; default `resumeTimeoutSec` × 1000. */
  resumeWindowMs?: number;
  /** Timeout of the `PATCH /v4/sessions/{id}` that enables resuming; default 5000. */
  enableResumeTimeoutMs?: number;
  /** Bound on connect + upgrade + `ready`; default 10000. */
  handshakeTimeoutMs?: number;
  /** Interval between pings; default 5000. */
  pingIntervalMs?: number;
  /** A socket silent for `pingIntervalMs + pongTimeoutMs` is terminated and resumed; default 5000. */
  pongTimeoutMs?: number;
  /** How long `close()` waits for the close handshake before dropping the socket; default 1000. */
  closeTimeoutMs?: number;
  /** Reconnect backoff; defaults in `DEFAULT_BACKOFF`. */
  backoff?: BackoffOptions;
  /** Random source for jitter, in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Receives each tolerated deviation of a frame; default: none. */
  onDeviation?: OnDeviation;
}

/** Options with every default applied. */
export interface ResolvedSessionOptions {
  wsUrl: string;
  password: string;
  userId: string;
  clientName: string;
  resumeTimeoutSec: number;
  resumeWindowMs: number;
  enableResumeTimeoutMs: number;
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  closeTimeoutMs: number;
  backoff: BackoffOptions;
  random: () => number;
  onDeviation: OnDeviation;
}

/** Converts an `http(s)://` base URL into the v4 WebSocket URL (a path prefix is kept). */
export function toWebSocketUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v4/websocket`;
  url.search = "";
  return url.toString();
}

/**
 * Applies defaults.
 * @throws TypeError for an invalid base URL or an empty user id.
 */
export function resolveSessionOptions(o: LavalinkSessionOptions): ResolvedSessionOptions {
  if (!o.userId || o.userId === "0") throw new TypeError("LavalinkSession: userId must be a non-zero snowflake");
  const resumeTimeoutSec = o.resumeTimeoutSec ?? 60;
  return {
    wsUrl: toWebSocketUrl(o.baseUrl),
    password: o.password,
    userId: o.userId,
    clientName: o.clientName ?? DEFAULT_CLIENT_NAME,
    resumeTimeoutSec,
    resumeWindowMs: o.resumeWindowMs ?? resumeTimeoutSec * 1000,
    enableResumeTimeoutMs: o.enableResumeTimeoutMs ?? 5000,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10000,
    pingIntervalMs: o.pingIntervalMs ?? 5000,
    pongTimeoutMs: o.pongTimeoutMs ?? 5000,
    closeTimeoutMs: o.closeTimeoutMs ?? 1000,
    backoff: o.backoff ?? {},
    random: o.random ?? Math.random,
    onDeviation: o.onDeviation ?? acceptSilently,
  };
}
