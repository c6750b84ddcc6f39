/** Lavalink `Player` and `PlayerState` JSON ⇄ pyro.lavalink.v1.Player / PlayerState. */
import type { Player as PlayerProto, PlayerState as PlayerStateProto } from "../../../../gen/ts/pyro/lavalink/v1/player";
import { dateToEpochMs, epochMsToDate } from "./epoch-ms";
import { filtersFromProto, filtersToProto } from "./filters";
import { int64ToNumber, numberToInt64 } from "./int64";
import type { Player, PlayerState } from "../lavalink-protocol";
import { trackFromProto, trackToProto } from "./track";
import { voiceStateFromProto, voiceStateToProto } from "./voice";

/** Converts Lavalink `PlayerState` (ms epoch `time`, ms `position`, `ping`) to proto. */
export function playerStateToProto(state: PlayerState): PlayerStateProto {
  return {
    time: epochMsToDate(state.time),
    positionMs: numberToInt64(state.position),
    connected: state.connected,
    pingMs: state.ping,
  };
}

/** Converts a proto PlayerState to Lavalink JSON; an absent `time` becomes 0. */
export function playerStateFromProto(state: PlayerStateProto): PlayerState {
  return {
    time: dateToEpochMs(state.time),
    position: int64ToNumber(state.positionMs),
    connected: state.connected,
    ping: state.pingMs,
  };
}

/** State of a player Lavalink has never connected: no voice, no track (ping -1 per Lavalink). */
const IDLE_STATE: PlayerState = { time: 0, position: 0, connected: false, ping: -1 };

/** Converts a Lavalink `Player` JSON object to proto; `track: null` becomes an absent track. */
export function playerToProto(player: Player): PlayerProto {
  const out: PlayerProto = {
    guildId: player.guildId,
    volume: player.volume,
    paused: player.paused,
    state: playerStateToProto(player.state),
    voice: voiceStateToProto(player.voice),
    filters: filtersToProto(player.filters),
  };
  if (player.track !== null) out.track = trackToProto(player.track);
  return out;
}

/**
 * Converts a proto Player to Lavalink JSON (`track: null` when absent). Missing sub-messages take what
 * Lavalink reports for a fresh player: state `{time 0, position 0, connected false, ping -1}`, voice
 * with empty strings and `channelId: null`, filters `{}`.
 */
export function playerFromProto(player: PlayerProto): Player {
  return {
    guildId: player.guildId,
    track: player.track === undefined ? null : trackFromProto(player.track),
    volume: player.volume,
    paused: player.paused,
    state: player.state === undefined ? { ...IDLE_STATE } : playerStateFromProto(player.state),
    voice: player.voice === undefined
      ? { token: "", endpoint: "", sessionId: "", channelId: null }
      : voiceStateFromProto(player.voice),
    filters: player.filters === undefined ? {} : filtersFromProto(player.filters),
  };
}
