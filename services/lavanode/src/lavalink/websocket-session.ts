/**
 * `LavalinkSession`: the lifecycle of one Lavalink v4 WebSocket session. Connects (or resumes a known
 * session id), enables resuming over REST, keeps the socket alive with ping/pong, reconnects with
 * exponential backoff + jitter sending `Session-Id`, and reports `lost` once the session cannot be resumed:
 * at once when the reconnect is refused (Lavalink is gone), else when the resume window ends.
 */
import { EventEmitter } from "node:events";
import type WebSocket from "ws";
import { delay } from "../../../common/src/abort";
import { LavalinkUnavailableError } from "../../../common/src/lavalink-protocol/errors";
import { dispatchFrame, type SessionEmit } from "./frame-dispatch";
import { computeBackoffMs } from "./reconnect-backoff";
import { createLavalinkRest, type LavalinkRest } from "./rest-client";
import { startKeepalive } from "./websocket-keepalive";
import { isConnectionRefused, isFatalHandshakeError, openLavalinkSocket, type OpenedSocket } from "./websocket-handshake";
import { resolveSessionOptions, type LavalinkSessionOptions, type ResolvedSessionOptions } from "./websocket-session-options";
import type { LavalinkSessionEvents, LavalinkSessionState, SessionCounters, SessionLostReason } from "./websocket-session-events";
import type { ReadyMessage } from "../../../common/src/lavalink-protocol/message-types";

/**
 * One Lavalink WebSocket session with automatic resume. Emits the events of {@link LavalinkSessionEvents};
 * never emits `error` and never throws from a frame handler.
 */
export class LavalinkSession extends EventEmitter<LavalinkSessionEvents> {
  private readonly o: ResolvedSessionOptions;
  private readonly rest: LavalinkRest;
  private readonly ownsRest: boolean;
  private readonly lifetime = new AbortController();
  private currentState: LavalinkSessionState = "idle";
  private currentSessionId: string | null;
  private socket: WebSocket | null = null;
  private readonly stats: SessionCounters = { malformedFrames: 0, unknownMessages: 0, reconnects: 0, resumes: 0, lost: 0, listenerErrors: 0 };
  private loop: Promise<void> | null = null;
  private fatal: Error | null = null; // handshake rejection that ended the session before its first ready
  private readyCount = 0; // sessions established (new or resumed) since construction

  /** Creates an idle session; nothing happens until {@link start}. Option defaults: see {@link LavalinkSessionOptions}. */
  constructor(options: LavalinkSessionOptions) {
    super();
    this.o = resolveSessionOptions(options);
    this.ownsRest = options.rest === undefined;
    this.rest = options.rest ?? createLavalinkRest({ baseUrl: options.baseUrl, password: options.password, timeoutMs: this.o.enableResumeTimeoutMs });
    this.currentSessionId = options.resumeSessionId ?? null;
  }

  /** Current lifecycle state. */
  get state(): LavalinkSessionState { return this.currentState; }
  /** Lavalink session id in use (or being resumed); null before the first `ready` and after `lost`. */
  get sessionId(): string | null { return this.currentSessionId; }
  /** Inbound frames that were not valid JSON, were binary, or failed validation. */
  get malformedFrames(): number { return this.stats.malformedFrames; }
  /** Snapshot of all counters. */
  get counters(): Readonly<SessionCounters> { return { ...this.stats }; }

