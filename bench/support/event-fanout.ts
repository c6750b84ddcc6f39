/**
 * Event fan-out measurement: `perClient` WatchEvents subscribers (every guild, player updates
 * included) on each Router client, counted over a fixed window. Each delivered playerUpdate yields
 * two latencies, both on this host's single clock:
 *   end to end        receive time − `PlayerUpdate.state.time` (set by the emulator when it built the frame):
 *                     emulator → Lavanode WebSocket → Lavanode stream → Router hub → subscriber;
 *   Router → client   receive time − `Event.timestamp` (set by the Router's hub when it got the event).
 * Both have millisecond resolution (the timestamps are whole milliseconds).
 */
import type { PyroClient } from "../../clients/ts/src";
import { waitFor } from "../../test/support/wait-for";

/** What the subscribers received during the window. */
export interface FanoutResult {
  subscribers: number;
  windowMs: number;
  /** Events delivered in the window, all subscribers together, all kinds. */
  events: number;
  perSubscriber: number[];
  byKind: Record<string, number>;
  endToEndMs: number[];
  routerToClientMs: number[];
  /** Streams that ended with an error (e.g. RESOURCE_EXHAUSTED for a subscriber left behind). */
  errors: string[];
}

/**
 * Opens the subscribers, waits until each has received an event (at most `warmupMs`), records for
 * `windowMs`, then cancels every stream.
 * @throws when a subscriber receives nothing within `warmupMs`.
 */
export async function measureFanout(clients: readonly PyroClient[], perClient: number, { warmupMs, windowMs }: { warmupMs: number; windowMs: number }): Promise<FanoutResult> {
  const abort = new AbortController();
  const n = clients.length * perClient;
  const result: FanoutResult = { subscribers: n, windowMs, events: 0, perSubscriber: Array.from({ length: n }, () => 0), byKind: {}, endToEndMs: [], routerToClientMs: [], errors: [] };
  const seen = Array.from({ length: n }, () => false);
  let recording = false;
  const streams = Array.from({ length: n }, async (_, s) => {
    try {
      for await (const event of clients[s % clients.length]!.watch({}, { signal: abort.signal, reconnect: false })) {
        seen[s] = true;
        if (!recording) continue;
        const now = Date.now();
        const kind = event.kind?.$case ?? "none";
        result.events++;
        result.perSubscriber[s]!++;
        result.byKind[kind] = (result.byKind[kind] ?? 0) + 1;
        if (event.timestamp) result.routerToClientMs.push(now - event.timestamp.getTime());
        if (event.kind?.$case === "playerUpdate" && event.kind.value.state?.time) result.endToEndMs.push(now - event.kind.value.state.time.getTime());
      }
    } catch (err) {
      if (!abort.signal.aborted) result.errors.push(err instanceof Error ? err.message : String(err));
    }
  });
  try {
    await waitFor(() => seen.every(Boolean), { timeoutMs: warmupMs, what: "every subscriber to receive an event" });
    recording = true;
    await new Promise((r) => setTimeout(r, windowMs));
    recording = false;
  } finally {
    abort.abort();
    await Promise.all(streams);
  }
  return result;
}
