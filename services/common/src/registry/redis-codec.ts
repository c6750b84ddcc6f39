/**
 * Storage format of records in Redis: one hash per record, one field per top-level property (state
 * properties as `state.<name>`), each value JSON-encoded. Lua scripts only touch `epoch`, `ownerNodeId`,
 * `updatedAt` and `state`; everything else stays opaque to Lua, so no JSON is re-encoded inside Redis.
 */
import { CorruptRecordError } from "./errors";
import { corrupt } from "./fail";
import { PLAYER_STATE_KEYS, validatePlayerRecord } from "./validate-player";
import { validateNodeRecord } from "./validate-node";
import type { NodeRecord, PlayerRecord, PlayerState } from "./types";

/** Turns a flat [field, value, ...] reply into an object. */
export function pairsToObject(flat: unknown, key: string): Record<string, string> {
  if (!Array.isArray(flat) || flat.length % 2 !== 0) throw new CorruptRecordError(key, "hash reply is not a field/value list");
  const out: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}

function parseField(raw: string, key: string, field: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return corrupt(key)(field, "is not valid JSON");
  }
}

/** Encodes a partial state as field/value pairs. */
export function encodeStateFields(partial: Partial<PlayerState>): string[] {
  const out: string[] = [];
  for (const k of PLAYER_STATE_KEYS) if (partial[k] !== undefined) out.push(`state.${k}`, JSON.stringify(partial[k]));
  return out;
}

/** Encodes a whole player record as field/value pairs. */
export function encodePlayer(rec: PlayerRecord): string[] {
  const out = [
    "guildId", JSON.stringify(rec.guildId),
    "ownerNodeId", JSON.stringify(rec.ownerNodeId),
    "epoch", String(rec.epoch),
    "createdAt", String(rec.createdAt),
    "updatedAt", String(rec.updatedAt),
  ];
  if (rec.voice) out.push("voice", JSON.stringify(rec.voice));
  return out.concat(encodeStateFields(rec.state));
}

/** Decodes and validates a player hash; throws CorruptRecordError naming `key`. Null for an empty hash. */
export function decodePlayer(hash: Record<string, string>, key: string): PlayerRecord | null {
  if (Object.keys(hash).length === 0) return null;
  const state: Record<string, unknown> = {};
  const rec: Record<string, unknown> = { state };
  for (const [field, raw] of Object.entries(hash)) {
    const value = parseField(raw, key, field);
    if (field.startsWith("state.")) state[field.slice(6)] = value;
    else rec[field] = value;
  }
  return validatePlayerRecord(rec, corrupt(key));
}

/** Encodes a node record as field/value pairs. */
export function encodeNode(rec: NodeRecord): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(rec)) if (v !== undefined) out.push(k, JSON.stringify(v));
  return out;
}

/** Decodes and validates a node hash; throws CorruptRecordError naming `key`. Null for an empty hash. */
export function decodeNode(hash: Record<string, string>, key: string): NodeRecord | null {
  if (Object.keys(hash).length === 0) return null;
  const rec: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(hash)) rec[field] = parseField(raw, key, field);
  return validateNodeRecord(rec, corrupt(key));
}

/** Decodes a JSON string stored by the registry (owner ids, items), or fails as corrupt. */
export function decodeJson(raw: string, key: string, field: string): unknown {
  return parseField(raw, key, field);
}
