/**
 * Runs one node: holds the lease (or waits as standby), opens/resumes the Lavalink session,
 * keeps the node record and health in step with the session, recovers players after a resume or
 * a session loss, and publishes a death notification when Lavalink is gone (reconnect refused: at
 * once), stays unreachable past the resume window, or the node stops gracefully.
 */
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { NodeCapabilities, NodeRecord, NodeState } from "../../../common/src/registry/types";
import { LavalinkSession } from "../lavalink/websocket-session";
import type { LavalinkRest } from "../lavalink/rest-client";
import { createDeviationReporter, type DeviationReporter } from "../lavalink/deviation-reporter";
import type { LavalinkEvent, PlayerUpdateMessage, ReadyMessage, StatsMessage, UnknownMessage } from "../../../common/src/lavalink-protocol/message-types";
import { KeyedSerializer } from "../../../common/src/keyed-serializer";
import { PlayerTable } from "../players/player-table";
import { createPlayerCommands, type PlayerCommands } from "../players/player-commands";
import { createEventTracker, type EventTracker } from "../players/event-tracker";
import { LeaseKeeper, waitForLease } from "../lease/lease-keeper";
import { RefusalCounter } from "../players/park-policy";
import { RouterStreams, type RouterStreamHandle } from "../rpc/router-streams";
import { adoptResumedPlayers, rebuildOwnedPlayers, reconcile, verifyOwnership, type RecoveryDeps } from "./recovery";
import { delay } from "../../../common/src/abort";
import type { NodeStatusInfo } from "./node-status";
import { readCapabilities } from "./capabilities";

/** Self-fencing waits this long (ms) and checks again before stopping players, so backlog from a freeze is read first. */
export const SELF_FENCE_RECHECK_MS = 250;

/** Static settings of a node. */
export interface NodeSettings {
  nodeId: string;
  region: string;
  capacity: number;
  userId: string;
  lavalinkUrl: string;
  lavalinkPassword: string;
  /** host:port Routers dial. */
  advertise: string;
  standby: boolean;
  leaseTtlMs: number;
  resumeTimeoutS: number;
  /** Interval of the anti-entropy pass (registry vs Lavalink players) in ms; 0 disables it. */
  reconcileMs: number;
  /** Where deviations and refusals of this node's Lavalink go; default: one created by the runner. */
  deviations?: DeviationReporter;
}

/** Events for Connect streams; the epoch is the one the node holds for the guild (0 if none). */
export interface NodeRunnerEvents {
  status: [NodeStatusInfo];
  playerUpdate: [PlayerUpdateMessage, number];
  event: [LavalinkEvent, number];
  /** A plugin frame (unknown op or event type) and the epoch held for its guild (0 if none). */
  plugin: [UnknownMessage, number];
  stats: [StatsMessage];
  /** A player parked after `attempts` refused rebuilds (guild id, Lavalink's reason, attempts, epoch held). */
  parked: [string, string, number, number];
  /** The node must stop (its lease went to another process). */
  fatal: [Error];
}

/** The running node. */
export class NodeRunner extends EventEmitter<NodeRunnerEvents> {
  readonly table = new PlayerTable();
  /** Refused rebuilds per guild, for parking (park-policy.ts). */
  private readonly refusals = new RefusalCounter();
  readonly commands: PlayerCommands;
  private readonly tracker: EventTracker;
  private readonly lease: LeaseKeeper;
  private readonly holderId: string;
  private readonly lifetime = new AbortController();
  private session: LavalinkSession | undefined;
  private statusInfo: NodeStatusInfo;
  private nodeState: NodeState = "up";
  private lastStats: StatsMessage | undefined;
  private capabilities: NodeCapabilities | undefined;
  private readonly deviations: DeviationReporter;
  /** Why the link to Lavalink is down (null while it is up or was never up); for the regained line. */
  private linkDownReason: string | null = null;
  private readonly routers = new RouterStreams();
  private selfFencing = false;

