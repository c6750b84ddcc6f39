/**
 * Opens one Lavalink v4 WebSocket and waits for its `ready` frame. Frames that arrive before `ready`
 * (a `stats` frame may) or before the owner attaches its handlers are buffered, in order, together with
 * a close that happens in between, so nothing is lost between the handshake and the session taking over.
 */
import WebSocket from "ws";
import { LavalinkProtocolError, LavalinkTimeoutError, LavalinkUnavailableError } from "../../../common/src/lavalink-protocol/errors";
import { parseMessage } from "../../../common/src/lavalink-protocol/validate-message";
import type { ReadyMessage } from "../../../common/src/lavalink-protocol/message-types";

/** Options of {@link openLavalinkSocket}. */
export interface HandshakeOptions {
  /** WebSocket URL, e.g. `ws://127.0.0.1:2333/v4/websocket`. */
  url: string;
  password: string;
  userId: string;
  clientName: string;
  /** Session id to resume (`Session-Id` header); omitted for a new session. */
  resumeSessionId?: string;
  /** Bound on connect + upgrade + `ready`, in ms. */
  timeoutMs: number;
  signal: AbortSignal;
}

/** Handlers the owner attaches once it is ready to process frames. */
export interface SocketHandlers {
  /** One inbound frame: text, or `null` for a binary frame (never sent by Lavalink). */
  onFrame(text: string | null): void;
  onClose(code: number, reason: string): void;
  /** Any inbound data (frame or pong): used for liveness. */
  onActivity(): void;
}

/** An open socket whose session sent `ready`. */
export interface OpenedSocket {
  ws: WebSocket;
  ready: ReadyMessage;
  /** Installs the handlers, first replaying buffered frames (and a buffered close) in arrival order. */
  attach(handlers: SocketHandlers): void;
}

/** True when a handshake failure will not go away by retrying (bad password, bad user id). */
export function isFatalHandshakeError(err: unknown): boolean {
  return err instanceof LavalinkUnavailableError && /HTTP (400|401|403)\b/.test(err.message);
}

/**
 * True when the TCP connection was refused: nothing listens on Lavalink's port, so the Lavalink process
 * (and every session it held in memory) is gone. A timeout or a silent socket is ambiguous; this is not.
 */
export function isConnectionRefused(err: unknown): boolean {
  if (!(err instanceof LavalinkUnavailableError)) return false;
  const cause = err.cause as (NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) | undefined;
  // A host name with several addresses fails with an AggregateError, one error per address.
  const causes = cause?.errors ?? (cause ? [cause] : []);
  return causes.length > 0 && causes.every((c) => c.code === "ECONNREFUSED");
}

/**
 * Connects and resolves on the `ready` frame.
 * @throws LavalinkTimeoutError after `timeoutMs`; LavalinkUnavailableError when the connection or upgrade
 *   fails (message carries `HTTP <status>` for a rejected upgrade); LavalinkProtocolError when the first
 *   known frame is a malformed `ready`; `signal.reason` when aborted.
 */
export function openLavalinkSocket(o: HandshakeOptions): Promise<OpenedSocket> {
  const headers: Record<string, string> = { Authorization: o.password, "User-Id": o.userId, "Client-Name": o.clientName };
  if (o.resumeSessionId) headers["Session-Id"] = o.resumeSessionId;
  const ws = new WebSocket(o.url, { headers, perMessageDeflate: false, handshakeTimeout: o.timeoutMs });
  const buffered: Array<{ text: string | null } | { close: [number, string] }> = [];
  let handlers: SocketHandlers | null = null;

  return new Promise<OpenedSocket>((resolve, reject) => {
    let ready: ReadyMessage | null = null;
    let done = false;
    const finish = (err: unknown, value?: OpenedSocket): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal.removeEventListener("abort", onAbort);
      if (err !== undefined) {
        ws.removeAllListeners();
        ws.on("error", () => undefined);
        ws.terminate();
        reject(err);
      } else resolve(value as OpenedSocket);
    };
    const onAbort = (): void => finish(o.signal.reason);
    const timer = setTimeout(() => finish(new LavalinkTimeoutError("websocket ready", o.timeoutMs)), o.timeoutMs);
    if (o.signal.aborted) return finish(o.signal.reason);
    o.signal.addEventListener("abort", onAbort, { once: true });

    ws.on("error", (err: Error) => {
      const status = /Unexpected server response: (\d+)/.exec(err.message)?.[1];
      finish(new LavalinkUnavailableError("websocket connect", status ? `HTTP ${status}` : err.message, { cause: err }));
    });
    ws.on("pong", () => handlers?.onActivity());
    ws.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
      const text = isBinary ? null : data.toString();
      if (handlers) {
        handlers.onActivity();
        return handlers.onFrame(text);
      }
      if (!ready && text !== null && text.includes('"ready"')) {
        try {
          const msg = parseMessage(text);
          if (msg.op === "ready") {
            ready = msg;
            return finish(undefined, { ws, ready: msg, attach });
          }
        } catch (err) {
          if (err instanceof LavalinkProtocolError && err.path.startsWith("ready")) return finish(err);
        }
      }
      buffered.push({ text });
    });
    ws.on("close", (code: number, reason: Buffer) => {
      if (handlers) return handlers.onClose(code, reason.toString());
      if (!ready) return finish(new LavalinkUnavailableError("websocket connect", `closed with ${code} before ready`));
      buffered.push({ close: [code, reason.toString()] });
    });
  });

  function attach(h: SocketHandlers): void {
    handlers = h;
    for (const item of buffered.splice(0)) {
      if ("close" in item) h.onClose(...item.close);
      else h.onFrame(item.text);
    }
  }
}
