/**
 * One NodeDown per death, across every detection path and every Router. A death is noticed up to
 * four ways (the Lavanode's death notice, the Router's own view of the record going `down`, lease
 * expiry, on each Router), and each used to publish its own NodeDown. All paths now converge here:
 * within a Router, a node already announced is not announced again until it is seen up; across
 * Routers, the announcement is claimed in the registry with a short-lived lease on
 * `node-down.<nodeId>` (first claimer publishes, the others skip), released when the node is up
 * again so its next death is announced too.
 */
import type { Registry } from "../../../common/src/registry/registry";
import type { AsyncOptions } from "../../../common/src/abort";

/** How long a claim on an announcement lasts when its holder never sees the node back (ms). */
export const ANNOUNCE_CLAIM_TTL_MS = 30_000;

/** Decides which death notices lead to a NodeDown event. */
export class DeathAnnouncer {
  private readonly announced = new Set<string>();

  constructor(private readonly registry: Registry, private readonly routerId: string, private readonly ttlMs = ANNOUNCE_CLAIM_TTL_MS) {}

  /**
   * True exactly once per death of `nodeId` across the cluster: this Router has not announced it
   * since the node was last up, and it won the registry claim. A registry failure answers true
   * (a duplicate event beats a lost one).
   */
  async shouldAnnounce(nodeId: string, opts?: AsyncOptions): Promise<boolean> {
    if (this.announced.has(nodeId)) return false;
    this.announced.add(nodeId);
    try {
      const r = await this.registry.leases.acquire(claimId(nodeId), this.routerId, this.ttlMs, opts);
      return r.acquired;
    } catch {
      return true;
    }
  }

  /** The node is up again: its next death is a new one. Never throws. */
  async nodeUp(nodeId: string, opts?: AsyncOptions): Promise<void> {
    if (!this.announced.delete(nodeId)) return;
    await this.registry.leases.release(claimId(nodeId), this.routerId, opts).catch(() => undefined);
  }
}

function claimId(nodeId: string): string {
  return `node-down.${nodeId}`;
}
