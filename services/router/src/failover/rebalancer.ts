/**
 * Optional rebalancing (`--rebalance`): when a node joins or returns, players drift toward it.
 * Only players that are idle (between tracks) or paused move, so no one hears a hand-off; moves
 * are rate-limited (a token bucket of `maxMovesPerMinute`); one Router at a time rebalances,
 * holding the `rebalancer` lease in the registry.
 */
import { delay } from "../../../common/src/abort";
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { PlayerRecord } from "../../../common/src/registry/types";
import { MoveReason } from "../../../../gen/ts/pyro/router/v1/event";
import { listOwnedPlayers } from "../../../common/src/registry/list-owned";
import type { NodeDirectory } from "../nodes/node-directory";
import type { PlayerManager } from "../players/player-manager";
import type { RouterMetrics } from "../router-metrics";

/** Options of the rebalancer. */
export interface RebalancerOptions {
  registry: Registry;
  directory: NodeDirectory;
  players: PlayerManager;
  logger: Logger;
  routerId: string;
  maxMovesPerMinute: number;
  /** Counts moves; default none. */
  metrics?: RouterMetrics;
  /** Interval between passes in ms; default 5000. */
  intervalMs?: number;
}

const LEASE = "rebalancer";

/** A move is quiet when nothing is audible: no track, or paused. */
export function isQuietToMove(p: PlayerRecord): boolean {
  return p.state.encodedTrack === null || p.state.paused;
}

/**
 * One pass: moves quiet players from the most to the least loaded up node while the gap is more
 * than one player, spending at most `budget` moves. Returns the number moved. `signal` cancels the
 * listing and the move in flight, and ends the pass.
 */
export async function rebalanceOnce(o: Omit<RebalancerOptions, "routerId" | "maxMovesPerMinute" | "intervalMs">, budget: number, { signal }: { signal?: AbortSignal } = {}): Promise<number> {
  const nodes = o.directory.list().filter((n) => o.directory.usable(n) && n.record.state === "up").map((n) => n.record.nodeId);
  if (nodes.length < 2 || budget <= 0) return 0;
  const load = new Map<string, PlayerRecord[]>();
  for (const id of nodes) load.set(id, await listOwnedPlayers(o.registry, id, { signal }));
  o.logger.debug("rebalance pass", { load: Object.fromEntries([...load].map(([id, ps]) => [id, ps.length])), budget });
  let moved = 0;
  while (moved < budget && !signal?.aborted) {
    const sorted = [...load.entries()].sort((a, b) => a[1].length - b[1].length);
    const [lightId, light] = sorted[0]!;
    const [heavyId, heavy] = sorted[sorted.length - 1]!;
    if (heavy.length - light.length <= 1) break;
    const idx = heavy.findIndex(isQuietToMove);
    if (idx < 0) break;
    const [p] = heavy.splice(idx, 1);
    try {
      await o.players.move(p!.guildId, MoveReason.MOVE_REASON_REBALANCE, lightId, signal);
      light.push(p!);
      moved++;
      o.metrics?.rebalanced();
    } catch (err) {
      o.logger.debug("rebalance move failed", { guildId: p!.guildId, from: heavyId, err: (err as Error).message });
    }
  }
  return moved;
}

/** The background rebalancer. */
export class Rebalancer {
  private readonly lifetime = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly o: RebalancerOptions) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const signal = this.lifetime.signal;
    const interval = this.o.intervalMs ?? 5000;
    const perPass = Math.max(1, Math.floor((this.o.maxMovesPerMinute * interval) / 60000));
    while (!signal.aborted) {
      await delay(interval, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const lease = await this.o.registry.leases.acquire(LEASE, this.o.routerId, interval * 3, { signal });
        if (!lease.acquired) {
          this.o.logger.debug("rebalance: another Router holds the rebalancer lease", { holder: lease.holderId });
          continue;
        }
        const moved = await rebalanceOnce(this.o, perPass, { signal });
        if (moved > 0) this.o.logger.info("rebalanced players", { moved });
      } catch (err) {
        if (signal.aborted) return;
        this.o.logger.warn("rebalance pass failed", { err: (err as Error).message });
      }
    }
  }

  /** Stops the loop; a pass in flight is cancelled through the lifetime signal. */
  async close(): Promise<void> {
    this.lifetime.abort();
    await this.loop;
  }
}
