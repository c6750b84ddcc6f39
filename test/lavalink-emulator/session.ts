import type { WebSocket } from "ws";
import { JsonObject, stringifyJson } from "./json";
import { EmulatorPlayer, PlayerEnv } from "./player";

/** Lifecycle of a Lavalink WebSocket session (protocol reference 1.3). */
export type SessionState = "open" | "paused" | "destroyed";

/** Everything a session needs from the emulator to build players. */
export type SessionEnv = Omit<PlayerEnv, "sendEvent" | "sendPlayerUpdate"> & {
  onPlayerCreated(): void;
  onPlayerDestroyed(): void;
};

/** A read-only summary of a session for tests and the control API. */
export interface SessionSnapshot {
  sessionId: string;
  userId: string;
  clientName: string | null;
  state: SessionState;
  resuming: boolean;
  timeoutSeconds: number;
  players: number;
  queuedFrames: number;
}

/**
 * One Lavalink session: its socket, players, resume settings and the queue of frames kept while PAUSED.
 * Frames are serialised once when produced; while paused, `event` and `stats` frames are queued and
 * `playerUpdate` frames dropped; replay on resume is byte-for-byte.
 */
export class LavalinkSession {
  state: SessionState = "open";
  resuming = false;
  timeoutSeconds = 60;
  readonly players = new Map<string, EmulatorPlayer>();
  /** Wall time at which the next periodic stats frame is due. */
  nextStatsAtMs = 0;
  resumeTimer: NodeJS.Timeout | null = null;
  private socket: WebSocket | null = null;
  private queue: string[] = [];
  private readonly playerEnv: PlayerEnv;

  constructor(readonly id: string, readonly userId: string, readonly clientName: string | null, private readonly env: SessionEnv) {
    this.playerEnv = {
      ...env,
      sendEvent: (frame) => this.send(frame),
      sendPlayerUpdate: (guildId, state) => this.send({ op: "playerUpdate", guildId, state }, true),
    };
  }

  /** The attached socket (null while paused or destroyed). */
  get ws(): WebSocket | null {
    return this.socket;
  }

  /** Sends (or queues while paused) a frame. `droppable` frames (playerUpdate) are dropped while paused. */
  send(frame: JsonObject, droppable = false): void {
    if (this.state === "destroyed") return;
    if (this.state === "paused") {
      if (!droppable) this.queue.push(stringifyJson(frame));
      return;
    }
    this.write(stringifyJson(frame));
  }

  /**
   * Writes `data` on the attached socket exactly as given, bypassing validation and the pause queue: a
   * string as a text frame, bytes as a binary frame (fault injection). False when no socket is OPEN.
   */
  sendRaw(data: string | Uint8Array): boolean {
    const ws = this.socket;
    if (this.state !== "open" || !ws || ws.readyState !== 1) return false;
    ws.send(data, { binary: typeof data !== "string" });
    return true;
  }

  private write(text: string): void {
    const ws = this.socket;
    if (ws && ws.readyState === 1) ws.send(text);
  }

  /**
   * Attaches a socket. Sends `ready`; on resume replays the queued frames in order and then one
   * playerUpdate per player.
   */
  attach(ws: WebSocket, resumed: boolean): void {
    this.socket = ws;
    this.state = "open";
    this.write(stringifyJson({ op: "ready", resumed, sessionId: this.id }));
    if (!resumed) return;
    const queued = this.queue;
    this.queue = [];
    for (const text of queued) this.write(text);
    for (const player of this.players.values()) player.sendUpdate();
  }

  /** Detaches the socket and enters PAUSED (queueing starts). */
  pause(): void {
    this.socket = null;
    this.state = "paused";
  }

  /** Returns the player for a guild, creating it when `create` is set. */
  player(guildId: string, create: boolean): EmulatorPlayer | undefined {
    let player = this.players.get(guildId);
    if (!player && create) {
      player = new EmulatorPlayer(guildId, this.playerEnv);
      this.players.set(guildId, player);
      this.env.onPlayerCreated();
    }
    return player;
  }

  /** Destroys one player (TrackEndEvent stopped, voice close) and removes it. No-op when absent. */
  destroyPlayer(guildId: string): void {
    const player = this.players.get(guildId);
    if (!player) return;
    this.players.delete(guildId);
    player.destroy();
    this.env.onPlayerDestroyed();
  }

  /** Destroys the session and every player. Nothing is sent. */
  destroy(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
    this.state = "destroyed";
    this.queue = [];
    for (const guildId of [...this.players.keys()]) this.destroyPlayer(guildId);
    this.socket = null;
  }

  /** A read-only summary. */
  snapshot(): SessionSnapshot {
    return {
      sessionId: this.id, userId: this.userId, clientName: this.clientName, state: this.state,
      resuming: this.resuming, timeoutSeconds: this.timeoutSeconds, players: this.players.size, queuedFrames: this.queue.length,
    };
  }
}
