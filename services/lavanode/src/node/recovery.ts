/**
 * What a Lavanode does when its Lavalink session becomes ready:
 * - resumed: adopt every player Lavalink still has that the registry says this node owns, and
 *   destroy the rest (their epoch moved on while this node was away);
 * - new session: the old session's players are gone, so rebuild every player the registry still
 *   assigns to this node from its checkpoint.
 * A corrupt registry record is quarantined, never fatal: it is skipped (its Lavalink copy left as
 * is), logged at warn and counted in `pyro_corrupt_records_total`, so one bad hash never blocks
 * recovery or reconcile of every other player on the node.
 */
import { desiredOf } from "../players/desired-state";
import type { Attributes, Counter } from "@opentelemetry/api";
import { pyroMeter } from "../../../common/src/telemetry/pyro-meter";
import type { Logger } from "../../../common/src/logger";
import { CorruptRecordError } from "../../../common/src/registry/errors";
import type { PlayerRecord } from "../../../common/src/registry/types";
import { forEachLimited } from "../../../common/src/for-each-limited";
import { listOwnedPlayers } from "../../../common/src/registry/list-owned";
import type { Registry } from "../../../common/src/registry/registry";
import type { LavalinkRest } from "../lavalink/rest-client";
import type { PlayerCommands } from "../players/player-commands";
import type { PlayerTable } from "../players/player-table";
import { PARK_AFTER_REFUSALS, refusalOf, type RefusalCounter } from "../players/park-policy";

/** Dependencies of recovery. */
export interface RecoveryDeps {
  nodeId: string;
  registry: Registry;
  rest: LavalinkRest;
  table: PlayerTable;
  commands: PlayerCommands;
  logger: Logger;
  /** Parallel rebuilds; default 16. */
  concurrency?: number;
  /** Counts refused rebuilds for parking (park-policy.ts); without it nothing is parked. */
  refusals?: RefusalCounter;
  /** Told when a player is parked (guild, reason, attempts, epoch). */
  onParked?: (guildId: string, reason: string, attempts: number, epoch: number) => void;
}

/** The counter of quarantined records, created on first use (after the telemetry SDK started). */
let corruptCounter: Counter | undefined;
const corruptRecords = {
  add(n: number, attributes: Attributes): void {
    corruptCounter ??= pyroMeter().createCounter("pyro_corrupt_records_total", {
      description: "Corrupt registry records skipped (quarantined) by recovery and reconcile",
    });
    corruptCounter.add(n, attributes);
  },
};

/** The player's record, null when absent, or "corrupt" (logged and counted) when it fails validation. */
async function readRecord(deps: RecoveryDeps, guildId: string, during: string): Promise<PlayerRecord | null | "corrupt"> {
  try {
    return await deps.registry.players.get(guildId);
  } catch (err) {
    if (!(err instanceof CorruptRecordError)) throw err;
    corruptRecords.add(1, { during });
    deps.logger.warn("corrupt player record quarantined (skipped)", { guildId, during, err: err.message });
    return "corrupt";
  }
}

/**
 * Records the outcome of one reconcile or recovery rebuild of `record` (`err` undefined: it
 * worked) and parks the player after {@link PARK_AFTER_REFUSALS} refusals in a row: its registry
 * state says why (fenced by owner and epoch), and `onParked` is told. Never throws.
 */
async function noteRebuild(deps: RecoveryDeps, record: PlayerRecord, err?: unknown): Promise<void> {
  if (!deps.refusals) return;
  const attempts = deps.refusals.note(record.guildId, err);
  if (attempts < PARK_AFTER_REFUSALS) return;
  const reason = refusalOf(err)!;
  try {
    await deps.registry.players.checkpoint(record.guildId, record.epoch, { parked: { reason, attempts, at: Date.now() } }, { expectedOwner: deps.nodeId });
  } catch (e) {
    deps.logger.warn("could not park a refused player", { guildId: record.guildId, err: (e as Error).message });
    return;
  }
  deps.refusals.forget(record.guildId);
  deps.logger.warn("player parked: Lavalink keeps refusing it", { guildId: record.guildId, attempts, reason });
  deps.onParked?.(record.guildId, reason, attempts, record.epoch);
}

