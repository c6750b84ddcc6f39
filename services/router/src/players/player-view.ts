/** Builds the ManagedPlayer returned by the player RPCs, from a live node answer or the registry. */
import type { PlayerRecord } from "../../../common/src/registry/types";
import type { BrokenPlayerRecord } from "../../../common/src/registry/registry";
import type { Player } from "../../../../gen/ts/pyro/lavalink/v1/player";
import type { Filters as FiltersProto } from "../../../../gen/ts/pyro/lavalink/v1/filters";
import { PlayerPhase, type ManagedPlayer } from "../../../../gen/ts/pyro/router/v1/player";
import { filtersToProto } from "../../../common/src/mapping/filters";
import type { Filters } from "../../../common/src/lavalink-protocol";
import { extrapolatePositionMs, isClockRunning } from "../../../common/src/player-state";
import { numberToInt64 } from "../../../common/src/mapping/int64";


/** Phase of a stored player: placed (with a live owner), or what it waits for. */
export function phaseOf(record: PlayerRecord, ownerUsable: boolean): PlayerPhase {
  if (record.state.parked) return PlayerPhase.PLAYER_PHASE_PARKED;
  if (record.ownerNodeId && ownerUsable) return PlayerPhase.PLAYER_PHASE_PLACED;
  if (!record.voice) return PlayerPhase.PLAYER_PHASE_AWAITING_VOICE;
  return PlayerPhase.PLAYER_PHASE_AWAITING_NODE;
}

/** The Lavalink player proto reconstructed from the registry checkpoint. */
export function playerFromRecord(record: PlayerRecord, now: number): Player {
  const s = record.state;
  return {
    guildId: record.guildId,
    track: s.encodedTrack === null ? undefined : { encoded: s.encodedTrack, info: undefined, pluginInfo: {}, userData: s.userData },
    volume: s.volume,
    paused: s.paused,
    state: { time: new Date(now), positionMs: BigInt(Math.round(extrapolatePositionMs(record.state, now, {}, isClockRunning(record)))), connected: false, pingMs: -1 },
    voice: record.voice ? { ...record.voice } : undefined,
    filters: filtersToProto(s.filters as Filters) as FiltersProto,
  };
}

/** `player` without its Discord voice token: the token is write-only, no response carries it. */
export function withoutVoiceToken(player: Player): Player {
  return player.voice ? { ...player, voice: { ...player.voice, token: "" } } : player;
}

/**
 * A ManagedPlayer view. `live` is the node's answer when the player is placed. The voice token is
 * blanked (it lets whoever holds it join the bot's voice connection).
 */
export function managedPlayer(record: PlayerRecord, ownerUsable: boolean, now: number, live?: Player): ManagedPlayer {
  return {
    player: withoutVoiceToken(live ?? playerFromRecord(record, now)),
    nodeId: record.ownerNodeId ?? "",
    epoch: BigInt(record.epoch),
    phase: phaseOf(record, ownerUsable),
    // Clamped into int64: a record stored before end_time_ms was bounded must not fail every answer.
    endTimeMs: record.state.endTimeMs === null ? undefined : numberToInt64(record.state.endTimeMs),
    updatedAt: new Date(record.updatedAt),
    ...(record.state.parked ? { parkedReason: record.state.parked.reason } : {}),
  };
}

/**
 * The ManagedPlayer of a stored record that cannot be read: phase BROKEN with the guild and the
 * reason (a field path and a problem, never a stored value); everything else empty.
 */
export function brokenPlayer(broken: BrokenPlayerRecord): ManagedPlayer {
  return {
    player: { guildId: broken.guildId, volume: 0, paused: false },
    nodeId: "",
    epoch: 0n,
    phase: PlayerPhase.PLAYER_PHASE_BROKEN,
    brokenReason: broken.reason,
  };
}
