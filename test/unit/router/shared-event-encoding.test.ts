/**
 * The shared event encoding: every subscriber's copy of an event, written from the one shared
 * encoding plus its own sequence, decodes to exactly that copy (the same message the generated
 * encoder gives), for WatchEvents and Session responses; through the hub, each subscriber's bytes
 * carry its own sequence.
 */
import { Event, WatchEventsResponse } from "../../../gen/ts/pyro/router/v1/event";
import { SessionResponse } from "../../../gen/ts/pyro/router/v1/session";
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { silentLogger } from "../../../services/common/src/logger";
import { EventHub } from "../../../services/router/src/events/event-hub";
import { deliveryCopy, encodeSessionResponse, encodeWatchEventsResponse } from "../../../services/router/src/events/shared-event-encoding";

const base = (over: Partial<Event>): Event => ({
  sequence: 0n, timestamp: new Date(1_764_000_000_123), guildId: "123456789012345678", nodeId: "node-a", replay: false, guildSequence: 0n, ...over,
} as Event);

const EVENTS: Event[] = [
  base({ kind: { $case: "playerUpdate", value: { guildId: "123456789012345678", state: { positionMs: 65_432n, connected: true, pingMs: 12 } } } } as Partial<Event>),
  base({
    replay: true, guildSequence: 4242n,
    kind: { $case: "trackStart", value: { track: { encoded: "QAAAjQIAJVJpY2sgQXN0bGV5", info: {
      identifier: "dQw4w9WgXcQ", isSeekable: true, author: "Rick Astley", lengthMs: 212_000n, isStream: false, positionMs: 0n,
      title: "Never Gonna Give You Up", uri: "https://youtu.be/dQw4w9WgXcQ", artworkUrl: undefined, isrc: undefined, sourceName: "youtube",
    } } } },
  } as unknown as Partial<Event>),
  base({ guildId: "", kind: { $case: "nodeUp", value: { sessionId: "s-1", resumed: false } } } as Partial<Event>),
];
const SEQUENCES = [1n, 2n, 127n, 128n, 300n, 2n ** 40n, 2n ** 64n - 1n];

describe("shared event encoding", () => {
  it.each(EVENTS.map((e) => [e.kind!.$case, e] as const))("a %s copy decodes to the copy at every sequence, in WatchEvents and Session", (_kind, event) => {
    for (const sequence of SEQUENCES) {
      const copy = deliveryCopy(event, sequence);
      const watch = WatchEventsResponse.decode(encodeWatchEventsResponse({ event: copy }));
      expect(watch).toEqual(WatchEventsResponse.decode(WatchEventsResponse.encode({ event: copy }).finish()));
      expect(watch.event!.sequence).toBe(sequence);
      expect(watch.event!.guildSequence).toBe(event.guildSequence);
      const session = SessionResponse.decode(encodeSessionResponse({ kind: { $case: "event", value: copy } }));
      expect(session).toEqual(SessionResponse.decode(SessionResponse.encode({ kind: { $case: "event", value: copy } }).finish()));
    }
  });

  it("encodes an event that is not a delivered copy, and other Session responses, with the generated encoder", () => {
    const plain = base({ sequence: 9n, kind: EVENTS[0]!.kind });
    expect(Buffer.compare(encodeWatchEventsResponse({ event: plain }), Buffer.from(WatchEventsResponse.encode({ event: plain }).finish()))).toBe(0);
    const sub = { kind: { $case: "subscription" as const, value: { guildIds: ["1"], allGuilds: false, includeNodeEvents: true, excludePlayerUpdates: false } } };
    expect(SessionResponse.decode(encodeSessionResponse(sub))).toEqual(sub);
    expect(WatchEventsResponse.decode(encodeWatchEventsResponse({ event: undefined }))).toEqual({ event: undefined });
  });

  it("gives each hub subscriber bytes with its own sequence", async () => {
    const registry = new MemoryRegistry();
    const hub = new EventHub(registry, silentLogger, 50);
    await hub.start();
    try {
      const ac = new AbortController();
      const all = { allGuilds: true, guildIds: new Set<string>(), includeNodeEvents: false, excludePlayerUpdates: false };
      const early = hub.subscribe(all, ac.signal);
      hub.fromNode({ guildId: "1", nodeId: "n", kind: EVENTS[0]!.kind }, 1n);
      const late = hub.subscribe(all, ac.signal);
      hub.fromNode({ guildId: "1", nodeId: "n", kind: EVENTS[0]!.kind }, 1n);
      ac.abort();
      const decoded = async (q: AsyncIterable<Event>): Promise<bigint[]> => {
        const out: bigint[] = [];
        for await (const e of q) out.push(WatchEventsResponse.decode(encodeWatchEventsResponse({ event: e })).event!.sequence);
        return out;
      };
      expect(await decoded(early.queue)).toEqual([1n, 2n]);
      expect(await decoded(late.queue)).toEqual([1n]);
    } finally {
      await hub.close();
      await registry.close();
    }
  });
});
