/**
 * Marks the TrackStart of a rebuild. When a player moves (drain, failover, manual move,
 * rebalance) the new owner re-creates the track that was playing, and Lavalink reports a
 * TrackStart for it; to a bot that is not a new track. Per guild this remembers the track last
 * started and not ended, with the epoch of the owner that started it: a TrackStart of the same
 * track at a newer epoch is a replay. A repeat of the track by the same owner (repeat mode, or
 * playing it again) is not, because the owner's TrackEnd comes first.
 */
import type { Event } from "../../../../gen/ts/pyro/router/v1/event";
import type { Track } from "../../../../gen/ts/pyro/lavalink/v1/track";

/** Identity of a track regardless of the start position embedded in its encoded form. */
export function trackKey(track: Track | undefined): string | undefined {
  const i = track?.info;
  return i ? JSON.stringify([i.sourceName, i.identifier, i.title, i.author, String(i.lengthMs), i.uri ?? null]) : track?.encoded;
}

/** Per-guild memory of the playing track; one per hub. */
export class ReplayMarker {
  private readonly playing = new Map<string, { key: string; epoch: bigint }>();

  /**
   * True when `event`, delivered by the owner at `epoch`, is a rebuild's TrackStart. Updates the
   * guild's view for every event (call it once per event, in delivery order).
   */
  isReplay(event: Pick<Event, "guildId" | "kind">, epoch: bigint): boolean {
    const kind = event.kind;
    if (!kind || !event.guildId) return false;
    if (kind.$case === "playerDestroyed") this.playing.delete(event.guildId);
    if (kind.$case === "trackEnd") {
      const cur = this.playing.get(event.guildId);
      if (cur && epoch >= cur.epoch) this.playing.delete(event.guildId);
    }
    if (kind.$case !== "trackStart") return false;
    const key = trackKey(kind.value.track);
    const cur = this.playing.get(event.guildId);
    if (key === undefined) return false;
    this.playing.set(event.guildId, { key, epoch });
    return cur !== undefined && cur.key === key && epoch > cur.epoch;
  }
}
