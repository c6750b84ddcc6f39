/**
 * Catch-up after a rebuild: the rebuild PATCH carries the position extrapolated to the moment it
 * was built, but Lavalink applies it later (a busy Lavalink, a burst of rebuilds during a failover
 * queue behind each other), so the player would start that much behind where it should be. The
 * answer tells where the player is at Lavalink's own timestamp (`state.time`); when that is off
 * the checkpoint's extrapolation to the same instant by more than a tolerance, the player is seeked
 * to the extrapolation, led by how late Lavalink applied the previous request. Bounded: at most
 * {@link CATCH_UP_MAX_SEEKS} seeks, never near the end of the track, never for streams, paused
 * or idle players, or answers without a timestamp.
 */
import type { PlayerRecord } from "../../../common/src/registry/types";
import type { Player } from "../../../common/src/lavalink-protocol/types";
import { extrapolatePositionMs } from "../../../common/src/player-state";
import type { LavalinkRest } from "../lavalink/rest-client";
import { withLavalinkErrors } from "../errors";

/** How far a rebuilt player may be from its checkpoint's extrapolation without a seek, in ms. */
export const CATCH_UP_TOLERANCE_MS = 250;
/** Seeks sent at most after one rebuild. */
export const CATCH_UP_MAX_SEEKS = 2;
/** Largest lead given to a seek (an estimate of how late Lavalink applies it), in ms. */
const MAX_LEAD_MS = 2000;
/** No catch-up this close to the end of the track (a seek there could end it), in ms. */
const END_MARGIN_MS = 2000;

/**
 * How far `answer` (Lavalink's player, observed at its `state.time`) is behind the position
 * `record`'s checkpoint gives for that instant, in ms (negative: ahead). Undefined when it cannot be
 * told or must not be corrected: no timestamp, idle, paused, a stream or an unseekable track.
 */
export function rebuildLagMs(record: PlayerRecord, answer: Player): number | undefined {
  const track = answer.track;
  if (!track || answer.paused || record.state.paused || record.state.encodedTrack === null) return undefined;
  if (track.info.isStream || !track.info.isSeekable || !(answer.state.time > 0)) return undefined;
  return extrapolatePositionMs(record.state, answer.state.time) - answer.state.position;
}

/** What a catch-up needs. */
export interface CatchUpDeps {
  rest: LavalinkRest;
  sessionId: string;
  now: () => number;
}

/**
 * Seeks `answer`'s player until it is within the tolerance of `record`'s extrapolation (see the
 * module comment); `sentAt` is when the rebuild PATCH was sent (unix ms). Returns Lavalink's last
 * answer. Rejects like `updatePlayer` (LavalinkRestError, ...).
 */
export async function catchUp(deps: CatchUpDeps, record: PlayerRecord, answer: Player, sentAt: number, signal?: AbortSignal): Promise<Player> {
  let last = answer;
  let lastSentAt = sentAt;
  for (let seeks = 0; seeks < CATCH_UP_MAX_SEEKS; seeks++) {
    const lag = rebuildLagMs(record, last);
    if (lag === undefined || Math.abs(lag) <= CATCH_UP_TOLERANCE_MS) return last;
    // Lavalink applied the last request this late: assume the seek is applied as late.
    const lead = Math.min(MAX_LEAD_MS, Math.max(0, last.state.time - lastSentAt));
    lastSentAt = deps.now();
    const position = Math.round(extrapolatePositionMs(record.state, lastSentAt) + lead);
    if (position >= last.track!.info.length - END_MARGIN_MS) return last;
    last = await withLavalinkErrors(() => deps.rest.updatePlayer(deps.sessionId, record.guildId, { position }, { signal }));
  }
  return last;
}
