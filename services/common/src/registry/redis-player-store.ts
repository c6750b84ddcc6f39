/**
 * Player records on Redis. Each record is one hash under its guild's hash tag, changed only by single-key
 * Lua scripts. The per-node index (`{n:<id>}:players` sets) lives in other slots, so it cannot change in
 * the same script on Redis Cluster; it is kept a superset of the truth instead: an owner is added to its
 * node's index before and again after the record changes, an entry is removed only after the record moved
 * away and re-added if a re-read shows it came back. Readers filter entries by the record's real owner.
 * Listing every player is a SCAN of the player keys; on a Redis Cluster a per-shard scan
 * (redis-cluster-scan.ts) walks the masters one after another.
 */
import type { RedisClient as Redis } from "./redis-client";
import type { AsyncOptions } from "../abort";
import { CorruptRecordError } from "./errors";
import { assertId, assertInt, invalidArgument } from "./fail";
import type { RegistryKeys } from "./keys";
import { decodeJson, decodePlayer, encodePlayer, encodeStateFields, pairsToObject } from "./redis-codec";
import { runScript } from "./redis-scripts";
import type { BrokenPlayerRecord, CheckpointOptions, ClaimOutcome, ClaimRequest, CreateResult, ListPlayersOptions, Page, PlayerInit, PlayerPage, PlayerStore } from "./registry";
import { assertClaims } from "./validate-claims";
import { PlayerNotFoundError, StaleEpochError } from "./errors";
import { withSignal } from "./signal";
import { isClusterClient } from "./redis-client";
import { scanClusterStep } from "./redis-cluster-scan";
import { waitForReplicas } from "./redis-replica-wait";
import type { PlayerRecord, PlayerState, VoiceState } from "./types";
import { buildPlayerRecord, validatePlayerInit } from "./player-init";
import { validatePartialState, validateVoice } from "./validate-player";

