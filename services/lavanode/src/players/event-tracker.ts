/**
 * Keeps the player table in step with Lavalink's WebSocket traffic and checkpoints what changed:
 * track starts and ends at once, positions at most every `positionCheckpointMs` per player
 * (failover extrapolates between checkpoints from the Lavalink timestamp).
 */
import type { Logger } from "../../../common/src/logger";
import type { LavalinkEvent, PlayerUpdateMessage } from "../../../common/src/lavalink-protocol/message-types";
import type { Track } from "../../../common/src/lavalink-protocol/types";
import type { PlayerCommands } from "./player-commands";
import type { PlayerTable, PlayerEntry } from "./player-table";

/** End reasons Lavalink decides by itself, after which the player has no track. */
const ENDS_THAT_CLEAR: ReadonlySet<string> = new Set(["finished", "loadFailed", "cleanup"]);

/** Two tracks are the same when their identity matches (positions differ inside `encoded`). */
function sameTrack(a: Track | null | undefined, b: Track | null | undefined): boolean {
  if (!a || !b) return false;
  return a.info.identifier === b.info.identifier && a.info.sourceName === b.info.sourceName;
}

/** Options of the tracker. */
export interface EventTrackerDeps {
  table: PlayerTable;
  commands: PlayerCommands;
  logger: Logger;
  /** Minimum interval between position-only checkpoints of one player; default 5000 ms. */
  positionCheckpointMs?: number;
  now?: () => number;
}

/** Feeds Lavalink frames into the table. */
export interface EventTracker {
  onPlayerUpdate(msg: PlayerUpdateMessage): void;
  onEvent(event: LavalinkEvent): void;
}

/** Creates the tracker. */
export function createEventTracker(deps: EventTrackerDeps): EventTracker {
  const now = deps.now ?? Date.now;
  const every = deps.positionCheckpointMs ?? 5000;
  const lastCheckpoint = new WeakMap<PlayerEntry, number>();

  const save = (entry: PlayerEntry): void => {
    lastCheckpoint.set(entry, now());
    deps.commands.checkpoint(entry).catch((err: unknown) => {
      deps.logger.debug("checkpoint failed", { guildId: entry.guildId, err: (err as Error).message });
    });
  };

  return {
    onPlayerUpdate(msg) {
      const entry = deps.table.applyState(msg.guildId, msg.state, now());
      if (!entry?.player) return;
      if (now() - (lastCheckpoint.get(entry) ?? 0) >= every) save(entry);
    },
    onEvent(event) {
      const entry = deps.table.get(event.guildId);
      if (!entry?.player) return;
      if (event.type === "TrackStartEvent") {
        // The start of the track the entry already holds (the echo of the PATCH that started it, or
        // a playerUpdate since) changes nothing: that state carries Lavalink's own timestamp, while
        // this frame has none and may be read long after it was sent. Only an unknown track is taken
        // from the event, at the position Lavalink reports in it.
        if (!sameTrack(event.track, entry.player.track)) {
          entry.player = { ...entry.player, track: event.track, state: { ...entry.player.state, position: event.track.info.position, time: now() } };
        }
        save(entry);
      } else if (event.type === "TrackEndEvent" && ENDS_THAT_CLEAR.has(event.reason) && sameTrack(event.track, entry.player.track)) {
        // The track is over; a rebuild must not restart it. `stopped` and `replaced` ends come
        // from commands whose REST answers already updated the entry; an end of another track
        // (a copy this node is replacing or destroying) must not clear the current one.
        entry.player = { ...entry.player, track: null, state: { ...entry.player.state, position: 0, time: now() } };
        entry.endTimeMs = null;
        save(entry);
      }
    },
  };
}
