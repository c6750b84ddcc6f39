/**
 * Typed client for every Lavalink v4 REST endpoint. Each call takes `{ signal, timeoutMs }`, is bounded by
 * its own timeout (so a hanging Lavalink cannot hang the caller), validates the response and turns non-2xx
 * answers into {@link LavalinkRestError}.
 */
import { DEFAULT_CLIENT_NAME } from "./client-name";
import { LavalinkProtocolError } from "../../../common/src/lavalink-protocol/errors";
import { parseRestError } from "./rest-error";
import { createRestTransport, type RestMethod, type RestResponse } from "./rest-transport";
import { validateLoadResult, validateTracks } from "../../../common/src/lavalink-protocol/validate-load-result";
import { validateInfo, validateRoutePlannerStatus, validateSessionInfo, validateStats } from "../../../common/src/lavalink-protocol/validate-node";
import { validatePlayer, validatePlayers } from "../../../common/src/lavalink-protocol/validate-player";
import { validateTrack } from "../../../common/src/lavalink-protocol/validate-track";
import { acceptSilently, type OnDeviation } from "../../../common/src/lavalink-protocol/tolerance";
import type { LavalinkInfo, LavalinkStats, LoadResult, Player, PlayerUpdate, RoutePlannerStatus, SessionInfo, SessionUpdate, Track } from "../../../common/src/lavalink-protocol/types";

/** Options of {@link createLavalinkRest}. */
export interface LavalinkRestOptions {
  /** Lavalink base URL, e.g. `http://127.0.0.1:2333`. */
  baseUrl: string;
  /** Lavalink password (`Authorization` header); never included in errors. */
  password: string;
  /** `User-Agent` header; default `Pyro/<version>`. */
  userAgent?: string;
  /** Default timeout of every call in ms (whole exchange, body included). */
  timeoutMs: number;
  /** Receives each tolerated deviation of a body (see lavalink-protocol/tolerance.ts); default: none. */
  onDeviation?: OnDeviation;
  /** Called with each refused (unreadable) body before the error is thrown. */
  onRefusal?: (error: LavalinkProtocolError) => void;
}

/** Per-call options: the caller's cancellation and an optional timeout override (ms). */
export interface CallOptions { signal?: AbortSignal; timeoutMs?: number }

/** Options of {@link LavalinkRest.updatePlayer}. */
export interface UpdatePlayerOptions extends CallOptions {
  /** When true and a track is loaded, a new track in the patch is ignored (volume/filters/voice still apply). */
  noReplace?: boolean;
}

/**
 * REST client of one Lavalink. Every method throws {@link LavalinkRestError} on non-2xx,
 * LavalinkProtocolError on an invalid body, LavalinkTimeoutError on timeout, LavalinkUnavailableError when
 * Lavalink is unreachable, and the caller's `signal.reason` when aborted.
 */
export interface LavalinkRest {
  /** `GET /v4/loadtracks?identifier=` — resolves a URL or `prefix:query` search. */
  loadTracks(identifier: string, opts?: CallOptions): Promise<LoadResult>;
  /** `GET /v4/decodetrack?encodedTrack=` — decodes one base64 track blob. */
  decodeTrack(encoded: string, opts?: CallOptions): Promise<Track>;
  /** `POST /v4/decodetracks` — decodes several blobs, in order. */
  decodeTracks(encoded: readonly string[], opts?: CallOptions): Promise<Track[]>;
  /** `GET /v4/sessions/{sessionId}/players`. */
  getPlayers(sessionId: string, opts?: CallOptions): Promise<Player[]>;
  /** `GET /v4/sessions/{sessionId}/players/{guildId}` (404 `Player not found` for unknown guilds). */
  getPlayer(sessionId: string, guildId: string, opts?: CallOptions): Promise<Player>;
  /** `PATCH /v4/sessions/{sessionId}/players/{guildId}?noReplace=` — creates the player if absent. */
  updatePlayer(sessionId: string, guildId: string, patch: PlayerUpdate, opts?: UpdatePlayerOptions): Promise<Player>;
  /** `DELETE /v4/sessions/{sessionId}/players/{guildId}` — 204 even when the player does not exist. */
  destroyPlayer(sessionId: string, guildId: string, opts?: CallOptions): Promise<void>;
  /** `PATCH /v4/sessions/{sessionId}` — resume configuration (`timeout` in seconds); `{}` reads it. */
  updateSession(sessionId: string, update: SessionUpdate, opts?: CallOptions): Promise<SessionInfo>;
  /** `GET /v4/info`. */
  getInfo(opts?: CallOptions): Promise<LavalinkInfo>;
  /** `GET /version` — the plain-text server version, e.g. `4.2.2`. */
  getVersion(opts?: CallOptions): Promise<string>;
  /** `GET /v4/stats` (`frameStats` is always null here). */
  getStats(opts?: CallOptions): Promise<LavalinkStats>;
  /** `GET /v4/routeplanner/status` — null when no route planner is configured (204). */
  getRoutePlannerStatus(opts?: CallOptions): Promise<RoutePlannerStatus | null>;
  /** `POST /v4/routeplanner/free/address` — unmarks one failing address. */
  freeRoutePlannerAddress(address: string, opts?: CallOptions): Promise<void>;
  /** `POST /v4/routeplanner/free/all` — unmarks every failing address. */
  freeAllRoutePlannerAddresses(opts?: CallOptions): Promise<void>;
  /**
   * Any other route (a plugin's), passed through: `path` below the base URL, `rawQuery` and `body`
   * verbatim. Resolves with every status (a 4xx/5xx is the plugin's answer, not an error).
   */
  passthrough(req: PassthroughRequest, opts?: CallOptions): Promise<RestResponse>;
  /** Destroys the keep-alive sockets; call once when the client is no longer used. */
  close(): void;
}

