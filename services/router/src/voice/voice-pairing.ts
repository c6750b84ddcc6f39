/**
 * Pairs the two halves of Discord voice credentials per guild: VOICE_STATE_UPDATE (session id,
 * channel id; only for the bot user) and VOICE_SERVER_UPDATE (token, endpoint). They arrive in
 * either order and possibly at different Router replicas, so halves are merged atomically in the
 * registry; whichever update completes the pair returns the full credentials.
 */
import type { VoiceHalfStore } from "../../../common/src/registry/registry";
import type { VoiceState } from "../../../common/src/registry/types";

/** How long an unpaired half is kept (a gateway sends both within milliseconds). */
export const VOICE_HALF_TTL_MS = 5 * 60 * 1000;

/** Per-guild voice halves in the registry. */
export class VoicePairing {
  constructor(private readonly store: VoiceHalfStore, private readonly ttlMs = VOICE_HALF_TTL_MS) {}

  private async merge(guildId: string, half: Partial<VoiceState>, signal?: AbortSignal): Promise<VoiceState | undefined> {
    const h = await this.store.merge(guildId, half, this.ttlMs, { signal });
    if (h.sessionId && h.channelId && h.token && h.endpoint) {
      return { sessionId: h.sessionId, channelId: h.channelId, token: h.token, endpoint: h.endpoint };
    }
    return undefined;
  }

  /** Records the bot's voice state; returns complete credentials when both halves are known. */
  state(guildId: string, sessionId: string, channelId: string, signal?: AbortSignal): Promise<VoiceState | undefined> {
    return this.merge(guildId, { sessionId, channelId }, signal);
  }

  /** Records a voice server; returns complete credentials when both halves are known. */
  server(guildId: string, token: string, endpoint: string, signal?: AbortSignal): Promise<VoiceState | undefined> {
    return this.merge(guildId, { token, endpoint }, signal);
  }

  /** The bot left: forget the guild. */
  forget(guildId: string, signal?: AbortSignal): Promise<void> {
    return this.store.clear(guildId, { signal });
  }
}
