/**
 * Starts every `--voice-ingest` source of a Router over one shared handler, and stops them all.
 * With no source configured nothing is started (voice then arrives only through the RPCs).
 */
import type { Logger } from "../../../common/src/logger";
import type { VoiceService } from "../voice/voice-service";
import { AmqpIngest } from "./amqp-ingest";
import { IngestHandler } from "./ingest-handler";
import { parseIngestUrl } from "./ingest-url";
import { RedisStreamIngest, type RedisStreamIngestOptions } from "./redis-stream-ingest";

/** The Router's running ingest sources. */
export interface VoiceIngest {
  readonly handler: IngestHandler;
  stop(): Promise<void>;
}

/**
 * Starts one source per URL (already validated by the config). `consumer` names this Router in
 * Redis consumer groups; `signal` (the Router's lifetime) is passed to every packet's handling. @throws when a Redis stream cannot be reached at start (what started is stopped).
 */
export async function startVoiceIngest(urls: readonly string[], deps: { voice: VoiceService; voiceOf?: (botUserId: string) => VoiceService | undefined; logger: Logger; consumer: string; signal?: AbortSignal; streamOptions?: RedisStreamIngestOptions }): Promise<VoiceIngest> {
  const handler = new IngestHandler(deps.voice, deps.logger, deps.voiceOf);
  const sources: Array<RedisStreamIngest | AmqpIngest> = [];
  const stop = async (): Promise<void> => {
    await Promise.all(sources.map((s) => s.stop()));
  };
  try {
    for (const url of urls) {
      const target = parseIngestUrl(url);
      const source = target.kind === "redis-stream"
        ? new RedisStreamIngest(target, deps.consumer, handler, deps.logger, deps.streamOptions, deps.signal)
        : new AmqpIngest(target, handler, deps.logger, deps.signal);
      sources.push(source);
      await source.start();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { handler, stop };
}
