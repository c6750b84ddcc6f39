/**
 * The virtual Lavalink sessions of this Router. Records live in the registry
 * (`registry.lavalinkSessions`), so a session survives its Router: any replica can resume it (within
 * its timeout), queue its frames while it is paused, or destroy its players when it expires.
 * Guild ownership (which session a guild's events go to) is shared over the registry bus.
 */
import { delay } from "../../../common/src/abort";
import type { WebSocket } from "ws";
import type { Logger } from "../../../common/src/logger";
import type { LavalinkSessionRecord } from "../../../common/src/registry/lavalink-session-store";
import type { JsonValue } from "../../../common/src/registry/types";
import type { Subscription } from "../../../common/src/registry/registry";
import { statsMessageFromProto } from "../../../common/src/mapping/stats";
import { playerStateFromProto } from "../../../common/src/mapping/player";
import { DestroyReason } from "../../../../gen/ts/pyro/router/v1/event";
import type { RouterContext } from "../rpc/router-context";
import { clusterStats } from "./cluster-stats";
import { GuildEventFilter } from "./guild-event-filter";
import { frameOf, readyFrame } from "./lavalink-frames";
import { sessionNotFound } from "./lavalink-http-error";
import { newSessionId } from "./session-id";
import { VirtualSession } from "./virtual-session";

/** Registry bus channel of guild claims and session hand-overs between Routers. */
export const COMPAT_CHANNEL = "lavalink-compat";

/** Timing of the session machinery, in ms. */
export interface SessionTimings {
  /** Interval of `stats` frames; Lavalink: 60000. */
  statsIntervalMs: number;
  /** Heartbeat of the sessions this Router holds. */
  heartbeatMs: number;
  /** A session whose heartbeat is older than this lost its Router. */
  staleMs: number;
}

/** Default timings: Lavalink's stats interval, 1 s heartbeats, 5 s staleness. */
export const DEFAULT_TIMINGS: SessionTimings = { statsIntervalMs: 60000, heartbeatMs: 1000, staleMs: 5000 };

/** Resume timeout Lavalink uses until the client sets one, in seconds. */
const DEFAULT_TIMEOUT_S = 60;
const MAX_QUEUED_FRAMES = 10000;

type BusMessage = { t: "guild"; guildId: string; sessionId: string } | { t: "session"; sessionId: string; routerId: string; op: "resumed" | "removed" };

/** A session claimed for resumption during a handshake; attach it with `attachResumed`. */
export interface ResumeTicket { record: LavalinkSessionRecord }

/** Sessions, guild ownership and event routing for the Lavalink endpoint. */
export class SessionManager {
  readonly local = new Map<string, VirtualSession>();
  private readonly guildOwner = new Map<string, string>();
  private readonly released = new Set<string>();
  private readonly filter = new GuildEventFilter();
  private untap: (() => void) | undefined;
  private bus: Subscription | undefined;

  /**
   * `now` (unix ms, default `Date.now`) times heartbeats, staleness and resume windows, so tests
   * can drive them like the rest of the Router.
   */
  constructor(private readonly c: RouterContext, readonly routerId: string, readonly timings: SessionTimings, private readonly logger: Logger, private readonly now: () => number = Date.now) {}

  /** The registry's session store. */
  get store() {
    return this.c.registry.lavalinkSessions;
  }

  /** Starts routing hub events and listening to other Routers. */
  async start(): Promise<void> {
    this.untap = this.c.hub.tap((event) => {
      if (!event.guildId || !this.filter.admit(event)) return;
      const session = this.local.get(this.guildOwner.get(event.guildId) ?? "");
      if (!session) return;
      try {
        const frame = frameOf(event);
        if (frame) session.send(frame);
      } catch (err) {
        this.logger.warn("could not convert an event for a Lavalink session", { guildId: event.guildId, err: (err as Error).message });
      }
    });
    this.bus = await this.c.registry.events.subscribe(COMPAT_CHANNEL, (payload) => this.onBus(payload as unknown as BusMessage));
  }

  private onBus(m: BusMessage): void {
    if (m.t === "guild") {
      this.guildOwner.set(m.guildId, m.sessionId);
    } else if (m.routerId !== this.routerId) {
      // Another Router resumed or removed a session this one held: let it go.
      const s = this.local.get(m.sessionId);
      if (s && s.state === "paused") this.drop(m.sessionId);
    }
  }

  private publish(m: BusMessage): Promise<void> {
    return this.c.registry.events.publish(COMPAT_CHANNEL, m as unknown as JsonValue).catch((err: unknown) => {
      this.logger.warn("lavalink-compat bus publish failed", { err: (err as Error).message });
    });
  }

