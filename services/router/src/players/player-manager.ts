/**
 * Player lifecycle in the Router. A placed player is driven through its owner's Connect stream
 * with the epoch of the Router's claim. Placement is always "claim, then rebuild": the Router
 * moves ownership in the registry with a compare-and-set that bumps the epoch, then tells the new
 * owner to rebuild the player from the registry checkpoint. Creating, failing over, draining,
 * moving and rebalancing all share that path (placement-transaction.ts); the hot path's cache of
 * owners is owner-cache.ts, and PATCH semantics are common/src/player-state. Players that are not
 * placed keep their desired state in the registry and are placed as soon as voice credentials (and
 * a node) are available.
 */
import type { OldCopyFencer } from "../failover/old-copy-fencer";
import * as grpc from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { PlayerRecord, PlayerState, VoiceState } from "../../../common/src/registry/types";
import { CorruptRecordError, StaleEpochError } from "../../../common/src/registry/errors";
import { RemoteStatusError } from "../../../common/src/grpc/remote-error";
import { isRetryableCode } from "../../../common/src/grpc/retryable-codes";
import { KeyedSerializer } from "../../../common/src/keyed-serializer";
import type { Semaphore } from "../../../common/src/semaphore";
import type { ManagedPlayer, UpdatePlayerRequest } from "../../../../gen/ts/pyro/router/v1/player";
import { MoveReason, DestroyReason } from "../../../../gen/ts/pyro/router/v1/event";
import type { Player } from "../../../../gen/ts/pyro/lavalink/v1/player";
import { NoNodeAvailableError, NodeNotFoundError, NodeUnavailableError, PlayerNotFoundError, PreconditionError } from "../errors";
import { buildPlayerRecord } from "../../../common/src/registry/player-init";
import type { NodeDirectory } from "../nodes/node-directory";
import type { NodeChooser } from "../nodes/node-chooser";
import { needsOf } from "../placement/needs";
import type { EventHub } from "../events/event-hub";
import type { TrackResolver } from "./track-resolver";
import { applyUpdate, isClockRunning } from "../../../common/src/player-state";
import { OwnerCache } from "./owner-cache";
import { createPlacement, usableOwnerLink, type Placement } from "./placement-transaction";
import { playerUpdateToPatch } from "../../../common/src/mapping/update-player";
import { brokenPlayer, managedPlayer } from "./player-view";

/** Dependencies of the manager. */
export interface PlayerManagerDeps {
  registry: Registry;
  directory: NodeDirectory;
  chooser: NodeChooser;
  hub: EventHub;
  tracks: TrackResolver;
  logger: Logger;
  now?: () => number;
  /** Called after every placement (metrics). */
  onPlaced?: (nodeId: string, reason: string) => void;
  /** Fences the old copy when a command re-places a player whose owner is not usable; default none. */
  fencer?: OldCopyFencer;
}

/** A gRPC update applied to a stored state with Lavalink PATCH semantics (`resolved`: the identifier's track). */
const applyRequest = (state: PlayerState, req: UpdatePlayerRequest, resolved: string | undefined, nowMs: number, clockRunning = true): PlayerState =>
  applyUpdate(state, playerUpdateToPatch(req).body, nowMs, { noReplace: req.noReplace, resolvedTrack: resolved, clockRunning });

/** Bound of a live read when the caller passed no signal, in ms. */
export const LIVE_READ_FALLBACK_MS = 5000;

const isCode = (err: unknown, code: status): boolean => err instanceof RemoteStatusError && err.code === code;
/** A lost race worth one more attempt from a fresh read: a stale epoch or a retryable status from the node. */
const isRetryable = (err: unknown): boolean => err instanceof StaleEpochError || (err instanceof RemoteStatusError && isRetryableCode(err.code));

/** The Router's player operations. Every method may throw PyroErrors or RemoteStatusErrors. */
export class PlayerManager {
  private readonly serializer = new KeyedSerializer();
  private readonly now: () => number;
  private readonly cache: OwnerCache;
  private readonly placement: Placement;

