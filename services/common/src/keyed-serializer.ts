/**
 * Runs tasks one at a time per key (a guild), in submission order, while different keys run
 * concurrently. Commands for one guild must reach Lavalink in the order the Router sent them.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Queues `task` behind earlier tasks of `key`; resolves or rejects with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** True while `key` has queued or running tasks. */
  has(key: string): boolean {
    return this.tails.has(key);
  }

  /** Number of keys with pending work. */
  get pendingKeys(): number {
    return this.tails.size;
  }
}
