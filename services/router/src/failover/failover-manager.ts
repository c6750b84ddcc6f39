/**
 * Re-places the players of dead nodes. Two signals mark a node dead: a death notification (a
 * Lavanode stopping, or losing its Lavalink past the resume window) and lease expiry (kill -9,
 * host loss, partition), which every Router notices on its own refresh. Every Router also sweeps
 * periodically for players whose owner is dead or who wait for a node, so detection and
 * completion never depend on one Router: a Router killed mid-failover leaves its remaining
 * players to the others' sweeps. Each orphan is claimed by exactly one Router through the
 * registry's epoch compare-and-set; losers skip it. Moves run with bounded concurrency per target,
 * and each fences the old copy on the dead node's Lavalink while the new one is built.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry, Subscription } from "../../../common/src/registry/registry";
import type { PlayerRecord } from "../../../common/src/registry/types";
import { StaleEpochError } from "../../../common/src/registry/errors";
import type { Semaphore } from "../../../common/src/semaphore";
import { delay } from "../../../common/src/abort";
import { MoveReason, NodeDownReason } from "../../../../gen/ts/pyro/router/v1/event";
import { NoNodeAvailableError } from "../errors";
import type { NodeDirectory } from "../nodes/node-directory";
import type { NodeChooser } from "../nodes/node-chooser";
import { needsOf } from "../placement/needs";
import type { PlayerManager } from "../players/player-manager";
import type { EventHub } from "../events/event-hub";
import { randomUUID } from "node:crypto";
import { DeathAnnouncer } from "./death-announcer";
import { OldCopyFencer } from "./old-copy-fencer";
import { createLimiters, DEFAULT_STARTS_PER_TARGET, placeBatch, type BatchItem } from "./batch-placement";
import { NO_ROUTER_METRICS, type RouterMetrics } from "../router-metrics";
import { withSpan } from "../../../common/src/telemetry/with-span";

/** How long an unowned player with voice may wait before any Router's sweep places it. */
export const UNOWNED_GRACE_MS = 5000;

/** Options of the failover manager. */
export interface FailoverOptions {
  registry: Registry;
  directory: NodeDirectory;
  chooser: NodeChooser;
  players: PlayerManager;
  hub: EventHub;
  logger: Logger;
  /** Concurrent starts per target node; default DEFAULT_STARTS_PER_TARGET. */
  movesPerTarget?: number;
  /** Sweep interval in ms; default 1000. */
  sweepMs?: number;
  /** Id of this Router (holder of NodeDown announcement claims); default a random one. */
  routerId?: string;
  /** Failover counters and durations; default none. */
  metrics?: RouterMetrics;
  /** Fencer of old copies, shared with the player manager; default one of its own. */
  fencer?: OldCopyFencer;
}

/** The failover manager. */
export class FailoverManager {
  private readonly lifetime = new AbortController();
  private readonly inFlight = new Set<string>();
  private readonly fencer: OldCopyFencer;
  private readonly limiterFor: (target: string) => Semaphore;
  /** Guilds whose last re-placement found no node (they wait in AWAITING_NODE). */
  private readonly awaiting = new Set<string>();
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private sweeping: Promise<void> | undefined;

  private readonly announcer: DeathAnnouncer;

  constructor(private readonly o: FailoverOptions) {
    this.fencer = o.fencer ?? new OldCopyFencer(o.logger);
    this.announcer = new DeathAnnouncer(o.registry, o.routerId ?? `router-${randomUUID()}`);
    this.limiterFor = createLimiters(o.movesPerTarget ?? DEFAULT_STARTS_PER_TARGET);
  }

