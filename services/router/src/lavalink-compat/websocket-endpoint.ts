/**
 * `GET /v4/websocket`: Lavalink's handshake checks (401 wrong or missing `Authorization`, 400 missing,
 * empty or `0` `User-Id`, no upgrade on other paths), resume by `Session-Id` with the
 * `Session-Resumed` header, then one virtual session per socket. Client frames are ignored, as
 * Lavalink v4 does.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../../../common/src/logger";
import { API_VERSION_HEADER, requestUrl } from "./http-io";
import { MAX_WS_FRAME_BYTES } from "../../../common/src/limits";
import { REASON_PHRASES } from "./lavalink-http-error";
import { checkAuthorization, type PasswordCheck } from "./password";
import type { ResumeTicket, SessionManager } from "./session-manager";
import type { VirtualSession } from "./virtual-session";

/** Accepts WebSocket upgrades for the Lavalink endpoint. */
export class WebSocketEndpoint {
  // Lavalink reads nothing clients send, so a large frame is refused (close 1009) rather than buffered.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_FRAME_BYTES });
  private readonly resumed = new WeakMap<IncomingMessage, boolean>();
  /** Settles when the close handling of each open socket is done. */
  private readonly closing = new Set<Promise<void>>();
  private readonly sockets = new Set<WebSocket>();
  private readonly lifetime = new AbortController();

  constructor(private readonly sessions: SessionManager, private readonly password: PasswordCheck, private readonly logger: Logger) {
    this.wss.on("headers", (headers, req) => {
      headers.push(`${API_VERSION_HEADER[0]}: ${API_VERSION_HEADER[1]}`, `Session-Resumed: ${this.resumed.get(req) === true}`);
    });
  }

  private reject(socket: Duplex, status: number): void {
    socket.end(`HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? "Error"}\r\n${API_VERSION_HEADER[0]}: ${API_VERSION_HEADER[1]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  }

  /** Handles an HTTP upgrade request. Never throws. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => undefined);
    const url = requestUrl(req);
    if (!url) return this.reject(socket, 400);
    if (url.pathname !== "/v4/websocket") return this.reject(socket, 404);
    if (checkAuthorization(req.headers.authorization, this.password) !== 0) return this.reject(socket, 401);
    const userId = String(req.headers["user-id"] ?? "");
    if (userId === "" || userId === "0") return this.reject(socket, 400);
    const clientName = String(req.headers["client-name"] ?? "");
    const wanted = req.headers["session-id"];
    let ticket: ResumeTicket | undefined;
    if (typeof wanted === "string" && wanted !== "") {
      ticket = await this.sessions.tryResume(wanted, this.lifetime.signal).catch((err: unknown) => {
        this.logger.warn("session resume failed; opening a new session", { err: (err as Error).message });
        return undefined;
      });
    }
    if (this.lifetime.signal.aborted) return this.reject(socket, 503);
    this.resumed.set(req, ticket !== undefined);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.accept(ws, userId, clientName, ticket));
  }

  private async accept(ws: WebSocket, userId: string, clientName: string, ticket: ResumeTicket | undefined): Promise<void> {
    this.sockets.add(ws);
    ws.on("error", () => undefined);
    ws.on("message", () => undefined);
    let session: VirtualSession | undefined;
    let onClosed: (() => void) | undefined;
    const done = new Promise<void>((resolve) => (onClosed = resolve));
    const closed = new Promise<void>((resolve) => ws.once("close", (code) => {
      this.logger.debug("lavalink socket closed", { code });
      resolve();
    }));
    this.closing.add(done);
    try {
      // Lavalink parses User-Id as a long when creating the session: a non-number closes with 1011.
      if (!/^-?\d{1,19}$/.test(userId)) {
        ws.close(1011, "Invalid User-Id");
        return;
      }
      session = ticket ? await this.sessions.attachResumed(ticket, ws) : await this.sessions.openNew(ws, userId, clientName);
      this.logger.debug("lavalink session open", { sessionId: session.sessionId, resumed: ticket !== undefined, clientName });
      await closed;
      await this.sessions.onSocketClose(session, ws);
    } catch (err) {
      this.logger.warn("lavalink session failed", { err: (err as Error).message });
      if (ws.readyState === ws.OPEN) ws.close(1011, "Internal error");
    } finally {
      this.sockets.delete(ws);
      onClosed!();
      this.closing.delete(done);
    }
  }

  /** Closes every socket with 1001 (going away) and waits until each session is paused or destroyed. */
  async close(): Promise<void> {
    this.lifetime.abort();
    for (const ws of this.sockets) ws.close(1001, "Server shutting down");
    const pending = [...this.closing];
    const deadline = new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      void Promise.allSettled(pending).then(() => {
        clearTimeout(t);
        resolve();
      });
    });
    await deadline;
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
