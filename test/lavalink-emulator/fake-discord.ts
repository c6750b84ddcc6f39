import { Connector } from "shoukaku";

/** Bot user id the fake gateway reports. */
export const FAKE_BOT_ID = "123456789012345678";

/** A gateway OP 4 (voice state update) as a library sends it. */
export interface VoiceStateOp {
  op: number;
  d: { guild_id: string; channel_id: string | null; self_deaf?: boolean; self_mute?: boolean };
}

/**
 * Answers a gateway OP 4 like Discord would: VOICE_STATE_UPDATE (session_id, channel_id) then
 * VOICE_SERVER_UPDATE (token, endpoint `127.0.0.1:1`), delivered asynchronously via `deliver`.
 * A leave (channel_id null) only gets the state update.
 */
export function answerVoiceOp(payload: VoiceStateOp, deliver: (packet: { t: string; d: Record<string, unknown> }) => void): void {
  if (payload.op !== 4) return;
  const { guild_id, channel_id } = payload.d;
  setImmediate(() => {
    deliver({ t: "VOICE_STATE_UPDATE", d: { guild_id, channel_id, user_id: FAKE_BOT_ID, session_id: `voice-session-${guild_id}`,
      self_deaf: payload.d.self_deaf ?? false, self_mute: payload.d.self_mute ?? false, deaf: false, mute: false, suppress: false } });
    if (channel_id === null) return;
    setImmediate(() => deliver({ t: "VOICE_SERVER_UPDATE", d: { guild_id, token: `token-${guild_id}`, endpoint: "127.0.0.1:1" } }));
  });
}

/** A shoukaku connector without Discord: ready at once, voice ops answered by `answerVoiceOp`. */
export class FakeShoukakuConnector extends Connector {
  readonly sent: VoiceStateOp[] = [];

  constructor() {
    super({});
  }

  override getId(): string {
    return FAKE_BOT_ID;
  }

  override sendPacket(_shardId: number, payload: unknown): void {
    this.sent.push(payload as VoiceStateOp);
    answerVoiceOp(payload as VoiceStateOp, (packet) => this.raw(packet));
  }

  override listen(nodes: any[]): void {
    setImmediate(() => this.ready(nodes));
  }
}
