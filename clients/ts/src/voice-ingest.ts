/**
 * Forwards a Discord gateway's raw voice packets to Pyro's IngestVoiceEvents over one long-lived
 * client stream. Works with discord.js (`client.on("raw", ...)`) or any source with the same shape.
 * The stream is reopened with jittered backoff if the Router goes away; packets that arrive while it is
 * down are dropped (Discord resends voice updates on reconnect; the last ones are what matter).
 */
import type * as grpc from "@grpc/grpc-js";
import type { IngestVoiceEventsRequest, IngestVoiceEventsResponse } from "../gen/pyro/router/v1/voice";
import { backoffDelayMs } from "./backoff";
import type { PyroClient } from "./pyro-client";

/** A raw gateway packet as discord.js emits it on "raw". */
export interface RawGatewayPacket {
  t?: string | null;
  d?: unknown;
}

/** Anything that emits raw gateway packets, e.g. a discord.js Client. */
export interface RawGatewaySource {
  on(event: "raw", listener: (packet: RawGatewayPacket) => void): unknown;
  off(event: "raw", listener: (packet: RawGatewayPacket) => void): unknown;
}

/** The gateway dispatches that carry voice credentials. */
export const VOICE_EVENTS: ReadonlySet<string> = new Set(["VOICE_STATE_UPDATE", "VOICE_SERVER_UPDATE"]);

/** A running forwarder. */
export interface VoiceForwarder {
  /** Packets written to the Router so far. */
  readonly forwarded: number;
  /** Stops listening, closes the stream, and resolves with the Router's counts for the last stream. */
  stop(): Promise<IngestVoiceEventsResponse | undefined>;
}

/** Starts forwarding voice packets from `source` to the Router behind `client`. */
export function forwardVoiceEvents(source: RawGatewaySource, client: PyroClient): VoiceForwarder {
  let stream: grpc.ClientWritableStream<IngestVoiceEventsRequest> | undefined;
  let last: Promise<IngestVoiceEventsResponse | undefined> = Promise.resolve(undefined);
  let forwarded = 0;
  let stopped = false;
  let attempt = 0;
  const open = (): void => {
    if (stopped) return;
    let settle!: (r: IngestVoiceEventsResponse | undefined) => void;
    last = new Promise((resolve) => (settle = resolve));
    const s = client.raw.ingestVoiceEvents(client.metadata, (err, res) => {
      if (stream === s) stream = undefined;
      settle(err ? undefined : res);
      // The Router went away (or the stream failed): reopen with backoff unless stopped.
      if (err && !stopped) setTimeout(open, backoffDelayMs(attempt++, client.options.backoff));
    });
    stream = s;
  };
  const listener = (packet: RawGatewayPacket): void => {
    if (!packet.t || !VOICE_EVENTS.has(packet.t) || typeof packet.d !== "object" || packet.d === null) return;
    if (!stream) return;
    stream.write({ eventName: packet.t, payload: { $case: "dataJson", value: JSON.stringify(packet.d) } });
    forwarded++;
    attempt = 0;
  };
  source.on("raw", listener);
  open();
  return {
    get forwarded() {
      return forwarded;
    },
    async stop() {
      stopped = true;
      source.off("raw", listener);
      stream?.end();
      return last;
    },
  };
}
