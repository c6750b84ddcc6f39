/**
 * The registry interface: all of Pyro's shared state behind one contract with two real backends,
 * `RedisRegistry` (durable, multi-router) and `MemoryRegistry` (in-process, standalone default).
 * Both pass the same contract suite (test/support/registry-contract.ts).
 */
import type { AsyncOptions } from "../abort";
import type {
  JsonValue,
  LeaseAcquireResult,
  Lease,
  NodeDeath,
  NodeRecord,
  NodeRecordInput,
  NodeState,
  PlayerRecord,
  PlayerState,
  QueueItem,
  QueueItemInput,
  QueuePage,
  RepeatMode,
  VoiceState,
} from "./types";
import type { LavalinkSessionStore } from "./lavalink-session-store";
import type { EventLogBounds, EventLogStore } from "./event-log-store";

/** Fields of a new player; everything but `guildId` has a default (no owner, empty state). */
export interface PlayerInit {
  guildId: string;
  ownerNodeId?: string | null;
  voice?: VoiceState;
  state?: Partial<PlayerState>;
}

/** Result of `create`: the stored record, and whether this call created it. */
export interface CreateResult {
  created: boolean;
  record: PlayerRecord;
}

/** A page of a paginated scan; `cursor` is null when the scan is complete. */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/**
 * A stored player record that fails validation, as `players.list` reports it: the guild (from the
 * key) and what is wrong (a field path and a problem, never a stored value). Nothing serves such
 * a player; an operator deletes it with `players.purge`.
 */
export interface BrokenPlayerRecord {
  guildId: string;
  reason: string;
}

/** A page of `players.list`: the readable records, and the broken ones met on the way (same page). */
export interface PlayerPage extends Page<PlayerRecord> {
  broken: BrokenPlayerRecord[];
}

/** Options of `players.list`: all players, or those owned by one node (null = unowned). */
export interface ListPlayersOptions extends AsyncOptions {
  ownerNodeId?: string | null;
  /** Opaque cursor from the previous page; omit for the first page. */
  cursor?: string;
  /** Hint for the page size (default 100); a page may be smaller or, on Redis, somewhat larger. */
  limit?: number;
}

/** Options of `PlayerStore.checkpoint`. */
export interface CheckpointOptions extends AsyncOptions {
  /** Refuse (StaleEpochError) unless the record's owner is this node id (null: unowned); default: no owner check. */
  expectedOwner?: string | null;
}

/** One claim of a batch: like `claim(guildId, expectedEpoch, newOwnerNodeId)`. */
export interface ClaimRequest {
  guildId: string;
  expectedEpoch: number;
  newOwnerNodeId: string | null;
}

/**
 * Outcome of one claim of a batch, in request order: the new record and the owner it was taken
 * from, or why it was not claimed (StaleEpochError, PlayerNotFoundError, CorruptRecordError).
 */
export type ClaimOutcome =
  | { guildId: string; ok: true; record: PlayerRecord; previousOwnerNodeId: string | null }
  | { guildId: string; ok: false; error: Error };

/** Most claims `claimMany` accepts in one call. */
export const MAX_CLAIM_BATCH = 1000;

