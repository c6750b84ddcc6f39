/**
 * Which Routers still hear this node. Every Router sends a heartbeat on its Connect stream every
 * second (older Routers send none). A stream is "listening" while it is open and, once it has sent
 * a heartbeat, while its last message is at most {@link ROUTER_SILENCE_MS} old (monotonic clock).
 * A partition leaves TCP streams open for many seconds (until keepalive gives up), so an open stream
 * alone does not prove a Router can still reach the node; a heartbeat does.
 */

/** A stream silent for this long (3 Router heartbeats) no longer counts as a listening Router, in ms. */
export const ROUTER_SILENCE_MS = 3000;

/** One Router's stream, as the Connect handler reports it. */
export interface RouterStreamHandle {
  /** A message (any kind) arrived on the stream. */
  heard(opts?: { heartbeat?: boolean }): void;
  /** The stream ended. */
  close(): void;
}

/** Tracks the node's Router streams. */
export class RouterStreams {
  private readonly streams = new Set<{ lastHeardAt: number; heartbeats: boolean }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Registers a newly opened stream. */
  open(): RouterStreamHandle {
    const s = { lastHeardAt: this.now(), heartbeats: false };
    this.streams.add(s);
    return {
      heard: ({ heartbeat = false } = {}) => {
        s.lastHeardAt = this.now();
        if (heartbeat) s.heartbeats = true;
      },
      close: () => void this.streams.delete(s),
    };
  }

  /** Number of open streams. */
  get openCount(): number {
    return this.streams.size;
  }

  /** True when some open stream still hears this node (see the module comment). */
  anyListening(): boolean {
    const now = this.now();
    for (const s of this.streams) if (!s.heartbeats || now - s.lastHeardAt <= ROUTER_SILENCE_MS) return true;
    return false;
  }
}
