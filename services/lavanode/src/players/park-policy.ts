/**
 * Parking: a player its Lavalink keeps refusing (a 4xx on every rebuild: an impossible track, a
 * guild Lavalink will not take) is not retried on every reconcile pass forever. After
 * {@link PARK_AFTER_REFUSALS} refused rebuilds in a row its registry state says `parked` (phase
 * PARKED, with Lavalink's reason), reconcile and recovery skip it, and the Routers are told. A
 * client command (it rebuilds the player first) or a destroy ends it. Only refusals count:
 * timeouts, 5xx, a missing session (404) and rate limits are transient and retried as before.
 */
import { InvalidArgumentError } from "../../../common/src/errors";
import { LavalinkRejectedError } from "../errors";

/** Refused rebuilds in a row after which a player is parked. */
export const PARK_AFTER_REFUSALS = 3;

/** Statuses that say "try again later", not "never". */
const TRANSIENT_4XX: ReadonlySet<number> = new Set([404, 408, 409, 425, 429]);

/** Lavalink's refusal in `err` (for the parked reason), or undefined when `err` is not a refusal. */
export function refusalOf(err: unknown): string | undefined {
  if (err instanceof InvalidArgumentError) return err.message.slice(0, 512);
  if (err instanceof LavalinkRejectedError && err.status >= 400 && err.status < 500 && !TRANSIENT_4XX.has(err.status)) return err.message.slice(0, 512);
  return undefined;
}

/** Counts refused rebuilds per guild; in-memory (a restarted node starts counting again). */
export class RefusalCounter {
  private readonly counts = new Map<string, number>();

  /**
   * Records the outcome of one rebuild of `guildId`: returns the consecutive refusals so far (0
   * after a success or a transient failure, which reset the count).
   */
  note(guildId: string, err: unknown): number {
    if (err === undefined || refusalOf(err) === undefined) {
      this.counts.delete(guildId);
      return 0;
    }
    const n = (this.counts.get(guildId) ?? 0) + 1;
    this.counts.set(guildId, n);
    return n;
  }

  /** Forgets `guildId` (parked, destroyed or no longer owned). */
  forget(guildId: string): void {
    this.counts.delete(guildId);
  }
}
