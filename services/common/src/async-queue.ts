/**
 * A bounded single-consumer queue exposed as an async iterable: producers `push` without
 * awaiting, the consumer (a gRPC stream writer honouring backpressure) pulls. When the consumer
 * falls `maxSize` items behind, the queue fails with `QueueOverflowError` instead of growing
 * without bound, so one slow subscriber cannot exhaust memory.
 */
import { PyroError } from "./errors";

/** A subscriber fell too far behind and was disconnected. */
export class QueueOverflowError extends PyroError {
  readonly kind = "resource_exhausted";
  readonly code = "SUBSCRIBER_TOO_SLOW";
  constructor(readonly maxSize: number) {
    super(`subscriber fell more than ${maxSize} messages behind; reconnect to continue`);
    this.name = "QueueOverflowError";
  }
}

/** Producer side plus the async iterable consumer side. */
export interface AsyncQueue<T> extends AsyncIterable<T> {
  /** Adds an item; false if the queue is closed or just overflowed. */
  push(item: T): boolean;
  /** Ends the iteration after the buffered items (or at once with an error). */
  close(error?: Error): void;
  readonly size: number;
  readonly closed: boolean;
}

/** Creates a queue. `signal` closes it when aborted. */
export function createAsyncQueue<T>({ maxSize = 10000, signal }: { maxSize?: number; signal?: AbortSignal } = {}): AsyncQueue<T> {
  let items: T[] = [];
  let head = 0;
  let closed = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const close = (error?: Error): void => {
    if (closed) return;
    closed = true;
    failure = error;
    notify();
  };
  signal?.addEventListener("abort", () => close(), { once: true });
  if (signal?.aborted) close();

  return {
    get size() {
      return items.length - head;
    },
    get closed() {
      return closed;
    },
    push(item) {
      if (closed) return false;
      if (items.length - head >= maxSize) {
        close(new QueueOverflowError(maxSize));
        return false;
      }
      items.push(item);
      notify();
      return true;
    },
    close,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (head < items.length) {
          const item = items[head]!;
          items[head++] = undefined as T;
          if (head > 1024 && head * 2 > items.length) {
            items = items.slice(head);
            head = 0;
          }
          yield item;
          continue;
        }
        if (closed) {
          if (failure) throw failure;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
