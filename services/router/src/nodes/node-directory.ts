/**
 * The Router's view of the cluster: node records and leases from the registry, refreshed on an
 * interval and on death notifications, plus one LavanodeLink (Connect stream) per live node.
 * Placement reads snapshots from here; commands go through `link(nodeId)`.
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
}

/** Keeps node records and links current. */
export class NodeDirectory extends EventEmitter<NodeDirectoryEvents> {
  private readonly nodes = new Map<string, KnownNode>();
  private readonly lifetime = new AbortController();
  private loop: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;

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
    const records = await this.o.registry.nodes.list({ signal: this.lifetime.signal });
    const leases = await Promise.all(records.map((r) => this.o.registry.leases.get(r.nodeId, { signal: this.lifetime.signal })));
    const seen = new Set<string>();
    records.forEach((record, i) => {
      seen.add(record.nodeId);
      const leaseHeld = leases[i] !== null;
      const prev = this.nodes.get(record.nodeId);
      const wasUsable = prev ? this.usable(prev) : false;
      const node: KnownNode = prev ?? { record, leaseHeld, link: undefined };
      node.record = record;
      const lostLease = prev?.leaseHeld === true && !leaseHeld;
      node.leaseHeld = leaseHeld;
      this.nodes.set(record.nodeId, node);
      if (leaseHeld && record.state !== "down") this.ensureLink(node);
      else this.dropLink(node);
      if (lostLease) this.emit("nodeDown", record.nodeId, "lease-expired");
      else if (wasUsable && record.state === "down") this.emit("nodeDown", record.nodeId, "down");
    });
    for (const [id, node] of this.nodes) {
      if (!seen.has(id)) {
        this.dropLink(node);
        this.nodes.delete(id);
      }
    }
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
    return node.leaseHeld && node.record.state !== "down" && node.link?.connected === true;
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