/** Player records: ownership, fencing epochs, voice credentials and checkpoints. */
export interface PlayerStore {
  /** The player, or null if absent. Throws CorruptRecordError if the stored record is invalid. */
  get(guildId: string, opts?: AsyncOptions): Promise<PlayerRecord | null>;
  /**
   * One page of players (all, or by owner through the per-node index). Records that fail validation
   * are not items: they come back in `broken` (and are reported as registry errors).
   */
  list(opts?: ListPlayersOptions): Promise<PlayerPage>;
  /** Creates the player with epoch 1 unless one exists; returns the stored record either way. */
  create(init: PlayerInit, opts?: AsyncOptions): Promise<CreateResult>;
  /**
   * Merges `partial` into the player's state if its epoch is still `expectedEpoch` and, with
   * `opts.expectedOwner`, its owner is that node (null: unowned); the epoch is not bumped.
   * Throws StaleEpochError (epoch or owner differs) or PlayerNotFoundError.
   */
  checkpoint(guildId: string, expectedEpoch: number, partial: Partial<PlayerState>, opts?: CheckpointOptions): Promise<PlayerRecord>;
  /**
   * `checkpoint` without reading the record back: the same fencing, write and errors, no answer.
   * For the owning node's hot path, which never needs the record (on Redis the read-back and its
   * decoding are most of a checkpoint's cost).
   */
  writeCheckpoint(guildId: string, expectedEpoch: number, partial: Partial<PlayerState>, opts?: CheckpointOptions): Promise<void>;
  /**
   * Atomic compare-and-set of the owner: succeeds only if the epoch is `expectedEpoch`, raises it and
   * returns the new record. The new epoch is above `expectedEpoch`: one more in memory; on Redis
   * max(expectedEpoch + 1, the server's clock in ms), so it stays above every epoch a failover lost. Of N concurrent claimers with the same expected epoch exactly one wins; the others
   * get StaleEpochError. Throws PlayerNotFoundError if absent.
   */
  claim(guildId: string, expectedEpoch: number, newOwnerNodeId: string | null, opts?: AsyncOptions): Promise<PlayerRecord>;
  /**
   * Many `claim`s in one registry operation (one script on Redis): each request is checked and
   * applied on its own, exactly as `claim` would (of concurrent claimers with the same expected epoch
   * exactly one wins), and a rejected one writes nothing. Throws InvalidArgumentError (field path
   * `claims[i].…`) for a bad request, a guild named twice, or more than MAX_CLAIM_BATCH requests.
   */
  claimMany(claims: readonly ClaimRequest[], opts?: AsyncOptions): Promise<ClaimOutcome[]>;
  /** Replaces (or with null, removes) the voice credentials; with `expectedEpoch`, fenced like checkpoint. */
  setVoice(guildId: string, voice: VoiceState | null, opts?: AsyncOptions & { expectedEpoch?: number }): Promise<PlayerRecord>;
  /** Deletes the player; false if it did not exist. With `expectedEpoch`, throws StaleEpochError on mismatch. */
  delete(guildId: string, opts?: AsyncOptions & { expectedEpoch?: number }): Promise<boolean>;
  /**
   * Deletes whatever is stored for the guild's player, readable or not (a broken record, a key of
   * the wrong type); false if nothing was stored. No epoch check: for an operator's DestroyPlayer.
   */
  purge(guildId: string, opts?: AsyncOptions): Promise<boolean>;
  /**
   * Every player owned by one of `deadNodeIds` (and, with `includeUnowned`, every player with no owner),
   * read through the per-node indexes. The caller claims each with its epoch.
   */
  listOrphans(deadNodeIds: readonly string[], opts?: AsyncOptions & { includeUnowned?: boolean }): Promise<PlayerRecord[]>;
}

/** Node records written by Lavanodes and read by Routers. */
export interface NodeStore {
  /** Writes the whole record (updatedAt set now) and returns it. */
  upsert(node: NodeRecordInput, opts?: AsyncOptions): Promise<NodeRecord>;
  /** The node, or null. Throws CorruptRecordError on an invalid record. */
  get(nodeId: string, opts?: AsyncOptions): Promise<NodeRecord | null>;
  /** Every node, sorted by id. */
  list(opts?: AsyncOptions): Promise<NodeRecord[]>;
  /** Atomically changes only the state. Throws NodeNotFoundError. */
  setState(nodeId: string, state: NodeState, opts?: AsyncOptions): Promise<NodeRecord>;
  /** Removes the node record; false if absent. Its lease and player index are untouched. */
  remove(nodeId: string, opts?: AsyncOptions): Promise<boolean>;
}

/** Largest lease TTL accepted by `acquire`/`renew`: one day. */
export const MAX_LEASE_TTL_MS = 86_400_000;

