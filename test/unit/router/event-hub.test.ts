/** The event hub with the in-memory registry: filters, per-subscriber sequences, epochs, and the slow-subscriber bound. */
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { silentLogger } from "../../../services/common/src/logger";
import { QueueOverflowError } from "../../../services/common/src/async-queue";
import { EventHub } from "../../../services/router/src/events/event-hub";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";

const update = (guildId: string): Omit<Event, "sequence" | "timestamp"> => ({
  guildId, nodeId: "n", kind: { $case: "playerUpdate", value: { guildId, state: { positionMs: 0n, connected: true, pingMs: 1 } } },
});

describe("EventHub", () => {
  let registry: MemoryRegistry;
  let hub: EventHub;

  beforeEach(async () => {
    registry = new MemoryRegistry();
    hub = new EventHub(registry, silentLogger, 50);
    await hub.start();
  });

  afterEach(async () => {
    await hub.close();
    await registry.close();
  });

  it("filters by guild and numbers each subscriber's events from 1", async () => {
    const ac = new AbortController();
    const one = hub.subscribe({ allGuilds: false, guildIds: new Set(["1"]), includeNodeEvents: false, excludePlayerUpdates: false }, ac.signal);
    const all = hub.subscribe({ allGuilds: true, guildIds: new Set(), includeNodeEvents: false, excludePlayerUpdates: false }, ac.signal);
    hub.fromNode(update("1"), 1n);
    hub.fromNode(update("2"), 1n);
    hub.fromNode({ guildId: "", nodeId: "n", kind: { $case: "nodeUp", value: { sessionId: "s", resumed: false } } }, 0n);
    ac.abort();
    const seqOf = async (q: AsyncIterable<Event>) => { const out: Array<[string, bigint]> = []; for await (const e of q) out.push([e.guildId, e.sequence]); return out; };
    expect(await seqOf(one.queue)).toEqual([["1", 1n]]);
    expect(await seqOf(all.queue)).toEqual([["1", 1n], ["2", 2n]]);
  });

  it("drops output of a superseded owner", async () => {
    const ac = new AbortController();
    const sub = hub.subscribe({ allGuilds: true, guildIds: new Set(), includeNodeEvents: false, excludePlayerUpdates: false }, ac.signal);
    hub.fromNode(update("1"), 3n);
    hub.fromNode(update("1"), 2n); // the old owner, after the move
    hub.noteEpoch("1", 5);
    hub.fromNode(update("1"), 4n);
    hub.fromNode(update("1"), 5n);
    ac.abort();
    const epochsSeen: number[] = [];
    for await (const _ of sub.queue) epochsSeen.push(epochsSeen.length);
    expect(epochsSeen).toHaveLength(2);
  });

  it("disconnects a subscriber that stops reading once it is 50 events behind, and keeps serving others", async () => {
    const ac = new AbortController();
    const slow = hub.subscribe({ allGuilds: true, guildIds: new Set(), includeNodeEvents: false, excludePlayerUpdates: false }, ac.signal);
    const fast = hub.subscribe({ allGuilds: true, guildIds: new Set(), includeNodeEvents: false, excludePlayerUpdates: false }, ac.signal);
    const fastSeen: bigint[] = [];
    const reading = (async () => { for await (const e of fast.queue) fastSeen.push(e.sequence); })();
    for (let i = 0; i < 200; i++) {
      hub.fromNode(update("1"), 1n);
      await new Promise((resolve) => setImmediate(resolve)); // let the reading subscriber keep up
    }
    expect(slow.queue.size).toBeLessThanOrEqual(50);
    await expect((async () => { for await (const _ of slow.queue) { /* drain */ } })()).rejects.toBeInstanceOf(QueueOverflowError);
    ac.abort();
    await reading;
    expect(fastSeen).toHaveLength(200);
  });
});