/** After a resumed session: adopt owned players, fence the others. Returns counts. */
export async function adoptResumedPlayers(deps: RecoveryDeps, sessionId: string): Promise<{ adopted: number; fenced: number }> {
  const players = await deps.rest.getPlayers(sessionId);
  let adopted = 0;
  let fenced = 0;
  await forEachLimited(players, deps.concurrency ?? 16, async (p) => {
    const record = await readRecord(deps, p.guildId, "resume");
    if (record === "corrupt") return;
    if (record && record.ownerNodeId === deps.nodeId) {
      const entry = deps.table.adopt(p.guildId, record.epoch);
      entry.player = p;
      entry.endTimeMs = record.state.endTimeMs;
      entry.desired = desiredOf(record.state);
      adopted++;
    } else {
      await deps.commands.fence(p.guildId, "resumed session holds a player owned elsewhere");
      fenced++;
    }
  });
  deps.logger.info("resumed Lavalink session", { sessionId, adopted, fenced });
  return { adopted, fenced };
}

/** After a new (not resumed) session: rebuild every player the registry assigns to this node. */
export async function rebuildOwnedPlayers(deps: RecoveryDeps): Promise<{ rebuilt: number; failed: number }> {
  // A parked player waits for a client command (see park-policy.ts).
  const records = (await listOwnedPlayers(deps.registry, deps.nodeId)).filter((r) => !r.state.parked);
  let rebuilt = 0;
  let failed = 0;
  await forEachLimited(records, deps.concurrency ?? 16, async (r) => {
    try {
      await deps.commands.rebuild(r.guildId, r.epoch);
      rebuilt++;
      await noteRebuild(deps, r);
    } catch (err) {
      failed++;
      deps.logger.warn("could not rebuild player", { guildId: r.guildId, err: (err as Error).message });
      await noteRebuild(deps, r, err);
    }
  });
  if (records.length > 0) deps.logger.info("rebuilt players on a new Lavalink session", { rebuilt, failed });
  return { rebuilt, failed };
}

/** Re-checks every tracked player against the registry and fences those owned elsewhere. */
export async function verifyOwnership(deps: RecoveryDeps): Promise<number> {
  let fenced = 0;
  await forEachLimited([...deps.table.values()], deps.concurrency ?? 16, async (entry) => {
    const record = await readRecord(deps, entry.guildId, "ownership-check");
    if (record === "corrupt") return;
    if (!record || record.ownerNodeId !== deps.nodeId || record.epoch !== entry.epoch) {
      await deps.commands.fence(entry.guildId, "ownership check after lease loss");
      fenced++;
    }
  });
  return fenced;
}

/**
 * Anti-entropy, run periodically while the session is open: every player the registry assigns to
 * this node must exist on Lavalink (rebuilt from its checkpoint if missing, e.g. after a rebuild
 * failed during a Redis restart), and every Lavalink player of this session must be owned by
 * this node (fenced otherwise). Returns what it repaired.
 */
export async function reconcile(deps: RecoveryDeps, sessionId: string): Promise<{ rebuilt: number; fenced: number }> {
  const [records, players] = await Promise.all([listOwnedPlayers(deps.registry, deps.nodeId), deps.rest.getPlayers(sessionId)]);
  const onLavalink = new Set(players.map((p) => p.guildId));
  const owned = new Set(records.map((r) => r.guildId));
  let rebuilt = 0;
  let fenced = 0;
  // A parked player is not retried here (see park-policy.ts): a client command or destroy ends it.
  await forEachLimited(records.filter((r) => !onLavalink.has(r.guildId) && !r.state.parked), deps.concurrency ?? 16, async (r) => {
    try {
      await deps.commands.rebuild(r.guildId, r.epoch);
      rebuilt++;
      await noteRebuild(deps, r);
    } catch (err) {
      deps.logger.warn("reconcile: rebuild failed", { guildId: r.guildId, err: (err as Error).message });
      await noteRebuild(deps, r, err);
    }
  });
  await forEachLimited(players.filter((p) => !owned.has(p.guildId)), deps.concurrency ?? 16, async (p) => {
    // Re-read: the player may have been placed here after the listing.
    const record = await readRecord(deps, p.guildId, "reconcile");
    if (record === "corrupt" || record?.ownerNodeId === deps.nodeId) return;
    await deps.commands.fence(p.guildId, "reconcile: Lavalink holds a player owned elsewhere");
    fenced++;
  });
  if (rebuilt + fenced > 0) deps.logger.warn("reconciled players with the registry", { rebuilt, fenced });
  return { rebuilt, fenced };
}