/** Per-node leases: a Lavanode proves liveness by renewing well under the TTL. */
export interface LeaseStore {
  /** Takes the lease if free, or re-takes (and extends) it if already held by `holderId`. */
  acquire(nodeId: string, holderId: string, ttlMs: number, opts?: AsyncOptions): Promise<LeaseAcquireResult>;
  /** Extends the lease to `ttlMs` from now; false (nothing changed) unless held by `holderId`. */
  renew(nodeId: string, holderId: string, ttlMs: number, opts?: AsyncOptions): Promise<boolean>;
  /** Frees the lease; false (nothing changed) unless held by `holderId`. */
  release(nodeId: string, holderId: string, opts?: AsyncOptions): Promise<boolean>;
  /** The current holder and remaining TTL, or null if free or expired. */
  get(nodeId: string, opts?: AsyncOptions): Promise<Lease | null>;
}

/** An active subscription; `unsubscribe` is idempotent. Aborting the subscribe signal also ends it. */
export interface Subscription {
  unsubscribe(): Promise<void>;
}

/** Cross-process fan-out: node deaths and generic JSON events (at-most-once, no history). */
export interface EventBus {
  /** Tells every subscriber that `nodeId` is dead. */
  publishNodeDeath(nodeId: string, reason: string, opts?: AsyncOptions): Promise<void>;
  /** Calls `handler` for every death published after the returned promise resolves. */
  subscribeNodeDeaths(handler: (death: NodeDeath) => void, opts?: AsyncOptions): Promise<Subscription>;
  /** Publishes a JSON payload on `channel`. */
  publish(channel: string, payload: JsonValue, opts?: AsyncOptions): Promise<void>;
  /** Calls `handler` for every payload published on `channel` after the returned promise resolves. */
  subscribe(channel: string, handler: (payload: JsonValue) => void, opts?: AsyncOptions): Promise<Subscription>;
}

/** Options shared by queue edits: optimistic concurrency on the queue version. */
export interface QueueEditOptions extends AsyncOptions {
  /** Reject with VersionMismatchError unless the queue is at this version. */
  expectedVersion?: number;
}

/** Result of `advance`/`previous`: the new version and now-playing item. */
export interface AdvanceResult {
  version: number;
  current: QueueItem | null;
  /** The item that was playing before (null if none). */
  previous: QueueItem | null;
  /** True when nothing is left to play (queue ended); false if the operation changed nothing else. */
  ended: boolean;
}

/** Options of `QueueStore.advance` besides the expected version. */
export interface AdvanceOptions {
  /** Steps to advance (default 1). */
  count?: number;
  /** Advance even with repeat `track`. */
  force?: boolean;
  /** Reject unless the current item has this id (null: nothing is current). */
  expectedCurrentId?: string | null;
  /** Reject unless the current item became current at this queue version. */
  expectedCurrentSince?: number;
}

