/** Queues on Redis: every operation is one Lua script over the guild's three queue keys (lua-queue.ts). */
import type { RedisClient as Redis } from "./redis-client";
import type { AsyncOptions } from "../abort";
import { assertId, assertInt, corrupt, invalidArgument } from "./fail";
import { reqEnum } from "./json-check";
import type { RegistryKeys } from "./keys";
import { decodeJson } from "./redis-codec";
import { runScript, type ScriptName } from "./redis-scripts";
import type { AdvanceOptions, AdvanceResult, QueueEditOptions, QueueStore } from "./registry";
import { checkAdd, checkEdit, checkIndexArg } from "./queue-input";
import { normaliseSeed, randomSeed } from "./seeded-shuffle";
import { REPEAT_MODES, type QueueItem, type QueueItemInput, type QueuePage, type RepeatMode } from "./types";
import { validateQueueItem } from "./validate-queue";
import { withSignal } from "./signal";

/** QueueStore over an ioredis client whose scripts were defined by `defineScripts`. */
export class RedisQueueStore implements QueueStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RegistryKeys,
    private readonly maxQueueLength: number,
    private readonly historyLimit: number,
  ) {}

  async add(guildId: string, items: readonly QueueItemInput[], opts: QueueEditOptions & { index?: number; maxLength?: number } = {}): Promise<{ version: number; items: QueueItem[] }> {
    const { max, prepared } = checkAdd(guildId, items, opts, this.maxQueueLength);
    const version = await this.run("pyroQueueAdd", guildId, opts, [opts.index ?? "", max, ...prepared.map((i) => JSON.stringify(i))]);
    return { version: Number(version), items: prepared };
  }

  async page(guildId: string, opts: AsyncOptions & { offset?: number; limit?: number } = {}): Promise<QueuePage> {
    assertId(guildId, "guildId");
    const offset = opts.offset ?? 0;
    const limit = opts.limit ?? 100;
    assertInt(offset, "offset", 0);
    assertInt(limit, "limit", 0, 10_000);
    const [version, repeat, current, total, items, history] = (await this.run("pyroQueuePage", guildId, { signal: opts.signal }, [offset, limit])) as [number, string, string, number, string[], string[]];
    const key = this.keys.queueMeta(guildId);
    return {
      guildId,
      version: Number(version),
      repeatMode: reqEnum(repeat, REPEAT_MODES, "repeat", corrupt(key)),
      current: this.item(current, guildId, "current"),
      items: items.map((raw, i) => this.item(raw, guildId, `items[${offset + i}]`)!),
      total: Number(total),
      offset,
      history: history.map((raw, i) => this.item(raw, guildId, `history[${i}]`)!),
    };
  }

  async remove(guildId: string, index: number, opts: QueueEditOptions & { count?: number } = {}): Promise<{ version: number; removed: QueueItem[] }> {
    checkEdit(guildId, opts);
    checkIndexArg(index, "index");
    const count = opts.count ?? 1;
    checkIndexArg(count, "count");
    const [version, removed] = (await this.run("pyroQueueRemove", guildId, opts, [index, count])) as [number, string[]];
    return { version: Number(version), removed: removed.map((raw, i) => this.item(raw, guildId, `removed[${i}]`)!) };
  }

  async move(guildId: string, from: number, to: number, opts: QueueEditOptions = {}): Promise<{ version: number }> {
    checkEdit(guildId, opts);
    checkIndexArg(from, "from");
    checkIndexArg(to, "to");
    return { version: Number(await this.run("pyroQueueMove", guildId, opts, [from, to])) };
  }

  async shuffle(guildId: string, opts: QueueEditOptions & { seed?: number } = {}): Promise<{ version: number; seed: number }> {
    checkEdit(guildId, opts);
    if (opts.seed !== undefined && !Number.isFinite(opts.seed)) invalidArgument("seed", "must be a finite number");
    const seed = normaliseSeed(opts.seed ?? randomSeed());
    return { version: Number(await this.run("pyroQueueShuffle", guildId, opts, [seed])), seed };
  }

  async clear(guildId: string, opts: QueueEditOptions & { history?: boolean } = {}): Promise<{ version: number; removed: number }> {
    checkEdit(guildId, opts);
    const [version, removed] = (await this.run("pyroQueueClear", guildId, opts, [opts.history ? "1" : "0"])) as [number, number];
    return { version: Number(version), removed: Number(removed) };
  }

  async advance(guildId: string, opts: QueueEditOptions & AdvanceOptions = {}): Promise<AdvanceResult> {
    checkEdit(guildId, opts);
    const count = opts.count ?? 1;
    assertInt(count, "count", 1, 10_000);
    const check = opts.expectedCurrentId !== undefined;
    if (check && opts.expectedCurrentId !== null) assertId(opts.expectedCurrentId, "expectedCurrentId");
    if (opts.expectedCurrentSince !== undefined) assertInt(opts.expectedCurrentSince, "expectedCurrentSince", 0);
    const args = [count, opts.force ? "1" : "0", check ? "1" : "0", opts.expectedCurrentId ?? "", this.historyLimit, opts.expectedCurrentSince ?? ""];
    const [version, cur, prev] = (await this.run("pyroQueueAdvance", guildId, opts, args, opts.expectedCurrentId)) as [number, string, string];
    const current = this.item(cur, guildId, "current");
    return { version: Number(version), current, previous: this.item(prev, guildId, "previous"), ended: current === null };
  }

  async previous(guildId: string, opts: QueueEditOptions = {}): Promise<AdvanceResult> {
    checkEdit(guildId, opts);
    const [version, cur, prev] = (await this.run("pyroQueuePrevious", guildId, opts, [])) as [number, string, string, number];
    const current = this.item(cur, guildId, "current");
    return { version: Number(version), current, previous: this.item(prev, guildId, "previous"), ended: current === null };
  }

  async setRepeatMode(guildId: string, mode: RepeatMode, opts: QueueEditOptions = {}): Promise<{ version: number }> {
    checkEdit(guildId, opts);
    reqEnum(mode, REPEAT_MODES, "mode", invalidArgument);
    return { version: Number(await this.run("pyroQueueSetRepeat", guildId, opts, [mode])) };
  }

  async delete(guildId: string, opts: AsyncOptions = {}): Promise<boolean> {
    assertId(guildId, "guildId");
    const k = this.keys;
    const n = await withSignal(opts.signal, () => this.redis.del(k.queueItems(guildId), k.queueMeta(guildId), k.queueHistory(guildId)));
    return n > 0;
  }

  private run(name: ScriptName, guildId: string, opts: QueueEditOptions, args: (string | number)[], expectedCurrent?: string | null): Promise<unknown> {
    const k = this.keys;
    const keys = [k.queueItems(guildId), k.queueMeta(guildId), k.queueHistory(guildId)];
    const ctx = { key: keys[1]!, guildId, expected: opts.expectedVersion, expectedCurrent };
    return runScript(this.redis, name, keys, [opts.expectedVersion ?? "", ...args], ctx, opts.signal);
  }

  private item(raw: string, guildId: string, field: string): QueueItem | null {
    if (raw === "") return null;
    const key = this.keys.queueItems(guildId);
    return validateQueueItem(decodeJson(raw, key, field), field, corrupt(key));
  }
}
