/**
 * Voice ingest: pairs the bot's voice state with the voice server, stores complete credentials
 * and applies them to the player (placing it if needed). A null channel means the bot left the
 * voice channel: the player is destroyed. Events of users other than the bot (the user ids the
 * Lavanodes were started for) are ignored.
 */
import type { NodeDirectory } from "../nodes/node-directory";
import type { PlayerManager } from "../players/player-manager";
import { DestroyReason } from "../../../../gen/ts/pyro/router/v1/event";
import { VoicePairing } from "./voice-pairing";

/** Outcome of a voice-state update. */
export interface VoiceStateOutcome {
  accepted: boolean;
  voiceComplete: boolean;
  applied: boolean;
  playerDestroyed: boolean;
}

/** The voice service. */
export class VoiceService {
  constructor(private readonly players: PlayerManager, private readonly directory: NodeDirectory, private readonly pairing: VoicePairing) {}

  /** Whether `userId` is the bot (when no node is registered yet, every user is accepted). */
  isBot(userId: string): boolean {
    const bots = this.directory.botUserIds();
    return bots.size === 0 || bots.has(userId);
  }

  /** VOICE_STATE_UPDATE. */
  async state(guildId: string, userId: string, sessionId: string, channelId: string | null, signal?: AbortSignal): Promise<VoiceStateOutcome> {
    if (!this.isBot(userId)) return { accepted: false, voiceComplete: false, applied: false, playerDestroyed: false };
    if (channelId === null) {
      await this.pairing.forget(guildId, signal);
      const destroyed = await this.players.destroy(guildId, DestroyReason.DESTROY_REASON_VOICE_LEFT, signal);
      return { accepted: true, voiceComplete: false, applied: false, playerDestroyed: destroyed };
    }
    const voice = await this.pairing.state(guildId, sessionId, channelId, signal);
    if (!voice) return { accepted: true, voiceComplete: false, applied: false, playerDestroyed: false };
    const r = await this.players.applyVoice(guildId, voice, signal);
    return { accepted: true, voiceComplete: true, applied: r.applied, playerDestroyed: false };
  }

  /** VOICE_SERVER_UPDATE; a null endpoint means Discord is still allocating a server. */
  async server(guildId: string, token: string, endpoint: string | null, signal?: AbortSignal): Promise<{ voiceComplete: boolean; applied: boolean }> {
    if (endpoint === null) return { voiceComplete: false, applied: false };
    const voice = await this.pairing.server(guildId, token, endpoint, signal);
    if (!voice) return { voiceComplete: false, applied: false };
    const r = await this.players.applyVoice(guildId, voice, signal);
    return { voiceComplete: true, applied: r.applied };
  }
}
