/** The in-memory backend of the registry: the standalone default, and a real backend in the contract suite. */
import { MemoryEventBus } from "./memory-event-bus";
import { MemoryLeaseStore } from "./memory-lease-store";
import { MemoryNodeStore } from "./memory-node-store";
import { MemoryPlayerStore } from "./memory-player-store";
import { MemoryQueueStore } from "./memory-queue-store";
import { MemoryVoiceHalfStore } from "./memory-voice-half-store";
import { MemoryLavalinkSessionStore } from "./memory-lavalink-session-store";
import { MemoryEventLogStore } from "./memory-event-log-store";
import type { Registry, RegistryOptions } from "./registry";

/** Options of MemoryRegistry. */
export interface MemoryRegistryOptions extends RegistryOptions {
  /** Monotonic clock in ms for lease expiry (default performance.now). */
  monotonicNow?: () => number;
}

/**
 * Registry held in this process, with the same semantics and errors as RedisRegistry. State is lost on
 * exit and not shared between processes: use it for a single Router with its Lavanodes in-process, or tests.
 */
export class MemoryRegistry implements Registry {
  readonly players: MemoryPlayerStore;
  readonly nodes: MemoryNodeStore;
  readonly leases: MemoryLeaseStore;
  readonly events: MemoryEventBus;
  readonly queues: MemoryQueueStore;
  readonly voiceHalves: MemoryVoiceHalfStore;
  readonly lavalinkSessions = new MemoryLavalinkSessionStore();
  readonly eventLog: MemoryEventLogStore;

  constructor(opts: MemoryRegistryOptions = {}) {
    const now = opts.now ?? Date.now;
    this.players = new MemoryPlayerStore(now);
    this.nodes = new MemoryNodeStore(now);
    this.leases = new MemoryLeaseStore(opts.monotonicNow);
    this.events = new MemoryEventBus(now, opts.onError ?? (() => undefined));
    this.queues = new MemoryQueueStore(opts.maxQueueLength ?? 10_000, opts.historyLimit ?? 50);
    this.voiceHalves = new MemoryVoiceHalfStore(opts.monotonicNow);
    this.eventLog = new MemoryEventLogStore(now, opts.eventLog);
  }

  async close(): Promise<void> {
    this.events.close();
  }
}
