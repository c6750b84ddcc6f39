/**
 * Caps on open streaming calls, per client address and per server. A call past either cap fails
 * with RESOURCE_EXHAUSTED (`StreamLimitError`) before it runs; a slot is released when its call
 * ends, however it ends.
 */
import { StreamLimitError } from "../errors";

/** Options of `createStreamLimiter`. */
export interface StreamLimits {
  /** Most open streams one client address (IP, any port) may hold. */
  perClient: number;
  /** Most open streams in total. */
  total: number;
}

/** Takes a slot for a stream. */
export interface StreamLimiter {
  /** Takes a slot for `peer` (grpc-js `getPeer()`); returns its release (idempotent). @throws StreamLimitError past a cap. */
  acquire(peer: string): () => void;
  /** Open streams (all clients). */
  readonly open: number;
}

/** The client address of a grpc-js peer string, without its port: `10.0.0.5:53422` -> `10.0.0.5`, `[::1]:5` -> `[::1]`. */
export function clientAddress(peer: string): string {
  const m = /^(.+):\d+$/.exec(peer);
  return m && (m[1]!.startsWith("[") || !m[1]!.includes(":")) ? m[1]! : peer;
}

/** Creates a limiter enforcing `limits`. */
export function createStreamLimiter(limits: StreamLimits): StreamLimiter {
  const perClient = new Map<string, number>();
  let open = 0;
  return {
    get open() {
      return open;
    },
    acquire(peer) {
      const client = clientAddress(peer);
      const held = perClient.get(client) ?? 0;
      if (open >= limits.total) throw new StreamLimitError(`this server already serves ${limits.total} streams (--max-streams)`);
      if (held >= limits.perClient) throw new StreamLimitError(`this client already holds ${limits.perClient} open streams (--max-streams-per-client)`);
      perClient.set(client, held + 1);
      open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        const n = (perClient.get(client) ?? 1) - 1;
        if (n <= 0) perClient.delete(client);
        else perClient.set(client, n);
      };
    },
  };
}
