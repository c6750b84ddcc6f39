/**
 * The Router's Lavalink v4-compatible endpoint: one HTTP server for the REST API and the
 * `/v4/websocket` upgrade, backed by the cluster through the RouterContext. Existing Lavalink client
 * libraries point at it unchanged; their players become Pyro players (placement, failover, durable
 * sessions).
 *
 * Several bots: each served bot has its own sessions (over its own registry namespace). The
 * WebSocket handshake's `User-Id` selects the bot (a bot the Router does not serve falls to the
 * default bot, as a single-bot Router has always done); a session's REST routes go to the bot that
 * owns the session; other routes to the first bot the password covers. The password is
 * `--lavalink-password` (every bot) or a token of `--auth-token-file` (the bots it covers).
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { RouterContext } from "../rpc/router-context";
import { handleRest } from "./rest-router";
import { DEFAULT_TIMINGS, SessionManager, type SessionTimings } from "./session-manager";
import { runSessionUpkeep } from "./session-upkeep";
import { WebSocketEndpoint } from "./websocket-endpoint";
import { checkPassword } from "./password";
import type { TokenScopes } from "../auth/token-scopes";
import { requestUrl } from "./http-io";

/** Options of the endpoint. */
export interface LavalinkEndpointOptions {
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Password clients send in `Authorization`. Never logged. */
  password: string;
  /** This Router's id (owner of the sessions it serves). */
  routerId: string;
  /** PEM files; with them the endpoint speaks HTTPS and WSS only. */
  tls?: { certFile: string; keyFile: string };
  /** Session timings; defaults to DEFAULT_TIMINGS. */
  timings?: Partial<SessionTimings>;
  /** The default bot's user id ("" when the Router names none). */
  defaultBot?: string;
  /** The other served bots' contexts, by bot user id. */
  bots?: ReadonlyMap<string, RouterContext>;
  /** Scoped tokens, accepted as passwords for the bots they cover. */
  scopes?: TokenScopes;
}

/** One bot's half of the endpoint. */
interface BotCore {
  ctx: RouterContext;
  sessions: SessionManager;
  ws: WebSocketEndpoint;
  check: (header: string | undefined) => 0 | 401 | 403;
  upkeep: Promise<void>;
}

/** Most session ids remembered with their bot (a REST call of a known session needs no registry read). */
const MAX_KNOWN_SESSIONS = 10_000;

/** A running endpoint. */
export interface LavalinkEndpoint {
  port: number;
  sessions: SessionManager;
  /** Closes sockets with 1001 (sessions pause or are destroyed as on Lavalink), then the server. */
  close(): Promise<void>;
}

/** Starts the endpoint. @throws when the port cannot be bound. */
export async function startLavalinkEndpoint(ctx: RouterContext, o: LavalinkEndpointOptions): Promise<LavalinkEndpoint> {
  const logger = ctx.logger.child({ component: "lavalink-compat" });
  const upkeep = new AbortController();
  const coreFor = async (c: RouterContext, bot: string): Promise<BotCore> => {
    const sessions = new SessionManager(c, o.routerId, { ...DEFAULT_TIMINGS, ...o.timings }, logger);
    await sessions.start();
    const check = (header: string | undefined): 0 | 401 | 403 => {
      const byPassword = checkPassword(header, o.password);
      if (byPassword !== 403 || header === undefined || bot === "") return byPassword;
      const scope = o.scopes?.scopeOfToken(header);
      return scope === "all" || scope?.has(bot) ? 0 : 403;
    };
    return { ctx: c, sessions, ws: new WebSocketEndpoint(sessions, check, logger), check, upkeep: runSessionUpkeep(sessions, upkeep.signal, logger) };
  };
  const main = await coreFor(ctx, o.defaultBot ?? "");
  const others = new Map<string, BotCore>();
  for (const [bot, c] of o.bots ?? []) others.set(bot, await coreFor(c, bot));
  const known = new Map<string, BotCore>();
  /** The bot core of a session id: remembered, else the one whose registry holds it, else the default. */
  const coreOfSession = async (sessionId: string): Promise<BotCore> => {
    const hit = known.get(sessionId);
    if (hit || others.size === 0) return hit ?? main;
    for (const core of others.values()) {
      if (await core.ctx.registry.lavalinkSessions.get(sessionId).catch(() => null)) {
        if (known.size >= MAX_KNOWN_SESSIONS) known.clear();
        known.set(sessionId, core);
        return core;
      }
    }
    return main;
  };
  const restCore = async (req: IncomingMessage): Promise<BotCore> => {
    const segments = requestUrl(req)?.pathname.split("/") ?? [];
    if (segments[1] === "v4" && segments[2] === "sessions" && segments[3]) return coreOfSession(decodeURIComponent(segments[3]));
    if (main.check(req.headers.authorization) === 0) return main;
    return [...others.values()].find((core) => core.check(req.headers.authorization) === 0) ?? main;
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void =>
    void restCore(req).then((core) => handleRest(req, res, core.ctx, core.sessions, core.check, logger));
  const server: Server = o.tls
    ? createTlsServer({ cert: readFileSync(o.tls.certFile), key: readFileSync(o.tls.keyFile) }, onRequest)
    : createServer(onRequest);
  server.on("upgrade", (req, socket, head) => void (others.get(String(req.headers["user-id"] ?? "")) ?? main).ws.handleUpgrade(req, socket, head));
  server.on("clientError", (_err, socket) => socket.destroy());
  server.on("tlsClientError", (_err, socket) => socket.destroy());
  const cores = [main, ...others.values()];
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(o.port, o.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    upkeep.abort();
    for (const core of cores) await core.sessions.close();
    throw err;
  }
  return {
    port: (server.address() as AddressInfo).port,
    sessions: main.sessions,
    async close() {
      for (const core of cores) await core.ws.close();
      upkeep.abort();
      for (const core of cores) await core.upkeep;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const core of cores) await core.sessions.close();
    },
  };
}