  /** A `stats` frame of the cluster now. */
  statsFrame(): string {
    return JSON.stringify(statsMessageFromProto(clusterStats(this.c.directory)));
  }

  private holder(sessionId: string): VirtualSession {
    const s = new VirtualSession(sessionId, { store: this.store, logger: this.logger, statsFrame: () => this.statsFrame(), statsIntervalMs: this.timings.statsIntervalMs, maxQueuedFrames: MAX_QUEUED_FRAMES });
    this.local.get(sessionId)?.dispose();
    this.local.set(sessionId, s);
    return s;
  }

  private drop(sessionId: string): void {
    this.local.get(sessionId)?.dispose();
    this.local.delete(sessionId);
  }

  /** Opens a brand-new session on `socket`: record, `ready`, first `stats`. */
  async openNew(socket: WebSocket, userId: string, clientName: string): Promise<VirtualSession> {
    const now = this.now();
    for (;;) {
      const record: LavalinkSessionRecord = { sessionId: newSessionId(), userId, clientName, resuming: false, timeoutSeconds: DEFAULT_TIMEOUT_S,
        state: "open", routerId: this.routerId, heartbeatAt: now, pausedAt: null, resumes: 0, createdAt: now };
      if (!(await this.store.create(record))) continue;
      const s = this.holder(record.sessionId);
      s.attach(socket, false);
      s.write(readyFrame(record.sessionId, false));
      s.write(this.statsFrame());
      return s;
    }
  }

  /**
   * Claims the session named by a handshake's `Session-Id` if it is resumable: paused within its
   * timeout, or open on a Router whose heartbeat went stale (that Router died). Waits up to the
   * staleness bound for a Router that may have died. Undefined means "create a new session".
   */
  async tryResume(sessionId: string, signal: AbortSignal): Promise<ResumeTicket | undefined> {
    const deadline = this.now() + this.timings.staleMs + this.timings.heartbeatMs;
    for (;;) {
      const rec = await this.store.get(sessionId);
      if (!rec || signal.aborted) return undefined;
      const now = this.now();
      if (rec.state === "open") {
        if (rec.routerId === this.routerId && this.local.get(sessionId)?.state === "open") return undefined;
        if (now - rec.heartbeatAt <= this.timings.staleMs && rec.routerId !== this.routerId) {
          if (now > deadline) return undefined;
          await delay(100, { signal }).catch(() => undefined);
          continue;
        }
      }
      const since = rec.state === "paused" ? rec.pausedAt ?? rec.heartbeatAt : rec.heartbeatAt;
      if (!rec.resuming || now >= since + rec.timeoutSeconds * 1000) {
        await this.destroy(sessionId);
        return undefined;
      }
      await this.local.get(sessionId)?.flushed();
      const claimed = await this.store.update(sessionId, { state: "open", routerId: this.routerId, pausedAt: null, heartbeatAt: now, resumes: rec.resumes + 1 },
        { state: rec.state, routerId: rec.routerId });
      return claimed ? { record: claimed } : undefined;
    }
  }

  /** Attaches a claimed session: `ready{resumed:true}`, queued frames, one playerUpdate per player. */
  async attachResumed(ticket: ResumeTicket, socket: WebSocket): Promise<VirtualSession> {
    const id = ticket.record.sessionId;
    const s = this.local.get(id) ?? this.holder(id);
    s.attach(socket, true);
    void this.publish({ t: "session", sessionId: id, routerId: this.routerId, op: "resumed" });
    s.write(readyFrame(id, true));
    try {
      for (const text of await this.store.takeFrames(id)) s.write(text);
      const guilds = await this.store.guilds(id);
      for (const g of guilds) this.guildOwner.set(g, id);
      for (const g of guilds) {
        const p = await this.c.players.get(g).catch(() => undefined);
        if (p?.player?.state) s.write(JSON.stringify({ op: "playerUpdate", guildId: g, state: playerStateFromProto(p.player.state) }));
      }
    } finally {
      s.release();
    }
    return s;
  }

  /** The socket of `s` closed: pause it (resuming on) or destroy it and its players. */
  async onSocketClose(s: VirtualSession, socket: WebSocket): Promise<void> {
    if (s.socket !== socket) return;
    s.pause();
    const rec = await this.store.get(s.sessionId);
    if (rec && rec.resuming && rec.timeoutSeconds > 0) {
      const now = this.now();
      const paused = await this.store.update(s.sessionId, { state: "paused", pausedAt: now, heartbeatAt: now }, { state: "open", routerId: this.routerId });
      if (!paused) this.drop(s.sessionId);
      return;
    }
    await this.destroy(s.sessionId);
  }

