/**
 * Applies decoded gateway packets to the voice service, whatever broker they came from. Packets of
 * one guild are applied in arrival order (a join followed by a leave must not be swapped); different
 * guilds run concurrently. Every packet ends in one outcome, counted in
 * `pyro_voice_ingest_packets_total{source, outcome}`:
 * - `applied`: a voice packet of a served bot reached the voice service;
 * - `other_user`: a VOICE_STATE_UPDATE of a user that is not a served bot (gateways forward every member's);
 * - `unknown_bot`: the broker named a bot (entry field / message header) the cluster does not serve;
 * A packet goes to the voice service of its bot: the one the broker names, else (VOICE_STATE_UPDATE)
 * the bot whose user id it carries when that is a served bot, else the default bot.
 * - `ignored`: a dispatch that is not a voice event;
 * - `malformed`: not a voice dispatch we can read; logged once per kind (warn), never retried;
 * - `failed`: the voice service failed (registry or node down); the caller decides on redelivery.
 */
import { pyroMeter } from "../../../common/src/telemetry/pyro-meter";
import { KeyedSerializer } from "../../../common/src/keyed-serializer";
import type { Logger } from "../../../common/src/logger";
import type { VoiceService } from "../voice/voice-service";
import { decodeIngestPacket, type MalformedKind } from "./ingest-packet";

/** The outcome of one packet. */
export type IngestOutcome = "applied" | "other_user" | "unknown_bot" | "ignored" | "malformed" | "failed";

/** Source label of the metric: the broker kind. */
export type IngestSource = "redis-stream" | "amqp";

/** Decodes and applies packets; one per Router, shared by every ingest source. */
export class IngestHandler {
  private readonly serializer = new KeyedSerializer();
  private readonly logged = new Set<MalformedKind>();
  private readonly counter = pyroMeter().createCounter("pyro_voice_ingest_packets_total", {
    description: "Gateway voice packets pulled from --voice-ingest brokers, by source and outcome",
  });
  /** Outcome counts since start (for tests and benchmarks; the metric is the operator's view). */
  readonly counts: Record<IngestOutcome, number> = { applied: 0, other_user: 0, unknown_bot: 0, ignored: 0, malformed: 0, failed: 0 };

  /** `voice` is the default bot's; `voiceOf` gives another served bot's (undefined: not served). */
  constructor(private readonly voice: VoiceService, private readonly logger: Logger, private readonly voiceOf: (botUserId: string) => VoiceService | undefined = () => undefined) {}

  /**
   * Handles one packet's JSON text. `botUserId` is the bot the broker says the packet belongs to,
   * when it says. Never throws; a `failed` outcome carries the error for the caller to log.
   */
  async handle(source: IngestSource, text: string | undefined, botUserId: string | undefined, signal?: AbortSignal): Promise<IngestOutcome> {
    const outcome = await this.apply(text, botUserId, signal);
    this.counts[outcome]++;
    this.counter.add(1, { source, outcome });
    return outcome;
  }

  private async apply(text: string | undefined, botUserId: string | undefined, signal?: AbortSignal): Promise<IngestOutcome> {
    const packet = decodeIngestPacket(text);
    if (packet.kind === "other") return "ignored";
    if (packet.kind === "malformed") {
      if (!this.logged.has(packet.why)) {
        this.logged.add(packet.why);
        this.logger.warn("malformed voice ingest packet (acknowledged and dropped; logged once per kind)", { kind: packet.why, detail: packet.detail });
      }
      return "malformed";
    }
    const e = packet.event;
    const named = botUserId ?? (e.type === "state" ? e.userId : undefined);
    const other = named !== undefined ? this.voiceOf(named) : undefined;
    if (botUserId !== undefined && other === undefined && !this.voice.isBot(botUserId)) return "unknown_bot";
    const voice = other ?? this.voice;
    try {
      // Order per player: a player is (bot, guild).
      return await this.serializer.run(voice === this.voice ? e.guildId : `${named}/${e.guildId}`, async () => {
        if (e.type === "server") {
          await voice.server(e.guildId, e.token, e.endpoint, signal);
          return "applied";
        }
        const r = await voice.state(e.guildId, e.userId, e.sessionId, e.channelId, signal);
        return r.accepted ? "applied" : "other_user";
      });
    } catch (err) {
      this.logger.debug("voice ingest packet failed", { guildId: e.guildId, err: (err as Error).message });
      return "failed";
    }
  }
}
