/**
 * Player records in process memory, with the same validation, epochs and errors as the Redis backend.
 * Every operation runs synchronously after its argument checks, so each is atomic; records are copied in
 * and out so callers never share state with the store.
 */
import { throwIfAborted, type AsyncOptions } from "../abort";
import { PlayerNotFoundError, StaleEpochError } from "./errors";
import { assertId, assertInt, invalidArgument } from "./fail";
import { buildPlayerRecord, validatePlayerInit } from "./player-init";
import type { CheckpointOptions, ClaimOutcome, ClaimRequest, CreateResult, ListPlayersOptions, Page, PlayerInit, PlayerPage, PlayerStore } from "./registry";
import { assertClaims } from "./validate-claims";
import type { PlayerRecord, PlayerState, VoiceState } from "./types";
import { validatePartialState, validateVoice } from "./validate-player";

/** PlayerStore in memory; `list` pages in guild id order with the last id as cursor. */
export class MemoryPlayerStore implements PlayerStore {
  private readonly records = new Map<string, PlayerRecord>();
  private readonly byOwner = new Map<string | null, Set<string>>();

  constructor(private readonly now: () => number) {}

  async get(guildId: string, opts: AsyncOptions = {}): Promise<PlayerRecord | null> {
    throwIfAborted(opts.signal);
    assertId(guildId, "guildId");
    const rec = this.records.get(guildId);
    return rec ? structuredClone(rec) : null;
  }

  /** Records are validated on every write, so this backend never has broken ones. */
  async list(opts: ListPlayersOptions = {}): Promise<PlayerPage> {
    throwIfAborted(opts.signal);
    const limit = opts.limit ?? 100;
    assertInt(limit, "limit", 1, 10_000);
    if (opts.ownerNodeId !== undefined && opts.ownerNodeId !== null) assertId(opts.ownerNodeId, "ownerNodeId");
    const ids = opts.ownerNodeId === undefined ? [...this.records.keys()] : [...(this.byOwner.get(opts.ownerNodeId) ?? [])];
    const after = opts.cursor;
    const page = ids.filter((g) => after === undefined || g > after).sort().slice(0, limit);
    const items = page.map((g) => structuredClone(this.records.get(g)!));
    return { items, broken: [], cursor: page.length === limit ? page[page.length - 1]! : null };
  }

  async purge(guildId: string, opts: AsyncOptions = {}): Promise<boolean> {
    return this.delete(guildId, { signal: opts.signal });
  }

  async create(init: PlayerInit, opts: AsyncOptions = {}): Promise<CreateResult> {
    throwIfAborted(opts.signal);
    const valid = validatePlayerInit(init);
    const existing = this.records.get(valid.guildId);
    if (existing) return { created: false, record: structuredClone(existing) };
    const rec = buildPlayerRecord(valid, this.now());
    this.records.set(rec.guildId, rec);
    this.indexAdd(rec.ownerNodeId, rec.guildId);
    return { created: true, record: structuredClone(rec) };
  }

  async checkpoint(guildId: string, expectedEpoch: number, partial: Partial<PlayerState>, opts: CheckpointOptions = {}): Promise<PlayerRecord> {
    throwIfAborted(opts.signal);
    assertInt(expectedEpoch, "expectedEpoch", 1);
    if (opts.expectedOwner) assertId(opts.expectedOwner, "expectedOwner");
    const state = validatePartialState(partial, "state", invalidArgument);
    const rec = this.fenced(guildId, expectedEpoch);
    if (opts.expectedOwner !== undefined && rec.ownerNodeId !== opts.expectedOwner) throw new StaleEpochError(guildId, expectedEpoch, rec.epoch);
    rec.state = { ...rec.state, ...structuredClone(state) };
    rec.updatedAt = this.now();
    return structuredClone(rec);
  }

  async writeCheckpoint(guildId: string, expectedEpoch: number, partial: Partial<PlayerState>, opts: CheckpointOptions = {}): Promise<void> {
    await this.checkpoint(guildId, expectedEpoch, partial, opts);
  }

