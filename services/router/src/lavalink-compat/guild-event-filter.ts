/**
 * Makes Pyro's moves invisible to Lavalink clients. Per guild it remembers the node that owns the
 * player and the track the client was told is playing, and decides which hub events a Lavalink
 * session sees:
 * - Pyro events (placed, moved, destroyed, queue, node events) are never forwarded;
 * - a TrackStartEvent that only re-creates the current track on a new owner (the rebuild of a
 *   failover, drain or move) is swallowed, so the client sees one start per track;
 * - events and player updates of a superseded owner (e.g. the stopped source copy of a move) are
 *   dropped; the new owner's player updates show the new position.
 */
import type { Event } from "../../../../gen/ts/pyro/router/v1/event";
import { trackKey } from "../events/replay-marker";

interface GuildView {
  /** Node whose events are current. */
  ownerNode?: string;
  /** Identity of the track the client saw start and not end. */
  playingKey?: string;
  /** Node a move announced: its next start of `playingKey` is a rebuild. */
  rebuildOn?: string;
}


const LAVALINK_KINDS = new Set(["trackStart", "trackEnd", "trackException", "trackStuck", "websocketClosed", "pluginEvent", "playerUpdate"]);

/** The per-guild filter; one per Router, fed every hub event. */
export class GuildEventFilter {
  private readonly guilds = new Map<string, GuildView>();

  /** True when a Lavalink client should see `event`. Updates the guild's view either way. */
  admit(event: Event): boolean {
    const kind = event.kind;
    if (!kind || !event.guildId) return false;
    const view = this.guilds.get(event.guildId) ?? {};
    this.guilds.set(event.guildId, view);
    switch (kind.$case) {
      case "playerPlaced":
      case "playerMoved":
        if (view.playingKey !== undefined && kind.$case === "playerMoved") view.rebuildOn = event.nodeId;
        view.ownerNode = event.nodeId;
        return false;
      case "playerDestroyed":
        this.guilds.delete(event.guildId);
        return false;
      case "trackStart": {
        const key = trackKey(kind.value.track);
        const moved = view.ownerNode !== undefined && view.ownerNode !== event.nodeId;
        const rebuild = view.playingKey !== undefined && key === view.playingKey && (moved || view.rebuildOn === event.nodeId);
        view.ownerNode = event.nodeId;
        view.rebuildOn = undefined;
        view.playingKey = key;
        return !rebuild;
      }
      default:
        if (!LAVALINK_KINDS.has(kind.$case)) return false;
        if (view.ownerNode !== undefined && event.nodeId !== view.ownerNode) return false;
        if (kind.$case === "trackEnd") view.playingKey = undefined;
        return true;
    }
  }

  /** Records the owner a REST answer reported (the node that holds the player now). */
  noteOwner(guildId: string, nodeId: string): void {
    if (!nodeId) return;
    const view = this.guilds.get(guildId) ?? {};
    view.ownerNode = nodeId;
    this.guilds.set(guildId, view);
  }
}