  /** Removes a session and destroys the players it still owns; a no-op if another Router did it. */
  async destroy(sessionId: string): Promise<void> {
    const s = this.local.get(sessionId);
    this.drop(sessionId);
    if (s?.socket && s.socket.readyState === s.socket.OPEN) s.socket.close(1000, "Session destroyed");
    const guilds = await this.store.remove(sessionId);
    if (guilds === null) return;
    void this.publish({ t: "session", sessionId, routerId: this.routerId, op: "removed" });
    for (const g of guilds) {
      if ((this.guildOwner.get(g) ?? sessionId) !== sessionId) continue;
      this.guildOwner.delete(g);
      await this.c.players.destroy(g, DestroyReason.DESTROY_REASON_REQUESTED).catch((err: unknown) => {
        this.logger.warn("could not destroy a player of an expired Lavalink session", { guildId: g, err: (err as Error).message });
      });
    }
  }

  /** Takes over a session whose Router died, as PAUSED: this Router now queues its frames. */
  async adopt(rec: LavalinkSessionRecord, since: number): Promise<void> {
    const now = this.now();
    const taken = await this.store.update(rec.sessionId, { state: "paused", pausedAt: since, routerId: this.routerId, heartbeatAt: now }, { state: rec.state, routerId: rec.routerId });
    if (!taken) return;
    this.holder(rec.sessionId);
    for (const g of await this.store.guilds(rec.sessionId)) this.guildOwner.set(g, rec.sessionId);
    this.logger.info("adopted a Lavalink session of a dead Router", { sessionId: rec.sessionId, from: rec.routerId });
  }

  /** @throws LavalinkHttpError 404 `Session not found` unless the session is open (on any Router). */
  async requireOpen(sessionId: string): Promise<void> {
    const local = this.local.get(sessionId);
    if (local?.state === "open") return;
    // Closed here a moment ago: paused (or being destroyed) even before the registry says so.
    if (local?.state === "paused" && local.pausedLocally) throw sessionNotFound();
    const rec = await this.store.get(sessionId);
    if (!rec || rec.state !== "open" || this.now() - rec.heartbeatAt > this.timings.staleMs) throw sessionNotFound();
  }

  /** Makes `guildId` one of the session's players (taking it from another session if needed). */
  async claimGuild(sessionId: string, guildId: string): Promise<void> {
    const prev = this.guildOwner.get(guildId);
    if (prev === sessionId && !this.released.has(guildId)) return;
    await this.store.addGuild(sessionId, guildId);
    if (prev && prev !== sessionId) await this.store.removeGuild(prev, guildId);
    this.guildOwner.set(guildId, sessionId);
    this.released.delete(guildId);
    await this.publish({ t: "guild", guildId, sessionId });
  }

  /**
   * Removes a guild from the session's players. Its events keep reaching the session until another
   * session claims it, so the TrackEndEvent of a DELETE still arrives, as on Lavalink.
   */
  async releaseGuild(sessionId: string, guildId: string): Promise<void> {
    await this.store.removeGuild(sessionId, guildId);
    this.released.add(guildId);
  }

  /** Whether the session owns the guild's player. */
  async ownsGuild(sessionId: string, guildId: string): Promise<boolean> {
    return (await this.store.guilds(sessionId)).includes(guildId);
  }

  /** The session's guilds. */
  guilds(sessionId: string): Promise<string[]> {
    return this.store.guilds(sessionId);
  }

  /** Notes the node a REST answer reported for a guild (for the move filter). */
  noteOwner(guildId: string, nodeId: string): void {
    this.filter.noteOwner(guildId, nodeId);
  }

  /** `PATCH /v4/sessions/{id}`: partial update of resuming/timeout; returns the values in effect. */
  async updateSession(sessionId: string, update: { resuming?: boolean; timeout?: number }): Promise<{ resuming: boolean; timeout: number }> {
    await this.requireOpen(sessionId);
    const partial: Partial<LavalinkSessionRecord> = {};
    if (update.resuming !== undefined) partial.resuming = update.resuming;
    if (update.timeout !== undefined) partial.timeoutSeconds = update.timeout;
    const rec = await this.store.update(sessionId, partial, { state: "open" });
    if (!rec) throw sessionNotFound();
    return { resuming: rec.resuming, timeout: rec.timeoutSeconds };
  }

  /** Stops routing; sessions' sockets must have been closed by the server first. */
  async close(): Promise<void> {
    this.untap?.();
    await this.bus?.unsubscribe();
    for (const id of [...this.local.keys()]) this.drop(id);
  }
}
