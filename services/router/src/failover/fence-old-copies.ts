/**
 * Fencing a dead node's copies at their source. A node declared dead by lease may only have lost its
 * Lavanode (kill -9, SIGSTOP, a partition between Lavanode and registry) while its Lavalink keeps
 * playing every guild. Whoever re-places such a player also destroys the old copy at the old
 * Lavalink, with the URL, session id and password from the dead node's record, so the guild plays
 * on one server again as soon as the new copy starts:
 * - the session is still open (the Lavanode is frozen, its socket alive): REST
 *   `DELETE /v4/sessions/{sessionId}/players/{guildId}` per player;
 * - the session is paused (the Lavanode's socket closed, Lavalink keeps the players for the resume
 *   timeout and answers REST with 404): resume it over a WebSocket (`Session-Id`), disable resuming
 *   and close, so Lavalink destroys the session with every player in it.
 * Best effort and bounded: a Lavalink that is gone or unreachable answers nothing, and then either
 * its players died with it or its Lavanode fences them itself when it returns. A refused
 * connection (nothing listens: the Lavalink process is gone) skips the per-player deletes, which
 * would only be refused one by one.
 */
import WebSocket from "ws";
import type { NodeRecord } from "../../../common/src/registry/types";

/** Default bound on one fencing call, in ms: a frozen Lavalink must not delay the failover for long. */
export const FENCE_TIMEOUT_MS = 1000;

/** Outcome of fencing one copy. */
export type FenceOutcome = "destroyed" | "absent" | "unreachable" | "skipped";

/**
 * Destroys `guildId`'s player in the Lavalink session recorded in `node` (the old owner).
 * Resolves "skipped" when the record has no session or password, "absent" on 404 (already gone),
 * "unreachable" on any other failure or after `timeoutMs`. Never throws; never reports the password.
 */
export async function fenceOldCopy(node: NodeRecord, guildId: string, { signal, timeoutMs = FENCE_TIMEOUT_MS }: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<FenceOutcome> {
  if (!node.sessionId || node.lavalinkPassword === undefined || !/^\d{1,20}$/.test(guildId)) return "skipped";
  const base = node.lavalinkUrl.replace(/\/+$/, "");
  const url = `${base}/v4/sessions/${encodeURIComponent(node.sessionId)}/players/${guildId}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method: "DELETE",
      headers: { Authorization: node.lavalinkPassword },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 204 || res.status === 200) return "destroyed";
    return res.status === 404 ? "absent" : "unreachable";
  } catch {
    return "unreachable";
  }
}

/**
 * Outcome of ending a dead node's session: "ended" (resumed and ended), "refused" (the connection
 * was refused: no Lavalink listens there, so none of its copies plays), "not-resumable" (open
 * elsewhere, expired, no session recorded, or no answer within the timeout).
 */
export type SessionFenceOutcome = "ended" | "refused" | "not-resumable";

/**
 * Ends the paused Lavalink session recorded in `node`: resumes it, disables resuming, closes the
 * socket (Lavalink then destroys the session and its players). A fresh session opened by the
 * attempt is closed at once. Never throws.
 */
export async function fenceOldSession(node: NodeRecord, { timeoutMs = FENCE_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<SessionFenceOutcome> {
  if (!node.sessionId || node.lavalinkPassword === undefined) return "not-resumable";
  const base = new URL(node.lavalinkUrl);
  const wsUrl = `${base.protocol === "https:" ? "wss:" : "ws:"}//${base.host}${base.pathname.replace(/\/+$/, "")}/v4/websocket`;
  const ws = new WebSocket(wsUrl, {
    headers: { Authorization: node.lavalinkPassword, "User-Id": node.userId, "Client-Name": "Pyro-fence", "Session-Id": node.sessionId },
    handshakeTimeout: timeoutMs, perMessageDeflate: false,
  });
  let refused = false;
  ws.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "ECONNREFUSED") refused = true;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const ready = await new Promise<{ resumed: boolean; sessionId: string } | undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
      ws.once("close", () => resolve(undefined));
      ws.on("message", (data: WebSocket.RawData) => {
        try {
          const m = JSON.parse(data.toString()) as { op?: string; resumed?: unknown; sessionId?: unknown };
          if (m.op === "ready" && typeof m.sessionId === "string") resolve({ resumed: m.resumed === true, sessionId: m.sessionId });
        } catch {
          // not a frame of interest
        }
      });
    });
    if (!ready?.resumed) return refused ? "refused" : "not-resumable";
    const res = await fetch(`${base.origin}${base.pathname.replace(/\/+$/, "")}/v4/sessions/${encodeURIComponent(ready.sessionId)}`, {
      method: "PATCH", headers: { Authorization: node.lavalinkPassword, "content-type": "application/json" },
      body: JSON.stringify({ resuming: false }), signal: AbortSignal.timeout(timeoutMs),
    }).catch(() => undefined);
    await res?.body?.cancel().catch(() => undefined);
    return "ended";
  } finally {
    clearTimeout(timer);
    ws.close(1000, "fenced");
    setTimeout(() => ws.terminate(), timeoutMs).unref();
  }
}
