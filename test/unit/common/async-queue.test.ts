import { createAsyncQueue, QueueOverflowError } from "../../../services/common/src/async-queue";

describe("createAsyncQueue", () => {
  it("delivers in order and ends after close", async () => {
    const q = createAsyncQueue<number>({ maxSize: 10 });
    [1, 2, 3].forEach((n) => q.push(n));
    q.close();
    const out: number[] = [];
    for await (const n of q) out.push(n);
    expect(out).toEqual([1, 2, 3]);
    expect(q.push(4)).toBe(false);
  });

  it("fails a consumer that falls maxSize behind instead of growing", async () => {
    const q = createAsyncQueue<number>({ maxSize: 100 });
    for (let i = 0; i < 100; i++) expect(q.push(i)).toBe(true);
    expect(q.push(100)).toBe(false);
    expect(q.size).toBe(100);
    const seen: number[] = [];
    await expect((async () => { for await (const n of q) seen.push(n); })()).rejects.toBeInstanceOf(QueueOverflowError);
    expect(seen).toHaveLength(100);
  });

  it("closes when its signal aborts", async () => {
    const ac = new AbortController();
    const q = createAsyncQueue<number>({ signal: ac.signal });
    const done = (async () => { for await (const _ of q) { /* drain */ } })();
    ac.abort();
    await expect(done).resolves.toBeUndefined();
  });
});