  async start(): Promise<void> {
    this.subscription = await this.o.registry.events.subscribeNodeDeaths((d) => void this.onDeath(d.nodeId, d.reason).catch(() => undefined));
    this.o.directory.on("nodeDown", (nodeId, why) => void this.onDeath(nodeId, why === "lease-expired" ? "lease-expired" : "down").catch(() => undefined));
    this.o.directory.on("nodeUp", (nodeId) => void this.announcer.nodeUp(nodeId));
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const signal = this.lifetime.signal;
    while (!signal.aborted) {
      await delay(this.o.sweepMs ?? 1000, { signal }).catch(() => undefined);
      if (!signal.aborted) await this.sweep({ signal }).catch((err: unknown) => this.o.logger.warn("failover sweep failed", { err: (err as Error).message }));
    }
  }

  /**
   * Handles one death notice; runs under the manager's lifetime, so `close()` cancels it. One trace
   * per failover: its `pyro.failover` span is the parent of one `pyro.failover.move` per player.
   */
  private onDeath(nodeId: string, reason: string): Promise<void> {
    if (this.lifetime.signal.aborted) return Promise.resolve();
    return withSpan("pyro.failover", { "pyro.node_id": nodeId, "pyro.failover.reason": reason }, () => this.failOver(nodeId, reason), { root: true });
  }

  private async failOver(nodeId: string, reason: string): Promise<void> {
    const signal = this.lifetime.signal;
    this.o.logger.warn("node dead", { nodeId, reason });
    await this.o.directory.refresh().catch(() => undefined);
    const node = this.o.directory.get(nodeId);
    if (node && node.record.state !== "down" && !this.o.directory.alive(node)) await this.o.registry.nodes.setState(nodeId, "down", { signal }).catch(() => undefined);
    const orphans = await this.o.registry.players.listOrphans([nodeId], { signal });
    const downReason = reason === "lease-expired" ? NodeDownReason.NODE_DOWN_REASON_LEASE_EXPIRED
      : reason === "graceful-stop" ? NodeDownReason.NODE_DOWN_REASON_SHUTDOWN : NodeDownReason.NODE_DOWN_REASON_LAVALINK_LOST;
    // Every detection path (and every Router) gets here; only one announces the death.
    if (await this.announcer.shouldAnnounce(nodeId, { signal })) {
      await this.o.hub.publish({ guildId: "", nodeId, kind: { $case: "nodeDown", value: { reason: downReason, orphanedPlayers: orphans.length } } }).catch(() => undefined);
    }
    await this.replace(orphans, reason === "lease-expired" ? MoveReason.MOVE_REASON_LEASE_EXPIRED : MoveReason.MOVE_REASON_NODE_DIED, signal);
  }

  /** Ids of nodes that are dead now: marked down, or lease gone with a silent stream (see NodeDirectory.alive). */
  private deadNodeIds(): string[] {
    return this.o.directory.list().filter((n) => !this.o.directory.alive(n) || n.record.state === "down").map((n) => n.record.nodeId);
  }

