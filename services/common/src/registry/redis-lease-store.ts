/** Node leases on Redis: one string key per node (value = holder id) with a PX expiry set by Lua. */
import type { RedisClient as Redis } from "./redis-client";
import type { AsyncOptions } from "../abort";
import { assertId, assertInt } from "./fail";
import type { RegistryKeys } from "./keys";
import { runScript } from "./redis-scripts";
import { MAX_LEASE_TTL_MS, type LeaseStore } from "./registry";
import type { Lease, LeaseAcquireResult } from "./types";

/** LeaseStore over an ioredis client whose scripts were defined by `defineScripts`. */
export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RegistryKeys,
  ) {}

  async acquire(nodeId: string, holderId: string, ttlMs: number, opts: AsyncOptions = {}): Promise<LeaseAcquireResult> {
    checkArgs(nodeId, holderId, ttlMs);
    const key = this.keys.lease(nodeId);
    const [ok, holder, ttl] = (await runScript(this.redis, "pyroLeaseAcquire", [key], [holderId, ttlMs], { key, nodeId }, opts.signal)) as [number, string, number];
    if (ok === 1) return { acquired: true, lease: { nodeId, holderId, ttlRemainingMs: ttl } };
    return { acquired: false, holderId: holder, ttlRemainingMs: Math.max(0, ttl) };
  }

  async renew(nodeId: string, holderId: string, ttlMs: number, opts: AsyncOptions = {}): Promise<boolean> {
    checkArgs(nodeId, holderId, ttlMs);
    const key = this.keys.lease(nodeId);
    return (await runScript(this.redis, "pyroLeaseRenew", [key], [holderId, ttlMs], { key, nodeId }, opts.signal)) === 1;
  }

  async release(nodeId: string, holderId: string, opts: AsyncOptions = {}): Promise<boolean> {
    assertId(nodeId, "nodeId");
    assertId(holderId, "holderId");
    const key = this.keys.lease(nodeId);
    return (await runScript(this.redis, "pyroLeaseRelease", [key], [holderId], { key, nodeId }, opts.signal)) === 1;
  }

  async get(nodeId: string, opts: AsyncOptions = {}): Promise<Lease | null> {
    assertId(nodeId, "nodeId");
    const key = this.keys.lease(nodeId);
    const reply = (await runScript(this.redis, "pyroLeaseGet", [key], [], { key, nodeId }, opts.signal)) as [string, number] | [];
    if (reply.length === 0) return null;
    // PTTL -1 (no expiry) cannot come from this registry; report it as 0 rather than a negative TTL.
    return { nodeId, holderId: reply[0], ttlRemainingMs: Math.max(0, reply[1]) };
  }
}

function checkArgs(nodeId: string, holderId: string, ttlMs: number): void {
  assertId(nodeId, "nodeId");
  assertId(holderId, "holderId");
  assertInt(ttlMs, "ttlMs", 1, MAX_LEASE_TTL_MS);
}
