import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { EmulatorContext } from "./context";
import { errorBody, reasonPhrase } from "./errors";
import { stringifyJson } from "./json";
import { LavalinkSession } from "./session";

function rawResponse(socket: Duplex, status: number, body = "", contentType?: string): void {
  const head = [`HTTP/1.1 ${status} ${reasonPhrase(status)}`, "Lavalink-Api-Version: 4", `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"];
  if (contentType) head.push(`Content-Type: ${contentType}`);
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The `/v4/websocket` endpoint: handshake checks (401 bad Authorization, 400 missing/empty/`0` User-Id),
 * resume via `Session-Id`, response headers `Session-Resumed` and `Lavalink-Api-Version`, `ready` then an
 * immediate `stats` (via `startStats`, which also schedules the periodic ones). Client messages are ignored; pings are answered by `ws`.
 */
export class WebSocketGateway {
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: true, perMessageDeflate: false });
  private readonly resumedByRequest = new WeakMap<IncomingMessage, boolean>();

  constructor(private readonly ctx: EmulatorContext, private readonly startStats: (session: LavalinkSession) => void) {
    this.wss.on("headers", (headers, req) => {
      headers.push("Lavalink-Api-Version: 4", `Session-Resumed: ${this.resumedByRequest.get(req) === true}`);
    });
  }

  /** Handles an HTTP upgrade request. Never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const path = (req.url ?? "/").split("?")[0];
    const auth = header(req, "authorization");
    if (path !== "/v4/websocket") {
      if (auth === undefined) return rawResponse(socket, 401);
      if (auth !== this.ctx.password) return rawResponse(socket, 403);
      if (path === "/" || path === "/v3/websocket") return rawResponse(socket, 200);
      const body = stringifyJson(errorBody(404, `No static resource ${path.slice(1)}.`, path, new URLSearchParams()));
      return rawResponse(socket, 404, body, "application/json");
    }
    if (auth !== this.ctx.password) return rawResponse(socket, 401);
    const userId = header(req, "user-id");
    if (userId === undefined || userId.trim() === "" || userId.trim() === "0") return rawResponse(socket, 400);
    const clientName = header(req, "client-name") ?? null;
    const resumeId = header(req, "session-id");
    const resumable = resumeId !== undefined ? this.ctx.sessions.takeForResume(resumeId) : undefined;
    this.resumedByRequest.set(req, resumable !== undefined);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.ctx.counters.wsConnections++;
      if (!resumable && !/^-?\d{1,19}$/.test(userId.trim())) {
        // Lavalink parses User-Id as a Long only when creating the session: the socket closes with 1011.
        ws.close(1011, "Invalid User-Id");
        return;
      }
      const session = resumable ?? this.ctx.sessions.create(userId.trim(), clientName);
      if (!resumable) this.ctx.counters.sessionsCreated++;
      ws.on("error", () => ws.terminate());
      ws.on("close", () => {
        if (session.ws === ws) this.ctx.sessions.socketClosed(session);
      });
      // Client → server messages are not part of v4: ignored without reply.
      ws.on("message", () => undefined);
      session.attach(ws, resumable !== undefined);
      if (!resumable) this.startStats(session);
    });
  }

  /** Every connected socket. */
  sockets(): WebSocket[] {
    return [...this.wss.clients];
  }

  /** Pauses or resumes reading on every socket (freeze). */
  setReading(reading: boolean): void {
    for (const ws of this.wss.clients) (reading ? ws.resume() : ws.pause());
  }

  /** Drops every socket abruptly (clients see 1006); sessions go PAUSED or are destroyed. */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Closes every socket with `code` (1001 on shutdown). */
  closeAll(code: number, reason: string): void {
    for (const ws of this.wss.clients) ws.close(code, reason);
  }
}