/** Durable per-guild queues; every edit is one atomic operation that bumps the version, or writes nothing. */
export interface QueueStore {
  /**
   * Inserts items at `index` (default: the end). Throws QueueFullError past `maxLength`
   * (default: the registry's `maxQueueLength`, 10,000), InvalidIndexError, VersionMismatchError.
   * Returns the new version and the stored items (with ids).
   */
  add(guildId: string, items: readonly QueueItemInput[], opts?: QueueEditOptions & { index?: number; maxLength?: number }): Promise<{ version: number; items: QueueItem[] }>;
  /** One page of upcoming items plus the current item and history (default offset 0, limit 100). */
  page(guildId: string, opts?: AsyncOptions & { offset?: number; limit?: number }): Promise<QueuePage>;
  /** Removes `count` (default 1) items from `index`. Throws InvalidIndexError for a bad range. */
  remove(guildId: string, index: number, opts?: QueueEditOptions & { count?: number }): Promise<{ version: number; removed: QueueItem[] }>;
  /** Moves the item at `from` so it ends up at index `to`. */
  move(guildId: string, from: number, to: number, opts?: QueueEditOptions): Promise<{ version: number }>;
  /** Shuffles upcoming items with a seeded Fisher-Yates (same seed, same order, on both backends). */
  shuffle(guildId: string, opts?: QueueEditOptions & { seed?: number }): Promise<{ version: number; seed: number }>;
  /** Removes every upcoming item (current item kept; history too unless `history` is true). */
  clear(guildId: string, opts?: QueueEditOptions & { history?: boolean }): Promise<{ version: number; removed: number }>;
  /**
   * Ends the current item and starts the next: `count` (default 1) steps. The old item goes to the history
   * (bounded by `historyLimit`); with repeat `queue` it is also appended to the end; with repeat `track` and
   * `force` unset the current item stays. `expectedCurrentId` makes it exactly-once for track-end events:
   * if the current item's id differs, VersionMismatchError and nothing changes. `expectedCurrentSince` is the
   * version returned by the `advance`/`previous` that made the current item current (each of them records
   * it, also when repeat `track` keeps the same item): with it, one play of an item advances at most once,
   * even when the same item becomes current again; a mismatch is a VersionMismatchError.
   */
  advance(guildId: string, opts?: QueueEditOptions & AdvanceOptions): Promise<AdvanceResult>;
  /** Moves the most recent history item back to current, pushing the current one to the front of the queue. */
  previous(guildId: string, opts?: QueueEditOptions): Promise<AdvanceResult>;
  /** Sets the repeat mode. */
  setRepeatMode(guildId: string, mode: RepeatMode, opts?: QueueEditOptions): Promise<{ version: number }>;
  /** Deletes the whole queue (items, current, history, version); false if it did not exist. */
  delete(guildId: string, opts?: AsyncOptions): Promise<boolean>;
}

/** One half (or both) of a guild's Discord voice credentials. */
export type VoiceHalf = Partial<VoiceState>;

/**
 * Pairs VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE halves across Routers: the two halves of one
 * guild may reach different replicas. Halves expire after `ttlMs`.
 */
export interface VoiceHalfStore {
  /** Atomically merges `half` into the guild's stored halves and returns everything now known. */
  merge(guildId: string, half: VoiceHalf, ttlMs: number, opts?: AsyncOptions): Promise<VoiceHalf>;
  /** The halves stored for the guild (empty when none or expired). */
  get(guildId: string, opts?: AsyncOptions): Promise<VoiceHalf>;
  /** Forgets the guild's halves (the bot left the channel). */
  clear(guildId: string, opts?: AsyncOptions): Promise<void>;
}

/** The registry: every shared piece of state, grouped by concept. */
export interface Registry {
  readonly players: PlayerStore;
  readonly nodes: NodeStore;
  readonly leases: LeaseStore;
  readonly events: EventBus;
  readonly queues: QueueStore;
  readonly voiceHalves: VoiceHalfStore;
  /** Virtual Lavalink sessions of the Routers' Lavalink-compatible endpoint. */
  readonly lavalinkSessions: LavalinkSessionStore;
  /** Bounded per-guild logs of delivered events, for resuming event streams. */
  readonly eventLog: EventLogStore;
  /** Releases connections and subscriptions (a borrowed Redis client stays open). */
  close(): Promise<void>;
}

/** Construction options common to both backends. */
export interface RegistryOptions {
  /** Wall clock in unix ms for timestamps (default Date.now). */
  now?: () => number;
  /** Default maximum queue length (default 10,000). */
  maxQueueLength?: number;
  /** Maximum history length per queue (default 50). */
  historyLimit?: number;
  /** Called for errors that have no caller: a handler threw, an invalid pub/sub payload. */
  onError?: (err: unknown) => void;
  /** Bounds of the per-guild event log (default 60 s, 10,000 events). */
  eventLog?: EventLogBounds;
}
