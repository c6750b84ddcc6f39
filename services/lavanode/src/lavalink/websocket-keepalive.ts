import type WebSocket from "ws";

/** Handle returned by {@link startKeepalive}. */
export interface Keepalive {
  /** Records inbound activity (any frame or pong). */
  touch(): void;
  /** Stops pinging; idempotent. */
  stop(): void;
}

/**
 * Pings `ws` every `intervalMs`; when nothing (pong or frame) has arrived for `intervalMs + timeoutMs`, the
 * socket is terminated, which surfaces as a close (code 1006) so the owner can resume. Detects a peer that
 * hangs without closing TCP (frozen process, dead network path).
 */
export function startKeepalive(ws: WebSocket, intervalMs: number, timeoutMs: number): Keepalive {
  let lastActivity = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - lastActivity > intervalMs + timeoutMs) {
      clearInterval(timer);
      ws.terminate();
      return;
    }
    if (ws.readyState === ws.OPEN) ws.ping();
  }, intervalMs);
  return {
    touch: () => { lastActivity = Date.now(); },
    stop: () => clearInterval(timer),
  };
}
