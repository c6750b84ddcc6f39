/**
 * Executes player commands against Lavalink with fencing: every command carries the epoch of the
 * Router's claim; an older epoch is refused (ABORTED), a newer one is adopted only after the
 * registry confirms this node owns the player at that epoch. Every change is checkpointed into
 * the registry; a checkpoint refused for a stale epoch means another node owns the player now, so
 * this node destroys its copy instead of playing alongside the new owner (after its own PATCH
 * settled, so the PATCH cannot recreate the copy behind the destroy).
 *
 * An update whose outcome is known in advance (see desired-checkpoint.ts) writes its checkpoint
 * while the Lavalink PATCH runs, and is answered only when both succeeded: an acknowledged update
 * is in the registry and on Lavalink, so it survives the crash of any one process. While it runs,
 * any other checkpoint of the player (the event tracker's) writes the update's state too, so it
 * cannot overwrite it with the state from before. If the PATCH fails, the checkpoint is rewritten
 * from the state Lavalink still has before the failure is reported.
 *
 * The checkpoint keeps the client's desired filters, volume and pause (desired-state.ts):
 * Lavalink's echo only confirms them, and a mismatch is reported as an `echo-mismatch` deviation
 * (warned once, counted), never stored.
 *
 * A rebuild answers once Lavalink built the player, before its first checkpoint is written: the
 * registry already holds the state it was built from (read here, or carried in the command from the
 * Router's claim at that epoch), and the checkpoint only refreshes the position's timestamp and
 * checks ownership. A refused checkpoint fences the copy as above, one registry round trip after
 * the build; the many rebuilds of a failover or drain thus share pipelined checkpoints instead of
 * each holding a move slot for its own.
 *
 * A partial update of a player this node never built (a failed rebuild, an adoption) first
 * rebuilds it from the checkpoint, so a fault can never turn it into an empty player that
 * overwrites the durable track.
 *
 * A rebuild of a player that played before resumes where it is now, not where it was when the
 * PATCH was built: a Lavalink that applied it late is caught up with a seek (catch-up.ts).
 */
import type { AsyncOptions } from "../../../common/src/abort";
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { LavalinkRest } from "../lavalink/rest-client";
import type { Player, PlayerUpdate } from "../../../common/src/lavalink-protocol/types";
import { NoSessionError, StaleEpochError, withLavalinkErrors } from "../errors";
import { applyUpdate, fromLavalinkPlayer, toRebuildPatch } from "../../../common/src/player-state";
import { replayPluginCalls } from "./plugin-replay";
import { catchUp } from "./catch-up";
import { refusalOf } from "./park-policy";
import { acceptSilently, type OnDeviation } from "../../../common/src/lavalink-protocol/tolerance";
import { desiredOf, echoMismatches } from "./desired-state";
import type { KeyedSerializer } from "../../../common/src/keyed-serializer";
import type { PlayerRecord, PlayerState } from "../../../common/src/registry/types";
import { desiredCheckpoint } from "./desired-checkpoint";
import type { PlayerEntry, PlayerTable } from "./player-table";

/** A player update in Lavalink PATCH form plus what Lavalink does not model. */
export interface PlayerCommand {
  patch: PlayerUpdate;
  noReplace: boolean;
  /** The patch is the complete desired state (rebuild): absent fields take Lavalink defaults. */
  fullState: boolean;
}

/** Dependencies of the executor. */
export interface PlayerCommandDeps {
  nodeId: string;
  rest: LavalinkRest;
  registry: Registry;
  table: PlayerTable;
  serializer: KeyedSerializer;
  /** The open Lavalink session id, or null while there is none. */
  sessionId: () => string | null;
  logger: Logger;
  now?: () => number;
  /** Receives echo mismatches (kind `echo-mismatch`); default: none. */
  onDeviation?: OnDeviation;
}