  /**
   * Finds players owned by dead nodes (and unplaced players that have voice) and re-places them.
   * `signal` (default: the manager's lifetime) cancels the listing and the moves in flight.
   */
  sweep({ signal = this.lifetime.signal }: { signal?: AbortSignal } = {}): Promise<void> {
    this.sweeping ??= (async () => {
      const dead = this.deadNodeIds();
      const known = new Set(this.o.directory.list().map((n) => n.record.nodeId));
      const orphans = await this.o.registry.players.listOrphans(dead, { includeUnowned: true, signal });
      // A waiting player that is no longer an orphan (placed elsewhere, destroyed) waits no more.
      const orphanIds = new Set(orphans.map((p) => p.guildId));
      for (const g of this.awaiting) if (!orphanIds.has(g)) this.awaiting.delete(g);
      // Owners that are not registered at all (record removed) are dead too.
      // An unowned player is adopted only after it waited UNOWNED_GRACE_MS: a fresh one is
      // normally being placed right now by the Router that created it.
      const now = Date.now();
      const candidates = orphans.filter((p) => p.voice && (p.ownerNodeId === null
        ? now - p.updatedAt > UNOWNED_GRACE_MS
        : dead.includes(p.ownerNodeId) || !known.has(p.ownerNodeId)));
      if (candidates.length > 0) {
        await withSpan("pyro.failover", { "pyro.failover.reason": "sweep", "pyro.failover.players": candidates.length },
          () => this.replace(candidates, MoveReason.MOVE_REASON_LEASE_EXPIRED, signal), { root: true });
      }
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * Places each player on a healthy node, batched (batch-placement.ts): targets chosen up front,
   * one claim script per chunk, starts pipelined per target. Claims make concurrent Routers safe.
   */
  private async replace(players: PlayerRecord[], reason: MoveReason, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    let moved = 0;
    let failed = 0;
    const items: BatchItem[] = [];
    for (const p of players) {
      if (this.inFlight.has(p.guildId) || !p.voice || signal.aborted) continue;
      try {
        // Only nodes with the track's source and plugin filters qualify; without one the player waits.
        const target = this.o.chooser.choose(p.guildId, p.voice.endpoint, p.ownerNodeId ? [p.ownerNodeId] : [], undefined, needsOf(p.state));
        this.inFlight.add(p.guildId);
        items.push({ record: p, target });
      } catch (err) {
        if (!(err instanceof NoNodeAvailableError)) throw err;
        failed++;
        this.awaiting.add(p.guildId); // waits (state kept) until a node is available
      }
    }
    const start = (claimed: PlayerRecord, old: PlayerRecord, limit: Semaphore) => withSpan("pyro.failover.move",
      { "pyro.guild_id": old.guildId, "pyro.from_node_id": old.ownerNodeId ?? "", "pyro.to_node_id": claimed.ownerNodeId ?? "" }, async () => {
        // The old Lavalink may still play the guild (only its Lavanode died): fence that copy while
        // the new one is built, so the overlap is one REST round trip, not the length of the outage.
        const oldNode = old.ownerNodeId ? this.o.directory.get(old.ownerNodeId)?.record : undefined;
        const fencing = oldNode ? this.fencer.fence(oldNode, old.guildId, { signal: this.lifetime.signal }) : undefined;
        try {
          await this.o.players.startClaimed(claimed, old, reason, { signal, limit });
        } finally {
          await fencing;
        }
      });
    try {
      await placeBatch(items, {
        registry: this.o.registry, logger: this.o.logger, limiterFor: this.limiterFor, start, signal,
        onOutcome: (it, outcome, err) => {
          this.inFlight.delete(it.record.guildId);
          if (outcome === "skipped") {
            this.o.chooser.cancelPending(it.target);
            this.awaiting.delete(it.record.guildId); // another Router claimed it first, or it is gone
            return;
          }
          if (outcome === "placed") {
            moved++;
            this.awaiting.delete(it.record.guildId);
            return;
          }
          if (signal.aborted) return; // closing: the other Routers' sweeps finish the job
          failed++;
          if (err instanceof NoNodeAvailableError) this.awaiting.add(it.record.guildId);
          else if (!(err instanceof StaleEpochError)) this.o.logger.warn("re-placement failed; the sweep retries", { guildId: it.record.guildId, err: (err as Error).message });
        },
      });
    } catch (err) {
      if (!signal.aborted) this.o.logger.warn("a failover claim batch failed; the sweep retries", { err: (err as Error).message });
    } finally {
      for (const it of items) this.inFlight.delete(it.record.guildId);
    }
    if (moved + failed > 0) (this.o.metrics ?? NO_ROUTER_METRICS).failover((performance.now() - started) / 1000, moved, failed);
  }

  /** Players whose last re-placement by this Router found no node (a metric). */
  get awaitingNodeCount(): number {
    return this.awaiting.size;
  }

  /** Stops sweeping and cancels the moves in flight (their players are left to the next sweep of any Router). */
  async close(): Promise<void> {
    this.lifetime.abort();
    await this.loop;
    await this.sweeping?.catch(() => undefined);
    await this.subscription?.unsubscribe();
  }
}