  constructor(private readonly d: PlayerManagerDeps) {
    this.now = d.now ?? Date.now;
    this.cache = new OwnerCache(d.hub);
    this.placement = createPlacement({ ...d, now: this.now, cache: this.cache, view: (record, live) => this.view(record, live) });
  }

  /** The owner's link when the owner is usable. */
  private ownerLink(record: PlayerRecord) {
    return usableOwnerLink(this.d.directory, record);
  }

  private view(record: PlayerRecord, live?: Player): ManagedPlayer {
    return managedPlayer(record, this.ownerLink(record) !== undefined, this.now(), live);
  }

  /** Creates or PATCHes a player (Lavalink semantics). Serialised per guild within this Router. */
  update(req: UpdatePlayerRequest, signal?: AbortSignal): Promise<ManagedPlayer> {
    return this.serializer.run(req.guildId, async () => {
      // A lost race (another Router placed or moved the player, or its owner just went away)
      // is retried with a fresh read; the epoch makes retries safe.
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.updateOnce(req, signal);
        } catch (err) {
          if (!isRetryable(err) || attempt >= 3) throw err;
          this.d.logger.debug("update lost a race; retrying", { guildId: req.guildId, attempt });
        }
      }
    });
  }

  private async updateOnce(req: UpdatePlayerRequest, signal?: AbortSignal, cached = true): Promise<ManagedPlayer> {
    const hit = cached && !req.voice ? this.cache.get(req.guildId) : undefined;
    const hitLink = hit ? this.ownerLink(hit) : undefined;
    if (hit && hitLink) {
      try {
        const r = await hitLink.command(req.guildId, hit.epoch, { $case: "updatePlayer", value: { ...req, fullState: false } }, { signal });
        // The node checkpointed the new state; mirror it locally instead of re-reading the registry.
        const next = { ...hit, state: applyRequest(hit.state, req, undefined, this.now()), updatedAt: this.now() };
        // An identifier's resolved track is only known to the node: forget rather than guess.
        if (req.track?.$case === "identifier") this.cache.forget(req.guildId);
        else this.cache.remember(next);
        return this.view(next, r.result?.$case === "player" ? r.result.value : undefined);
      } catch (err) {
        this.cache.forget(req.guildId);
        if (!(err instanceof RemoteStatusError && isRetryableCode(err.code))) throw err;
        return this.updateOnce(req, signal, false);
      }
    }
    const voice = req.voice ? { ...req.voice, channelId: req.voice.channelId ?? "" } : undefined;
    let existing: PlayerRecord | undefined;
    let resolved: string | undefined;
    if (voice) {
      const fast = await this.createPlaced(req, voice, signal);
      if (fast.placed) return fast.placed;
      existing = fast.existing;
      resolved = fast.resolved;
    }
    let record = existing ?? (await this.d.registry.players.create({ guildId: req.guildId }, { signal })).record;
    if (voice) record = await this.d.registry.players.setVoice(req.guildId, voice, { signal });
    const link = this.ownerLink(record);
    if (link) {
      const r = await link.command(req.guildId, record.epoch, { $case: "updatePlayer", value: { ...req, fullState: false } }, { signal });
      const fresh = (await this.d.registry.players.get(req.guildId, { signal })) ?? record;
      return this.view(this.cache.remember(fresh), r.result?.$case === "player" ? r.result.value : undefined);
    }
    // Not on a live node: record the desired state, then place it if voice is known.
    if (req.track?.$case === "identifier") resolved ??= await this.d.tracks.resolveSingle(req.track.value, signal);
    const state = applyRequest(record.state, req, resolved, this.now(), isClockRunning(record));
    record = await this.d.registry.players.checkpoint(req.guildId, record.epoch, state, { signal });
    if (!record.voice) return this.view(record);
    return this.placeAway(record, signal);
  }

  /**
   * Places a player whose owner is not usable (or that has none). The owner's Lavalink may still
   * play it (only the Lavanode's stream is gone, e.g. a Lavanode kill -9 before its lease expired):
   * that copy is fenced first, as the failover manager does, since no death may ever be declared
   * for this player once it is placed elsewhere.
   */
  private async placeAway(record: PlayerRecord, signal?: AbortSignal): Promise<ManagedPlayer> {
    const old = record.ownerNodeId ? this.d.directory.get(record.ownerNodeId)?.record : undefined;
    if (old && this.d.fencer) await this.d.fencer.fence(old, record.guildId, { signal });
    return this.placement.place(record, record.ownerNodeId ? MoveReason.MOVE_REASON_NODE_DIED : undefined, signal);
  }

  /**
   * Fast path for a new player whose request carries voice: the record is created already owned
   * by the chosen node, in one registry write instead of create, setVoice, checkpoint and claim,
   * and the node builds it from that record. Returns the existing record when the guild already
   * has one (the ordinary path then applies the update, reusing the resolved track), or nothing
   * when no node is available (the ordinary path then records the desired state and reports it).
   * The chosen node's pending count is taken back when no player was created on it.
   */
  private async createPlaced(req: UpdatePlayerRequest, voice: VoiceState, signal?: AbortSignal): Promise<{ placed?: ManagedPlayer; existing?: PlayerRecord; resolved?: string }> {
    // The desired state first: what the player needs (its track's source, plugin filters) decides the node.
    const resolved = req.track?.$case === "identifier" ? await this.d.tracks.resolveSingle(req.track.value, signal) : undefined;
    const defaults = buildPlayerRecord({ guildId: req.guildId }, this.now()).state;
    const state = applyRequest(defaults, req, resolved, this.now());
    let nodeId: string;
    try {
      nodeId = this.d.chooser.choose(req.guildId, voice.endpoint, [], undefined, needsOf(state));
    } catch (err) {
      if (err instanceof NoNodeAvailableError) return { resolved };
      throw err;
    }
    let created: boolean;
    let record: PlayerRecord;
    try {
      ({ created, record } = await this.d.registry.players.create({ guildId: req.guildId, ownerNodeId: nodeId, voice, state }, { signal }));
    } catch (err) {
      this.d.chooser.cancelPending(nodeId);
      throw err;
    }
    if (!created) {
      this.d.chooser.cancelPending(nodeId);
      return { existing: record, resolved };
    }
    return { placed: await this.placement.start(record, null, undefined, signal) };
  }

  /** Places the guild's player if it has voice and is not on a live node (e.g. voice just completed). */
  ensurePlaced(guildId: string, signal?: AbortSignal): Promise<ManagedPlayer | undefined> {
    return this.serializer.run(guildId, async () => {
      const record = await this.d.registry.players.get(guildId, { signal });
      if (!record || !record.voice || this.ownerLink(record)) return record ? this.view(record) : undefined;
      return this.placeAway(record, signal);
    });
  }

  /**
   * Re-places a player found orphaned (its owner is dead) on `target`. Skips it if the record
   * changed since it was listed (another Router got there first).
   * @throws StaleEpochError when another Router claims it concurrently.
   */
  replaceOrphan(orphan: PlayerRecord, reason: MoveReason, target: string, signal?: AbortSignal): Promise<ManagedPlayer | undefined> {
    return this.serializer.run(orphan.guildId, async () => {
      const record = await this.d.registry.players.get(orphan.guildId, { signal });
      if (!record || record.epoch !== orphan.epoch || record.ownerNodeId !== orphan.ownerNodeId || !record.voice) return undefined;
      return this.placement.place(record, record.ownerNodeId ? reason : undefined, signal, target);
    });
  }

  /**
   * Starts a player already claimed for its new owner by a batch (failover, drain): rebuilds it
   * there from the claimed record and announces it; with `stopSource`, then stops the copy on the
   * old owner (start before stop). `limit` bounds the rebuild command (see Placement.start). A start that fails is placed again from its checkpoint (the
   * source first when usable), as in {@link move}. @throws the start's error when the player could
   * not be started elsewhere (or was rolled back onto its source).
   */
  startClaimed(claimed: PlayerRecord, old: PlayerRecord, reason: MoveReason, opts: { signal?: AbortSignal; stopSource?: boolean; limit?: Semaphore } = {}): Promise<ManagedPlayer> {
    return this.serializer.run(claimed.guildId, async () => {
      const source = opts.stopSource ? this.ownerLink(old) : undefined;
      let started: ManagedPlayer;
      try {
        started = await this.placement.start(claimed, old.ownerNodeId, old.ownerNodeId ? reason : undefined, opts.signal, opts.limit);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        started = await this.recoverFailedMove(claimed.guildId, old.ownerNodeId, reason, err, opts.signal);
        if (started.nodeId === old.ownerNodeId) throw err; // rolled back: report the failure
      }
      if (source && started.nodeId !== old.ownerNodeId) {
        await source.command(old.guildId, old.epoch, { $case: "destroyPlayer", value: {} }, { signal: opts.signal }).catch((err: unknown) => {
          this.d.logger.warn("could not stop the source copy after a move", { guildId: old.guildId, err: (err as Error).message });
        });
      }
      return started;
    });
  }

  /**
   * Applies new voice credentials: stored, then sent to the live owner (a voice server move keeps the
   * track). A guild without a player (the bot joined a channel first) gets one created already owned
   * by the chosen node, as UpdatePlayer with voice does: one registry write instead of create,
   * setVoice, read, checkpoint and claim.
   */
  async applyVoice(guildId: string, voice: VoiceState, signal?: AbortSignal): Promise<{ applied: boolean }> {
    const placed = await this.serializer.run(guildId, async () => {
      const fresh = await this.createPlaced({ guildId, noReplace: false }, voice, signal);
      if (fresh.placed) return true;
      if (!fresh.existing) await this.d.registry.players.create({ guildId }, { signal });
      const record = await this.d.registry.players.setVoice(guildId, voice, { signal });
      const link = this.ownerLink(record);
      if (!link) return false;
      await link.command(guildId, record.epoch, { $case: "updatePlayer", value: { voice: { ...voice }, noReplace: false, fullState: false } }, { signal });
      return true;
    });
    if (placed) return { applied: true };
    const view = await this.ensurePlaced(guildId, signal);
    return { applied: view?.nodeId !== undefined && view.nodeId !== "" };
  }

  /**
   * The player: live from its node when placed, else from the registry (also when the node does
   * not answer before `signal` aborts: the caller's deadline bounds the live read). Without a
   * signal the live read waits at most {@link LIVE_READ_FALLBACK_MS}.
   */
  async get(guildId: string, signal?: AbortSignal): Promise<ManagedPlayer> {
    const record = await this.d.registry.players.get(guildId, { signal }).catch((err: unknown) => {
      if (err instanceof CorruptRecordError) return brokenPlayer({ guildId, reason: err.reason });
      throw err;
    });
    if (record && "phase" in record) return record;
    if (!record) throw new PlayerNotFoundError(guildId);
    const link = this.ownerLink(record);
    if (!link) return this.view(record);
    const live = await new Promise<Player | undefined>((resolve) => {
      const deadline = signal ? Infinity : Date.now() + LIVE_READ_FALLBACK_MS;
      const onAbort = (): void => call.cancel();
      const call = link.client.getPlayer({ guildId }, new grpc.Metadata(), { deadline }, (err, res) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(err ? undefined : res.player?.player);
      });
      if (signal?.aborted) call.cancel();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    return this.view(record, live);
  }

  /** One page of players from the registry. */
  async list(opts: { nodeId?: string; cursor?: string; limit: number }, signal?: AbortSignal): Promise<{ players: ManagedPlayer[]; cursor: string | null }> {
    const page = await this.d.registry.players.list({ ownerNodeId: opts.nodeId, cursor: opts.cursor, limit: opts.limit, signal });
    // Broken records are listed too (phase BROKEN), so an operator sees and can destroy them.
    const players = page.items.map((r) => this.view(r));
    if (page.broken.length === 0) return { players, cursor: page.cursor };
    const all = [...players, ...page.broken.map(brokenPlayer)].sort((a, b) => (a.player!.guildId < b.player!.guildId ? -1 : 1));
    return { players: all, cursor: page.cursor };
  }

  /** Destroys the player on its node and removes it from the registry. */
  destroy(guildId: string, reason: DestroyReason, signal?: AbortSignal): Promise<boolean> {
    return this.serializer.run(guildId, async () => {
      let record: PlayerRecord | null;
      try {
        record = await this.d.registry.players.get(guildId, { signal });
      } catch (err) {
        if (!(err instanceof CorruptRecordError)) throw err;
        // Nothing can serve an unreadable record: the operator's destroy removes it as stored.
        this.cache.forget(guildId);
        const existed = await this.d.registry.players.purge(guildId, { signal });
        this.d.logger.warn("broken player record deleted", { guildId, reason: err.reason });
        if (existed) await this.d.hub.publish({ guildId, nodeId: "", kind: { $case: "playerDestroyed", value: { reason, detail: "broken record deleted" } } });
        return existed;
      }
      if (!record) return false;
      const link = this.ownerLink(record);
      if (link) await link.command(guildId, record.epoch, { $case: "destroyPlayer", value: {} }, { signal }).catch((err: unknown) => {
        if (!isCode(err, status.ABORTED)) throw err;
      });
      this.cache.forget(guildId);
      const existed = await this.d.registry.players.delete(guildId, { signal });
      if (existed) await this.d.hub.publish({ guildId, nodeId: record.ownerNodeId ?? "", kind: { $case: "playerDestroyed", value: { reason, detail: "" } } });
      return existed;
    });
  }

  /**
   * After a move whose start on the target failed: if the claim is on the failed target, places the
   * player again from its checkpoint on another node (the source first when it is usable, as a
   * rollback), so the track never stays claimed by a node without it. Must run inside the guild's
   * serializer. @throws `cause` when nothing could be done (the record changed or no node can take it).
   */
  private async recoverFailedMove(guildId: string, sourceNode: string | null, reason: MoveReason, cause: unknown, signal?: AbortSignal): Promise<ManagedPlayer> {
    const fresh = await this.d.registry.players.get(guildId, { signal });
    if (!fresh || !fresh.voice || fresh.ownerNodeId === sourceNode) throw cause;
    this.d.logger.warn("move failed on its target; placing the player again from its checkpoint", { guildId, failedNode: fresh.ownerNodeId, err: (cause as Error).message });
    const source = sourceNode ? this.d.directory.get(sourceNode) : undefined;
    const back = source && this.d.directory.usable(source) ? sourceNode! : undefined;
    try {
      return await this.placement.place(fresh, reason, signal, back);
    } catch {
      throw cause;
    }
  }

  /**
   * Moves a player: claim for the target, start it there from the checkpoint, then destroy the
   * source copy (start before stop, so the gap is one hand-off). Used by MovePlayer, drain, failover.
   */
  move(guildId: string, reason: MoveReason, target?: string, signal?: AbortSignal): Promise<ManagedPlayer> {
    return this.serializer.run(guildId, async () => {
      const record = await this.d.registry.players.get(guildId, { signal });
      if (!record) throw new PlayerNotFoundError(guildId);
      if (target && target === record.ownerNodeId) throw new PreconditionError(`player ${guildId} is already on node ${target}`);
      const source = this.ownerLink(record);
      const sourceEpoch = record.epoch;
      if (target) {
        const t = this.d.directory.get(target);
        if (!t) throw new NodeNotFoundError(target);
        if (!this.d.directory.usable(t) || t.record.state !== "up") throw new NodeUnavailableError(target, "not up and connected");
        const lacks = this.d.chooser.lacks(target, needsOf(record.state));
        if (lacks) throw new PreconditionError(`node ${target} cannot host player ${guildId}: ${lacks}`);
      }
      let moved: ManagedPlayer;
      try {
        moved = await this.placement.place(record, reason, signal, target);
      } catch (err) {
        if (err instanceof StaleEpochError) throw err;
        // The claim may now sit on a target that lacks the player: never leave it there.
        const recovered = await this.recoverFailedMove(guildId, record.ownerNodeId, reason, err, signal);
        if (target || recovered.nodeId === record.ownerNodeId) throw err; // rolled back: report the failure
        moved = recovered;
      }
      if (source && moved.nodeId !== record.ownerNodeId) {
        await source.command(guildId, sourceEpoch, { $case: "destroyPlayer", value: {} }, { signal }).catch((err: unknown) => {
          this.d.logger.warn("could not stop the source copy after a move", { guildId, err: (err as Error).message });
        });
      }
      return moved;
    });
  }
}
