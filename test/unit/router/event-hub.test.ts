/** The event hub with the in-memory registry: filters, per-subscriber sequences, epochs, and the slow-subscriber bound. */
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { silentLogger } from "../../../services/common/src/logger";
import { QueueOverflowError } from "../../../services/common/src/async-queue";
import { EVENTS_CHANNEL, EventHub, type EventBody } from "../../../services/router/src/events/event-hub";
import { Event } from "../../../gen/ts/pyro/router/v1/event";

const update = (guildId: string): EventBody => ({
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

describe("EventHub: replay marking and resume", () => {
  const all = { allGuilds: true, guildIds: new Set<string>(), includeNodeEvents: false, excludePlayerUpdates: false };
  const info = { identifier: "song", isSeekable: true, author: "a", lengthMs: 1000n, isStream: false, positionMs: 0n, title: "song", sourceName: "http" };
  const start = (nodeId: string, pos = 0n): EventBody => ({ guildId: "1", nodeId, kind: { $case: "trackStart", value: { track: { encoded: `song-${nodeId}-${pos}`, info: { ...info, positionMs: pos }, pluginInfo: {}, userData: {} } } } });
  const end = (nodeId: string): EventBody => ({ guildId: "1", nodeId, kind: { $case: "trackEnd", value: { track: { encoded: "song", info, pluginInfo: {}, userData: {} }, reason: 1, mayStartNext: true } } });
  const collect = async (q: AsyncIterable<Event>, n: number): Promise<Event[]> => {
    const out: Event[] = [];
    for await (const e of q) if (out.push(e) >= n) break;
    return out;
  };

  it("marks the new owner's start of the same track as a replay, but not a repeat by the same owner", async () => {
    const registry = new MemoryRegistry();
    const hub = new EventHub(registry, silentLogger);
    await hub.start();
    const ac = new AbortController();
    const sub = hub.subscribe(all, ac.signal);
    hub.fromNode(start("a"), 1n);
    hub.fromNode(start("b", 5000n), 2n); // the rebuild on node b after a move
    hub.fromNode(end("b"), 2n);
    hub.fromNode(start("b"), 2n); // repeat mode: the same track again, same owner
    const events = await collect(sub.queue, 4);
    expect(events.map((e) => [e.kind?.$case, e.replay])).toEqual([["trackStart", false], ["trackStart", true], ["trackEnd", false], ["trackStart", false]]);
    expect(events.map((e) => e.guildSequence)).toEqual([1n, 2n, 3n, 4n]);
    ac.abort();
    await hub.close();
    await registry.close();
  });

  it("a second Router's hub logs the same node events once, and a resumed subscriber gets what it missed without duplicates", async () => {
    const registry = new MemoryRegistry();
    const [one, two] = [new EventHub(registry, silentLogger), new EventHub(registry, silentLogger)];
    await Promise.all([one.start(), two.start()]);
    const ac = new AbortController();
    const first = one.subscribe(all, ac.signal);
    for (const hub of [one, two]) hub.fromNode(start("a"), 1n); // every Router sees every node event
    const [seen] = await collect(first.queue, 1);
    expect(seen!.guildSequence).toBe(1n);
    // The client disconnects; meanwhile the track ends and another starts on both Routers.
    for (const hub of [one, two]) {
      hub.fromNode(end("a"), 1n);
      hub.fromNode(start("a", 1n), 1n);
    }
    await new Promise((r) => setImmediate(r));
    const resumed = two.subscribe(all, ac.signal, new Map([["1", seen!.guildSequence]]));
    two.fromNode(update("1"), 1n);
    const got = await collect(resumed.queue, 3);
    expect(got.map((e) => [e.kind?.$case, e.guildSequence])).toEqual([["trackEnd", 2n], ["trackStart", 3n], ["playerUpdate", 0n]]);
    expect(got.map((e) => e.sequence)).toEqual([1n, 2n, 3n]);
    expect((await registry.eventLog.readAfter("1", 0)).length).toBe(3);
    ac.abort();
    await Promise.all([one.close(), two.close()]);
    await registry.close();
  });
  it("delivers a bus event whose log sequence is lower than a node event already sent (the Routers race to log)", async () => {
    const registry = new MemoryRegistry();
    const hub = new EventHub(registry, silentLogger);
    await hub.start();
    const ac = new AbortController();
    const sub = hub.subscribe(all, ac.signal);
    // Another Router logged PlayerPlaced first (sequence 1) but its bus message arrives after this
    // Router logged and sent the TrackStart it got from the node (sequence 2).
    const placed: Event = { guildId: "1", nodeId: "n", sequence: 0n, timestamp: new Date(), replay: false, guildSequence: 0n, kind: { $case: "playerPlaced", value: { epoch: 1n } } };
    const logged = await registry.eventLog.append("1", "other-router-placed", Event.toJSON(placed) as never);
    hub.fromNode(start("1"), 1n);
    const [first] = await collect(sub.queue, 1);
    expect([first!.kind?.$case, first!.guildSequence]).toEqual(["trackStart", 2n]);
    await registry.events.publish(EVENTS_CHANNEL, Event.toJSON({ ...placed, guildSequence: BigInt(logged.sequence) }) as never);
    const [second] = await collect(sub.queue, 1);
    expect([second!.kind?.$case, second!.guildSequence]).toEqual(["playerPlaced", 1n]);
    ac.abort();
    await hub.close();
    await registry.close();
  });
});