  constructor(
    private readonly s: NodeSettings,
    private readonly registry: Registry,
    readonly rest: LavalinkRest,
    private readonly logger: Logger,
    private readonly onServing: (serving: boolean) => void,
  ) {
    super();
    this.setMaxListeners(0);
    this.deviations = s.deviations ?? createDeviationReporter(s.nodeId, logger);
    this.holderId = s.standby ? `${s.nodeId}#standby-${randomUUID().slice(0, 8)}` : `${s.nodeId}#primary`;
    this.commands = createPlayerCommands({
      nodeId: s.nodeId, rest, registry, table: this.table, serializer: new KeyedSerializer(),
      sessionId: () => (this.session?.state === "ready" ? this.session.sessionId : null), logger,
      onDeviation: this.deviations.onDeviation,
    });
    this.tracker = createEventTracker({ table: this.table, commands: this.commands, logger });
    this.lease = new LeaseKeeper({
      leases: registry.leases, nodeId: s.nodeId, holderId: this.holderId, ttlMs: s.leaseTtlMs, logger,
      onRegained: () => void this.afterLeaseRegained(),
      onLostToOther: (holder) => this.emit("fatal", new Error(`lease of ${s.nodeId} taken over by ${holder}`)),
      onDeadlinePassed: () => void this.selfFence(),
    });
    this.statusInfo = {
      nodeId: s.nodeId, region: s.region, capacity: s.capacity, lavalinkUrl: s.lavalinkUrl, userId: s.userId,
      sessionOpen: false, sessionId: null, resumed: false, since: Date.now(), lavalinkVersion: "",
    };
  }

  /** Current status. */
  get status(): NodeStatusInfo {
    return this.statusInfo;
  }

  /** Latest Lavalink stats frame, if any. */
  get stats(): StatsMessage | undefined {
    return this.lastStats;
  }

  /** Counters of the Lavalink session (malformed frames, resumes, ...). */
  get sessionCounters() {
    return this.session?.counters;
  }

  private get recovery(): RecoveryDeps {
    return {
      nodeId: this.s.nodeId, registry: this.registry, rest: this.rest, table: this.table, commands: this.commands, logger: this.logger,
      refusals: this.refusals, onParked: (guildId, reason, attempts, epoch) => this.emit("parked", guildId, reason, attempts, epoch),
    };
  }

  /** Takes the lease (waiting as standby if another process holds it), then opens the session. Resolves at the first `ready`. */
  async start(): Promise<void> {
    const signal = this.lifetime.signal;
    if (!(await this.lease.acquire({ signal }))) {
      this.logger.info("lease held by another process; waiting as standby");
      await waitForLease({ leases: this.registry.leases, nodeId: this.s.nodeId, holderId: this.holderId, ttlMs: this.s.leaseTtlMs, logger: this.logger, signal });
      this.logger.info("took over the lease");
    }
    this.lease.start();
    const previous = await this.registry.nodes.get(this.s.nodeId, { signal });
    if (previous && (previous.state === "cordoned" || previous.state === "draining")) this.nodeState = previous.state;
    const resumeId = previous?.lavalinkUrl === this.s.lavalinkUrl ? previous.sessionId ?? undefined : undefined;
    const session = new LavalinkSession({
      baseUrl: this.s.lavalinkUrl, password: this.s.lavalinkPassword, userId: this.s.userId, rest: this.rest,
      resumeSessionId: resumeId, resumeTimeoutSec: this.s.resumeTimeoutS, onDeviation: this.deviations.onDeviation,
    });
    this.session = session;
    session.on("ready", (ready) => {
      if (this.linkDownReason !== null) this.logger.info("Lavalink link regained", { resumed: ready.resumed, after: this.linkDownReason });
      this.linkDownReason = null;
      void this.onReady(ready);
    });
    session.on("disconnected", ({ code, reason }) => {
      this.linkDownReason = `socket closed (${code}${reason ? ` ${reason}` : ""})`;
      this.logger.warn("Lavalink link lost; resuming", { code, reason });
      this.setSession(false, this.session?.sessionId ?? null, false);
    });
    session.on("lost", ({ reason }) => {
      this.linkDownReason = `session lost (${reason})`;
      this.logger.warn("Lavalink session lost; its players are gone", { reason });
      void this.onLost(reason);
    });
    session.on("playerUpdate", (m) => {
      this.tracker.onPlayerUpdate(m);
      this.emit("playerUpdate", m, this.table.get(m.guildId)?.epoch ?? 0);
    });
    session.on("event", (e) => {
      this.tracker.onEvent(e);
      this.emit("event", e, this.table.get(e.guildId)?.epoch ?? 0);
    });
    // Plugin traffic (unknown ops and event types) is passed on whole, in arrival order with the rest.
    // A frame about a guild this node does not hold (e.g. a copy it released after a move) is dropped,
    // as for the other events of a superseded owner.
    session.on("unknown", (m) => {
      const guildId = typeof m.payload.guildId === "string" ? m.payload.guildId : undefined;
      const entry = guildId === undefined ? undefined : this.table.get(guildId);
      if (guildId !== undefined && !entry) return this.logger.debug("plugin frame for a guild this node does not hold dropped", { guildId, op: m.rawOp });
      this.emit("plugin", m, entry?.epoch ?? 0);
    });
    session.on("stats", (st) => {
      this.lastStats = st;
      this.emit("stats", st);
      void this.writeRecord().catch(() => undefined);
    });
    session.on("malformed", ({ error }) => this.deviations.refused("frame", error));
    let connectWarned = false;
    session.on("connectError", (err) => {
      // The first failure of an outage is a warning; the retries that follow are debug lines.
      const first = !connectWarned || this.linkDownReason === null;
      connectWarned = true;
      if (first) this.logger.warn("Lavalink connect failed; retrying", { err: err.message });
      else this.logger.debug("Lavalink connect failed", { err: err.message });
    });
    session.on("ready", () => { connectWarned = false; });
    await session.start({ signal });
    if (this.s.reconcileMs > 0) void this.reconcileLoop(signal);
  }

