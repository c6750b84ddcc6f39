/**
 * What a queue edit does outside the registry: start the new current entry on the guild's player
 * (tagged so auto-advance can recognise the play), stop the player when the queue ran out, and
 * publish QueueUpdated / QueueEnded to every Router's subscribers.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { QueueItem } from "../../../common/src/registry/types";
import type { QueueChange } from "../../../../gen/ts/pyro/router/v1/event";
import type { EventHub } from "../events/event-hub";
import type { PlayerManager } from "../players/player-manager";
import { taggedUserData } from "./queue-entry";

/** Side effects of queue edits. */
export interface QueuePlayback {
  /** Plays `item` on the guild's player (creating or placing it if needed); `since` is the version that made it current. */
  play(guildId: string, item: QueueItem, since: number, signal?: AbortSignal): Promise<void>;
  /** Stops the guild's player, if it exists. */
  stop(guildId: string, signal?: AbortSignal): Promise<void>;
  /** Publishes QueueUpdated. */
  updated(guildId: string, version: number, change: QueueChange): Promise<void>;
  /** Publishes QueueEnded. */
  ended(guildId: string, version: number): Promise<void>;
  /**
   * Plays the new current item, or stops the player and publishes QueueEnded when there is none.
   * A player failure is logged, not thrown: the queue edit has already happened and must not be
   * repeated by a retrying client.
   */
  apply(guildId: string, current: QueueItem | null, version: number, signal?: AbortSignal): Promise<void>;
}

/** Dependencies of `createQueuePlayback`. */
export interface QueuePlaybackDeps {
  registry: Registry;
  players: PlayerManager;
  hub: EventHub;
  logger: Logger;
}

/** Creates the queue's playback side. */
export function createQueuePlayback(d: QueuePlaybackDeps): QueuePlayback {
  const playback: QueuePlayback = {
    async play(guildId, item, since, signal) {
      await d.players.update({ guildId, track: { $case: "encodedTrack", value: item.encodedTrack }, userData: taggedUserData(item, since), noReplace: false }, signal);
    },
    async stop(guildId, signal) {
      if (!(await d.registry.players.get(guildId, { signal }))) return;
      await d.players.update({ guildId, track: { $case: "stop", value: {} }, noReplace: false }, signal);
    },
    async updated(guildId, version, change) {
      await d.hub.publish({ guildId, nodeId: "", kind: { $case: "queueUpdated", value: { version: BigInt(version), change } } });
    },
    async ended(guildId, version) {
      await d.hub.publish({ guildId, nodeId: "", kind: { $case: "queueEnded", value: { version: BigInt(version) } } });
    },
    async apply(guildId, current, version, signal) {
      try {
        if (current) await playback.play(guildId, current, version, signal);
        else await playback.stop(guildId, signal);
      } catch (err) {
        d.logger.warn("queue: could not update the player", { guildId, version, err: (err as Error).message });
      }
      if (!current) await playback.ended(guildId, version);
    },
  };
  return playback;
}
