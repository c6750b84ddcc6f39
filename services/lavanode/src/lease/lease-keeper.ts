/**
 * Holds a node's lease: acquires it, renews it every third of the TTL, and reports when it was
 * lost (expired while this process was stopped or partitioned) and whether it could be re-taken.
 * It also watches the renewal deadline on the monotonic clock: while the last successful renewal
 * is older than the TTL (Routers may already consider the node dead), `onDeadlinePassed` is called
 * on every tick, independently of a renewal that hangs.
 */
import { delay } from "../../../common/src/abort";
import type { Logger } from "../../../common/src/logger";
import type { LeaseStore } from "../../../common/src/registry/registry";

/** Options of the lease keeper. */
export interface LeaseKeeperOptions {
  leases: LeaseStore;
  nodeId: string;
  holderId: string;
  ttlMs: number;
  logger: Logger;
  /** The lease expired and was re-taken by this holder: ownership must be re-verified (fencing). */
  onRegained: () => void;
  /** Another holder (a standby) has the lease: this process must stop acting for the node. */
  onLostToOther: (holderId: string) => void;
  /** Called every tick while no renewal succeeded for longer than the TTL (self-fencing hook). */
  onDeadlinePassed?: () => void;
}

/** Renews a lease in the background until stopped. */
export class LeaseKeeper {
  private readonly stopper = new AbortController();
  private loop: Promise<void> | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private renewedAt = performance.now(); // monotonic time of the last successful acquire or renew

  constructor(private readonly o: LeaseKeeperOptions) {}

  /** Takes the lease. Resolves false (and starts nothing) if another holder has it. */
  async acquire({ signal }: { signal?: AbortSignal } = {}): Promise<boolean> {
    const started = performance.now();
    const r = await this.o.leases.acquire(this.o.nodeId, this.o.holderId, this.o.ttlMs, { signal });
    if (r.acquired) this.renewedAt = started;
    return r.acquired;
  }

  /** True while the last successful renewal is older than the TTL (monotonic clock). */
  get pastDeadline(): boolean {
    return performance.now() - this.renewedAt > this.o.ttlMs;
  }

  /** Starts the heartbeat loop (call right after the lease was taken, here or by `waitForLease`). */
  start(): void {
    if (!this.loop) this.renewedAt = performance.now();
    this.loop ??= this.run(this.stopper.signal);
    this.watchdog ??= setInterval(() => {
      if (this.pastDeadline) this.o.onDeadlinePassed?.();
    }, Math.max(50, Math.floor(this.o.ttlMs / 6)));
  }

  private async run(signal: AbortSignal): Promise<void> {
    const interval = Math.max(50, Math.floor(this.o.ttlMs / 3));
    while (!signal.aborted) {
      try {
        await delay(interval, { signal });
      } catch {
        return;
      }
      try {
        // The lease runs from when the request was sent, not from when the answer arrived.
        const sentAt = performance.now();
        const renewed = await this.o.leases.renew(this.o.nodeId, this.o.holderId, this.o.ttlMs, { signal });
        if (renewed) {
          this.renewedAt = sentAt;
          continue;
        }
        const again = await this.o.leases.acquire(this.o.nodeId, this.o.holderId, this.o.ttlMs, { signal });
        if (again.acquired) {
          this.renewedAt = sentAt;
          this.o.logger.warn("lease had expired and was re-taken; re-verifying ownership of players");
          this.o.onRegained();
        } else {
          this.o.logger.error("lease is held by another process", { holder: again.holderId });
          this.o.onLostToOther(again.holderId);
          return;
        }
      } catch (err) {
        if (signal.aborted) return;
        this.o.logger.warn("lease renewal failed; retrying", { err: (err as Error).message });
      }
    }
  }

  /** Stops renewing; with `release`, frees the lease so a successor need not wait for expiry. */
  async stop({ release }: { release: boolean }): Promise<void> {
    this.stopper.abort();
    clearInterval(this.watchdog);
    await this.loop;
    if (release) await this.o.leases.release(this.o.nodeId, this.o.holderId).catch(() => false);
  }
}

/**
 * Standby: polls until the node's lease is free (the active Lavanode's lease expired) and takes it.
 * @throws the abort reason when `signal` aborts first.
 */
export async function waitForLease(o: { leases: LeaseStore; nodeId: string; holderId: string; ttlMs: number; logger: Logger; signal?: AbortSignal }): Promise<void> {
  const interval = Math.max(25, Math.floor(o.ttlMs / 6));
  for (;;) {
    const r = await o.leases.acquire(o.nodeId, o.holderId, o.ttlMs, { signal: o.signal });
    if (r.acquired) return;
    o.logger.debug("standby: lease held", { holder: r.holderId, ttlRemainingMs: r.ttlRemainingMs });
    await delay(Math.min(interval, Math.max(10, r.ttlRemainingMs)), { signal: o.signal });
  }
}
