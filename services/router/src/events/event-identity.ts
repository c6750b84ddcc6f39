/**
 * Names a node event the same way on every Router, so that all of them can append it to the
 * guild's event log and it is logged once (EventLogStore.append is idempotent per id). Every
 * Router receives a node's events in the same order, so "the n-th event with this content from
 * this node at this epoch" is the same event everywhere.
 */
import { createHash } from "node:crypto";
import { Event } from "../../../../gen/ts/pyro/router/v1/event";

/** Most distinct contents remembered per guild before the counts restart. */
const MAX_KEYS_PER_GUILD = 1000;

/** Occurrence counts per guild; one per hub. */
export class EventIdentity {
  private readonly counts = new Map<string, { epoch: bigint; n: Map<string, number> }>();

  /** The id of `event` from `nodeId` at `epoch`. */
  idOf(event: Event, epoch: bigint): string {
    const body = JSON.stringify(Event.toJSON({ ...event, sequence: 0n, timestamp: undefined, replay: false, guildSequence: 0n }));
    const hash = createHash("sha1").update(body).digest("base64url");
    let g = this.counts.get(event.guildId);
    if (!g || g.epoch !== epoch || g.n.size >= MAX_KEYS_PER_GUILD) {
      g = { epoch, n: new Map() };
      this.counts.set(event.guildId, g);
    }
    const n = (g.n.get(hash) ?? 0) + 1;
    g.n.set(hash, n);
    return `${event.nodeId}:${epoch}:${hash}:${n}`;
  }

  /** Forgets a guild (its player was destroyed). */
  forget(guildId: string): void {
    this.counts.delete(guildId);
  }
}
