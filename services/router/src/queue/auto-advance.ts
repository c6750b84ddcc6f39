/**
 * Auto-advance: when a track that a queue started ends with `may_start_next` (finished,
 * loadFailed), the queue advances and the next entry plays, exactly once cluster-wide.
 *
 * Every Router replica receives every Lavalink event, so every replica tries. The track carries
 * a play tag in its user data (entry id + the queue version at which it became current); the
 * advance is a compare-and-set on both (`expectedCurrentId`, `expectedCurrentSince`), so one
 * replica wins and the others get VersionMismatchError and do nothing. The version matters
 * besides the id: with repeat `track` (or a one-entry queue on repeat `queue`) the same entry
 * stays current, and only the version tells one play from the next. A stale end (the user
 * skipped meanwhile) fails the same way. `replaced`, `stopped` and `cleanup` ends never advance.
 */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import { VersionMismatchError } from "../../../common/src/registry/errors";
import { QueueChange, type Event } from "../../../../gen/ts/pyro/router/v1/event";
import type { EventHub } from "../events/event-hub";
import { readPlayTag, type PlayTag } from "./queue-entry";
import type { QueuePlayback } from "./queue-playback";

/** Dependencies of auto-advance. */
export interface AutoAdvanceDeps {
  registry: Registry;
  hub: EventHub;
  playback: QueuePlayback;
  logger: Logger;
}

/** Outcome of one attempt, for logs and tests. */
export type AdvanceOutcome = "advanced" | "ended" | "lost";

/**
 * Advances `guildId`'s queue after the play `tag` ended, then plays the new current entry or
 * publishes QueueEnded. Returns "lost" when another Router (or an edit) got there first.
 * @throws registry errors other than VersionMismatchError.
 */
export async function advanceAfterEnd(d: Omit<AutoAdvanceDeps, "hub">, guildId: string, tag: PlayTag, signal?: AbortSignal): Promise<AdvanceOutcome> {
  let result;
  try {
    result = await d.registry.queues.advance(guildId, { expectedCurrentId: tag.itemId, expectedCurrentSince: tag.since, signal });
  } catch (err) {
    if (err instanceof VersionMismatchError) return "lost";
    throw err;
  }
  await d.playback.updated(guildId, result.version, QueueChange.QUEUE_CHANGE_ADVANCE);
  if (result.current) {
    await d.playback.play(guildId, result.current, result.version, signal);
    return "advanced";
  }
  await d.playback.ended(guildId, result.version);
  return "ended";
}

/** The play tag of a TrackEnd event that may start the next track, else undefined. */
export function endedPlay(event: Event): PlayTag | undefined {
  if (event.kind?.$case !== "trackEnd" || !event.kind.value.mayStartNext || !event.guildId) return undefined;
  return readPlayTag(event.kind.value.track?.userData);
}

/** Starts auto-advance on this Router's hub; returns a function that stops it. */
export function startAutoAdvance(d: AutoAdvanceDeps): () => void {
  const abort = new AbortController();
  const untap = d.hub.tap((event) => {
    const tag = endedPlay(event);
    if (!tag) return;
    advanceAfterEnd(d, event.guildId, tag, abort.signal).then(
      (outcome) => d.logger.debug("queue auto-advance", { guildId: event.guildId, itemId: tag.itemId, outcome }),
      (err: unknown) => {
        if (!abort.signal.aborted) d.logger.warn("queue auto-advance failed", { guildId: event.guildId, err: (err as Error).message });
      },
    );
  });
  return () => {
    untap();
    abort.abort();
  };
}
