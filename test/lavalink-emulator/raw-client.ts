import { WebSocket } from "ws";
import { waitFor } from "./wait-for";

/** A received WS frame (any op). */
export type Frame = Record<string, any>;

/** Result of a REST call made by tests. */
export interface RestResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Performs a REST call against an emulator (JSON body when given). */
export async function rest(baseUrl: string, method: string, path: string, opts: { body?: unknown; password?: string | null; headers?: Record<string, string>; rawBody?: string } = {}): Promise<RestResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.password !== null) headers.Authorization = opts.password ?? "youshallnotpass";
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * A minimal Lavalink WS client for protocol tests: records every frame and the upgrade response headers.
 */
export class RawClient {
  readonly frames: Frame[] = [];
  upgradeHeaders: Record<string, string | string[] | undefined> = {};
  closeCode: number | null = null;
  sessionId = "";

  private constructor(readonly ws: WebSocket, readonly baseUrl: string) {}

  /** Connects and waits for `ready`. Rejects when the handshake fails. */
  static async connect(baseUrl: string, opts: { password?: string; userId?: string; sessionId?: string; clientName?: string } = {}): Promise<RawClient> {
    const headers: Record<string, string> = { Authorization: opts.password ?? "youshallnotpass", "User-Id": opts.userId ?? "123456789012345678" };
    if (opts.clientName !== undefined) headers["Client-Name"] = opts.clientName;
    if (opts.sessionId !== undefined) headers["Session-Id"] = opts.sessionId;
    const ws = new WebSocket(baseUrl.replace(/^http/, "ws") + "/v4/websocket", { headers });
    const client = new RawClient(ws, baseUrl);
    ws.on("upgrade", (res) => (client.upgradeHeaders = res.headers));
    ws.on("message", (data) => client.frames.push(JSON.parse(data.toString())));
    ws.on("close", (code) => (client.closeCode = code));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`handshake status ${res.statusCode}`)));
    });
    const ready = await client.waitFrame((f) => f.op === "ready");
    client.sessionId = ready.sessionId;
    return client;
  }

  /** Waits for a frame (received at or after index `from`) matching `pred`. */
  waitFrame(pred: (f: Frame) => boolean, opts: { timeoutMs?: number; from?: number } = {}): Promise<Frame> {
    return waitFor(() => this.frames.slice(opts.from ?? 0).find(pred), { timeoutMs: opts.timeoutMs ?? 5000, description: "frame" });
  }

  /** Events (op `event`) received so far, optionally from index `from`. */
  events(from = 0): Frame[] {
    return this.frames.slice(from).filter((f) => f.op === "event");
  }

  /** REST call on this client's session base. */
  rest(method: string, path: string, body?: unknown): Promise<RestResult> {
    return rest(this.baseUrl, method, path.replace("{sid}", this.sessionId), { body });
  }

  /** Closes the socket and waits for the close. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.ws.once("close", resolve));
    this.ws.terminate();
    await closed;
  }
}
