/**
 * Background upkeep of virtual Lavalink sessions, run by every Router: heartbeats for the sessions
 * this Router holds, and a sweep over all records that destroys expired sessions (their players
 * too) and adopts, as PAUSED, resumable sessions whose Router died. Exactly one Router wins each
 * action through the registry's compare-and-set.
 */
import { delay } from "../../../common/src/abort";
import type { Logger } from "../../../common/src/logger";
import type { SessionManager } from "./session-manager";

/** Runs heartbeat + sweep every `timings.heartbeatMs` until `signal` aborts. */
export async function runSessionUpkeep(m: SessionManager, signal: AbortSignal, logger: Logger): Promise<void> {
  const store = m.store;
  while (!signal.aborted) {
    await delay(m.timings.heartbeatMs, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    try {
      const now = Date.now();
      for (const id of [...m.local.keys()]) {
        const ok = await store.update(id, { heartbeatAt: now }, { routerId: m.routerId });
        // Another Router took the session over (or it is gone): stop holding it.
        if (!ok) {
          m.local.get(id)?.dispose();
          m.local.delete(id);
        }
      }
      for (const rec of await store.list({ signal })) {
        const since = rec.state === "paused" ? rec.pausedAt ?? rec.heartbeatAt : rec.heartbeatAt;
        const expired = !rec.resuming || now >= since + rec.timeoutSeconds * 1000;
        const stale = now - rec.heartbeatAt > m.timings.staleMs;
        if (rec.state === "paused" && now >= since + rec.timeoutSeconds * 1000) await m.destroy(rec.sessionId);
        else if (stale && (rec.routerId !== m.routerId || !m.local.has(rec.sessionId))) await (expired ? m.destroy(rec.sessionId) : m.adopt(rec, since));
      }
    } catch (err) {
      if (!signal.aborted) logger.warn("lavalink session upkeep failed", { err: (err as Error).message });
    }
  }
}
