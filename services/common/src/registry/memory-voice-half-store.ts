/** In-memory backend of VoiceHalfStore, with the same merge and expiry semantics as Redis. */
import type { AsyncOptions } from "../abort";
import { throwIfAborted } from "../abort";
import type { VoiceHalf, VoiceHalfStore } from "./registry";

/** Voice halves in this process. */
export class MemoryVoiceHalfStore implements VoiceHalfStore {
  private readonly halves = new Map<string, { half: VoiceHalf; expiresAt: number }>();

  constructor(private readonly monotonicNow: () => number = () => performance.now()) {}

  async merge(guildId: string, half: VoiceHalf, ttlMs: number, opts?: AsyncOptions): Promise<VoiceHalf> {
    throwIfAborted(opts?.signal);
    const now = this.monotonicNow();
    const current = this.halves.get(guildId);
    const base = current && current.expiresAt > now ? current.half : {};
    const merged: VoiceHalf = { ...base };
    for (const [k, v] of Object.entries(half)) if (typeof v === "string") merged[k as keyof VoiceHalf] = v;
    this.halves.set(guildId, { half: merged, expiresAt: now + ttlMs });
    return { ...merged };
  }

  async get(guildId: string, opts?: AsyncOptions): Promise<VoiceHalf> {
    throwIfAborted(opts?.signal);
    const current = this.halves.get(guildId);
    return current && current.expiresAt > this.monotonicNow() ? { ...current.half } : {};
  }

  async clear(guildId: string, opts?: AsyncOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    this.halves.delete(guildId);
  }
}