  private async reconcileLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await delay(this.s.reconcileMs, { signal }).catch(() => undefined);
      const sessionId = this.statusInfo.sessionOpen ? this.statusInfo.sessionId : null;
      if (signal.aborted || !sessionId) continue;
      await reconcile(this.recovery, sessionId).catch((err: unknown) => this.logger.warn("reconcile failed", { err: (err as Error).message }));
    }
  }

  private async onReady(ready: ReadyMessage): Promise<void> {
    try {
      // A failed adoption must not leave the node without its session: whatever it did not adopt,
      // reconcile repairs later.
      if (ready.resumed) await adoptResumedPlayers(this.recovery, ready.sessionId).catch((err: unknown) => this.logger.error("adopting resumed players failed", { err }));
      // Capabilities can change across a Lavalink restart (plugins added or removed): read them on every ready.
      await this.refreshCapabilities();
      this.setSession(true, ready.sessionId, ready.resumed);
      await this.writeRecord();
      if (!ready.resumed) await rebuildOwnedPlayers(this.recovery);
      this.rest.getVersion().then((v) => { this.statusInfo = { ...this.statusInfo, lavalinkVersion: v }; }, () => undefined);
    } catch (err) {
      this.logger.error("recovery after ready failed", { err });
    }
  }

  private async refreshCapabilities(): Promise<void> {
    try {
      this.capabilities = await readCapabilities(this.rest, { signal: this.lifetime.signal });
      this.statusInfo = { ...this.statusInfo, capabilities: this.capabilities };
    } catch (err) {
      // Keep the last known capabilities: a transient failure must not make the node look plugin-less.
      this.logger.warn("could not read Lavalink /v4/info; keeping the last known capabilities", { err: (err as Error).message });
    }
  }

  private async onLost(reason: string): Promise<void> {
    // Every player of the old session is gone on Lavalink's side.
    for (const entry of [...this.table.values()]) this.table.delete(entry.guildId);
    this.setSession(false, null, false);
    if (reason === "not-resumed") return; // Lavalink answers with a new session: onReady rebuilds the players here
    this.logger.error(reason === "lavalink-gone" ? "Lavalink refused the reconnect (process gone); declaring node dead"
      : "Lavalink unreachable past the resume window; declaring node dead");
    await this.markDown(reason === "lavalink-gone" ? "lavalink-gone" : "lavalink-unreachable").catch((err: unknown) => this.logger.error("could not publish death", { err }));
  }

  /** Registers a Router's Connect stream on this node (see router-streams.ts). */
  routerStream(): RouterStreamHandle {
    return this.routers.open();
  }

  /**
   * Self-fencing: the lease deadline passed and no Router hears this node (no stream open, or every
   * stream silent for 3 s: a partition, not a registry stall; during a stall the Routers' streams
   * keep answering and they keep the node alive), so Routers may be re-placing this node's players.
   * Stop the copies here, even where no Router can reach this Lavalink to fence them; when the lease
   * is re-taken, reconcile rebuilds whatever the registry still assigns to this node.
   */
  private async selfFence(): Promise<void> {
    if (this.routers.anyListening() || this.selfFencing || this.table.size === 0) return;
    this.selfFencing = true;
    try {
      // After a freeze (SIGSTOP, a long pause) the Routers' queued heartbeats and the lease renewal
      // arrive only now: let them in before deciding.
      await delay(SELF_FENCE_RECHECK_MS, { signal: this.lifetime.signal }).catch(() => undefined);
      if (this.lifetime.signal.aborted || this.routers.anyListening() || !this.lease.pastDeadline) return;
      const entries = [...this.table.values()];
      this.logger.error("lease renewal deadline passed and no Router hears this node; stopping its players", { players: entries.length, openStreams: this.routers.openCount });
      await Promise.all(entries.map((e) => this.commands.fence(e.guildId, "lease deadline passed (self-fencing)")));
    } finally {
      this.selfFencing = false;
    }
  }

  private async afterLeaseRegained(): Promise<void> {
    const fenced = await verifyOwnership(this.recovery).catch(() => 0);
    if (fenced > 0) this.logger.warn("fenced players after lease loss", { fenced });
    await this.writeRecord().catch(() => undefined);
  }

  private setSession(open: boolean, sessionId: string | null, resumed: boolean): void {
    this.statusInfo = { ...this.statusInfo, sessionOpen: open, sessionId, resumed, since: Date.now() };
    this.onServing(open);
    this.emit("status", this.statusInfo);
  }

  /** Node record as it should be in the registry now. */
  private record(state: NodeState): Omit<NodeRecord, "updatedAt"> {
    const st = this.lastStats;
    return {
      nodeId: this.s.nodeId, address: this.s.advertise, region: this.s.region, capacity: this.s.capacity, state,
      userId: this.s.userId, sessionId: this.statusInfo.sessionId, lavalinkUrl: this.s.lavalinkUrl,
      lavalinkPassword: this.s.lavalinkPassword, // lets a taker fence this Lavalink's copies (see fence-old-copies.ts)
      ...(this.capabilities ? { capabilities: this.capabilities } : {}),
      ...(st ? { stats: {
        players: st.players, playingPlayers: st.playingPlayers, uptimeMs: st.uptime, cpu: st.cpu, memory: st.memory,
        frameStats: st.frameStats ?? null, reportedAt: Date.now(),
      } } : {}),
    };
  }

  private async writeRecord(): Promise<void> {
    if (!this.statusInfo.sessionOpen) return;
    const current = await this.registry.nodes.get(this.s.nodeId);
    // Cordon and drain belong to Routers: keep whatever the record says now (a Router may have
    // uncordoned the node since the last write); otherwise a node with an open session is up.
    this.nodeState = current && (current.state === "cordoned" || current.state === "draining") ? current.state : "up";
    await this.registry.nodes.upsert(this.record(this.nodeState));
  }

  private async markDown(reason: string): Promise<void> {
    this.nodeState = "down";
    await this.registry.nodes.upsert(this.record("down"));
    await this.registry.events.publishNodeDeath(this.s.nodeId, reason);
  }

  /**
   * Graceful stop: marks the node down and publishes its death so Routers move the players, then
   * closes the Lavalink session with resuming disabled (Lavalink destroys this session's players),
   * and releases the lease. With `publishDeath: false` (lease lost to a standby) it only lets go.
   */
  async stop({ publishDeath }: { publishDeath: boolean }): Promise<void> {
    this.lifetime.abort();
    if (publishDeath) await this.markDown("graceful-stop").catch((err: unknown) => this.logger.error("could not publish death", { err }));
    await this.session?.close({ destroySession: publishDeath });
    await this.lease.stop({ release: publishDeath });
  }
}
