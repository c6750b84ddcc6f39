/**
 * The Lavanode's last known state of each of its players: the Lavalink player, the epoch it holds
 * for the guild, and what Lavalink does not report (end time, track user data). Positions carry
 * the Lavalink timestamp they were observed at, so they can be extrapolated.
 */
import type { JsonObject, Player, PlayerState } from "../../../common/src/lavalink-protocol/types";
import type { DesiredState } from "./desired-state";

/** One tracked player. */
export interface PlayerEntry {
  guildId: string;
  epoch: number;
  /** The player as Lavalink last returned it (null until the first successful command). */
  player: Player | null;
  /** End marker of the current track, in ms; Lavalink does not report it. */
  endTimeMs: number | null;
  /** When Lavalink last sent a playerUpdate for this guild (unix ms), or 0. */
  lastUpdateAt: number;
  /** What the client asked for (checkpointed instead of the echo); undefined until known. */
  desired?: DesiredState;
}

/** Map of guild id to entry, with the extrapolation rule in one place. */
export class PlayerTable {
  private readonly entries = new Map<string, PlayerEntry>();

  get(guildId: string): PlayerEntry | undefined {
    return this.entries.get(guildId);
  }

  /** Creates or returns the entry for `guildId` at `epoch`. */
  adopt(guildId: string, epoch: number): PlayerEntry {
    const existing = this.entries.get(guildId);
    if (existing) {
      existing.epoch = Math.max(existing.epoch, epoch);
      return existing;
    }
    const entry: PlayerEntry = { guildId, epoch, player: null, endTimeMs: null, lastUpdateAt: 0 };
    this.entries.set(guildId, entry);
    return entry;
  }

  delete(guildId: string): boolean {
    return this.entries.delete(guildId);
  }

  /** Applies a `playerUpdate` frame; returns the entry, or undefined for an unknown guild. */
  applyState(guildId: string, state: PlayerState, now: number): PlayerEntry | undefined {
    const entry = this.entries.get(guildId);
    if (!entry?.player) return entry;
    entry.player = { ...entry.player, state };
    entry.lastUpdateAt = now;
    return entry;
  }

  /** Sets the current track's user data (Lavalink keeps it on the track object). */
  setUserData(entry: PlayerEntry, userData: JsonObject): void {
    if (entry.player?.track) entry.player = { ...entry.player, track: { ...entry.player.track, userData } };
  }

  values(): IterableIterator<PlayerEntry> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }
}
