/**
 * One virtual Lavalink session held by this Router: the WebSocket while OPEN, or the queue of
 * frames while PAUSED (events and stats are appended to the registry so any Router can replay them;
 * playerUpdates are dropped, as Lavalink does). Stats frames go out at once and then every
 * `statsIntervalMs`, in both states.
 */
import type { WebSocket } from "ws";
import type { Logger } from "../../../common/src/logger";
import type { LavalinkSessionStore } from "../../../common/src/registry/lavalink-session-store";
import type { Frame } from "./lavalink-frames";

/** What a session needs from its manager. */
export interface VirtualSessionDeps {
  store: LavalinkSessionStore;
  logger: Logger;
  /** A fresh `stats` frame. */
  statsFrame(): string;
  statsIntervalMs: number;
  /** Bound of the paused queue (oldest dropped). */
  maxQueuedFrames: number;
}

/** A session this Router serves (open) or queues for (paused). */
export class VirtualSession {
  state: "open" | "paused" = "paused";
  socket: WebSocket | undefined;
  /** True once this Router saw the session's socket close (until a resume attaches a new one). */
  pausedLocally = false;
  /** Live frames held back while the replay of a resume is being sent. */
  private held: string[] | undefined;
  private appends: Promise<void> = Promise.resolve();
  private readonly statsTimer: NodeJS.Timeout;

  constructor(readonly sessionId: string, private readonly d: VirtualSessionDeps) {
    this.statsTimer = setInterval(() => this.send({ text: d.statsFrame(), playerUpdate: false }), d.statsIntervalMs);
  }

  /** Attaches a socket; with `holdLive`, live frames wait until `release` (resume replay first). */
  attach(socket: WebSocket, holdLive: boolean): void {
    this.socket = socket;
    this.state = "open";
    this.pausedLocally = false;
    this.held = holdLive ? [] : undefined;
  }

  /** Sends a frame now (open), or queues it (paused; playerUpdates are dropped). */
  send(frame: Frame): void {
    if (this.state === "open") {
      if (this.held) this.held.push(frame.text);
      else this.write(frame.text);
      return;
    }
    if (frame.playerUpdate) return;
    this.appends = this.appends
      .then(() => this.d.store.appendFrames(this.sessionId, [frame.text], this.d.maxQueuedFrames))
      .catch((err: unknown) => this.d.logger.warn("could not queue a frame of a paused session", { sessionId: this.sessionId, err: (err as Error).message }));
  }

  /** Writes directly to the socket, bypassing the hold (the resume replay itself). */
  write(text: string): void {
    const ws = this.socket;
    if (ws && ws.readyState === ws.OPEN) ws.send(text);
  }

  /** Sends the frames held during the replay, then sends live. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const text of held) this.write(text);
  }

  /** The socket closed: from now on frames are queued. */
  pause(): void {
    this.state = "paused";
    this.pausedLocally = true;
    this.socket = undefined;
    this.held = undefined;
  }

  /** Resolves when every queued frame has reached the registry. */
  flushed(): Promise<void> {
    return this.appends;
  }

  /** Stops the stats timer. */
  dispose(): void {
    clearInterval(this.statsTimer);
  }
}
