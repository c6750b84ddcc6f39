/**
 * The Router's Lavalink v4-compatible endpoint: one HTTP server for the REST API and the
 * `/v4/websocket` upgrade, backed by the cluster through the RouterContext. Existing Lavalink client
 * libraries point at it unchanged; their players become Pyro players (placement, failover, durable
 * sessions).
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
}

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
  const sessions = new SessionManager(ctx, o.routerId, { ...DEFAULT_TIMINGS, ...o.timings }, logger);
  await sessions.start();
  const ws = new WebSocketEndpoint(sessions, o.password, logger);
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => void handleRest(req, res, ctx, sessions, o.password, logger);
  const server: Server = o.tls
    ? createTlsServer({ cert: readFileSync(o.tls.certFile), key: readFileSync(o.tls.keyFile) }, onRequest)
    : createServer(onRequest);
  server.on("upgrade", (req, socket, head) => void ws.handleUpgrade(req, socket, head));
  server.on("clientError", (_err, socket) => socket.destroy());
  server.on("tlsClientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const upkeep = new AbortController();
  const loop = runSessionUpkeep(sessions, upkeep.signal, logger);
  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    async close() {
      await ws.close();
      upkeep.abort();
      await loop;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sessions.close();
    },
  };
}
