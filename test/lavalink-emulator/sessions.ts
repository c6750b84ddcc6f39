import { randomInt } from "node:crypto";
import { LavalinkSession, SessionEnv } from "./session";

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * All sessions of one emulator. Live (OPEN) sessions are visible to REST; PAUSED ones are kept apart
 * (REST answers 404 for them) until resumed or their timeout fires.
 */
export class SessionRegistry {
  private readonly live = new Map<string, LavalinkSession>();
  private readonly paused = new Map<string, LavalinkSession>();

  constructor(private readonly env: SessionEnv, private readonly onResumed: () => void) {}

  /** Creates a new OPEN session with a fresh 16-char `[a-z0-9]` id. */
  create(userId: string, clientName: string | null): LavalinkSession {
    let id: string;
    do {
      id = Array.from({ length: 16 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
    } while (this.live.has(id) || this.paused.has(id));
    const session = new LavalinkSession(id, userId, clientName, this.env);
    this.live.set(id, session);
    return session;
  }

  /** An OPEN session by id (what REST may see). */
  getLive(id: string): LavalinkSession | undefined {
    return this.live.get(id);
  }

  /** An OPEN or PAUSED session by id. */
  getAny(id: string): LavalinkSession | undefined {
    return this.live.get(id) ?? this.paused.get(id);
  }

  /** Takes a PAUSED session out of the paused set for resuming (cancels its timeout); undefined if none. */
  takeForResume(id: string): LavalinkSession | undefined {
    const session = this.paused.get(id);
    if (!session) return undefined;
    this.paused.delete(id);
    if (session.resumeTimer) clearTimeout(session.resumeTimer);
    session.resumeTimer = null;
    this.live.set(id, session);
    this.onResumed();
    return session;
  }

  /**
   * Handles the socket of an OPEN session closing: PAUSED with a timeout when resuming is enabled,
   * otherwise destroyed (players destroyed, nothing sent).
   */
  socketClosed(session: LavalinkSession): void {
    if (session.state !== "open" || this.live.get(session.id) !== session) return;
    this.live.delete(session.id);
    if (!session.resuming) {
      session.destroy();
      return;
    }
    session.pause();
    this.paused.set(session.id, session);
    const timeoutMs = Math.max(0, session.timeoutSeconds) * 1000;
    const expire = (): void => {
      if (this.paused.get(session.id) !== session) return;
      this.paused.delete(session.id);
      session.destroy();
    };
    if (timeoutMs === 0) {
      expire();
    } else {
      // Node timers overflow above 2^31-1 ms; longer timeouts are effectively "never" in tests.
      session.resumeTimer = setTimeout(expire, Math.min(timeoutMs, 2 ** 31 - 1));
      session.resumeTimer.unref();
    }
  }

  /** Every OPEN and PAUSED session. */
  all(): LavalinkSession[] {
    return [...this.live.values(), ...this.paused.values()];
  }

  /** Destroys every session (used by kill and close). */
  destroyAll(): void {
    for (const session of this.all()) session.destroy();
    this.live.clear();
    this.paused.clear();
  }
}