/** PlayerStore over an ioredis client whose scripts were defined by `defineScripts`. */
export class RedisPlayerStore implements PlayerStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RegistryKeys,
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void,
  ) {}

  async get(guildId: string, opts: AsyncOptions = {}): Promise<PlayerRecord | null> {
    assertId(guildId, "guildId");
    const key = this.keys.player(guildId);
    const hash = await withSignal(opts.signal, () => this.redis.hgetall(key)).catch((err) => {
      throw wrongType(err, key);
    });
    return decodePlayer(hash, key);
  }

  async list(opts: ListPlayersOptions = {}): Promise<PlayerPage> {
    const limit = opts.limit ?? 100;
    assertInt(limit, "limit", 1, 10_000);
    const cursor = opts.cursor ?? "0";
    if (!/^\d+$/.test(cursor)) invalidArgument("cursor", "is not a cursor returned by list");
    if (opts.ownerNodeId === undefined) {
      // SCAN's COUNT is work per call, not matches: on a keyspace shared with queues, leases and
      // other prefixes a small COUNT returns mostly empty pages. Scan in larger steps until the page
      // has `limit` players (or a bounded amount of work is done), so pages are rarely empty.
      let next = cursor;
      const keys: string[] = [];
      for (let round = 0; round < 50; round++) {
        const [n, batch] = await withSignal(opts.signal, () => this.scanStep(next, Math.max(1000, limit * 10)));
        keys.push(...batch);
        next = n;
        if (next === "0" || keys.length >= limit) break;
      }
      const guilds = keys.map((k) => this.keys.guildOfPlayerKey(k)).filter((g): g is string => g !== null);
      const broken: BrokenPlayerRecord[] = [];
      const items = (await Promise.all(guilds.map((g) => this.getOrReport(g, broken)))).filter((r): r is PlayerRecord => r != null);
      return { items, broken, cursor: next === "0" ? null : next };
    }
    const owner = opts.ownerNodeId;
    if (owner !== null) assertId(owner, "ownerNodeId");
    const [next, guilds] = await withSignal(opts.signal, () =>
      this.redis.sscan(this.keys.nodeIndex(owner), cursor, "COUNT", limit),
    );
    const broken: BrokenPlayerRecord[] = [];
    const items = await Promise.all(guilds.map((g) => this.getIndexed(owner, g, broken)));
    return { items: items.filter((r): r is PlayerRecord => r !== null), broken, cursor: next === "0" ? null : next };
  }

  async create(init: PlayerInit, opts: AsyncOptions = {}): Promise<CreateResult> {
    const valid = validatePlayerInit(init);
    const key = this.keys.player(valid.guildId);
    const record = buildPlayerRecord(valid, this.now());
    if (!isClusterClient(this.redis)) {
      // One server, one connection: the first index add and the script are sent together and run
      // in that order (a script resent after NOSCRIPT only runs later), saving a round trip; the
      // second add still waits for the script, as below.
      const [, reply] = await Promise.all([
        this.index(record.ownerNodeId, record.guildId, opts.signal),
        runScript(this.redis, "pyroPlayerCreate", [key], encodePlayer(record), { key, guildId: valid.guildId }, opts.signal),
      ]);
      const [created, flat] = reply as [number, unknown];
      if (created === 1) await this.index(record.ownerNodeId, record.guildId, opts.signal);
      return { created: created === 1, record: decodePlayer(pairsToObject(flat, key), key)! };
    }
    await this.index(record.ownerNodeId, record.guildId, opts.signal);
    const [created, flat] = (await runScript(this.redis, "pyroPlayerCreate", [key], encodePlayer(record), { key, guildId: valid.guildId }, opts.signal)) as [number, unknown];
    const stored = decodePlayer(pairsToObject(flat, key), key)!;
    if (created === 1) {
      await this.replicated(key);
      await this.index(record.ownerNodeId, record.guildId, opts.signal);
    }
    return { created: created === 1, record: stored };
  }

  async checkpoint(guildId: string, expectedEpoch: number, partial: Partial<PlayerState>, opts: CheckpointOptions = {}): Promise<PlayerRecord> {
    const { reply, key } = await this.runCheckpoint("pyroPlayerCheckpoint", guildId, expectedEpoch, partial, opts);
    return decodePlayer(pairsToObject(reply, key), key)!;
  }

  async writeCheckpoint(guildId: string, expectedEpoch: number, partial: Partial<PlayerState>, opts: CheckpointOptions = {}): Promise<void> {
    await this.runCheckpoint("pyroPlayerCheckpointWrite", guildId, expectedEpoch, partial, opts);
  }

  /** Validates and runs one of the two checkpoint scripts (they differ only in their reply). */
  private async runCheckpoint(script: "pyroPlayerCheckpoint" | "pyroPlayerCheckpointWrite", guildId: string, expectedEpoch: number,
    partial: Partial<PlayerState>, opts: CheckpointOptions): Promise<{ reply: unknown; key: string }> {
    assertId(guildId, "guildId");
    assertInt(expectedEpoch, "expectedEpoch", 1);
    if (opts.expectedOwner) assertId(opts.expectedOwner, "expectedOwner");
    const fields = encodeStateFields(validatePartialState(partial, "state", invalidArgument));
    const key = this.keys.player(guildId);
    const owner = opts.expectedOwner === undefined ? "" : JSON.stringify(opts.expectedOwner);
    const reply = await runScript(this.redis, script, [key], [expectedEpoch, this.now(), owner, ...fields], { key, guildId, expected: expectedEpoch }, opts.signal);
    return { reply, key };
  }

  async claim(guildId: string, expectedEpoch: number, newOwnerNodeId: string | null, opts: AsyncOptions = {}): Promise<PlayerRecord> {
    assertId(guildId, "guildId");
    assertInt(expectedEpoch, "expectedEpoch", 1);
    if (newOwnerNodeId !== null) assertId(newOwnerNodeId, "newOwnerNodeId");
    const key = this.keys.player(guildId);
    await this.index(newOwnerNodeId, guildId, opts.signal);
    const [flat, oldRaw] = (await runScript(this.redis, "pyroPlayerClaim", [key], [expectedEpoch, JSON.stringify(newOwnerNodeId), this.now()], { key, guildId, expected: expectedEpoch }, opts.signal)) as [unknown, string];
    await this.replicated(key);
    await this.index(newOwnerNodeId, guildId, opts.signal);
    const old = this.owner(oldRaw, key);
    if (old !== newOwnerNodeId) await this.unindex(old, guildId, opts.signal);
    return decodePlayer(pairsToObject(flat, key), key)!;
  }

  /**
   * One script claims the whole batch and adds each guild to its new owner's index in the same step
   * (the index stays a superset); a second script then drops the entries of the old owners that no
   * longer own them. Two round trips for the batch instead of five per player.
   */
  async claimMany(claims: readonly ClaimRequest[], opts: AsyncOptions = {}): Promise<ClaimOutcome[]> {
    assertClaims(claims);
    if (claims.length === 0) return [];
    // A script must stay in one slot on a Redis Cluster: there, one claim (and its replica WAIT) per player.
    if (isClusterClient(this.redis)) return Promise.all(claims.map((c) => this.claimOne(c, opts)));
    const keys = claims.map((c) => this.keys.player(c.guildId));
    const args: (string | number)[] = [this.now()];
    for (const c of claims) args.push(c.expectedEpoch, JSON.stringify(c.newOwnerNodeId), c.guildId);
    const replies = (await runScript(this.redis, "pyroPlayerClaimBatch", [String(keys.length * 2), ...keys, ...claims.map((c) => this.keys.nodeIndex(c.newOwnerNodeId))], args, { key: keys[0]! }, opts.signal)) as unknown[][];
    const outcomes = claims.map((c, i): ClaimOutcome => {
      const reply = replies[i]!;
      const key = keys[i]!;
      switch (reply[0]) {
        case "OK":
          try {
            return { guildId: c.guildId, ok: true, previousOwnerNodeId: this.owner(String(reply[1]), key), record: decodePlayer(pairsToObject(reply[2], key), key)! };
          } catch (err) {
            return { guildId: c.guildId, ok: false, error: err as Error };
          }
        case "STALE":
          return { guildId: c.guildId, ok: false, error: new StaleEpochError(c.guildId, c.expectedEpoch, Number(reply[1])) };
        case "NOTFOUND":
          return { guildId: c.guildId, ok: false, error: new PlayerNotFoundError(c.guildId) };
        default:
          return { guildId: c.guildId, ok: false, error: new CorruptRecordError(key, "epoch is invalid") };
      }
    });
    const moved = outcomes.filter((o): o is ClaimOutcome & { ok: true } => o.ok && o.previousOwnerNodeId !== o.record.ownerNodeId);
    if (moved.length > 0) {
      const pruneArgs = moved.flatMap((o) => [o.guildId, JSON.stringify(o.previousOwnerNodeId)]);
      await runScript(this.redis, "pyroPlayerIndexPrune", [String(moved.length * 2), ...moved.map((o) => this.keys.player(o.guildId)), ...moved.map((o) => this.keys.nodeIndex(o.previousOwnerNodeId))], pruneArgs, { key: keys[0]! }, opts.signal);
    }
    return outcomes;
  }

  /** One claim of a batch as an outcome, never a rejection for a lost race. */
  private async claimOne(c: ClaimRequest, opts: AsyncOptions): Promise<ClaimOutcome> {
    try {
      // The owner at the expected epoch is fixed (every owner change bumps the epoch), so a read at that epoch names it.
      const before = await this.get(c.guildId, opts);
      if (!before) throw new PlayerNotFoundError(c.guildId);
      if (before.epoch !== c.expectedEpoch) throw new StaleEpochError(c.guildId, c.expectedEpoch, before.epoch);
      const record = await this.claim(c.guildId, c.expectedEpoch, c.newOwnerNodeId, opts);
      return { guildId: c.guildId, ok: true, record, previousOwnerNodeId: before.ownerNodeId };
    } catch (err) {
      if (err instanceof StaleEpochError || err instanceof PlayerNotFoundError || err instanceof CorruptRecordError) return { guildId: c.guildId, ok: false, error: err };
      throw err;
    }
  }

  async setVoice(guildId: string, voice: VoiceState | null, opts: AsyncOptions & { expectedEpoch?: number } = {}): Promise<PlayerRecord> {
    assertId(guildId, "guildId");
    if (opts.expectedEpoch !== undefined) assertInt(opts.expectedEpoch, "expectedEpoch", 1);
    const json = voice === null ? "" : JSON.stringify(validateVoice(voice, "voice", invalidArgument));
    const key = this.keys.player(guildId);
    const flat = await runScript(this.redis, "pyroPlayerSetVoice", [key], [opts.expectedEpoch ?? "", json, this.now()], { key, guildId, expected: opts.expectedEpoch }, opts.signal);
    return decodePlayer(pairsToObject(flat, key), key)!;
  }

  async delete(guildId: string, opts: AsyncOptions & { expectedEpoch?: number } = {}): Promise<boolean> {
    assertId(guildId, "guildId");
    if (opts.expectedEpoch !== undefined) assertInt(opts.expectedEpoch, "expectedEpoch", 1);
    const key = this.keys.player(guildId);
    try {
      const oldRaw = (await runScript(this.redis, "pyroPlayerDelete", [key], [opts.expectedEpoch ?? ""], { key, guildId, expected: opts.expectedEpoch }, opts.signal)) as string;
      await this.unindex(this.owner(oldRaw, key), guildId, opts.signal);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === "PLAYER_NOT_FOUND") return false;
      throw err;
    }
  }

  async purge(guildId: string, opts: AsyncOptions = {}): Promise<boolean> {
    assertId(guildId, "guildId");
    const key = this.keys.player(guildId);
    // The owner, when it can still be read, names the index entry to drop; a stale entry left in
    // another index is dropped by the next listing of that index.
    const rawOwner = await withSignal(opts.signal, () => this.redis.hget(key, "ownerNodeId")).catch(() => null);
    const removed = await withSignal(opts.signal, () => this.redis.del(key));
    let owner: string | null = null;
    try {
      owner = rawOwner === null ? null : this.owner(rawOwner, key);
    } catch {
      owner = null;
    }
    await withSignal(opts.signal, () => this.redis.srem(this.keys.nodeIndex(owner), guildId));
    return removed > 0;
  }

  async listOrphans(deadNodeIds: readonly string[], opts: AsyncOptions & { includeUnowned?: boolean } = {}): Promise<PlayerRecord[]> {
    deadNodeIds.forEach((n, i) => assertId(n, `deadNodeIds[${i}]`));
    const owners: (string | null)[] = [...new Set(deadNodeIds)];
    if (opts.includeUnowned) owners.push(null);
    const out: PlayerRecord[] = [];
    for (const owner of owners) {
      let cursor: string | undefined;
      do {
        const page = await this.list({ ownerNodeId: owner, cursor, limit: 500, signal: opts.signal });
        out.push(...page.items);
        cursor = page.cursor ?? undefined;
      } while (cursor !== undefined);
    }
    // SSCAN may return an element twice; keep the first.
    const seen = new Set<string>();
    return out.filter((r) => !seen.has(r.guildId) && seen.add(r.guildId)).sort((a, b) => (a.guildId < b.guildId ? -1 : 1));
  }

  /** On a cluster, waits for a replica to hold the epoch just written (redis-replica-wait.ts); a miss is reported. */
  private async replicated(key: string): Promise<void> {
    const problem = await waitForReplicas(this.redis, key);
    if (problem) this.onError(problem);
  }

  /** One SCAN step over player keys: on one server, or shard by shard on a cluster. */
  private scanStep(cursor: string, count: number): Promise<[string, string[]]> {
    const redis = this.redis;
    if (isClusterClient(redis)) return scanClusterStep(redis, cursor, this.keys.playerPattern, count);
    return redis.scan(cursor, "MATCH", this.keys.playerPattern, "COUNT", count);
  }

  private owner(raw: string, key: string): string | null {
    const v = decodeJson(raw, key, "ownerNodeId");
    if (v !== null && typeof v !== "string") throw new CorruptRecordError(key, "ownerNodeId must be a string or null");
    return v;
  }

  private async index(owner: string | null, guildId: string, signal?: AbortSignal): Promise<void> {
    await withSignal(signal, () => this.redis.sadd(this.keys.nodeIndex(owner), guildId));
  }

  /** Removes an index entry, then restores it if the record turns out to be owned by `owner` again. */
  private async unindex(owner: string | null, guildId: string, signal?: AbortSignal): Promise<void> {
    await withSignal(signal, () => this.redis.srem(this.keys.nodeIndex(owner), guildId));
    const rec = await this.get(guildId, { signal }).catch(() => null);
    if (rec && rec.ownerNodeId === owner) await this.index(owner, guildId, signal);
  }

  /** Reads an indexed record: drops a stale entry, skips (reports, and adds to `broken`) a corrupt record. */
  private async getIndexed(owner: string | null, guildId: string, broken: BrokenPlayerRecord[]): Promise<PlayerRecord | null> {
    const rec = await this.getOrReport(guildId, broken);
    if (rec && rec.ownerNodeId === owner) return rec;
    if (rec !== undefined) await this.unindex(owner, guildId).catch(this.onError);
    return null;
  }

  /**
   * Like get, but a corrupt record is reported to onError, added to `broken` (when given) and
   * yields undefined (distinct from absent).
   */
  private async getOrReport(guildId: string, broken?: BrokenPlayerRecord[]): Promise<PlayerRecord | null | undefined> {
    try {
      return await this.get(guildId);
    } catch (err) {
      if (!(err instanceof CorruptRecordError)) throw err;
      this.onError(err);
      broken?.push({ guildId, reason: err.reason });
      return undefined;
    }
  }
}

function wrongType(err: unknown, key: string): unknown {
  return err instanceof Error && err.message.startsWith("WRONGTYPE") ? new CorruptRecordError(key, "key holds the wrong Redis type") : err;
}
