/**
 * Queues in process memory, mirroring lua-queue.ts step for step: the version check, then argument range
 * checks, then the change; nothing is mutated before every check has passed.
 */
import { throwIfAborted, type AsyncOptions } from "../abort";
import { InvalidIndexError, QueueFullError, VersionMismatchError } from "./errors";
import { assertId, assertInt, invalidArgument } from "./fail";
import { reqEnum } from "./json-check";
import { checkAdd, checkEdit, checkIndexArg } from "./queue-input";
import type { AdvanceOptions, AdvanceResult, QueueEditOptions, QueueStore } from "./registry";
import { normaliseSeed, randomSeed, seededShuffle } from "./seeded-shuffle";
import { REPEAT_MODES, type QueueItem, type QueueItemInput, type QueuePage, type RepeatMode } from "./types";

interface QueueData {
  version: number;
  repeatMode: RepeatMode;
  current: QueueItem | null;
  /** Version of the advance/previous that made `current` current (0: never). */
  currentSince: number;
  items: QueueItem[];
  /** Newest first. */
  history: QueueItem[];
}

/** QueueStore in memory. */
export class MemoryQueueStore implements QueueStore {
  private readonly queues = new Map<string, QueueData>();

  constructor(
    private readonly maxQueueLength: number,
    private readonly historyLimit: number,
  ) {}

  async add(guildId: string, items: readonly QueueItemInput[], opts: QueueEditOptions & { index?: number; maxLength?: number } = {}): Promise<{ version: number; items: QueueItem[] }> {
    const { max, prepared } = checkAdd(guildId, items, opts, this.maxQueueLength);
    const version = this.edit(guildId, opts, (q) => {
      const idx = opts.index ?? q.items.length;
      if (idx < 0 || idx > q.items.length) throw new InvalidIndexError(guildId, idx, q.items.length, "insert");
      if (q.items.length + prepared.length > max) throw new QueueFullError(guildId, q.items.length, prepared.length, max);
      q.items.splice(idx, 0, ...structuredClone(prepared));
    });
    return { version, items: prepared };
  }

  async page(guildId: string, opts: AsyncOptions & { offset?: number; limit?: number } = {}): Promise<QueuePage> {
    throwIfAborted(opts.signal);
    assertId(guildId, "guildId");
    const offset = opts.offset ?? 0;
    const limit = opts.limit ?? 100;
    assertInt(offset, "offset", 0);
    assertInt(limit, "limit", 0, 10_000);
    const q = this.queues.get(guildId) ?? emptyQueue();
    return structuredClone({
      guildId,
      version: q.version,
      repeatMode: q.repeatMode,
      current: q.current,
      items: q.items.slice(offset, offset + limit),
      total: q.items.length,
      offset,
      history: q.history,
    });
  }

  async remove(guildId: string, index: number, opts: QueueEditOptions & { count?: number } = {}): Promise<{ version: number; removed: QueueItem[] }> {
    checkEdit(guildId, opts);
    checkIndexArg(index, "index");
    const count = opts.count ?? 1;
    checkIndexArg(count, "count");
    let removed: QueueItem[] = [];
    const version = this.edit(guildId, opts, (q) => {
      const len = q.items.length;
      if (index < 0 || index >= len) throw new InvalidIndexError(guildId, index, len, "remove");
      if (count < 1 || index + count > len) throw new InvalidIndexError(guildId, index, len, `count ${count}`);
      removed = q.items.splice(index, count);
    });
    return { version, removed: structuredClone(removed) };
  }

  async move(guildId: string, from: number, to: number, opts: QueueEditOptions = {}): Promise<{ version: number }> {
    checkEdit(guildId, opts);
    checkIndexArg(from, "from");
    checkIndexArg(to, "to");
    const version = this.edit(guildId, opts, (q) => {
      const len = q.items.length;
      if (from < 0 || from >= len) throw new InvalidIndexError(guildId, from, len, "from");
      if (to < 0 || to >= len) throw new InvalidIndexError(guildId, to, len, "to");
      const [item] = q.items.splice(from, 1);
      q.items.splice(to, 0, item!);
    });
    return { version };
  }

  async shuffle(guildId: string, opts: QueueEditOptions & { seed?: number } = {}): Promise<{ version: number; seed: number }> {
    checkEdit(guildId, opts);
    if (opts.seed !== undefined && !Number.isFinite(opts.seed)) invalidArgument("seed", "must be a finite number");
    const seed = normaliseSeed(opts.seed ?? randomSeed());
    const version = this.edit(guildId, opts, (q) => {
      q.items = seededShuffle(q.items, seed);
    });
    return { version, seed };
  }