/** The executor's operations; each rejects with PyroErrors (see ../errors.ts). */
export interface PlayerCommands {
  update(guildId: string, epoch: number, command: PlayerCommand, opts?: AsyncOptions): Promise<{ player: Player; epoch: number }>;
  destroy(guildId: string, epoch: number, opts?: AsyncOptions): Promise<void>;
  release(guildId: string, epoch: number, opts?: AsyncOptions): Promise<void>;
  /**
   * Recreates the player from its registry checkpoint (the Router claimed it for this node at
   * `epoch`): from `record` when the Router carried the record its claim returned, else from a
   * registry read. Answers once Lavalink built it; the first checkpoint follows without delaying
   * the answer (see the module comment).
   */
  rebuild(guildId: string, epoch: number, opts?: AsyncOptions & { holdPosition?: boolean; record?: PlayerRecord }): Promise<{ player: Player; epoch: number }>;
  /** Destroys this node's copy after losing ownership (fencing). Never throws. */
  fence(guildId: string, reason: string): Promise<void>;
  /** Writes the entry's checkpoint; fences the player if its epoch was superseded. */
  checkpoint(entry: PlayerEntry, opts?: AsyncOptions): Promise<void>;
}

/** Complete desired state: Lavalink defaults for everything the command leaves out. */
function withDefaults(patch: PlayerUpdate): PlayerUpdate {
  return {
    track: patch.track ?? { encoded: null },
    position: patch.position ?? 0,
    endTime: patch.endTime ?? null,
    volume: patch.volume ?? 100,
    paused: patch.paused ?? false,
    filters: patch.filters ?? {},
    ...(patch.voice ? { voice: patch.voice } : {}),
  };
}

