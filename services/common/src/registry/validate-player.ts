/** Validation of player records, states and voice credentials (stored data and caller input alike). */
import {
  isObject,
  reqBoolean,
  reqJsonObject,
  reqNumber,
  reqNumberOrNull,
  reqObject,
  reqString,
  reqStringOrNull,
  type Fail,
} from "./json-check";
import { MAX_TIME_MS } from "../limits";
import type { ParkedState, PlayerRecord, PlayerState, PluginStateCall, VoiceState } from "./types";

/** Keys of PlayerState, in storage order. */
export const PLAYER_STATE_KEYS = [
  "encodedTrack",
  "positionMs",
  "positionAt",
  "paused",
  "volume",
  "filters",
  "endTimeMs",
  "userData",
  "pluginCalls",
  "parked",
] as const satisfies readonly (keyof PlayerState)[];

/** The state of a player that has never played. */
export function defaultPlayerState(): PlayerState {
  return { encodedTrack: null, positionMs: 0, positionAt: 0, paused: false, volume: 100, filters: {}, endTimeMs: null, userData: {} };
}

/** Validates one state field by name. */
export function validateStateField(key: keyof PlayerState, v: unknown, path: string, fail: Fail): PlayerState[typeof key] {
  switch (key) {
    case "encodedTrack":
      return reqStringOrNull(v, path, fail);
    case "positionMs":
      return reqNumber(v, path, fail, { min: 0 });
    case "positionAt":
      return reqNumber(v, path, fail, { min: 0 });
    case "paused":
      return reqBoolean(v, path, fail);
    case "volume":
      return reqNumber(v, path, fail, { integer: true, min: 0, max: 1000 });
    case "filters":
    case "userData":
      return reqJsonObject(v, path, fail);
    case "endTimeMs":
      return reqNumberOrNull(v, path, fail, 0);
    case "pluginCalls":
      return validatePluginCalls(v, path, fail);
    case "parked":
      return validateParked(v, path, fail);
  }
}

/** A parked marker: null, or a reason (at most 512 characters), a positive attempt count and a time. */
function validateParked(v: unknown, path: string, fail: Fail): ParkedState | null {
  if (v === null) return null;
  const o = reqObject(v, path, fail);
  const reason = reqString(o.reason, `${path}.reason`, fail);
  if (reason.length > 512) fail(`${path}.reason`, "must be at most 512 characters");
  return { reason, attempts: reqNumber(o.attempts, `${path}.attempts`, fail, { integer: true, min: 1 }), at: reqNumber(o.at, `${path}.at`, fail, { min: 0 }) };
}

/** Recorded plugin calls: at most 32, each with a method, a path starting with "/", a query and a content type. */
function validatePluginCalls(v: unknown, path: string, fail: Fail): PluginStateCall[] {
  if (!Array.isArray(v)) return fail(path, "must be an array");
  if (v.length > 32) fail(path, "must hold at most 32 calls");
  return v.map((c, i) => {
    const p = `${path}[${i}]`;
    const o = reqObject(c, p, fail);
    const call: PluginStateCall = {
      method: reqString(o.method, `${p}.method`, fail),
      path: reqString(o.path, `${p}.path`, fail),
      query: reqString(o.query, `${p}.query`, fail, true),
      contentType: reqString(o.contentType, `${p}.contentType`, fail, true),
    };
    if (!call.path.startsWith("/")) fail(`${p}.path`, "must start with /");
    if (o.body !== undefined) call.body = reqString(o.body, `${p}.body`, fail, true);
    return call;
  });
}

/**
 * Validates a partial state for writing (unknown keys rejected); returns a normalised copy with
 * only defined keys. An end marker past MAX_TIME_MS is refused here, on write only: it would not
 * survive the trip through a JSON number (records read back are not held to it).
 */
export function validatePartialState(v: unknown, path: string, fail: Fail): Partial<PlayerState> {
  const o = reqObject(v, path, fail);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    if (x === undefined) continue;
    if (!(PLAYER_STATE_KEYS as readonly string[]).includes(k)) fail(`${path}.${k}`, "is not a player state field");
    out[k] = validateStateField(k as keyof PlayerState, x, `${path}.${k}`, fail);
  }
  if (typeof out.endTimeMs === "number" && out.endTimeMs > MAX_TIME_MS) fail(`${path}.endTimeMs`, `must be at most ${MAX_TIME_MS}`);
  return out as Partial<PlayerState>;
}

/** Validates a complete state. */
export function validatePlayerState(v: unknown, path: string, fail: Fail): PlayerState {
  const o = reqObject(v, path, fail);
  const out: Record<string, unknown> = {};
  for (const k of PLAYER_STATE_KEYS) {
    // Optional: records written before plugin calls (or parking) were recorded have none.
    if ((k === "pluginCalls" || k === "parked") && o[k] === undefined) continue;
    out[k] = validateStateField(k, o[k], `${path}.${k}`, fail);
  }
  return out as unknown as PlayerState;
}

/** Validates voice credentials (every field a non-empty string). */
export function validateVoice(v: unknown, path: string, fail: Fail): VoiceState {
  const o = reqObject(v, path, fail);
  return {
    sessionId: reqString(o.sessionId, `${path}.sessionId`, fail),
    token: reqString(o.token, `${path}.token`, fail),
    endpoint: reqString(o.endpoint, `${path}.endpoint`, fail),
    channelId: reqString(o.channelId, `${path}.channelId`, fail),
  };
}

/** Validates a whole player record; returns a normalised copy. */
export function validatePlayerRecord(v: unknown, fail: Fail): PlayerRecord {
  const o = reqObject(v, "player", fail);
  const rec: PlayerRecord = {
    guildId: reqString(o.guildId, "guildId", fail),
    ownerNodeId: reqStringOrNull(o.ownerNodeId, "ownerNodeId", fail),
    epoch: reqNumber(o.epoch, "epoch", fail, { integer: true, min: 1 }),
    state: validatePlayerState(o.state, "state", fail),
    createdAt: reqNumber(o.createdAt, "createdAt", fail, { min: 0 }),
    updatedAt: reqNumber(o.updatedAt, "updatedAt", fail, { min: 0 }),
  };
  if (o.voice !== undefined) {
    if (!isObject(o.voice)) fail("voice", "must be an object");
    rec.voice = validateVoice(o.voice, "voice", fail);
  }
  return rec;
}