  async clear(guildId: string, opts: QueueEditOptions & { history?: boolean } = {}): Promise<{ version: number; removed: number }> {
    checkEdit(guildId, opts);
    let removed = 0;
    const version = this.edit(guildId, opts, (q) => {
      removed = q.items.length;
      q.items = [];
      if (opts.history) q.history = [];
    });
    return { version, removed };
  }

  async advance(guildId: string, opts: QueueEditOptions & AdvanceOptions = {}): Promise<AdvanceResult> {
    checkEdit(guildId, opts);
    const count = opts.count ?? 1;
    assertInt(count, "count", 1, 10_000);
    if (opts.expectedCurrentId !== undefined && opts.expectedCurrentId !== null) assertId(opts.expectedCurrentId, "expectedCurrentId");
    if (opts.expectedCurrentSince !== undefined) assertInt(opts.expectedCurrentSince, "expectedCurrentSince", 0);
    let previous: QueueItem | null = null;
    let current: QueueItem | null = null;
    const version = this.edit(guildId, opts, (q) => {
      const curId = q.current?.id ?? null;
      if (opts.expectedCurrentId !== undefined && curId !== opts.expectedCurrentId) {
        throw new VersionMismatchError(guildId, opts.expectedCurrentId, curId);
      }
      if (opts.expectedCurrentSince !== undefined && q.currentSince !== opts.expectedCurrentSince) {
        throw new VersionMismatchError(guildId, opts.expectedCurrentSince, q.currentSince);
      }
      previous = q.current;
      for (let step = 0; step < count; step++) {
        if (q.repeatMode === "track" && !opts.force && q.current) continue;
        if (q.current) {
          q.history.unshift(q.current);
          if (q.repeatMode === "queue") q.items.push(q.current);
        }
        q.current = q.items.shift() ?? null;
      }
      q.history.length = Math.min(q.history.length, this.historyLimit);
      q.currentSince = q.version + 1;
      current = q.current;
    });
    return { version, current: structuredClone(current), previous: structuredClone(previous), ended: current === null };
  }

  async previous(guildId: string, opts: QueueEditOptions = {}): Promise<AdvanceResult> {
    checkEdit(guildId, opts);
    const q = this.queues.get(guildId) ?? emptyQueue();
    if (q.history.length === 0) {
      // Mirrors the Lua script: the version is still checked, and nothing changes.
      this.checkVersion(guildId, q, opts);
      const cur = structuredClone(q.current);
      return { version: q.version, current: cur, previous: structuredClone(cur), ended: cur === null };
    }
    let previous: QueueItem | null = null;
    const version = this.edit(guildId, opts, (d) => {
      previous = d.current;
      if (d.current) d.items.unshift(d.current);
      d.current = d.history.shift()!;
      d.currentSince = d.version + 1;
    });
    const current = this.queues.get(guildId)!.current;
    return { version, current: structuredClone(current), previous: structuredClone(previous), ended: current === null };
  }

  async setRepeatMode(guildId: string, mode: RepeatMode, opts: QueueEditOptions = {}): Promise<{ version: number }> {
    checkEdit(guildId, opts);
    reqEnum(mode, REPEAT_MODES, "mode", invalidArgument);
    return { version: this.edit(guildId, opts, (q) => void (q.repeatMode = mode)) };
  }

  async delete(guildId: string, opts: AsyncOptions = {}): Promise<boolean> {
    throwIfAborted(opts.signal);
    assertId(guildId, "guildId");
    return this.queues.delete(guildId);
  }

  /** Checks the version, applies `change` (which throws before mutating), bumps and returns the version. */
  private edit(guildId: string, opts: QueueEditOptions, change: (q: QueueData) => void): number {
    throwIfAborted(opts.signal);
    const q = this.queues.get(guildId) ?? emptyQueue();
    this.checkVersion(guildId, q, opts);
    change(q);
    q.version += 1;
    this.queues.set(guildId, q);
    return q.version;
  }

  private checkVersion(guildId: string, q: QueueData, opts: QueueEditOptions): void {
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== q.version) {
      throw new VersionMismatchError(guildId, opts.expectedVersion, q.version);
    }
  }
}

function emptyQueue(): QueueData {
  return { version: 0, repeatMode: "off", current: null, currentSince: 0, items: [], history: [] };
}