/** Creates the executor. */
export function createPlayerCommands(deps: PlayerCommandDeps): PlayerCommands {
  const now = deps.now ?? Date.now;
  const log = deps.logger;
  const onDeviation = deps.onDeviation ?? acceptSilently;

  /** `state` with the client's desired filters, volume and pause in place of the echoed ones. */
  const withDesired = (entry: PlayerEntry, state: PlayerState): PlayerState => (entry.desired ? { ...state, ...entry.desired } : state);

  /** Records the echo of a command, keeping the desired state; reports where the echo disagrees. */
  const recordEcho = (entry: PlayerEntry, player: Player): void => {
    entry.player = player;
    if (!entry.desired) return;
    const fields = echoMismatches(entry.desired, player);
    if (fields.length === 0) return;
    log.debug("Lavalink echo differs from the desired state; keeping the desired state", { guildId: entry.guildId, fields });
    for (const f of fields) onDeviation({ kind: "echo-mismatch", path: `player.${f}`, found: "different value" });
  };

  const requireSession = (): string => {
    const id = deps.sessionId();
    if (!id) throw new NoSessionError(deps.nodeId);
    return id;
  };

  /** Checks the epoch; adopts a newer one only when the registry says this node owns it. */
  const admit = async (guildId: string, epoch: number, opts?: AsyncOptions): Promise<PlayerEntry> => {
    const entry = deps.table.get(guildId);
    if (entry && epoch < entry.epoch) throw new StaleEpochError(guildId, epoch, entry.epoch);
    if (entry && epoch === entry.epoch) return entry;
    const record = await deps.registry.players.get(guildId, opts);
    if (!record || record.ownerNodeId !== deps.nodeId || record.epoch !== epoch) {
      throw new StaleEpochError(guildId, epoch, record?.ownerNodeId === deps.nodeId ? record.epoch : Math.max(record?.epoch ?? 0, entry?.epoch ?? 0));
    }
    const adopted = deps.table.adopt(guildId, epoch);
    // The registry holds what the client asked for; an echo must not become it.
    adopted.desired ??= desiredOf(record.state);
    return adopted;
  };

  const fence = async (guildId: string, reason: string): Promise<void> => {
    deps.table.delete(guildId);
    const sessionId = deps.sessionId();
    log.warn("fencing player: another node owns it", { guildId, reason });
    if (!sessionId) return;
    try {
      await deps.rest.destroyPlayer(sessionId, guildId);
    } catch (err) {
      log.warn("could not destroy fenced player", { guildId, err: (err as Error).message });
    }
  };

  /** The state of updates whose PATCH is still running; every checkpoint of their player writes it. */
  const pending = new Map<PlayerEntry, PlayerState>();

  /** Writes the entry's checkpoint; rejects with the registry's error (no fencing). */
  const write = async (entry: PlayerEntry, opts?: AsyncOptions): Promise<void> => {
    const state = pending.get(entry) ?? (entry.player ? withDesired(entry, fromLavalinkPlayer(entry.player, entry.endTimeMs, now())) : undefined);
    if (!state) return;
    await deps.registry.players.writeCheckpoint(entry.guildId, entry.epoch, state, { ...opts, expectedOwner: deps.nodeId });
  };

  /** Fences the player when `err` says its epoch was superseded; returns the error to throw. */
  const onWriteError = async (entry: PlayerEntry, err: unknown): Promise<unknown> => {
    if (!(err instanceof StaleEpochError)) return err;
    await fence(entry.guildId, "checkpoint refused: epoch superseded");
    return new StaleEpochError(entry.guildId, entry.epoch, err.actualEpoch);
  };

  const checkpoint = async (entry: PlayerEntry, opts?: AsyncOptions): Promise<void> => {
    try {
      await write(entry, opts);
    } catch (err) {
      throw await onWriteError(entry, err);
    }
  };

  /**
   * The PATCH and the checkpoint of `desired` at once; see the module comment. On success the
   * entry takes Lavalink's answer (and `endTimeMs`) before the pending state is dropped.
   */
  const patchAlongsideCheckpoint = async (entry: PlayerEntry, sessionId: string, patch: PlayerUpdate, command: PlayerCommand,
    desired: PlayerState, endTimeMs: number | null, opts?: AsyncOptions): Promise<Player> => {
    pending.set(entry, desired);
    let patched: PromiseSettledResult<Player>;
    let saved: PromiseSettledResult<void>;
    try {
      [patched, saved] = await Promise.allSettled([
        withLavalinkErrors(() => deps.rest.updatePlayer(sessionId, entry.guildId, patch, { noReplace: command.noReplace, signal: opts?.signal })),
        write(entry, opts),
      ]);
      if (patched.status === "fulfilled") {
        entry.desired = desiredOf(desired);
        recordEcho(entry, patched.value);
        entry.endTimeMs = endTimeMs;
      }
    } finally {
      pending.delete(entry);
    }
    if (patched.status === "rejected") {
      // The registry may now hold what Lavalink refused: put back what Lavalink has.
      if (saved.status === "fulfilled") await write(entry, opts).catch((err: unknown) => log.warn("could not restore the checkpoint after a failed PATCH", { guildId: entry.guildId, err: (err as Error).message }));
      else await onWriteError(entry, saved.reason);
      throw patched.reason;
    }
    if (saved.status === "rejected") throw await onWriteError(entry, saved.reason);
    return patched.value;
  };

  /** Clears the parked marker of a player Lavalink has just accepted (fenced by owner and epoch). */
  const unpark = async (record: PlayerRecord, opts?: AsyncOptions): Promise<void> => {
    if (!record.state.parked) return;
    await deps.registry.players.checkpoint(record.guildId, record.epoch, { parked: null }, { ...opts, expectedOwner: deps.nodeId });
    log.info("parked player accepted by Lavalink again", { guildId: record.guildId });
  };

  /** Builds `entry`'s player on Lavalink from its registry checkpoint (no checkpoint is written). */
  const restoreFromCheckpoint = async (sessionId: string, entry: PlayerEntry, opts?: AsyncOptions): Promise<void> => {
    const record = await deps.registry.players.get(entry.guildId, opts);
    if (!record || record.ownerNodeId !== deps.nodeId || record.epoch !== entry.epoch) {
      deps.table.delete(entry.guildId);
      throw new StaleEpochError(entry.guildId, entry.epoch, record?.epoch ?? entry.epoch);
    }
    const sentAt = now();
    const patch = toRebuildPatch(record, sentAt);
    const answer = await withLavalinkErrors(() => deps.rest.updatePlayer(sessionId, entry.guildId, patch, { signal: opts?.signal }));
    entry.player = await catchUp({ rest: deps.rest, sessionId, now }, record, answer, sentAt, opts?.signal);
    entry.endTimeMs = patch.endTime ?? null;
    await unpark(record);
    log.info("rebuilt a player missing on Lavalink from its checkpoint before a partial update", { guildId: entry.guildId });
  };

  return {
    fence,
    checkpoint,
    update(guildId, epoch, command, opts) {
      return deps.serializer.run(guildId, async () => {
        const sessionId = requireSession();
        const entry = await admit(guildId, epoch, opts);
        // Never built here (its rebuild failed, or this node adopted it from the registry): Lavalink
        // lacks the player, and a partial update alone would create an empty one whose checkpoint
        // overwrites the durable track. Rebuild it from the checkpoint first.
        if (!entry.player && !command.fullState) await restoreFromCheckpoint(sessionId, entry, opts);
        const patch = command.fullState ? withDefaults(command.patch) : command.patch;
        const trackChanged = patch.track !== undefined && !(command.noReplace && entry.player?.track);
        const endTimeMs = patch.endTime !== undefined ? patch.endTime : trackChanged ? null : entry.endTimeMs;
        const desired = command.fullState ? undefined : desiredCheckpoint(entry, patch, command.noReplace, now());
        if (desired) {
          const player = await patchAlongsideCheckpoint(entry, sessionId, patch, command, desired, endTimeMs, opts);
          return { player, epoch: entry.epoch };
        }
        const before = entry.player ? withDesired(entry, fromLavalinkPlayer(entry.player, entry.endTimeMs, now())) : undefined;
        const player = await withLavalinkErrors(() => deps.rest.updatePlayer(sessionId, guildId, patch, { noReplace: command.noReplace, signal: opts?.signal }));
        // The desired state follows the client's PATCH (Lavalink semantics), starting from what it was.
        entry.desired = desiredOf(applyUpdate(before ?? fromLavalinkPlayer(player, null, now()), patch, now(), { noReplace: command.noReplace }));
        entry.endTimeMs = endTimeMs;
        recordEcho(entry, player);
        await checkpoint(entry, opts);
        return { player, epoch: entry.epoch };
      });
    },
    rebuild(guildId, epoch, opts) {
      return deps.serializer.run(guildId, async () => {
        const sessionId = requireSession();
        const record = opts?.record ?? (await deps.registry.players.get(guildId, opts));
        const held = deps.table.get(guildId)?.epoch ?? 0;
        if (!record || record.ownerNodeId !== deps.nodeId || record.epoch !== epoch || epoch < held) {
          throw new StaleEpochError(guildId, epoch, Math.max(record?.epoch ?? 0, held));
        }
        const entry = deps.table.adopt(guildId, epoch);
        const sentAt = now();
        const patch = toRebuildPatch(record, sentAt, opts?.holdPosition === true);
        const answer = await withLavalinkErrors(() => deps.rest.updatePlayer(sessionId, guildId, patch, { signal: opts?.signal }));
        // A player that played elsewhere resumes where it is now, however late Lavalink applied the PATCH.
        const player = opts?.holdPosition === true ? answer : await catchUp({ rest: deps.rest, sessionId, now }, record, answer, sentAt, opts?.signal);
        entry.endTimeMs = patch.endTime ?? null;
        entry.desired = desiredOf(record.state);
        recordEcho(entry, player);
        // Plugin state only the old Lavalink held comes back before anyone sees the player here.
        if (record.state.pluginCalls?.length) await replayPluginCalls(deps.rest, sessionId, guildId, record.state.pluginCalls, deps.logger, opts?.signal);
        if (record.state.parked) {
          // Rare path: a parked player Lavalink accepts again; the mark is cleared before anyone sees it.
          await checkpoint(entry, opts);
          await unpark(record, opts);
        } else {
          // Issued now, so it reaches the registry before any later command's write, but not awaited.
          void checkpoint(entry, opts).catch((err: unknown) => {
            if (!(err instanceof StaleEpochError)) log.warn("could not checkpoint a rebuilt player", { guildId, err: (err as Error).message });
          });
        }
        return { player, epoch };
      });
    },
    destroy(guildId, epoch, opts) {
      return deps.serializer.run(guildId, async () => {
        const sessionId = requireSession();
        const entry = deps.table.get(guildId);
        if (entry && epoch < entry.epoch) throw new StaleEpochError(guildId, epoch, entry.epoch);
        if (!entry) {
          // Not tracked (e.g. just restarted): never destroy a copy the registry gives this node at a newer epoch.
          const record = await deps.registry.players.get(guildId, opts);
          if (record && record.ownerNodeId === deps.nodeId && record.epoch > epoch) throw new StaleEpochError(guildId, epoch, record.epoch);
        }
        try {
          await withLavalinkErrors(() => deps.rest.destroyPlayer(sessionId, guildId, { signal: opts?.signal }));
        } catch (err) {
          // A player Lavalink never accepted (parked) may be one it cannot even address (its DELETE
          // is refused too): there is nothing to destroy on Lavalink's side.
          if (entry?.player || refusalOf(err) === undefined) throw err;
        }
        deps.table.delete(guildId);
      });
    },
    release(guildId, epoch) {
      return deps.serializer.run(guildId, async () => {
        const entry = deps.table.get(guildId);
        if (entry && epoch < entry.epoch) throw new StaleEpochError(guildId, epoch, entry.epoch);
        deps.table.delete(guildId);
      });
    },
  };
}