/** A passthrough call (see {@link LavalinkRest.passthrough}). */
export interface PassthroughRequest {
  method: RestMethod;
  path: string;
  rawQuery: string;
  body?: { data: Buffer; contentType: string };
}

interface Call {
  method: RestMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  opts?: CallOptions;
}

/** Builds a {@link LavalinkRest} backed by one keep-alive agent. */
export function createLavalinkRest(options: LavalinkRestOptions): LavalinkRest {
  const transport = createRestTransport({
    baseUrl: options.baseUrl, password: options.password,
    userAgent: options.userAgent ?? DEFAULT_CLIENT_NAME, timeoutMs: options.timeoutMs,
  });

  /** Performs the call and returns the body text of a 2xx answer (status kept for 204 handling). */
  async function exchange(call: Call): Promise<{ status: number; text: string }> {
    const res = await transport.request({
      method: call.method, path: call.path, query: call.query, body: call.body,
      signal: call.opts?.signal, timeoutMs: call.opts?.timeoutMs,
    });
    if (res.status < 200 || res.status > 299) {
      throw parseRestError({ method: call.method, endpoint: call.path, status: res.status, statusText: res.statusText, text: res.text });
    }
    return res;
  }

  const onDeviation = options.onDeviation ?? acceptSilently;
  const refuse = (err: unknown): never => {
    if (err instanceof LavalinkProtocolError) options.onRefusal?.(err);
    throw err;
  };

  async function json<T>(call: Call, validate: (v: unknown) => T): Promise<T> {
    const { text } = await exchange(call);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return refuse(new LavalinkProtocolError(`${call.method} ${call.path}`, "JSON body", text ? "unparseable text" : "empty body"));
    }
    try {
      return validate(value);
    } catch (err) {
      return refuse(err);
    }
  }

  const session = (id: string) => `/v4/sessions/${encodeURIComponent(id)}`;
  const player = (id: string, guildId: string) => `${session(id)}/players/${encodeURIComponent(guildId)}`;

  return {
    passthrough: (req, opts) => transport.request({
      method: req.method, path: req.path, rawQuery: req.rawQuery, rawBody: req.body, signal: opts?.signal, timeoutMs: opts?.timeoutMs,
    }),
    loadTracks: (identifier, opts) =>
      json({ method: "GET", path: "/v4/loadtracks", query: { identifier }, opts }, (v) => validateLoadResult(v)),
    decodeTrack: (encoded, opts) =>
      json({ method: "GET", path: "/v4/decodetrack", query: { encodedTrack: encoded }, opts }, (v) => validateTrack(v, "track")),
    decodeTracks: (encoded, opts) =>
      json({ method: "POST", path: "/v4/decodetracks", body: encoded, opts }, (v) => validateTracks(v)),
    getPlayers: (sessionId, opts) =>
      json({ method: "GET", path: `${session(sessionId)}/players`, opts }, (v) => validatePlayers(v, "players")),
    getPlayer: (sessionId, guildId, opts) =>
      json({ method: "GET", path: player(sessionId, guildId), opts }, (v) => validatePlayer(v, "player")),
    updatePlayer: (sessionId, guildId, patch, opts) => {
      const query = opts?.noReplace === undefined ? undefined : { noReplace: String(opts.noReplace) };
      return json({ method: "PATCH", path: player(sessionId, guildId), query, body: patch, opts }, (v) => validatePlayer(v, "player"));
    },
    destroyPlayer: async (sessionId, guildId, opts) => {
      await exchange({ method: "DELETE", path: player(sessionId, guildId), opts });
    },
    updateSession: (sessionId, update, opts) =>
      json({ method: "PATCH", path: session(sessionId), body: update, opts }, (v) => validateSessionInfo(v)),
    getInfo: (opts) => json({ method: "GET", path: "/v4/info", opts }, (v) => validateInfo(v, "info", onDeviation)),
    getVersion: async (opts) => (await exchange({ method: "GET", path: "/version", opts })).text.trim(),
    getStats: (opts) => json({ method: "GET", path: "/v4/stats", opts }, (v) => validateStats(v, "stats", onDeviation)),
    getRoutePlannerStatus: async (opts) => {
      const res = await exchange({ method: "GET", path: "/v4/routeplanner/status", opts });
      if (res.status === 204 || res.text === "") return null;
      let value: unknown;
      try {
        value = JSON.parse(res.text);
      } catch {
        throw new LavalinkProtocolError("GET /v4/routeplanner/status", "JSON body", "unparseable text");
      }
      return validateRoutePlannerStatus(value);
    },
    freeRoutePlannerAddress: async (address, opts) => {
      await exchange({ method: "POST", path: "/v4/routeplanner/free/address", body: { address }, opts });
    },
    freeAllRoutePlannerAddresses: async (opts) => {
      await exchange({ method: "POST", path: "/v4/routeplanner/free/all", opts });
    },
    close: () => transport.close(),
  };
}
