/**
 * The Router's owner cache: the last registry record seen per guild, for the hot path (an update
 * of a placed player goes straight to the cached owner with the cached epoch). Any placement, move
 * or destroy, by any Router (through the event hub), drops the entry; a stale entry is caught by
 * the node's epoch fence (ABORTED) and the update retried from the registry.
 */
import type { PlayerRecord } from "../../../common/src/registry/types";
import type { EventHub } from "../events/event-hub";

/** Default bound of the cache; the oldest entry is evicted past it. */
export const OWNER_CACHE_MAX_ENTRIES = 100000;

/** Last known record per guild, invalidated by the hub's placement events. */
export class OwnerCache {
  private readonly known = new Map<string, PlayerRecord>();

  constructor(hub: EventHub, private readonly maxEntries = OWNER_CACHE_MAX_ENTRIES) {
    hub.tap((e) => {
      const k = e.kind?.$case;
      if (k === "playerPlaced" || k === "playerMoved" || k === "playerDestroyed") this.known.delete(e.guildId);
    });
  }

  /** The cached record of `guildId`, if any. */
  get(guildId: string): PlayerRecord | undefined {
    return this.known.get(guildId);
  }

  /** Remembers `record` unless a newer epoch is already cached; returns `record`. */
  remember(record: PlayerRecord): PlayerRecord {
    const prev = this.known.get(record.guildId);
    if (!prev || prev.epoch <= record.epoch) this.known.set(record.guildId, record);
    if (this.known.size > this.maxEntries) this.known.delete(this.known.keys().next().value!);
    return record;
  }

  /** Drops the entry of `guildId`. */
  forget(guildId: string): void {
    this.known.delete(guildId);
  }

  /** Number of cached guilds. */
  get size(): number {
    return this.known.size;
  }
}
