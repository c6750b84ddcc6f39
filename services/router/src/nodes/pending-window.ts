/**
 * Recent placements per node within a sliding time window, counted in amortised constant time: a
 * node's timestamps arrive in time order, so expired ones are dropped from the front. (Copying and
 * filtering the whole list on every placement made a burst of n placements cost O(n²).)
 */

/** Timestamps per node; `count` forgets those older than the window. */
export class PendingWindow {
  private readonly byNode = new Map<string, { times: number[]; head: number }>();

  /** `windowMs`: how long a placement counts; `now`: clock in ms. */
  constructor(private readonly windowMs: number, private readonly now: () => number) {}

  /** Counts a placement on `nodeId` now. */
  add(nodeId: string): void {
    let q = this.byNode.get(nodeId);
    if (!q) this.byNode.set(nodeId, (q = { times: [], head: 0 }));
    q.times.push(this.now());
  }

  /** Takes back the most recent placement counted on `nodeId` (none: no-op). */
  removeLatest(nodeId: string): void {
    const q = this.byNode.get(nodeId);
    if (q && q.times.length > q.head) q.times.pop();
  }

  /** Placements on `nodeId` within the window. */
  count(nodeId: string): number {
    const q = this.byNode.get(nodeId);
    if (!q) return 0;
    const cutoff = this.now() - this.windowMs;
    while (q.head < q.times.length && q.times[q.head]! <= cutoff) q.head++;
    // Compact once the dropped prefix dominates, so memory follows the live count.
    if (q.head > 1024 && q.head * 2 > q.times.length) {
      q.times = q.times.slice(q.head);
      q.head = 0;
    }
    return q.times.length - q.head;
  }
}