  async claim(guildId: string, expectedEpoch: number, newOwnerNodeId: string | null, opts: AsyncOptions = {}): Promise<PlayerRecord> {
    throwIfAborted(opts.signal);
    assertInt(expectedEpoch, "expectedEpoch", 1);
    if (newOwnerNodeId !== null) assertId(newOwnerNodeId, "newOwnerNodeId");
    return this.claimNow(guildId, expectedEpoch, newOwnerNodeId);
  }

  /** The claim itself, after argument checks; returns a copy of the new record. */
  private claimNow(guildId: string, expectedEpoch: number, newOwnerNodeId: string | null): PlayerRecord {
    const rec = this.fenced(guildId, expectedEpoch);
    this.indexDelete(rec.ownerNodeId, guildId);
    rec.ownerNodeId = newOwnerNodeId;
    rec.epoch += 1;
    rec.updatedAt = this.now();
    this.indexAdd(newOwnerNodeId, guildId);
    return structuredClone(rec);
  }

  async claimMany(claims: readonly ClaimRequest[], opts: AsyncOptions = {}): Promise<ClaimOutcome[]> {
    throwIfAborted(opts.signal);
    assertClaims(claims);
    return claims.map((c) => {
      try {
        const previousOwnerNodeId = this.fenced(c.guildId, c.expectedEpoch).ownerNodeId;
        const rec = this.claimNow(c.guildId, c.expectedEpoch, c.newOwnerNodeId);
        return { guildId: c.guildId, ok: true, record: rec, previousOwnerNodeId };
      } catch (err) {
        return { guildId: c.guildId, ok: false, error: err as Error };
      }
    });
  }

  async setVoice(guildId: string, voice: VoiceState | null, opts: AsyncOptions & { expectedEpoch?: number } = {}): Promise<PlayerRecord> {
    throwIfAborted(opts.signal);
    if (opts.expectedEpoch !== undefined) assertInt(opts.expectedEpoch, "expectedEpoch", 1);
    const valid = voice === null ? null : validateVoice(voice, "voice", invalidArgument);
    const rec = this.fenced(guildId, opts.expectedEpoch);
    if (valid) rec.voice = valid;
    else delete rec.voice;
    rec.updatedAt = this.now();
    return structuredClone(rec);
  }

  async delete(guildId: string, opts: AsyncOptions & { expectedEpoch?: number } = {}): Promise<boolean> {
    throwIfAborted(opts.signal);
    assertId(guildId, "guildId");
    if (opts.expectedEpoch !== undefined) assertInt(opts.expectedEpoch, "expectedEpoch", 1);
    if (!this.records.has(guildId)) return false;
    const rec = this.fenced(guildId, opts.expectedEpoch);
    this.records.delete(guildId);
    this.indexDelete(rec.ownerNodeId, guildId);
    return true;
  }

  async listOrphans(deadNodeIds: readonly string[], opts: AsyncOptions & { includeUnowned?: boolean } = {}): Promise<PlayerRecord[]> {
    throwIfAborted(opts.signal);
    deadNodeIds.forEach((n, i) => assertId(n, `deadNodeIds[${i}]`));
    const owners: (string | null)[] = [...new Set(deadNodeIds)];
    if (opts.includeUnowned) owners.push(null);
    const ids = owners.flatMap((o) => [...(this.byOwner.get(o) ?? [])]).sort();
    return ids.map((g) => structuredClone(this.records.get(g)!));
  }

  /** The live record if its epoch matches (`undefined` = no check); throws PlayerNotFoundError/StaleEpochError. */
  private fenced(guildId: string, expectedEpoch: number | undefined): PlayerRecord {
    assertId(guildId, "guildId");
    const rec = this.records.get(guildId);
    if (!rec) throw new PlayerNotFoundError(guildId);
    if (expectedEpoch !== undefined && rec.epoch !== expectedEpoch) throw new StaleEpochError(guildId, expectedEpoch, rec.epoch);
    return rec;
  }

  private indexAdd(owner: string | null, guildId: string): void {
    let set = this.byOwner.get(owner);
    if (!set) this.byOwner.set(owner, (set = new Set()));
    set.add(guildId);
  }

  private indexDelete(owner: string | null, guildId: string): void {
    const set = this.byOwner.get(owner);
    set?.delete(guildId);
    if (set?.size === 0) this.byOwner.delete(owner);
  }
}
