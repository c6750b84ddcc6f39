/**
 * Registry queue items ⇄ proto QueueEntry, entry ids, repeat modes, and the tag a queued track
 * carries in its user data while it plays (how auto-advance recognises the play that ended).
 */
import { randomBytes } from "node:crypto";
import type { JsonObject, JsonValue, QueueItem, QueueItemInput, RepeatMode as StoreRepeatMode } from "../../../common/src/registry/types";
import { trackInfoFromProto, trackInfoToProto } from "../../../common/src/mapping/track";
import type { TrackInfo as TrackInfoJson } from "../../../common/src/lavalink-protocol";
import type { Track, TrackInfo } from "../../../../gen/ts/pyro/lavalink/v1/track";
import { RepeatMode, type QueueEntry } from "../../../../gen/ts/pyro/router/v1/queue";

/** User data key holding the id of the queue entry a track was started for. */
export const TAG_ITEM_ID = "pyroQueueItemId";
/** User data key holding the queue version at which that entry became current (one play). */
export const TAG_SINCE = "pyroQueueSince";

/** Identity of one play of a queue entry, read back from a track's user data. */
export interface PlayTag {
  itemId: string;
  since: number;
}

const ID = /^([0-9a-z]{1,11})-[0-9a-f]{12}$/;

/** A new entry id: the enqueue time in base 36, then 48 random bits (time-ordered, like a ULID). */
export function newEntryId(nowMs: number = Date.now()): string {
  return `${nowMs.toString(36)}-${randomBytes(6).toString("hex")}`;
}

/** The enqueue time encoded in an id made by `newEntryId`; undefined for other ids. */
export function addedAtOf(entryId: string): Date | undefined {
  const m = ID.exec(entryId);
  return m ? new Date(parseInt(m[1]!, 36)) : undefined;
}

/** A registry item for `track`; `userData` (when given) replaces the track's own user data. */
export function itemFromTrack(track: Track, userData: JsonObject | undefined, nowMs: number): QueueItemInput {
  const item: QueueItemInput = { id: newEntryId(nowMs), encodedTrack: track.encoded };
  if (track.info) item.info = trackInfoFromProto(track.info) as unknown as JsonObject;
  const data = userData ?? (track.userData as JsonObject | undefined);
  if (data && Object.keys(data).length > 0) item.userData = data;
  return item;
}

function isTrackInfoJson(v: JsonObject): boolean {
  const str = (k: string): boolean => typeof v[k] === "string";
  const num = (k: string): boolean => typeof v[k] === "number";
  return str("identifier") && str("author") && str("title") && str("sourceName") && num("length") && num("position")
    && typeof v.isSeekable === "boolean" && typeof v.isStream === "boolean";
}

/** The proto entry of a stored item; info that is not Lavalink TrackInfo JSON is left out. */
export function entryOf(item: QueueItem): QueueEntry {
  const info: TrackInfo | undefined = item.info && isTrackInfoJson(item.info) ? trackInfoToProto(item.info as unknown as TrackInfoJson) : undefined;
  return {
    entryId: item.id,
    track: { encoded: item.encodedTrack, info, pluginInfo: {}, userData: item.userData ?? {} },
    addedAt: addedAtOf(item.id),
  };
}

/** The user data to play `item` with: its own plus the play tag. */
export function taggedUserData(item: QueueItem, since: number): JsonObject {
  return { ...(item.userData ?? {}), [TAG_ITEM_ID]: item.id, [TAG_SINCE]: since };
}

/** The play tag in a track's user data, or undefined when the track was not started by a queue. */
export function readPlayTag(userData: Record<string, unknown> | undefined): PlayTag | undefined {
  const itemId = userData?.[TAG_ITEM_ID] as JsonValue | undefined;
  const since = userData?.[TAG_SINCE] as JsonValue | undefined;
  if (typeof itemId !== "string" || itemId === "" || typeof since !== "number" || !Number.isSafeInteger(since)) return undefined;
  return { itemId, since };
}

const TO_PROTO: Record<StoreRepeatMode, RepeatMode> = {
  off: RepeatMode.REPEAT_MODE_OFF,
  track: RepeatMode.REPEAT_MODE_TRACK,
  queue: RepeatMode.REPEAT_MODE_QUEUE,
};

/** Registry repeat mode → proto. */
export function repeatModeToProto(mode: StoreRepeatMode): RepeatMode {
  return TO_PROTO[mode];
}

/** Proto repeat mode → registry; undefined for UNSPECIFIED and unknown values. */
export function repeatModeFromProto(mode: RepeatMode): StoreRepeatMode | undefined {
  return (Object.keys(TO_PROTO) as StoreRepeatMode[]).find((k) => TO_PROTO[k] === mode);
}
