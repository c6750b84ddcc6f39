/** In-memory backend of LavalinkSessionStore, with the same semantics as the Redis one. */
import type { AsyncOptions } from "../abort";
import { throwIfAborted } from "../abort";
import { assertId } from "./fail";
import { matchesExpect, type LavalinkSessionExpect, type LavalinkSessionRecord, type LavalinkSessionStore } from "./lavalink-session-store";

interface Entry { record: LavalinkSessionRecord; guilds: Set<string>; frames: string[] }

/** Session records in this process. */
export class MemoryLavalinkSessionStore implements LavalinkSessionStore {
  private readonly entries = new Map<string, Entry>();

  async create(record: LavalinkSessionRecord, opts?: AsyncOptions): Promise<boolean> {
    throwIfAborted(opts?.signal);
    assertId(record.sessionId, "sessionId");
    if (this.entries.has(record.sessionId)) return false;
    this.entries.set(record.sessionId, { record: { ...record }, guilds: new Set(), frames: [] });
    return true;
  }

  async get(sessionId: string, opts?: AsyncOptions): Promise<LavalinkSessionRecord | null> {
    throwIfAborted(opts?.signal);
    const e = this.entries.get(sessionId);
    return e ? { ...e.record } : null;
  }

  async list(opts?: AsyncOptions): Promise<LavalinkSessionRecord[]> {
    throwIfAborted(opts?.signal);
    return [...this.entries.values()].map((e) => ({ ...e.record }));
  }

  async update(sessionId: string, partial: Partial<Omit<LavalinkSessionRecord, "sessionId">>, expect?: LavalinkSessionExpect, opts?: AsyncOptions): Promise<LavalinkSessionRecord | null> {
    throwIfAborted(opts?.signal);
    const e = this.entries.get(sessionId);
    if (!e || !matchesExpect(e.record, expect)) return null;
    e.record = { ...e.record, ...partial, sessionId };
    return { ...e.record };
  }

  async remove(sessionId: string, opts?: AsyncOptions): Promise<string[] | null> {
    throwIfAborted(opts?.signal);
    const e = this.entries.get(sessionId);
    if (!e) return null;
    this.entries.delete(sessionId);
    return [...e.guilds].sort();
  }

  async addGuild(sessionId: string, guildId: string, opts?: AsyncOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    this.entries.get(sessionId)?.guilds.add(guildId);
  }

  async removeGuild(sessionId: string, guildId: string, opts?: AsyncOptions): Promise<boolean> {
    throwIfAborted(opts?.signal);
    return this.entries.get(sessionId)?.guilds.delete(guildId) ?? false;
  }

  async guilds(sessionId: string, opts?: AsyncOptions): Promise<string[]> {
    throwIfAborted(opts?.signal);
    return [...(this.entries.get(sessionId)?.guilds ?? [])].sort();
  }

  async appendFrames(sessionId: string, frames: readonly string[], maxFrames: number, opts?: AsyncOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    const e = this.entries.get(sessionId);
    if (!e) return;
    e.frames.push(...frames);
    if (e.frames.length > maxFrames) e.frames.splice(0, e.frames.length - maxFrames);
  }

  async takeFrames(sessionId: string, opts?: AsyncOptions): Promise<string[]> {
    throwIfAborted(opts?.signal);
    const e = this.entries.get(sessionId);
    if (!e) return [];
    return e.frames.splice(0);
  }
}
