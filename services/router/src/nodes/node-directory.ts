/**
 * The Router's view of the cluster: node records and leases from the registry, refreshed on an
 * interval and on death notifications, plus one LavanodeLink (Connect stream) per live node.
 * Placement reads snapshots from here; commands go through `link(nodeId)`.
 *
 * Death by lease (no false deaths): a node whose lease is gone is dead only when its Connect stream
 * is not answering either (an answering node is alive whatever the registry says), and not while
 * the registry is recovering from an outage: after a refresh gap longer than `outageMs`, lease-based
 * deaths wait `graceMs` so every Lavanode can renew. Both clocks are monotonic.
 */
import { EventEmitter } from "node:events";
import { delay } from "../../../common/src/abort";
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { NodeRecord } from "../../../common/src/registry/types";
import { LavanodeLink } from "./lavanode-link";

/** One node as the Router sees it. */
export interface KnownNode {
  record: NodeRecord;
  /** The node's lease is held (it heartbeats). */
  leaseHeld: boolean;
  link: LavanodeLink | undefined;
}

/** Events of the directory. */
export interface NodeDirectoryEvents {
  /** A node's lease is gone or it was marked down (reason: lease-expired, or the record's state). */
  nodeDown: [string, string];
  /** A node became usable (lease held, state up or cordoned/draining, link connected). */
  nodeUp: [string];
  /** A link was created; the Router attaches its event listeners. */
  linkCreated: [LavanodeLink];
}

/** Options of the directory. */
export interface NodeDirectoryOptions {
  registry: Registry;
  routerId: string;
  logger: Logger;
  /** Cluster token presented to every Lavanode. */
  clusterToken: string;
  /** Refresh interval in ms; default 500. */
  refreshMs?: number;
  /** A gap this long between successful refreshes is a registry outage, in ms; default 2000. */
  outageMs?: number;
  /** After an outage, how long lease-based deaths wait, in ms; default 5000 (> the default lease TTL). */
  graceMs?: number;
}

/** Keeps node records and links current. */
export class NodeDirectory extends EventEmitter<NodeDirectoryEvents> {
  private readonly nodes = new Map<string, KnownNode>();
  private readonly lifetime = new AbortController();
  private loop: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private lastRefreshOkAt = performance.now();
  private graceUntil = -Infinity;
  private readonly dead = new Set<string>();

  constructor(private readonly o: NodeDirectoryOptions) {
    super();
    this.setMaxListeners(0);
  }

  /** Loads the nodes once, then refreshes in the background. */
  async start(): Promise<void> {
    await this.refresh();
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const signal = this.lifetime.signal;
    while (!signal.aborted) {
      await delay(this.o.refreshMs ?? 500, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      await this.refresh().catch((err: unknown) => this.o.logger.warn("node refresh failed", { err: (err as Error).message }));
    }
  }

  /** Re-reads node records and leases now (coalesces concurrent calls). */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const startedAt = performance.now();
    const records = await this.o.registry.nodes.list({ signal: this.lifetime.signal });
    const leases = await Promise.all(records.map((r) => this.o.registry.leases.get(r.nodeId, { signal: this.lifetime.signal })));
    const now = performance.now();
    // A stalled or unreachable registry: leases may have expired only because nobody could renew them.
    const outageMs = this.o.outageMs ?? 2000;
    if (startedAt - this.lastRefreshOkAt > outageMs || now - startedAt > outageMs) {
      this.graceUntil = now + (this.o.graceMs ?? 5000);
      this.o.logger.warn("registry outage ended; lease-based deaths wait for the grace period", { graceMs: this.o.graceMs ?? 5000 });
    }
    this.lastRefreshOkAt = now;
    const seen = new Set<string>();
    records.forEach((record, i) => {
      seen.add(record.nodeId);
      const leaseHeld = leases[i] !== null;
      const prev = this.nodes.get(record.nodeId);
      const wasUsable = prev ? this.usable(prev) : false;
      const node: KnownNode = prev ?? { record, leaseHeld, link: undefined };
      node.record = record;
      node.leaseHeld = leaseHeld;
      this.nodes.set(record.nodeId, node);
      const alive = this.alive(node);
      if (alive && record.state !== "down") this.ensureLink(node);
      else this.dropLink(node);
      const wasDead = this.dead.has(record.nodeId);
      if (alive) this.dead.delete(record.nodeId);
      else this.dead.add(record.nodeId);
      if (wasUsable && record.state === "down") this.emit("nodeDown", record.nodeId, "down");
      else if (!alive && !wasDead && prev) this.emit("nodeDown", record.nodeId, "lease-expired");
    });
    for (const [id, node] of this.nodes) {
      if (!seen.has(id)) {
        this.dropLink(node);
        this.nodes.delete(id);
        this.dead.delete(id);
      }
    }
  }

  /**
   * True unless the node is dead by lease: its lease is gone, its stream is not answering, and the
   * registry is not in its post-outage grace period. (A record marked down is dead regardless.)
   */
  alive(node: KnownNode): boolean {
    if (node.leaseHeld) return true;
    if (node.link?.answering() === true) return true;
    return performance.now() < this.graceUntil;
  }

  private ensureLink(node: KnownNode): void {
    if (node.link && node.link.address === node.record.address) return;
    this.dropLink(node);
    const link = new LavanodeLink({ nodeId: node.record.nodeId, address: node.record.address, routerId: this.o.routerId, logger: this.o.logger, clusterToken: this.o.clusterToken });
    node.link = link;
    link.on("connected", () => this.emit("nodeUp", node.record.nodeId));
    this.emit("linkCreated", link);
    link.start();
  }

  private dropLink(node: KnownNode): void {
    node.link?.close();
    node.link = undefined;
  }

  /** True when placement may use the node for existing players (alive and connected). */
  usable(node: KnownNode): boolean {
    return this.alive(node) && node.record.state !== "down" && node.link?.connected === true;
  }

  get(nodeId: string): KnownNode | undefined {
    return this.nodes.get(nodeId);
  }

  list(): KnownNode[] {
    return [...this.nodes.values()].sort((a, b) => a.record.nodeId.localeCompare(b.record.nodeId));
  }

  /** The bot user ids the Lavanodes were started for (voice ingest accepts only these). */
  botUserIds(): Set<string> {
    return new Set([...this.nodes.values()].map((n) => n.record.userId));
  }

  /** Closes every link and stops refreshing. */
  async close(): Promise<void> {
    this.lifetime.abort();
    await this.loop;
    for (const node of this.nodes.values()) this.dropLink(node);
  }
}
