/**
 * Resume cursors over gRPC with two in-process Routers on one Redis: events logged through one
 * Router are replayed by the other to a client that reconnects with `resume_from`, on WatchEvents
 * and on Session, once each and in order; a bad cursor is INVALID_ARGUMENT with its field path.
 */
import { randomUUID } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";
import type { SessionRequest, SessionResponse } from "../../../gen/ts/pyro/router/v1/session";
import { makeRegistry, src, startQueueRouter, type QueueRouter } from "./queue-harness";
import { waitFor } from "../../support/wait-for";

const G = "490000000000000001";

describe("event resume across Routers", () => {
  let a: QueueRouter;
  let b: QueueRouter;

  beforeAll(async () => {
    const prefix = `resume-${randomUUID().slice(0, 8)}:`;
    a = await startQueueRouter(makeRegistry("redis", prefix));
    b = await startQueueRouter(makeRegistry("redis", prefix));
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  const versions = (events: Event[]) => events.map((e) => (e.kind?.$case === "queueUpdated" ? Number(e.kind.value.version) : -1));

  it("WatchEvents and Session on the other Router replay what was missed after the cursor, once", async () => {
    const first: Event[] = [];
    const ac = new AbortController();
    const watching = (async () => { for await (const e of b.client.watch({ guildIds: [G] }, { signal: ac.signal })) first.push(e); })();
    await waitFor(async () => {
      await a.client.enqueue({ guildId: G, tracks: [src(first.length)] });
      return first.length > 0;
    }, { what: "first event on b" });
    ac.abort();
    await watching;
    const cursor = first[first.length - 1]!.guildSequence;
    expect(cursor).toBeGreaterThan(0n);
    const missed = [];
    for (let i = 0; i < 3; i++) missed.push(Number((await a.client.enqueue({ guildId: G, tracks: [src(100 + i)] })).version));

    const resumed: Event[] = [];
    const ac2 = new AbortController();
    const again = (async () => { for await (const e of b.client.watch({ guildIds: [G], resumeFrom: [{ guildId: G, afterSequence: cursor }] }, { signal: ac2.signal })) resumed.push(e); })();
    await waitFor(() => resumed.length >= 3, { what: "missed events" });
    ac2.abort();
    await again;
    expect(versions(resumed)).toEqual(missed);
    expect(resumed.map((e) => e.guildSequence)).toEqual([cursor + 1n, cursor + 2n, cursor + 3n]);

    // The same through a Session subscribe on Router a.
    const call = a.client.raw.session(a.client.metadata) as grpc.ClientDuplexStream<SessionRequest, SessionResponse>;
    const got: Event[] = [];
    call.on("data", (r: SessionResponse) => { if (r.kind?.$case === "event") got.push(r.kind.value); });
    call.on("error", () => undefined);
    call.write({ kind: { $case: "subscribe", value: { guildIds: [G], allGuilds: false, includeNodeEvents: false, excludePlayerUpdates: true, resumeFrom: [{ guildId: G, afterSequence: cursor + 1n }] } } });
    await waitFor(() => got.length >= 2, { what: "session backlog" });
    expect(versions(got)).toEqual(missed.slice(1));
    call.cancel();
  });

  it("rejects a cursor with a bad guild id, naming resume_from[0].guild_id", async () => {
    const it = b.client.watch({ guildIds: [G], resumeFrom: [{ guildId: "nope", afterSequence: 1n }] }, { reconnect: false })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining("resume_from[0].guild_id") });
  });
});
