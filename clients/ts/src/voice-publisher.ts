/**
 * Publishes a bot's raw gateway voice packets to the Redis stream that Routers read with
 * `--voice-ingest redis-stream://HOST:PORT/STREAM_KEY`, for bots that run their own gateway
 * (discord.js: `client.on("raw", ...)`). Each entry carries the dispatch `{op: 0, t, d}` as JSON in
 * field `packet` and, when given, the bot's user id in field `bot` (so a cluster serving several
 * bots can tell them apart). Entries are capped with `MAXLEN ~ maxLen` as a safety net: Routers trim
 * what they have handled, the cap only bounds the stream while no Router reads it.
 */
import { VOICE_EVENTS, type RawGatewayPacket, type RawGatewaySource } from "./voice-ingest";

/** The slice of an ioredis client (or Cluster) the publisher uses. */
export interface StreamWriter {
  xadd(key: string, ...args: Array<string | number>): Promise<string | null>;
}

/** Options of `createVoicePublisher`. */
export interface VoicePublisherOptions {
  /** The stream key (the path of the Routers' redis-stream:// URL). */
  streamKey: string;
  /** Approximate cap of the stream's length (default 100000 entries). */
  maxLen?: number;
  /** The bot's Discord user id, written as field `bot`. */
  botUserId?: string;
}

/** A publisher bound to one stream. */
export interface VoicePublisher {
  /** Publishes `packet` if it is a voice dispatch; resolves true when it was written. @throws what XADD throws. */
  publish(packet: RawGatewayPacket): Promise<boolean>;
  /** Publishes every voice packet `source` emits on "raw"; returns the function that stops it. Errors go to `onError`. */
  attach(source: RawGatewaySource, onError?: (err: unknown) => void): () => void;
}

/** Creates a publisher writing to `redis`. */
export function createVoicePublisher(redis: StreamWriter, opts: VoicePublisherOptions): VoicePublisher {
  const maxLen = opts.maxLen ?? 100_000;
  const tail: Array<string> = opts.botUserId ? ["bot", opts.botUserId] : [];
  const publish = async (packet: RawGatewayPacket): Promise<boolean> => {
    if (!packet.t || !VOICE_EVENTS.has(packet.t) || typeof packet.d !== "object" || packet.d === null) return false;
    await redis.xadd(opts.streamKey, "MAXLEN", "~", maxLen, "*", "packet", JSON.stringify({ op: 0, t: packet.t, d: packet.d }), ...tail);
    return true;
  };
  return {
    publish,
    attach(source, onError = () => undefined) {
      const listener = (packet: RawGatewayPacket): void => void publish(packet).catch(onError);
      source.on("raw", listener);
      return () => source.off("raw", listener);
    },
  };
}
