import { HttpError } from "./errors";
import { Filters, parseFilters } from "./filters";
import { JsonObject } from "./json";
import {
  asInt, expectObject, hasKey, optBool, optInt, optNullableString, optObject, optString,
} from "./json-input";
import { EmulatorPlayer, VoiceState } from "./player";
import type { PluginSet } from "./plugins/plugin-set";
import { LavalinkSession } from "./session";
import { TrackFields } from "./track-codec";

/** A type-checked PATCH player body. `undefined` = field absent ("omissible"). */
export interface PlayerUpdate {
  trackObject: boolean;
  encoded?: string | null;
  identifier?: string;
  userData?: JsonObject;
  position?: number;
  endTime?: number | null;
  volume?: number;
  paused?: boolean;
  filtersRaw?: unknown;
  voice?: { token: string; endpoint: string; sessionId: string; channelId: string | null };
  /** Both the `track` object and a top-level field were sent. */
  mixedForms: boolean;
}

const VOICE_MESSAGE = "token, endpoint, sessionId and channelId must be provided in voice state";

/** Type-checks a PATCH player body (deserialisation stage). Throws HttpError 400. */
export function parsePlayerUpdate(raw: unknown): PlayerUpdate {
  const body = expectObject(raw, "body");
  const track = optObject(body, "track", "body");
  const topEncoded = optNullableString(body, "encodedTrack", "body");
  const topIdentifier = optString(body, "identifier", "body");
  const update: PlayerUpdate = {
    trackObject: track !== undefined,
    mixedForms: track !== undefined && (hasKey(body, "encodedTrack") || topIdentifier !== undefined),
    encoded: track ? optNullableString(track, "encoded", "track") : topEncoded,
    identifier: track ? optString(track, "identifier", "track") : topIdentifier,
    userData: track ? optObject(track, "userData", "track") : undefined,
    position: optInt(body, "position", "body", 64),
    volume: optInt(body, "volume", "body", 32),
    paused: optBool(body, "paused", "body"),
  };
  if (hasKey(body, "endTime") && body.endTime !== undefined) {
    update.endTime = body.endTime === null ? null : asInt(body.endTime, "body.endTime", 64);
  }
  if (hasKey(body, "filters") && body.filters !== undefined) update.filtersRaw = body.filters;
  const voice = optObject(body, "voice", "body");
  if (voice) {
    for (const key of ["token", "endpoint", "sessionId", "channelId"]) {
      if (!hasKey(voice, key)) throw new HttpError(400, `JSON parse error: field 'voice.${key}' is required`);
    }
    update.voice = {
      token: optString(voice, "token", "voice")!,
      endpoint: optString(voice, "endpoint", "voice")!,
      sessionId: optString(voice, "sessionId", "voice")!,
      channelId: optNullableString(voice, "channelId", "voice") ?? null,
    };
  }
  return update;
}

/** Semantic validation (before anything changes). Returns the parsed filter set if filters were sent. */
export function validatePlayerUpdate(u: PlayerUpdate, disabledFilters: ReadonlySet<string>, plugins?: PluginSet): Filters | undefined {
  if (u.mixedForms) throw new HttpError(400, "Cannot specify both track and encodedTrack/identifier");
  if (u.encoded !== undefined && u.identifier !== undefined) throw new HttpError(400, "Cannot specify both encodedTrack and identifier");
  const filters = u.filtersRaw !== undefined ? parseFilters(u.filtersRaw, disabledFilters, plugins?.filters) : undefined;
  if (u.voice) {
    const { token, endpoint, sessionId, channelId } = u.voice;
    if ([token, endpoint, sessionId, channelId ?? ""].some((s) => s.trim() === "")) throw new HttpError(400, VOICE_MESSAGE);
  }
  if (u.endTime !== undefined && u.endTime !== null && u.endTime <= 0) throw new HttpError(400, "End time must be greater than 0");
  return filters;
}

function loadForPlay(identifier: string, plugins: PluginSet): TrackFields {
  const result = plugins.resolveIdentifier(identifier);
  switch (result.loadType) {
    case "track":
      return result.track;
    case "error":
      throw new HttpError(400, result.message);
    case "empty":
      throw new HttpError(400, "No matches found for identifier");
    default:
      throw new HttpError(400, "Cannot play a playlist or search result");
  }
}

function decodeForPlay(encoded: string, plugins: PluginSet): { fields: TrackFields; position: bigint } {
  try {
    return plugins.decodeClientTrack(encoded);
  } catch (e) {
    throw new HttpError(500, (e as Error).message);
  }
}

/**
 * Applies a validated update in Lavalink's order (reference 3.6): create player, voice, paused, userData,
 * volume, seek, endTime, filters, then the new track. Not atomic: a later failure (decode 500, load 400)
 * leaves earlier steps applied. Tracks resolve and decode with the core sources plus `plugins`' own.
 * Returns the player.
 */
export function applyPlayerUpdate(
  session: LavalinkSession, guildId: string, u: PlayerUpdate, filters: Filters | undefined, noReplace: boolean, plugins: PluginSet,
): EmulatorPlayer {
  const player = session.player(guildId, true)!;
  const newTrack = u.encoded !== undefined || u.identifier !== undefined;
  if (u.voice) {
    if (!/^-?\d{1,19}$/.test(u.voice.channelId ?? "")) throw new HttpError(500, `For input string: "${u.voice.channelId}"`);
    player.setVoice(u.voice as VoiceState);
  }
  if (!newTrack && u.paused !== undefined) player.setPaused(u.paused);
  if (!newTrack && u.userData !== undefined) player.setUserData(u.userData);
  if (u.volume !== undefined) player.setVolume(u.volume);
  if (!newTrack && u.position !== undefined) player.seek(u.position);
  if (!newTrack && u.endTime !== undefined && u.endTime !== null) player.setEndTime(u.endTime);
  if (filters !== undefined) player.setFilters(filters);
  if (!newTrack) return player;
  if (noReplace && player.hasTrack) return player;
  player.setPaused(u.paused ?? false);
  if (u.encoded === null) {
    player.stopTrack();
    return player;
  }
  const { fields, position } = u.identifier !== undefined ? { fields: loadForPlay(u.identifier, plugins), position: 0n } : decodeForPlay(u.encoded!, plugins);
  player.startTrack(fields, { startMs: u.position ?? Number(position), userData: u.userData ?? {}, endTimeMs: u.endTime ?? null });
  // The REST handler's own playerUpdate after the start (in addition to the schedule's first frame).
  player.sendUpdate();
  return player;
}
