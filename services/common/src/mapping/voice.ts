/** Lavalink `VoiceState` JSON ⇄ pyro.lavalink.v1.VoiceState. */
import type { VoiceState as VoiceStateProto } from "../../../../gen/ts/pyro/lavalink/v1/voice";
import type { VoiceState } from "../lavalink-protocol";

/** Converts Lavalink voice JSON to proto; `channelId: null` (unknown, or a pre-4.2 server) becomes absent. */
export function voiceStateToProto(voice: VoiceState): VoiceStateProto {
  const out: VoiceStateProto = { token: voice.token, endpoint: voice.endpoint, sessionId: voice.sessionId };
  if (voice.channelId !== null && voice.channelId !== undefined) out.channelId = voice.channelId;
  return out;
}

/**
 * Converts proto voice data to Lavalink JSON. An absent channel id becomes `channelId: null`: the key
 * is always written, because Lavalink 4.2+ rejects a `voice` object without it.
 */
export function voiceStateFromProto(voice: VoiceStateProto): VoiceState {
  return { token: voice.token, endpoint: voice.endpoint, sessionId: voice.sessionId, channelId: voice.channelId ?? null };
}