  /**
   * Connects (resuming `resumeSessionId` if given) and resolves with the first `ready` once resuming is
   * enabled. Keeps retrying with backoff until then; afterwards reconnects in the background.
   * @throws the signal's reason when `signal` aborts first (the session is then closed);
   *   LavalinkUnavailableError when the handshake is rejected with 400/401/403 or the session is closed.
   */
  start({ signal }: { signal?: AbortSignal } = {}): Promise<ReadyMessage> {
    if (this.currentState !== "idle") return Promise.reject(new Error(`LavalinkSession already started (${this.currentState})`));
    this.setState(this.currentSessionId ? "resuming" : "connecting");
    return new Promise<ReadyMessage>((resolve, reject) => {
      const cleanup = (): void => {
        signal?.removeEventListener("abort", onAbort);
        this.off("ready", onReady);
        this.off("stateChange", onState);
      };
      const onReady = (ready: ReadyMessage): void => { cleanup(); resolve(ready); };
      const onAbort = (): void => { cleanup(); reject(signal?.reason); void this.close(); };
      const onState = ({ to }: { to: LavalinkSessionState }): void => {
        if (to === "closed") { cleanup(); reject(this.fatal ?? new LavalinkUnavailableError("websocket session", "closed before ready")); }
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.on("ready", onReady);
      this.on("stateChange", onState);
      this.loop = this.run();
    });
  }

  /**
   * Stops reconnecting and closes the socket (1000). Lavalink then keeps the session paused for its resume
   * timeout (a successor can resume it); `destroySession` disables resuming first. Never throws.
   */
  async close({ destroySession = false }: { destroySession?: boolean } = {}): Promise<void> {
    if (this.currentState === "closed") return;
    if (destroySession && this.currentSessionId && this.currentState === "ready") {
      await this.rest.updateSession(this.currentSessionId, { resuming: false }, { timeoutMs: this.o.enableResumeTimeoutMs }).catch(() => undefined);
    }
    this.setState("closed");
    this.lifetime.abort(new LavalinkUnavailableError("websocket session", "closed"));
    const socket = this.socket;
    socket?.close(1000, "client closing");
    // A frozen peer never answers the close frame; do not wait for ws's 30 s close timeout.
    const kill = setTimeout(() => socket?.terminate(), this.o.closeTimeoutMs);
    try {
      await this.loop?.catch(() => undefined);
    } finally {
      clearTimeout(kill);
    }
    if (this.ownsRest) this.rest.close();
  }
  private setState(to: LavalinkSessionState): void {
    const from = this.currentState;
    if (from === to || from === "closed") return;
    this.currentState = to;
    this.safeEmit("stateChange", { from, to });
  }
  /** Connect / serve / reconnect loop; ends when the lifetime signal aborts. */
  private async run(): Promise<void> {
    const signal = this.lifetime.signal;
    let attempt = 0;
    let resumeDeadline = this.currentSessionId ? Date.now() + this.o.resumeWindowMs : 0;
    while (!signal.aborted) {
      try {
        const opened = await openLavalinkSocket({
          url: this.o.wsUrl, password: this.o.password, userId: this.o.userId, clientName: this.o.clientName,
          resumeSessionId: this.currentSessionId ?? undefined, timeoutMs: this.o.handshakeTimeoutMs, signal,
        });
        const closed = await this.serve(opened);
        if (signal.aborted) return;
        attempt = 0;
        this.safeEmit("disconnected", { code: closed.code, reason: closed.reason, sessionId: this.currentSessionId });
        this.setState("resuming");
        resumeDeadline = Date.now() + this.o.resumeWindowMs;
      } catch (err) {
        if (signal.aborted) return;
        if (isFatalHandshakeError(err) && this.readyCount === 0) {
          this.fatal = err as Error;
          this.safeEmit("connectError", err as Error);
          this.setState("closed");
          this.lifetime.abort(err);
          if (this.ownsRest) this.rest.close();
          return;
        }
        this.safeEmit("connectError", err instanceof Error ? err : new Error(String(err)));
        // A refused reconnect is definitive (the Lavalink process is gone with its sessions): waiting
        // out the resume window would only prolong the silence.
        if (this.currentSessionId && this.currentState === "resuming" && isConnectionRefused(err)) this.declareLost("lavalink-gone");
      }
      if (this.currentSessionId && this.currentState === "resuming" && Date.now() >= resumeDeadline) this.declareLost("resume-window-expired");
      let wait = computeBackoffMs(attempt++, this.o.backoff, this.o.random);
      if (this.currentState === "resuming") wait = Math.min(wait, Math.max(0, resumeDeadline - Date.now()));
      await delay(wait, { signal }).catch(() => undefined);
    }
  }

  private declareLost(reason: SessionLostReason): void {
    const sessionId = this.currentSessionId as string;
    this.currentSessionId = null;
    this.stats.lost++;
    this.setState("lost");
    this.safeEmit("lost", { sessionId, reason });
  }

  /** Enables resuming, announces `ready`, then processes frames until the socket closes. */
  private async serve(opened: OpenedSocket): Promise<{ code: number; reason: string }> {
    const { ws, ready } = opened;
    const wanted = this.currentSessionId;
    if (wanted && wanted !== ready.sessionId) this.declareLost("not-resumed");
    try {
      await this.rest.updateSession(ready.sessionId, { resuming: true, timeout: this.o.resumeTimeoutSec }, {
        timeoutMs: this.o.enableResumeTimeoutMs, signal: this.lifetime.signal,
      });
    } catch (err) {
      // A resumed session keeps its resuming flag, so it is still safe to use; a new one is not.
      if (!ready.resumed || this.lifetime.signal.aborted) {
        ws.terminate();
        throw err;
      }
      this.safeEmit("connectError", err as Error);
    }
    if (ready.resumed) this.stats.resumes++;
    if (this.readyCount++ > 0) this.stats.reconnects++;
    this.currentSessionId = ready.sessionId;
    this.socket = ws;
    this.setState("ready");
    this.safeEmit("ready", ready);
    return new Promise((resolve) => {
      const keepalive = startKeepalive(ws, this.o.pingIntervalMs, this.o.pongTimeoutMs);
      opened.attach({
        onActivity: () => keepalive.touch(),
        onFrame: (text) => dispatchFrame(text, this.safeEmit, this.stats, this.o.onDeviation),
        onClose: (code, reason) => {
          keepalive.stop();
          if (this.socket === ws) this.socket = null;
          resolve({ code, reason });
        },
      });
    });
  }

  /** Emits without letting a throwing listener break the protocol machinery; the error goes to `listenerError`. */
  private readonly safeEmit: SessionEmit = (event, ...args) => {
    try {
      (this.emit as (e: typeof event, ...a: typeof args) => boolean)(event, ...args);
    } catch (error) {
      this.stats.listenerErrors++;
      if (event !== "listenerError") this.safeEmit("listenerError", { event, error });
    }
  };
}
