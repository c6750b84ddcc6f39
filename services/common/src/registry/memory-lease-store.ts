/** Node leases in process memory, timed with the monotonic clock so wall-clock jumps cannot expire them. */
import { performance } from "node:perf_hooks";
import { throwIfAborted, type AsyncOptions } from "../abort";
import { assertId, assertInt } from "./fail";
import { MAX_LEASE_TTL_MS, type LeaseStore } from "./registry";
import type { Lease, LeaseAcquireResult } from "./types";

/** LeaseStore in memory; `monotonicNow` (ms, default performance.now) drives expiry. */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { holderId: string; expiresAt: number }>();

  constructor(private readonly monotonicNow: () => number = () => performance.now()) {}

  async acquire(nodeId: string, holderId: string, ttlMs: number, opts: AsyncOptions = {}): Promise<LeaseAcquireResult> {
    throwIfAborted(opts.signal);
    checkArgs(nodeId, holderId, ttlMs);
    const cur = this.live(nodeId);
    if (cur && cur.holderId !== holderId) {
      return { acquired: false, holderId: cur.holderId, ttlRemainingMs: this.remaining(cur.expiresAt) };
    }
    this.leases.set(nodeId, { holderId, expiresAt: this.monotonicNow() + ttlMs });
    return { acquired: true, lease: { nodeId, holderId, ttlRemainingMs: ttlMs } };
  }

  async renew(nodeId: string, holderId: string, ttlMs: number, opts: AsyncOptions = {}): Promise<boolean> {
    throwIfAborted(opts.signal);
    checkArgs(nodeId, holderId, ttlMs);
    const cur = this.live(nodeId);
    if (!cur || cur.holderId !== holderId) return false;
    cur.expiresAt = this.monotonicNow() + ttlMs;
    return true;
  }

  async release(nodeId: string, holderId: string, opts: AsyncOptions = {}): Promise<boolean> {
    throwIfAborted(opts.signal);
    assertId(nodeId, "nodeId");
    assertId(holderId, "holderId");
    const cur = this.live(nodeId);
    if (!cur || cur.holderId !== holderId) return false;
    this.leases.delete(nodeId);
    return true;
  }

  async get(nodeId: string, opts: AsyncOptions = {}): Promise<Lease | null> {
    throwIfAborted(opts.signal);
    assertId(nodeId, "nodeId");
    const cur = this.live(nodeId);
    return cur ? { nodeId, holderId: cur.holderId, ttlRemainingMs: this.remaining(cur.expiresAt) } : null;
  }

  /** The unexpired lease, deleting an expired one. */
  private live(nodeId: string): { holderId: string; expiresAt: number } | undefined {
    const cur = this.leases.get(nodeId);
    if (cur && cur.expiresAt <= this.monotonicNow()) {
      this.leases.delete(nodeId);
      return undefined;
    }
    return cur;
  }

  private remaining(expiresAt: number): number {
    return Math.max(0, Math.ceil(expiresAt - this.monotonicNow()));
  }
}

function checkArgs(nodeId: string, holderId: string, ttlMs: number): void {
  assertId(nodeId, "nodeId");
  assertId(holderId, "holderId");
  assertInt(ttlMs, "ttlMs", 1, MAX_LEASE_TTL_MS);
}
