/** Validation of `create` input and construction of a new player record, shared by both backends. */
import { assertId, invalidArgument } from "./fail";
import { reqObject } from "./json-check";
import type { PlayerInit } from "./registry";
import type { PlayerRecord } from "./types";
import { defaultPlayerState, validatePartialState, validateVoice } from "./validate-player";

/** Validates `create` input; throws InvalidArgumentError naming the field. */
export function validatePlayerInit(init: PlayerInit): PlayerInit {
  reqObject(init, "init", invalidArgument);
  assertId(init.guildId, "guildId");
  if (init.ownerNodeId !== undefined && init.ownerNodeId !== null) assertId(init.ownerNodeId, "ownerNodeId");
  const out: PlayerInit = { guildId: init.guildId, ownerNodeId: init.ownerNodeId ?? null };
  if (init.voice !== undefined) out.voice = validateVoice(init.voice, "voice", invalidArgument);
  if (init.state !== undefined) out.state = validatePartialState(init.state, "state", invalidArgument);
  return out;
}

/** A new record at epoch 1 from validated input, timestamped `now` (unix ms). */
export function buildPlayerRecord(init: PlayerInit, now: number): PlayerRecord {
  const rec: PlayerRecord = {
    guildId: init.guildId,
    ownerNodeId: init.ownerNodeId ?? null,
    epoch: 1,
    state: { ...defaultPlayerState(), ...init.state },
    createdAt: now,
    updatedAt: now,
  };
  if (init.voice) rec.voice = { ...init.voice };
  return rec;
}
